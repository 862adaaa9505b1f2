"""Acronym definitions in the text: ``Long Form (LF)``, ``LF [Long Form]``, ``LF | Long Form``.

A Schwartz–Hearst style matcher: the letters and digits of the acronym must
appear in order in the candidate long form, the first one at the start of its
first word; of the candidates, the shortest long form wins. Where the strict
match fails (``TOPCOP`` for ``Training and Operational Partnership Against
Organised Crime``), a capitalised name whose first word starts with the
acronym's first letter and which ends right before the parenthesis is taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..context import DocContext

#: an acronym: one to four tokens, the first with two capitals (or mixed case: iARMS, EUDiF)
_ACRONYM = re.compile(
    r"^(?=[^\s]*[A-Z][^\s]*[A-Z]|[a-z][A-Z])[A-Za-z0-9][\w+&./-]*(?:[ -][A-Za-z0-9][\w+.&-]*){0,3}$")
_WORD = re.compile(r"[^\s()\[\]]+")
_STOP = {"the", "a", "an", "of", "and", "for", "in", "on", "to", "its", "their", "his", "her"}
_CONNECTORS = {"of", "for", "and", "on", "in", "the", "to", "against", "along", "with", "-", "–", "&"}
#: a project code: letters, then two digits or more, with a slash or a hyphen between (SEN/035, HO-L1229)
_CODE = re.compile(r"^[A-Z]{2,5}[/-](?:[A-Z]{1,3}-?)?\d{2,}$")
_PHASE_SUFFIX = re.compile(r"^(?P<core>.+?)\s+(?P<phase>(?:Phase\s+)?(?:[IVX]+|\d+(?:\.\d+)?))$")
_POSSESSIVE = re.compile(r"^(?:the\s+)?[A-Z][\w-]*['’]s\s+")


@dataclass(frozen=True)
class Definition:
    """One acronym definition: the acronym, its long form and where both are."""

    acronym: str
    long_form: str
    start: int          # span of the whole definition (long form + acronym)
    end: int
    long_start: int
    long_end: int
    acr_start: int
    acr_end: int
    strict: bool        # the letters of the acronym were found in the long form


def looks_like_acronym(text: str) -> bool:
    """Whether ``text`` can be an acronym.

    >>> [looks_like_acronym(s) for s in ["BOMCA", "EU4MD II", "iARMS", "EL PAcCTO", "Italy", "2019"]]
    [True, True, True, True, False, False]
    """
    text = text.strip()
    return 1 < len(text) <= 30 and bool(_ACRONYM.match(text))


def _letters(text: str) -> str:
    return "".join(ch.lower() for ch in text if ch.isalnum())


def _subsequence(acr: str, words: list[str]) -> bool:
    """Acronym characters in order inside ``words``, the first at the start of words[0]."""
    if not acr or not words or not words[0] or words[0][0].lower() != acr[0]:
        return False
    rest = acr[1:]
    hay = _letters(words[0])[1:] + "".join(_letters(w) for w in words[1:])
    i = 0
    for ch in rest:
        i = hay.find(ch, i)
        if i < 0:
            return False
        i += 1
    # the last word of the long form must contribute: its first letter is used
    last = _letters(words[-1])
    return len(words) == 1 or not last or last[0] in acr or words[-1].lower() in _LOWER_HEADS


def match_acronym(acronym: str, long_form: str) -> bool:
    """Whether ``acronym`` abbreviates ``long_form`` (Schwartz–Hearst).

    >>> match_acronym("BOMCA", "Border Management Programme in Central Asia")
    True
    >>> match_acronym("COMPASS", "Cooperation on Migration and Partnerships to Achieve Sustainable Solutions")
    True
    >>> match_acronym("EUR", "Budget")
    False
    """
    core, long_core = _strip_phase(acronym, long_form)
    return _subsequence(_letters(core), long_core.split())


def _delimited_match(acronym: str, long_form: str) -> bool:
    """A looser test for a long form the brackets delimit (``ACR (Long Form)``): the letters in order, the
    last word need not contribute, but the long form must be a title-case name of three or more words.

    >>> _delimited_match("SCoPe", "Supporting Community Policing in the Kyrgyz Republic")
    True
    >>> _delimited_match("SCoPe", "see below")
    False
    """
    words = long_form.split()
    caps = [w for w in words if w[:1].isupper()]
    if len(words) < 3 or len(caps) < 3 or not words[0][:1].isupper():
        return False
    core, long_core = _strip_phase(acronym, long_form)
    letters, parts = _letters(core), long_core.split()
    if not letters or _letters(parts[0])[:1] != letters[0]:
        return False
    hay = _letters(parts[0])[1:] + "".join(_letters(w) for w in parts[1:])
    i = 0
    for ch in letters[1:]:
        i = hay.find(ch, i)
        if i < 0:
            return False
        i += 1
    return True


def _strip_phase(acronym: str, long_form: str) -> tuple[str, str]:
    """Drop a phase suffix present in both (``EU4MD II`` / ``EU4Monitoring Drugs II``), or written in the
    acronym only after a hyphen (``LVSFP-2`` for "the second phase of the Lake Victoria ... Programme")."""
    m = _PHASE_SUFFIX.match(acronym)
    if m:
        phase = m.group("phase").split()[-1]
        lm = re.match(rf"^(?P<core>.+?)\s*(?:[-–]\s*)?(?:Phase\s+)?{re.escape(phase)}$", long_form)
        if lm:
            return m.group("core"), lm.group("core")
    m = _DASH_PHASE.match(acronym)
    if m and not re.search(r"\b(?:[IVX]+|\d+)$", long_form):
        return m.group("core"), long_form
    return acronym, long_form


#: an acronym in capitals with a phase number after a hyphen: ``SIMP-2``, ``LVSFP-II``
_DASH_PHASE = re.compile(r"^(?P<core>[A-Z]{3,})-(?P<phase>[IVX]+|\d)$")


_CUTS = (";", ":", "(", ")", "[", "]", "|", "•", "“", '"')


def _words_before(text: str, end: int, limit: int) -> list[tuple[int, int]]:
    """Word spans before ``end`` on the same line, nearest last, stopping at clause breaks.

    Read backwards in windows that double in size: a window that holds a clause break, the
    line's start or more than ``limit`` words gives what the whole line would give, so the
    cost is the distance to the nearest break (not to the line's start) for each call.
    """
    size = 256
    while True:
        lo = max(0, end - size)
        newline = text.rfind("\n", lo, end)
        start = newline + 1 if newline >= 0 else lo
        segment = text[start:end]
        cut = max(segment.rfind(c) for c in _CUTS)
        for m in re.finditer(r"[.!?]\s", segment):
            cut = max(cut, m.start())
        base = start + cut + 1
        spans = [m.span() for m in _WORD.finditer(text, base, end)]
        if cut >= 0 or newline >= 0 or lo == 0 or len(spans) > limit:
            return spans[-limit:]
        size *= 2


def _clean_word_end(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in ",;:":
        e -= 1
    return e


def long_form_before(text: str, end: int, acronym: str,
                     org_heads: frozenset[str] = frozenset()) -> tuple[int, int, bool] | None:
    """Span of the long form ending before ``end`` for ``acronym`` and whether it is strict.

    The shortest strict match is extended to the left over the capitalised
    words of the same name (``INTERPOL Capacity Building Programme ...``). With
    ``org_heads``, a body's name in English before an acronym of its name in
    another language is its long form too (``Federal Ministry for Economic
    Cooperation and Development (BMZ)``): a name of three words or more, one of
    them an organisation's head word, before an acronym in capitals.
    """
    core = _PHASE_SUFFIX.match(acronym)
    n = len(_letters(acronym))
    spans = _words_before(text, end, 30)
    if not spans:
        return None
    words = [text[s:e] for s, e in spans]
    last_end = _clean_word_end(text, *spans[-1])
    window = min(n + 5, 2 * n) + 2
    for i in range(len(words) - 1, max(-1, len(words) - 1 - window), -1):
        if words[i].lower() in _STOP:
            continue
        # a name opens with a capital: "is financed by the EU under the Instrument ... (IPA III)" is no long form
        if words[i][:1].islower() and any(w[:1].isupper() for w in words[i + 1:]):
            continue
        candidate = " ".join(w.rstrip(",") for w in words[i:])
        if match_acronym(acronym, candidate):
            i = _extend_left(words, i, allow_and=True)
            start = _skip_possessive(text, spans[i][0], last_end)
            # "The Board of the Green Climate Fund (GCF)": the board is no part of the body's name
            board = BOARD_PREFIX.match(text, start, spans[-1][0])
            if board:
                start = board.end()
            # "Support to the ECOWAS Peace ... (EPSAO)": an action noun and its preposition title the name
            opener = _ACTION_BEFORE.search(text, max(0, start - 40), start)
            return (opener.start() if opener else start), last_end, True
    camel = _camel_long_form(text, spans, words, core.group("core") if core else acronym)
    if camel:
        return camel
    # a project code in brackets ("Youth Skills for the Digital Economy (SEN/035)"): the title-case name
    # before it, of two words or more, whatever its initials
    if _CODE.match(acronym):
        last = len(words) - 1
        i = _extend_left(words, last, allow_and=True)
        while i < last and words[i].lower() in _STOP:
            i += 1
        if last - i >= 1 and words[i][:1].isupper() and words[last][:1].isupper():
            return _skip_possessive(text, spans[i][0], last_end), last_end, False
    # loose: a capitalised name starting with the acronym's first letter
    first = _letters(core.group("core") if core else acronym)[:1]
    last = len(words) - 1
    if words[last].lower() in _LOWER_HEADS:
        last -= 1
    if last < 1 or not words[last][:1].isupper():
        return None
    i = _extend_left(words[:last + 1], last, allow_and=True)
    if last - i >= 1 and words[i][:1].lower() == first:
        return _skip_possessive(text, spans[i][0], last_end), last_end, False
    name = [w.rstrip(",") for w in words[i:last + 1]]
    while name and name[0].lower() in _STOP:
        name, i = name[1:], i + 1
    if org_heads and acronym.isupper() and 2 <= len(acronym) <= 6 and len(name) >= 3 and name[0][:1].isupper() \
            and any(w in org_heads for w in name):
        return _skip_possessive(text, spans[i][0], last_end), last_end, False
    return None


#: a board before the body it governs: ``Board of the``, ``Executive Board of``, ``Board of Directors of the``
BOARD_PREFIX = re.compile(r"(?:Executive\s+)?Boards?\s+of\s+(?:(?:Executive\s+)?(?:Directors|Governors)\s+of\s+)?"
                          r"(?:the\s+)?(?=[A-Z])")
_CAMEL = re.compile(r"^[A-Z][a-z]{2,}(?:[A-Z][a-z]+)+\d*$")


def _camel_long_form(text: str, spans: list, words: list[str], acronym: str) -> tuple[int, int, bool] | None:
    """A word-like mixed-case acronym (``CyberMed``) names its long form by a syllable, not by initials: the
    capitalised name of three or more words before the bracket, one word of which starts with the first syllable.
    """
    if not _CAMEL.match(acronym) or not words or not words[-1][:1].isupper():
        return None
    first = re.match(r"[A-Z][a-z]+", acronym).group(0).lower()
    last = len(words) - 1
    i = _extend_left(words, last, allow_and=True)
    name = words[i:]
    caps = [w for w in name if w[:1].isupper()]
    if len(name) < 3 or len(caps) < 3 or not any(w.lower().startswith(first) for w in name):
        return None
    return _skip_possessive(text, spans[i][0], _clean_word_end(text, *spans[-1])), _clean_word_end(text, *spans[-1]), False


#: lowercase head nouns that may end a long form (``... Responses project (CT INFLOW)``)
_LOWER_HEADS = {"project", "programme", "program", "initiative", "facility"}


def _skip_possessive(text: str, start: int, end: int) -> int:
    m = _POSSESSIVE.match(text[start:end])
    return start + m.end() if m and m.end() < end - start else start


#: "Dakar-based", "EU-funded", "community-led": a compound that describes, not a name's word (the programmes
#: extractor reads it too)
DESCRIPTIVE_COMPOUND = re.compile(r"[\w.]+-(?:based|funded|financed|led|backed|supported|wide|owned|run)")


def _extend_left(words: list[str], i: int, allow_and: bool) -> int:
    """Leftmost index of the capitalised name that ends with words[i:]."""
    j = i
    while j > 0:
        w = words[j - 1]
        if w.endswith(",") or w in ("-", "–") or not (w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS):
            break
        if DESCRIPTIVE_COMPOUND.fullmatch(w):
            break   # "Saudi-based Islamic Development Bank (IsDB)": a descriptor, not a word of the name
        if w.lower() == "and" and (not allow_and or words[j].lower() == "the"):
            break
        j -= 1
    while j < i and (words[j].lower() in _CONNECTORS or not words[j][:1].isupper()):
        j += 1
    return j


#: an action noun and its preposition, as project titles open (``Support to``, ``Action against``); the
#: programmes extractor reads titles that open with it too
ACTION_OPENER = r"(?:Support|Assistance|Action|Aid)[ \t]+(?:to|for|against)"
_ACTION_BEFORE = re.compile(rf"(?<![\w-]){ACTION_OPENER}[ \t]+(?:the[ \t]+)?$")
_QUOTED_BEFORE = re.compile(r"[\"“](?P<long>[A-Z][^\"”\n]{3,150})[\"”]\s*$")
_TITLE_WORD = r"(?:[A-Z][\w'’-]*|a|an|the|of|for|and|to|in|on|with|against)"
_TITLED_BEFORE = re.compile(rf"(?<![\w'’-])(?!(?:The|A|An)\b)(?P<long>[A-Z][\w'’-]*(?:[ \t]+{_TITLE_WORD}){{0,10}}:[ \t]+[A-Z][\w'’-]*(?:[ \t]+{_TITLE_WORD}){{1,20}})[ \t]*$")


def _quoted_or_titled_before(text: str, end: int, acronym: str) -> tuple[int, int, bool] | None:
    """The long form of ``acronym`` when the words before its bracket are a quoted title
    (``"Support to the Clearance of ..." (SCUSAL II)``) or a title with a colon
    (``Towards a Resilient Tonga: Outer Islands Water Security Programme (TROWS)``), which
    :func:`long_form_before` stops at: the whole title, when the acronym spells it."""
    core = _PHASE_SUFFIX.match(acronym)
    letters = core.group("core") if core else acronym
    window = text[max(0, end - 220):end]
    for pattern in (_QUOTED_BEFORE, _TITLED_BEFORE):
        m = pattern.search(window)
        # the leftmost title may take words before the name ("Funding Under the Towards ..."): try each later start
        for _ in range(40):
            if m is None:
                break
            long_form = m.group("long").rstrip()
            plain = long_form.replace(":", "")
            if match_acronym(letters, plain) or match_acronym(acronym, plain) or _delimited_match(letters, plain):
                start = end - len(window) + m.start("long")
                return start, start + len(long_form), True
            m = pattern.search(window, m.start("long") + 1)
    return None


#: lower-case words a name in apposition may hold ("Cooperation Programme between Latin America, the Caribbean and ...")
_APPOSED_JOINERS = _CONNECTORS | {"between", "at", "by", "de", "du", "des", "la", "le"}
_APPOSED_LONG_FORM = re.compile(
    r"(?<![\w-])(?P<acr>[A-Z][A-Za-z0-9+&-]{1,15}(?:[ \t]+(?:[IVX]+|\d+))?),[ \t]+the[ \t]+(?P<long>[A-Z][^;:()\n]{5,150}?)"
    r"(?=,[ \t]+(?:which|that|who|is|was|a|an|funded|financed|implemented|launched|run|led)\b|[.;][ \t\n]|\.$)")
_NAMED_AS = re.compile(r",[ \t]+(?:(?:which|that)[ \t]+(?:we|is|are)[ \t]+(?:also[ \t]+)?(?:call(?:ed)?|known[ \t]+as)"
                       r"|(?:also[ \t]+|commonly[ \t]+|popularly[ \t]+|widely[ \t]+)?(?:known[ \t]+(?:locally[ \t]+)?as|called))[ \t]+"
                       r"(?P<acr>[A-Z][A-Za-z0-9+&-]{1,15})\b")


def find_definitions(text: str, org_heads: frozenset[str] = frozenset()) -> list[Definition]:
    """Every acronym definition in ``text``, in order.

    >>> [(d.acronym, d.long_form) for d in find_definitions("the EU's Border Management in Central Asia programme (BOMCA) and")]
    [('BOMCA', 'Border Management in Central Asia programme')]
    >>> [(d.acronym, d.long_form) for d in find_definitions("a BOMCA [EU’s Border Management Programme in Central Asia] project")]
    [('BOMCA', 'Border Management Programme in Central Asia')]
    """
    found: list[Definition] = []
    for m in re.finditer(r"\(([^()\n]{2,120})\)", text):
        inner = m.group(1).strip()
        a_start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        if looks_like_acronym(inner):
            acr = inner[:-1] if re.search(r"[A-Z]{2}s$", inner) else inner
            hit = long_form_before(text, m.start(), acr, org_heads)
            if not hit or not hit[2]:   # a loose match gives way to a quoted or titled long form
                hit = _quoted_or_titled_before(text, m.start(), acr) or hit
            if hit:
                ls, le, strict = hit
                found.append(Definition(acr, text[ls:le], ls, m.end(), ls, le, a_start, a_start + len(acr), strict))
                continue
        # reversed: ACR (Long Form)
        before = re.search(r"([A-Za-z][\w+&/-]*(?: [A-Z][\w+&/-]*)?)\s*$", text[max(0, m.start() - 30):m.start()])
        cand = before.group(1) if before else ""
        if cand and not looks_like_acronym(cand) and " " in cand:
            cand = cand.split()[-1]   # "launching SCoPe (...)": the word before is not part of the acronym
        if cand and looks_like_acronym(cand) and len(inner.split()) >= 2:
            long_form = _POSSESSIVE.sub("", inner)
            acr = cand.split()[-1] if not match_acronym(cand, long_form) else cand
            if match_acronym(acr, long_form) or _delimited_match(acr, long_form):
                a_end = m.start()
                while a_end > 0 and text[a_end - 1].isspace():   # the acronym ends before the spaces
                    a_end -= 1
                a_start = a_end - len(acr)
                ls = m.end(1) - len(long_form) - (len(m.group(1)) - len(m.group(1).rstrip()))
                found.append(Definition(acr, long_form, a_start, m.end(), ls, ls + len(long_form), a_start, a_end, True))
    for m in re.finditer(r"(?<![\w-])([A-Za-z][\w+&/.-]*(?: [A-Z][\w+&/.-]*){0,2})\s*\[([^\[\]\n]{4,120})\]", text):
        acr, inner = m.group(1), m.group(2)
        long_form = _POSSESSIVE.sub("", inner.strip())
        while not looks_like_acronym(acr) and " " in acr:
            acr = acr.split(" ", 1)[1]
        if looks_like_acronym(acr) and (match_acronym(acr, long_form) or _delimited_match(acr, long_form)):
            a_start = m.end(1) - len(acr)
            ls = m.end(2) - len(long_form) - (len(inner) - len(inner.rstrip()))
            found.append(Definition(acr, long_form, a_start, m.end(), ls, ls + len(long_form), a_start, m.end(1), True))
    # "ACR, the Long Form, which ...": the acronym first, its long form in apposition
    for m in _APPOSED_LONG_FORM.finditer(text):
        acr, long_form = m.group("acr"), m.group("long").rstrip()
        core = _PHASE_SUFFIX.match(acr)
        letters = core.group("core") if core else acr
        titled = all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _APPOSED_JOINERS
                     for w in long_form.replace(",", " ").split())
        if titled and looks_like_acronym(acr) and (match_acronym(letters, long_form)
                                                  or _delimited_match(letters, long_form)):
            found.append(Definition(acr, long_form, m.start("acr"), m.start("long") + len(long_form), m.start("long"),
                                    m.start("long") + len(long_form), m.start("acr"), m.end("acr"), True))
    # "Long Form, which we call ACR" / "Long Form, known as ACR": the acronym named by a verb of naming
    for m in _NAMED_AS.finditer(text):
        acr = m.group("acr")
        hit = long_form_before(text, m.start(), acr) if looks_like_acronym(acr) else None
        if hit and hit[2]:
            ls, le, _ = hit
            found.append(Definition(acr, text[ls:le], ls, m.end(), ls, le, m.start("acr"), m.end("acr"), True))
    for m in re.finditer(r"(?m)^\s*([A-Z][\w+&-]+)\s+[|–-]\s+([A-Z][^\n|]{4,120}?)\s*$", text):
        acr, long_form = m.group(1), m.group(2).strip()
        if looks_like_acronym(acr) and match_acronym(acr, long_form):
            found.append(Definition(acr, long_form, m.start(1), m.end(2), m.start(2), m.start(2) + len(long_form),
                                    m.start(1), m.end(1), True))
    found.sort(key=lambda d: d.start)
    return found


def definitions_map(definitions: list[Definition]) -> dict[str, str]:
    """Acronym -> long form, the first definition of each acronym winning."""
    out: dict[str, str] = {}
    for d in definitions:
        out.setdefault(d.acronym, d.long_form)
    return out


def extract(ctx: DocContext) -> list[Definition]:
    """Every acronym definition found in the document (``definitions_map`` makes the acronym -> long form map)."""
    return find_definitions(ctx.text, frozenset(ctx.rules.lexicon("organisation_heads")))
