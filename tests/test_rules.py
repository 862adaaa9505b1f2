"""The rule files and the matcher: line triggers must never change what a rule finds."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from pipeline.ingest import decode
from pipeline.matcher import rule_hits
from pipeline.rules import RulesError, load_rules

from conftest import GOLD_SETS, ROOT

RULES = load_rules()
TRIGGERED = [rule for rules in RULES.patterns.values() for rule in rules if rule.trigger is not None]


def _texts() -> list[tuple[str, str]]:
    """Every gold-set release, every invented sentence of the corpus (``models/corpus``), plus
    synthetic releases of the benchmark corpus."""
    texts = [(f"{name}/{p.name}", decode(p.read_bytes())[0])
             for name, (docs, _) in GOLD_SETS.items() for p in sorted(docs.glob("*.txt"))]
    for path in sorted((ROOT / "models" / "corpus").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                texts.append((f"{path.name}:{n}", json.loads(line)["text"]))
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    import random
    for i in range(40):
        release = corpus.Release(random.Random(f"rules-test:{i}"))
        texts.append((f"synthetic/{i}", release.text(corpus._target_words(random.Random(i)))))
    return texts


TEXTS = _texts()


def test_most_rules_have_a_line_trigger():
    assert len(TRIGGERED) >= 60, [r.id for rs in RULES.patterns.values() for r in rs if r.trigger is None]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("rule", TRIGGERED, ids=lambda r: r.id)
def test_a_line_trigger_finds_what_the_whole_text_run_finds(rule, newline):
    """A trigger is a pre-filter only: running the rule over the lines its trigger accepts
    finds exactly the matches of running it over the whole text."""
    for name, text in TEXTS:
        text = text.replace("\n", newline)
        expected = [(m.span(), m.groupdict()) for m in rule.regex.finditer(text) if m.end() > m.start()]
        got = [(m.span(), m.groupdict()) for m in rule_hits(text, [rule])[rule.id]]
        assert got == expected, name


def test_the_trigger_texts_exercise_most_triggered_rules():
    """The equivalence test above shows something only for rules that match in its texts."""
    silent = [rule.id for rule in TRIGGERED
              if not any(rule.regex.search(text) for _, text in TEXTS)]
    assert len(silent) <= len(TRIGGERED) // 10, silent


def test_a_bad_trigger_names_its_file_and_rule(tmp_path):
    shutil.copytree(ROOT / "models", tmp_path / "models")
    (tmp_path / "models" / "patterns" / "amounts.jsonl").write_text(
        '{"id": "x", "pattern": "\\\\d+", "line_trigger": "("}\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r"amounts\.jsonl:1: trigger of 'x' does not compile"):
        load_rules(tmp_path / "models")


def test_extractors_reuse_the_matchers_hits(pipeline):
    """The rule_matcher runs each rule once; a context reads its hits instead of running the
    rule again, and a context built without them computes the same."""
    from pipeline.context import DocContext
    from pipeline.nlp import to_context

    text = "The Border Management Programme (BOMCA), funded by the European Union, started in 2003."
    doc = pipeline.nlp(text)
    ctx = to_context(doc, "d", pipeline.rules)
    rule = next(r for r in pipeline.rules.kind("programme_roles") if r.id == "role.funded_by")
    assert ctx.rule_hits(rule) is doc.user_data["rule_hits"][rule.id]
    assert [m.group("orgs") for m in ctx.rule_hits(rule)] == ["European Union"]
    bare = DocContext(doc_id="d", text=text, doc=None, rules=pipeline.rules, sentences=[], entities=[])
    assert [m.span() for m in bare.rule_hits(rule)] == [m.span() for m in ctx.rule_hits(rule)]
