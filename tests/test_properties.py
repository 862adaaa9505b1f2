"""Random texts through the whole pipeline: no exception, and every row's provenance is exact.

The texts are built from the project's own lexicons (programme heads, fact-box labels, role nouns,
months, currencies, magnitudes, number words, ...) mixed with figures, punctuation, unicode spaces,
line ends of every kind and random unicode, so that every extractor's rules fire on odd input. For
every record of every table the invariants of ``tests/test_tables.py`` must hold: the offsets give
back the row's text, the row lies inside its sentence, sentences are dense, ordered and disjoint, and
every table converts to its declared Arrow schema.

The examples are derandomized (the same texts on every run, no example database), so a failure here
is reproducible; the minimal failing text of each crash found belongs as a plain regression case in
the test file of its extractor.
"""

from __future__ import annotations

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.records import TABLES, as_row
from pipeline.rules import load_rules
from pipeline.schema import schema

RULES = load_rules()
EXTRACTION_TABLES = [t for t in TABLES if t not in ("documents", "sentences")]


def _lex(*names: str) -> list[str]:
    return sorted({w for n in names for w in RULES.lexicon(n)})


def _map(name: str) -> list[str]:
    return sorted(k for k in RULES.mapping(name) if not k.startswith("_"))


LABELS = _lex("programme_box_labels")
HEADS = _lex("programme_heads")
ROLES = _lex("role_nouns")
MONTHS = _lex("months", "months_abbr")
CODES = _lex("currency_codes")
CURRENCY_WORDS = _lex("currency_words")
SYMBOLS = _lex("currency_symbols")
MAGNITUDES = _lex("magnitude_words")
NUMBER_WORDS = _lex("number_words")
UNITS = _lex("duration_units")
HONORIFICS = _lex("honorifics")
ORG_HEADS = _lex("organisation_heads", "org_heads")
WORDS = _lex("programme_heads", "role_nouns", "months", "months_abbr", "weekdays", "currency_codes",
             "currency_words", "magnitude_words", "number_words", "duration_units", "duration_qualifiers",
             "amount_qualifiers", "relative_dates", "date_modifiers", "honorifics", "funding_bodies",
             "organisation_heads", "credit_markers", "amount_label_nouns")
ORDINALS = _map("ordinals")
ROMANS = _map("roman_numerals")
GLUE = ["the", "of", "and", "by", "for", "to", "from", "in", "a", "its", "is", "was", "funded", "implemented",
        "financed", "worth", "phase", "project", "programme", "said", "until", "between", "since", "-year", "-month"]

SPACES = [" ", " ", " ", " ", "\u00a0", "\u2009", "\u202f", "\u2002", "\u3000", "\t", "\n", "\r\n", "\r",
          "\n\n", "\r\n\r\n", ""]
PUNCT = ["(", ")", ":", "–", "-", ",", ".", "'", '"', "“", "”", "€", "$", "£", ";", "—", "’", "/", "%", "+", "[", "]"]

space = st.sampled_from(SPACES)
#: between the words of a phrase: mostly one plain space, sometimes another space, a line end or nothing
gap = st.sampled_from([" "] * 12 + ["  ", "\u00a0", "\u202f", "\u2009", "\t", "\n", "\r\n", ""])
capitalised = st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True)
acronym = st.from_regex(r"[A-Z][A-Z0-9]{1,5}", fullmatch=True)
bracketed = acronym.map(lambda a: f"({a})")
#: invented personal names, so that the model's person recogniser has something to find
given_name = st.sampled_from(["Anna", "Jonas", "Maria", "Pedro", "Amina", "Kofi", "Elena", "Tomas", "Leila", "Ivan"])
family_name = st.sampled_from(["Berger", "Okafor", "Silva", "Novak", "Haddad", "Lindqvist", "Mensah", "Petrov",
                               "Moreau", "Osei"])
figure = st.one_of(
    st.from_regex(r"[0-9]{1,4}(?:[., \u00a0\u202f][0-9]{1,3}){0,3}", fullmatch=True),
    st.integers(1900, 2100).map(str),
    st.integers(1, 31).map(str),
    st.from_regex(r"[0-9]{5,40}", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}[.,][0-9]{4,9}", fullmatch=True),
)
number = st.one_of(figure, st.sampled_from(NUMBER_WORDS))
year = st.one_of(st.integers(1990, 2035).map(str), st.integers(0, 99999).map(str))
day = st.one_of(st.integers(1, 31).map(str), st.integers(0, 99).map(str))
month = st.sampled_from(MONTHS)


def _join(parts, gaps) -> str:
    out = ""
    for part, g in zip(parts, gaps):
        out = (out.rstrip(" ") if part.startswith(",") else out) + part + g   # a comma follows its word
    return out


def _phrase(*parts):
    """Parts joined by a random gap each (a part may be a strategy or a fixed string)."""
    parts = [p if isinstance(p, st.SearchStrategy) else st.just(p) for p in parts]
    return st.tuples(st.tuples(*parts), st.lists(gap, min_size=len(parts), max_size=len(parts))).map(
        lambda t: _join(*t))


def _opt(strategy):
    return st.one_of(st.just(""), strategy)


def _words(*lexicons):
    return st.sampled_from(_lex(*lexicons))


#: a fact-box line: label, colon, maybe nothing (or only a space) after it
fact_box = st.builds(
    lambda before, label, tail, value, after: f"{before}{label}{tail}{value}{after}",
    st.sampled_from(["", "\n", "\r\n", "\n ", "\t"]),
    st.sampled_from(LABELS),
    st.sampled_from([":", ": ", ":\u00a0", " :", ":\t", ": \u00a0", ":  ", ":\u2009"]),
    _opt(st.one_of(
        _phrase(capitalised, capitalised),
        _phrase(capitalised, st.sampled_from(HEADS), bracketed),
        _phrase(acronym, "–", "Phase", st.sampled_from(ROMANS)),
        bracketed,
        st.sampled_from(['""', "“”", ",", "the", "the ", "(", ")", "–", "Phase II"]),
    )),
    st.sampled_from(["", "\n", "\r\n", " ", "\u00a0"]),
)
#: other fact-box lines: roles and figures of the box
box_line = st.one_of(
    _phrase(st.sampled_from(["\nLead:", "\nImplementing partner:", "\nFunding:", "\nDonor(s):",
                             "\nFunding instrument:", "\nPartners:"]),
            _opt(st.one_of(acronym, _phrase(capitalised, st.sampled_from(ORG_HEADS)),
                           _phrase(acronym, ",", acronym, "and", acronym)))),
    _phrase(st.sampled_from(["\nBudget:", "\nTotal budget:", "\nEU contribution:", "\nDuration:", "\nTotal Cost (EUR):"]),
            _opt(st.one_of(figure, _phrase(st.sampled_from(CODES), figure), _phrase(number, st.sampled_from(UNITS)),
                           _phrase(month, year, "-", month, year)))),
)

money = st.one_of(
    _phrase(_opt(_words("amount_qualifiers")), st.sampled_from(CODES), figure, _opt(st.sampled_from(MAGNITUDES))),
    st.tuples(st.sampled_from(SYMBOLS), figure, _opt(st.sampled_from(MAGNITUDES))).map("".join),
    _phrase(number, _opt(st.sampled_from(MAGNITUDES)), st.sampled_from(CURRENCY_WORDS)),
    _phrase(figure, st.sampled_from(CODES)),
    _phrase(st.sampled_from(["a budget of", "worth", "funded with", "the total cost is"]),
            st.sampled_from(CODES + SYMBOLS), figure, _opt(st.sampled_from(MAGNITUDES))),
)
duration = st.one_of(
    _phrase(st.sampled_from(["a", "the", "for", "over"]), _opt(_words("duration_qualifiers")),
            st.tuples(number, st.sampled_from(["-", " ", "\u00a0", "–"]), st.sampled_from(UNITS)).map("".join),
            _opt(st.sampled_from(["project", "programme", "phase"]))),
    _phrase("from", month, year, st.sampled_from(["to", "until", "–", "-"]), month, year),
    _phrase("from", year, st.sampled_from(["to", "until"]), year),
    st.tuples(st.sampled_from(["(", ""]), year, st.sampled_from(["-", "–", "/"]), year,
              st.sampled_from([")", ""])).map("".join),
    _phrase("between", figure, "and", figure),
    _phrase("ends", st.sampled_from(["in", "on", "by"]), _opt(day), month, year),
)
date = st.one_of(
    _phrase(_opt(st.sampled_from(["on", "in", "since", "until", "by"])), day, month, year),
    _phrase(_opt(_words("weekdays")), month, day, ",", year),
    _phrase(_opt(_words("date_modifiers")), month, year),
    _phrase(_opt(_words("date_modifiers")), _words("relative_dates")),
    st.tuples(year, st.sampled_from(["-", "/"]), st.integers(0, 13).map("{:02d}".format), st.sampled_from(["-", "/"]),
              day).map("".join),
)
official = st.one_of(
    _phrase(_opt(st.sampled_from(HONORIFICS)), given_name, family_name, ",", st.sampled_from(ROLES),
            _opt(_phrase(st.sampled_from(["of the", "at the", "of"]), st.one_of(acronym, _phrase(capitalised,
                 st.sampled_from(ORG_HEADS))))), ",", st.sampled_from(["said", "spoke", "opened the meeting"])),
    _phrase(_opt(acronym), st.sampled_from(ROLES), _opt(st.sampled_from(HONORIFICS)), given_name, family_name,
            "said"),
    _phrase("said", given_name, family_name, ",", st.sampled_from(ROLES), "of", acronym),
)
programme = st.one_of(
    _phrase(_opt(_words("funding_bodies")), "the", capitalised, capitalised, st.sampled_from(HEADS), bracketed),
    _phrase(acronym, st.sampled_from(ROMANS)),
    _phrase(st.sampled_from(["Phase", "phase"]), st.sampled_from(ROMANS), "of the", capitalised,
            st.sampled_from(HEADS)),
    _phrase("the", st.sampled_from(ORDINALS), "phase of", acronym),
    _phrase(capitalised, capitalised, "–", "Phase", st.sampled_from(ROMANS)),
    _phrase(acronym, ",", "the", st.sampled_from(["EU-funded", "new", "second"]),
            st.sampled_from(["project", "programme", "initiative"])),
    _phrase(st.sampled_from(["Project", "the project", "the programme"]), capitalised),
    _phrase(acronym, st.sampled_from(["is funded by", "is implemented by", "financed by"]),
            st.one_of(_words("funding_bodies"), acronym), _opt(_phrase("and", acronym))),
    _phrase("the", capitalised, capitalised, st.sampled_from(["project", "programme", "initiative"])),
)
structured = st.one_of(fact_box, box_line, money, duration, date, official, programme)

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(GLUE),
    st.sampled_from(PUNCT),
    capitalised,
    acronym,
    bracketed,
    figure,
    st.text(max_size=6),
)

#: a dateline opening a release: ``BRUSSELS, 3 March 2021 –``
dateline = _phrase(st.one_of(capitalised.map(str.upper), capitalised, acronym), ",", date,
                   st.sampled_from(["–", "-", "—", ":", "("]))

#: a short text: maybe a dateline, then structured phrases and loose pieces (lexicon words, punctuation, figures,
#: random unicode) separated by random spaces and line ends, at most a few hundred characters
texts = st.tuples(_opt(dateline), st.lists(st.tuples(st.one_of(structured, structured, piece), space),
                                           max_size=20)).map(lambda t: (t[0] + "".join(p + s for p, s in t[1]))[:400])

#: random unicode with many spaces and line ends: the extractors must survive text that is not a release
noise = st.lists(st.one_of(st.characters(), st.sampled_from(SPACES + PUNCT)), max_size=200).map("".join)

#: fact boxes: programme lines (label with or without a name), role and figure lines, loose lines
boxes = st.lists(st.one_of(fact_box, box_line, st.just("\n"), _phrase(capitalised, ":", capitalised)),
                 max_size=8).map("".join)

SETTINGS = dict(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])


def check(pipeline, text: str) -> None:
    result = pipeline.extract(text, doc_id="t")
    n = len(text)
    assert result.document.n_chars == n
    sents = result.sentences
    assert [s.sentence_id for s in sents] == list(range(len(sents)))
    for s in sents:
        assert 0 <= s.start < s.end <= n, s
        assert text[s.start:s.end] == s.text, s
    for a, b in zip(sents, sents[1:]):
        assert a.end <= b.start, (a, b)
    for table in EXTRACTION_TABLES:
        for r in result.rows(table):
            assert r.doc_id == "t", r
            assert r.rule_id, r
            assert 0 <= r.start < r.end <= n, r
            assert text[r.start:r.end] == r.text, r
            assert 0 <= r.sentence_id < len(sents), r
            sent = sents[r.sentence_id]
            assert sent.start <= r.start < r.end <= sent.end, (r, sent)
    for table in TABLES:
        pa.Table.from_pylist([as_row(r) for r in result.rows(table)], schema=schema(table))


@settings(max_examples=1500, **SETTINGS)
@given(text=texts)
def test_lexicon_texts(pipeline, text):
    check(pipeline, text)


@settings(max_examples=400, **SETTINGS)
@given(text=boxes)
def test_fact_box_texts(pipeline, text):
    check(pipeline, text)


@settings(max_examples=1000, **SETTINGS)
@given(text=noise)
def test_random_unicode(pipeline, text):
    check(pipeline, text)
