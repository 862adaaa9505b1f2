"""The models folder is checked at start, against one declaration of what the code needs,
and every part of the code reads the rules of the folder it was given."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import rules as rules_module
from pipeline.extractors.programmes import phase_number
from pipeline.rules import CLDR_LEXICONS, CLDR_MAPPINGS, KINDS, LEXICONS, MAPPINGS, RulesError, load_rules

from conftest import ROOT, SEEDS

PACKAGE = ROOT / "pipeline"
MODELS = ROOT / "models"


# --- the declaration is complete ------------------------------------------------------------

#: ``.lexicon("x")``, ``.lexicons.get("x")``, ``.mapping("x")``, ``.kind("x")``, ... with the kind of name each reads
_ACCESSORS = [
    (re.compile(r"""\.(?:lexicon|alternation)\(\s*["']([a-z_][a-z0-9_]*)["']"""), "lexicon"),
    (re.compile(r"""\.lexicons(?:\.get\(|\[)\s*["']([a-z_][a-z0-9_]*)["']"""), "lexicon"),
    (re.compile(r"""["']([a-z_][a-z0-9_]*)["']\s+(?:not\s+)?in\s+[\w.]*\.lexicons\b"""), "lexicon"),
    (re.compile(r"""\.mapping\(\s*["']([a-z_][a-z0-9_]*)["']"""), "mapping"),
    (re.compile(r"""\.mappings(?:\.get\(|\[)\s*["']([a-z_][a-z0-9_]*)["']"""), "mapping"),
    (re.compile(r"""["']([a-z_][a-z0-9_]*)["']\s+(?:not\s+)?in\s+[\w.]*\.mappings\b"""), "mapping"),
    (re.compile(r"""\.(?:kind|rule_matches)\(\s*["']([a-z_][a-z0-9_]*)["']"""), "kind"),
]
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_DECLARED = {"lexicon": set(LEXICONS) | set(CLDR_LEXICONS), "mapping": set(MAPPINGS) | set(CLDR_MAPPINGS),
             "kind": set(KINDS)}


def _sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def _accessor_uses() -> dict[tuple[str, str], set[str]]:
    """``(kind of name, name) -> files`` for every rule read through an accessor in the package."""
    uses: dict[tuple[str, str], set[str]] = {}
    for path, text in _sources().items():
        for regex, what in _ACCESSORS:
            for name in regex.findall(text):
                uses.setdefault((what, name), set()).add(path)
    return uses


def _fragments() -> dict[str, str]:
    """The shipped regex fragments (``patterns/fragments.json``), comments left out."""
    data = json.loads((MODELS / "patterns" / "fragments.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _placeholder_uses(fragments: bool = False) -> dict[str, set[str]]:
    """``name -> pattern files`` for every ``{name}`` of the shipped patterns (rules and triggers) naming a
    lexicon, with those inside the fragments they use; with ``fragments``, those naming a fragment."""
    frags = _fragments()
    uses: dict[str, set[str]] = {}
    for path in sorted((MODELS / "patterns").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            spec = json.loads(line)
            for key in ("pattern", "line_trigger"):
                names = _PLACEHOLDER.findall(spec.get(key, ""))
                while names:   # a fragment's own placeholders (lexicons, fragments above it) are used too
                    name = names.pop()
                    if fragments == (name in frags):
                        uses.setdefault(name, set()).add(path.name)
                    if name in frags:
                        names += _PLACEHOLDER.findall(frags[name])
    return uses


def test_every_fragment_is_used_by_a_pattern():
    unused = set(_fragments()) - set(_placeholder_uses(fragments=True))
    assert not unused, f"patterns/fragments.json: no pattern names {sorted(unused)}"


def _shipped_names() -> dict[str, set[str]]:
    lex = MODELS / "lexicons"
    return {"lexicon": {p.stem for p in lex.glob("*.txt")}, "mapping": {p.stem for p in lex.glob("*.json")},
            "kind": {p.stem for p in (MODELS / "patterns").glob("*.jsonl")}}


def _literal_uses() -> dict[str, set[str]]:
    """``name -> files`` for every string literal in the package that names a shipped rule file:
    this finds names read indirectly (``lex.get("programme_heads", [])``, ``get("honorifics")``)."""
    shipped = set().union(*_shipped_names().values())
    uses: dict[str, set[str]] = {}
    for path, text in _sources().items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in shipped:
                uses.setdefault(node.value, set()).add(path)
    return uses


def test_the_scan_sees_direct_and_indirect_reads():
    """The scans below prove something only if they find the reads they are meant to find."""
    uses = _accessor_uses()
    assert ("lexicon", "weekdays") in uses and ("mapping", "ordinals") in uses and ("kind", "amounts") in uses
    literal = _literal_uses()
    assert {"programme_heads", "military_ranks", "honorifics", "number_words"} <= set(literal)
    assert {"months", "currency_symbols", "programme_box_labels"} <= set(_placeholder_uses())
    assert len(uses) >= 15 and len(literal) >= 45


def test_every_rule_read_through_an_accessor_is_declared_as_that_kind():
    missing = {f"{what} {name!r} (read in {', '.join(sorted(files))})"
               for (what, name), files in _accessor_uses().items() if name not in _DECLARED[what]}
    assert not missing, "declare these in pipeline/rules.py: " + "; ".join(sorted(missing))


def test_every_placeholder_of_the_shipped_patterns_is_a_declared_lexicon():
    missing = {f"{{{name}}} (in {', '.join(sorted(files))})"
               for name, files in _placeholder_uses().items() if name not in _DECLARED["lexicon"]}
    assert not missing, "declare these lexicons in pipeline/rules.py: " + "; ".join(sorted(missing))


def test_every_rule_file_named_in_the_code_is_declared():
    declared = _DECLARED["lexicon"] | _DECLARED["mapping"] | set(KINDS)
    missing = {f"{name!r} (in {', '.join(sorted(files))})"
               for name, files in _literal_uses().items() if name not in declared}
    assert not missing, "declare these in pipeline/rules.py: " + "; ".join(sorted(missing))


def test_everything_declared_is_read_somewhere():
    """No stale declarations: each declared name is read by the code or a shipped pattern."""
    read = set(_literal_uses()) | {name for _, name in _accessor_uses()} | set(_placeholder_uses())
    stale = (_DECLARED["lexicon"] | _DECLARED["mapping"] | set(KINDS)) - read
    assert not stale, sorted(stale)


def test_the_shipped_folder_is_exactly_what_is_declared():
    shipped = _shipped_names()
    # the lexicons and mappings CLDR gives may have a file that adds to them (currency forms CLDR lacks)
    assert shipped["lexicon"] - set(CLDR_LEXICONS) == set(LEXICONS)
    assert shipped["mapping"] - set(CLDR_MAPPINGS) == set(MAPPINGS)
    assert shipped["kind"] == set(KINDS)
    assert len(LEXICONS) == len(set(LEXICONS)) and len(KINDS) == len(set(KINDS))
    load_rules(MODELS)


# --- broken folders fail at load, naming the file ------------------------------------------

def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _json(path: Path, data) -> None:
    _write(path, json.dumps(data))


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    _json(path, data)


def _append_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(path.read_bytes() + data)


def _months_as_text(m: Path) -> None:
    _json(m / "lexicons" / "months.json", {"juin": "6"})


def _txt_only_as_json(m: Path) -> None:
    (m / "lexicons" / "honorifics.txt").unlink()
    _json(m / "lexicons" / "honorifics.json", {"Dr": "Dr"})


def _json_only_as_txt(m: Path) -> None:
    (m / "lexicons" / "ordinals.json").unlink()
    _write(m / "lexicons" / "ordinals.txt", "first\nsecond\n")


#: name -> (how to break a copy of models/, the file the error names, what it says)
BROKEN = {
    "mapping_missing": (lambda m: (m / "lexicons" / "currencies.json").unlink(),
                        "lexicons/currencies.json", r"missing \(a mapping of text -> an ISO 4217 code"),
    "lexicon_missing": (lambda m: (m / "lexicons" / "honorifics.txt").unlink(),
                        "lexicons/honorifics.txt", "missing"),
    "mapping_is_a_list": (lambda m: _json(m / "lexicons" / "currencies.json", ["EUR", "USD"]),
                          "lexicons/currencies.json", "expected a JSON object .* found an array"),
    "mapping_is_a_string": (lambda m: _json(m / "lexicons" / "organisation_aliases.json", "EU"),
                            "lexicons/organisation_aliases.json", "expected a JSON object .* found a string"),
    "mapping_value_of_wrong_type": (_months_as_text, "lexicons/months.json",
                                    "'juin' must map to a month number .* found a string \"6\""),
    "mapping_value_out_of_range": (lambda m: _json(m / "lexicons" / "months.json", {"juin": 13}),
                                   "lexicons/months.json", "'juin' must map to a month number"),
    "relative_date_not_an_offset": (lambda m: _json(m / "lexicons" / "relative_dates.json", {"today": 0}),
                                    "lexicons/relative_dates.json", "'today' must map to an offset object"),
    "duration_unit_not_iso": (lambda m: _edit_json(m / "lexicons" / "duration_units.json",
                                                   lambda d: d.update(year="years")),
                              "lexicons/duration_units.json", "'year' must map to an ISO 8601 unit"),
    "parent_key_not_a_regex": (lambda m: _edit_json(m / "lexicons" / "organisation_parents.json",
                                                    lambda d: d.update({"^DG (": "European Commission"})),
                               "lexicons/organisation_parents.json", "key '\\^DG \\(' is not a regex"),
    "mapping_empty": (lambda m: _json(m / "lexicons" / "currencies.json", {"_comment": "none yet"}),
                      "lexicons/currencies.json", "mapping is empty"),
    "mapping_invalid_json": (lambda m: _write(m / "lexicons" / "magnitudes.json", '{"k": 1000,'),
                             "lexicons/magnitudes.json", "invalid JSON"),
    "lexicon_empty": (lambda m: _write(m / "lexicons" / "weekdays.txt", "# nothing\n"),
                      "lexicons/weekdays.txt", "lexicon is empty"),
    "lexicon_not_utf8": (lambda m: _append_bytes(m / "lexicons" / "countries.txt", "Curaçao\n".encode("cp1252")),
                         "lexicons/countries.txt", "not UTF-8 text"),
    "mapping_not_utf8": (lambda m: (m / "lexicons" / "demonyms.json").write_bytes(
                             '{"Ivorian": "Côte d\'Ivoire"}'.encode("cp1252")),
                         "lexicons/demonyms.json", "not UTF-8 text"),
    "lexicon_only_as_json": (_txt_only_as_json, "lexicons/honorifics.txt",
                             "missing .*honorifics.json is a mapping, this must be one entry per line"),
    "mapping_only_as_txt": (_json_only_as_txt, "lexicons/ordinals.json",
                            "missing .*ordinals.txt is a list, this must be a JSON mapping"),
    "no_patterns_folder": (lambda m: shutil.rmtree(m / "patterns"), "patterns", "missing"),
    "no_lexicons_folder": (lambda m: shutil.rmtree(m / "lexicons"), "lexicons", "missing"),
    "kind_missing": (lambda m: (m / "patterns" / "durations.jsonl").unlink(),
                     "patterns/durations.jsonl", "missing \\(the durations extractor needs its rules\\)"),
    "kind_without_rules": (lambda m: _write(m / "patterns" / "programme_roles.jsonl", "// none\n"),
                           "patterns/programme_roles.jsonl", "no rules"),
    "fragment_not_a_regex": (lambda m: _edit_json(m / "patterns" / "fragments.json", lambda d: d.update(org="[A-Z")),
                             "patterns/fragments.json", "fragment 'org' does not compile"),
    "fragment_named_like_a_lexicon": (lambda m: _edit_json(m / "patterns" / "fragments.json",
                                                           lambda d: d.update(months="[A-Z]")),
                                      "patterns/fragments.json", "named like the lexicon months.txt"),
    "fragment_naming_one_below_it": (lambda m: _edit_json(m / "patterns" / "fragments.json",
                                                          lambda d: d.update({"aaa": "{zzz}", "zzz": "x"})),
                                     "patterns/fragments.json",
                                     "fragment 'aaa'.* names \\{zzz\\}, which is no lexicon nor a fragment defined above"),
}

#: the cases the command line is run on (each costs a process start)
CLI_CASES = ["mapping_missing", "lexicon_missing", "mapping_is_a_list", "mapping_value_of_wrong_type",
             "lexicon_not_utf8", "lexicon_only_as_json", "mapping_only_as_txt", "no_patterns_folder",
             "no_lexicons_folder", "kind_missing"]


def _broken_copy(tmp_path: Path, case: str) -> tuple[Path, Path, str]:
    """A copy of models/ broken as ``case`` says; also the file the error must name and what it says."""
    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    breaks, rel, message = BROKEN[case]
    breaks(models)
    return models, models.resolve() / rel, message


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_folder_fails_at_load_naming_the_file(tmp_path, case):
    models, path, message = _broken_copy(tmp_path, case)
    with pytest.raises(RulesError) as info:
        load_rules(models)
    text = str(info.value)
    assert text.startswith(f"{path}: "), text
    assert re.search(message, text), text
    assert "\n" not in text


def test_a_pattern_naming_a_fragment_the_folder_lacks_fails_at_its_line(tmp_path):
    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    (models / "patterns" / "fragments.json").unlink()
    with pytest.raises(RulesError, match=r"amounts\.jsonl:\d+: .*unknown placeholder \{figure\}"):
        load_rules(models)


def test_a_pipeline_on_a_broken_folder_fails_before_loading_anything_else(tmp_path):
    from pipeline.core import Pipeline

    models, path, _ = _broken_copy(tmp_path, "mapping_missing")
    with pytest.raises(RulesError, match=re.escape(str(path))):
        Pipeline(model="no_such_spacy_model", models_dir=models)


# --- every rule of a typed kind has a type its extractor recognizes --------------------------

def _retype(models: Path, kind: str, rule_id: str, change) -> int:
    """Change the spec of one rule of a copy of models/ in place; returns its line number."""
    path = models / "patterns" / f"{kind}.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        if line.strip() and not line.lstrip().startswith("//") and json.loads(line)["id"] == rule_id:
            spec = json.loads(line)
            change(spec)
            lines[number - 1] = json.dumps(spec, ensure_ascii=False) + "\n"
            _write(path, "".join(lines))
            return number
    raise AssertionError(f"no rule {rule_id!r} in {path}")


def test_the_shipped_rules_have_recognized_types_and_every_recognizer_is_used():
    from pipeline.extractors import TYPED_KINDS, check

    rules = load_rules(MODELS)
    check(rules)
    for kind, module in TYPED_KINDS.items():
        used = {rule.attrs["type"] for rule in rules.kind(kind)}
        assert used == set(module.RECOGNIZERS), (kind, used ^ set(module.RECOGNIZERS))


@pytest.mark.parametrize("kind,rule_id,change,message", [
    ("dates", "date_month", lambda spec: spec.update(type="fortnight"),
     r"rule 'date_month' has type 'fortnight', which the dates extractor has no recognizer for "
     r"\(known types: ago, calendar, month, .*\)"),
    ("durations", "interval_y_y", lambda spec: spec.pop("type"),
     r"rule 'interval_y_y' has no \"type\" \(the durations extractor reads a rule by its type: interval_dates, interval_days, "),
    ("document", "header_date", lambda spec: spec.update(type=["header_date"]),
     r"rule 'header_date' has type \['header_date'\], which the document extractor has no recognizer for"),
    ("amounts", "amounts.currency_after", lambda spec: spec.update(type="date"),
     r"rule 'amounts.currency_after' has type 'date', which the amounts extractor has no recognizer for"),
    ("programmes", "programme.ordinal_phase_of", lambda spec: spec.update(type="ordinal_phase"),
     r"rule 'programme.ordinal_phase_of' has type 'ordinal_phase', which the programmes extractor has no "
     r"recognizer for \(known types: apposition, called_project, .*\)"),
])
def test_a_rule_whose_type_has_no_recognizer_fails_at_load(tmp_path, kind, rule_id, change, message):
    """A pipeline on the folder stops before any document, naming the file, line and rule."""
    from pipeline.core import Pipeline

    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    line = _retype(models, kind, rule_id, change)
    with pytest.raises(RulesError) as info:
        Pipeline(model="no_such_spacy_model", models_dir=models)
    text = str(info.value)
    assert text.startswith(f"{models.resolve() / 'patterns' / kind}.jsonl:{line}: "), text
    assert re.search(message, text), text
    assert "\n" not in text


def test_the_command_line_stops_on_a_rule_of_unknown_type(tmp_path):
    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    line = _retype(models, "dates", "date_relative", lambda spec: spec.update(type="relative_date"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "release.txt").write_text("BRUSSELS, 3 March 2021 – Yesterday the EU met.\n", encoding="utf-8")
    out = tmp_path / "output"
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out),
                           "--models", str(models)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 2, done.stderr
    path = models.resolve() / "patterns" / "dates.jsonl"
    assert done.stderr.splitlines() == [
        f"error: {path}:{line}: rule 'date_relative' has type 'relative_date', which the dates extractor "
        "has no recognizer for (known types: ago, calendar, month, month_relative, numeric, numeric_month, relative, weekday, year, "
        "year_context)"]
    assert not out.exists()


def test_a_kind_without_recognizers_needs_no_type(tmp_path):
    """The role rules are read by the relations stage by their role and target, not by type."""
    from pipeline.extractors import TYPED_KINDS, check

    assert "programme_roles" not in TYPED_KINDS
    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    lines = (MODELS / "patterns" / "programme_roles.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(next(line for line in lines if line.strip() and not line.lstrip().startswith("//")))
    _retype(models, "programme_roles", first["id"], lambda spec: spec.update(type="anything"))
    check(load_rules(models))


def test_a_comment_key_is_no_entry(tmp_path):
    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    _json(models / "lexicons" / "months.json", {"_comment": "month name -> number", "juin": 6})
    assert load_rules(models).mapping("months")["_comment"] == "month name -> number"
    _edit_json(models / "lexicons" / "ordinals.json", lambda d: d.update(_comment=["not", "text"]))
    with pytest.raises(RulesError, match=r"ordinals\.json: comment '_comment' must be a string"):
        load_rules(models)


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``folder``."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def previous_run(tmp_path_factory) -> tuple[Path, Path]:
    """A tiny input and a finished run of it (the output a broken run must leave alone)."""
    base = tmp_path_factory.mktemp("previous")
    inputs = base / "in"
    inputs.mkdir()
    (inputs / "release.txt").write_text(
        "BRUSSELS, 3 March 2021 – The EU today launched the Border Security Programme (BSP), "
        "a three-year project worth EUR 4.5 million implemented by INTERPOL.\n", encoding="utf-8")
    out = base / "run" / "output"
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return inputs, out


@pytest.mark.parametrize("case", CLI_CASES)
def test_the_command_line_stops_on_a_broken_folder_and_leaves_the_output(tmp_path, previous_run, case):
    inputs, previous = previous_run
    out = tmp_path / "run" / "output"
    shutil.copytree(previous, out)
    before = _tree(out.parent)
    models, path, message = _broken_copy(tmp_path, case)
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out),
                           "--models", str(models)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {path}: "), lines[0]
    assert re.search(message, lines[0]), lines[0]
    assert _tree(out.parent) == before  # the previous output, byte for byte, and nothing beside it


# --- the code reads the folder it was given ------------------------------------------------

def _french_models(tmp_path: Path) -> Path:
    """A copy of models/ that also reads a French month, a fortnight and an eleventh phase."""
    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    lex = models / "lexicons"
    _write(lex / "months.txt", "# French months CLDR's English names lack\njuin\n")
    _json(lex / "months.json", {"juin": 6})
    _write(lex / "duration_units.txt", (lex / "duration_units.txt").read_text(encoding="utf-8") + "fortnight\nfortnights\n")
    _edit_json(lex / "duration_units.json", lambda d: d.update(fortnight="2W", fortnights="2W"))
    _edit_json(lex / "ordinals.json", lambda d: d.update(eleventh=11))
    return models


FRENCH = ("PARIS, 3 juin 2021 – The EU launched a programme that runs from juin 2021 to juin 2024. "
          "Training lasts three fortnights.")


def _found(result) -> dict:
    return {"publication_date": str(result.document.publication_date),
            "dates": sorted((d.text, d.value) for d in result.dates),
            "durations": sorted((d.text, d.value) for d in result.durations)}


def test_extraction_follows_the_given_folder(tmp_path, pipeline):
    """Month numbers, duration units and phase numbers come from the folder given, not models/."""
    from pipeline.core import Pipeline

    rules = load_rules(_french_models(tmp_path))
    assert phase_number("eleventh", rules) == "11" and phase_number("eleventh") is None

    found = _found(Pipeline(models_dir=rules.root).extract(FRENCH))
    assert found["publication_date"] == "2021-06-03"
    assert ("3 juin 2021", "2021-06-03") in found["dates"]
    assert ("juin 2021 to juin 2024", "2021-06/2024-06") in found["durations"]
    assert ("three fortnights", "P6W") in found["durations"]

    default = _found(pipeline.extract(FRENCH))
    assert default["publication_date"] == "None"
    assert not any("juin" in text or "fortnight" in text for text, _ in default["dates"] + default["durations"])


def test_a_run_on_another_folder_never_reads_the_default_one(tmp_path, monkeypatch, pipeline):
    """With ``models_dir`` set, no part of the code loads the project's models/ (the copy is
    identical, so the results are too)."""
    from pipeline.core import Pipeline

    models = tmp_path / "models"
    shutil.copytree(MODELS, models)
    loaded: list[Path] = []
    real = rules_module._load_rules

    def spy(root: Path, *args):
        loaded.append(root)
        return real(root, *args)

    monkeypatch.setattr(rules_module, "_load_rules", spy)
    other = Pipeline(models_dir=models)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [FRENCH]
    results = [other.extract(t, doc_id=f"d{i}") for i, t in enumerate(texts)]
    assert loaded and set(loaded) == {models.resolve()}
    monkeypatch.undo()

    for i, (text, result) in enumerate(zip(texts, results)):
        expected = pipeline.extract(text, doc_id=f"d{i}")
        for table in ("programmes", "amounts", "durations", "officials", "dates"):
            assert getattr(result, table) == getattr(expected, table), (i, table)
        assert result.document.publication_date == expected.document.publication_date
