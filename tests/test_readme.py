"""The README's Python snippets run, and its table of columns matches the declared schemas."""

from __future__ import annotations

import re

import pytest

from pipeline.records import TABLES
from pipeline.schema import columns

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SNIPPETS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_shows_both_commands_first():
    first_block = re.search(r"```sh\n(.*?)```", README, flags=re.S).group(1)
    assert "make run" in first_block and "make test" in first_block


@pytest.mark.parametrize("index", range(len(SNIPPETS)))
def test_python_snippets_run(index, seed_output, monkeypatch, capsys):
    monkeypatch.chdir(seed_output.parent)  # the snippets read "output"
    exec(compile(SNIPPETS[index], f"README.md snippet {index + 1}", "exec"), {})
    printed = capsys.readouterr().out
    assert printed.strip()


def test_extract_snippet_prints_what_its_comments_say(capsys):
    exec(compile(SNIPPETS[0], "README.md snippet 1", "exec"), {})
    printed = capsys.readouterr().out
    assert "2021-03-03" in printed and "Decimal('4500000')" in printed and "P3Y" in printed


@pytest.mark.parametrize("table", list(TABLES))
def test_table_section_lists_every_column(table):
    row = re.search(rf"^\| `{table}` \| (.*) \|$", README, flags=re.M)
    assert row, f"README has no row for {table}"
    provenance = {"doc_id", "sentence_id", "start", "end", "text", "rule_id"}
    for column in columns(table):
        if table in ("documents", "sentences") or column not in provenance:
            assert re.search(rf"\b{column}\b", row.group(1)), f"{table}.{column} missing from README"
