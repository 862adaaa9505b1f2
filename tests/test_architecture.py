"""The import graph of the pipeline's modules: no cycles, and extractors do not reach later stages.

The graph is read from the source with ``ast``: every ``import`` and ``from ... import`` of a
module, at module level and inside functions (a lazy import still ties the modules together).
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

#: stages that run after extraction, on its tables: an extractor must not import them
LATER_STAGES = ("pipeline.normalise", "pipeline.relations")


def _modules(root: Path) -> dict[str, Path]:
    """``pipeline/*.py`` and ``pipeline/extractors/*.py`` by dotted name (a package by its own name)."""
    out = {}
    for path in sorted((root / "pipeline").glob("*.py")) + sorted((root / "pipeline" / "extractors").glob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the pipeline modules it imports anywhere in its source.

    Importing a module of a subpackage from outside it also runs the subpackage's ``__init__``
    (``pipeline.extractors`` imports every extractor), so that counts as importing the subpackage too.
    The top package ``pipeline`` is imported by none: Python initialises it before any of its modules,
    which read from it only what it defines before its own imports (``from . import __version__``).
    """
    modules = _modules(root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = package.rsplit(".", node.level - 1)[0] if node.level else ""
                base = ".".join(filter(None, [base, node.module]))
                for alias in node.names:
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        for target in targets & set(modules) - {"pipeline"}:
            graph[name].add(target)
            parent = target.rpartition(".")[0]
            if parent != "pipeline" and parent in modules and not (name + ".").startswith(parent + "."):
                graph[name].add(parent)
        graph[name].discard(name)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path whose first and last modules are the same, or None."""
    state: dict[str, int] = {}   # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [node, nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, path + [node])):
                return found
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node, [])):
            return found
    return None


GRAPH = import_graph(ROOT)


def test_the_graph_is_read():
    """The test below shows something only if the imports are found: these are known ones."""
    assert "pipeline.extractors.programmes" in GRAPH["pipeline.relations"]
    assert "pipeline.relations" in GRAPH["pipeline.core"]   # inside Pipeline.extract
    assert "pipeline.extractors.durations" in GRAPH["pipeline.extractors.dates"]


def test_no_import_cycle_among_pipeline_modules():
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH))


def test_a_cycle_is_found():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]


def test_extractors_do_not_import_later_stages():
    for name, targets in GRAPH.items():
        if name.startswith("pipeline.extractors"):
            assert not targets & set(LATER_STAGES), (name, sorted(targets & set(LATER_STAGES)))


#: modules that read rules by their type (``RECOGNIZERS``), never by their id
TYPED_MODULES = ("pipeline/extractors/amounts.py", "pipeline/extractors/dates.py",
                 "pipeline/extractors/document.py", "pipeline/extractors/durations.py", "pipeline/baseline.py")


def _rule_id_reads(path: Path) -> list[str]:
    """Every ``<x>.rule_id`` of a module except as the provenance of a row (``ctx.mention(..., m.rule_id)``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    provenance = {id(arg) for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "mention"
                  for arg in node.args}
    return [f"{path.name}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "rule_id" and id(node) not in provenance]


def test_typed_extractors_do_not_dispatch_on_rule_ids():
    """A rule's ``type`` selects the code that reads it; its id is only written to the rows."""
    reads = [read for module in TYPED_MODULES for read in _rule_id_reads(ROOT / module)]
    assert not reads, reads


def test_the_rule_id_scan_finds_a_comparison(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('if m.rule_id == "date_relative":\n    row = ctx.mention(0, 1, m.rule_id)\n', encoding="utf-8")
    assert _rule_id_reads(module) == ["m.py:1"]


# ---------------------------------------------------------------- rule ids lead to one place

def _declarations(root: Path) -> dict[str, list[str]]:
    """Where each rule id is declared: ``id`` of a line of ``models/patterns/*.jsonl``, or a string
    constant assigned at module level in ``pipeline/`` (``APPOSITION = "officials.apposition"``)."""
    import json

    out: dict[str, list[str]] = {}
    for path in sorted((root / "models" / "patterns").glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                out.setdefault(json.loads(line)["id"], []).append(f"{path.name}:{lineno}")
    for name, path in _modules(root).items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str) and all(isinstance(t, ast.Name) for t in node.targets):
                out.setdefault(node.value.value, []).append(f"{name}:{node.lineno}")
    return out


def test_every_rule_id_of_the_output_is_declared_in_exactly_one_place(gold_set_output):
    """Each ``rule_id`` and ``rule_ids`` entry of every table of every gold set's output leads to
    one pattern line or one constant of the code (a phase rule's parent, ``<id>.parent``, to its
    rule)."""
    import pyarrow.parquet as pq

    from conftest import GOLD_SETS

    declared = _declarations(ROOT)
    seen: set[str] = set()
    for name in GOLD_SETS:
        out = gold_set_output(name)
        for table in ("entities", "programmes", "amounts", "durations", "officials", "dates"):
            t = pq.read_table(out / f"{table}.parquet")
            seen.update(t.column("rule_id").to_pylist())
            if "rule_ids" in t.column_names:
                seen.update(i for ids in t.column("rule_ids").to_pylist() for i in ids)
    assert len(seen) > 30
    where = {i: declared.get(i) or declared.get(i.removesuffix(".parent"), []) for i in seen}
    assert {i: w for i, w in where.items() if len(w) != 1} == {}
