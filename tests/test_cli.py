"""The command line: usage errors, exit statuses, clear messages instead of tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from pipeline.cli import main

from conftest import ROOT, SEEDS


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("args, message", [
    (["frobnicate"], "invalid choice"),
    (["run", "--jobs", "0"], "expected a whole number >= 1"),
    (["run", "--jobs", "many"], "expected a whole number >= 1"),
    (["evaluate"], "one of the arguments --gold --timeml is required"),
])
def test_bad_command_lines_get_usage_not_a_traceback(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "usage:" in err and message in err and "Traceback" not in err


def test_missing_input_is_a_clear_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "nowhere: no such file or folder" in capsys.readouterr().err


def test_missing_model_says_what_to_install(tmp_path, capsys):
    assert main(["run", str(SEEDS), "--out", str(tmp_path / "out"), "--model", "no_such_model"]) == 2
    err = capsys.readouterr().err
    assert "no_such_model" in err and "pip install" in err


def test_broken_rules_name_the_file_and_line(tmp_path, capsys):
    shutil.copytree(ROOT / "models", tmp_path / "models")
    (tmp_path / "models" / "patterns" / "amounts.jsonl").write_text('{"id": "x", "pattern": "(unclosed"}\n')
    assert main(["run", str(SEEDS), "--out", str(tmp_path / "out"), "--models", str(tmp_path / "models")]) == 2
    err = capsys.readouterr().err
    assert "amounts.jsonl:1" in err and "does not compile" in err


def test_exit_status_says_whether_a_document_failed(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("LYON, 21 June 2013 – INTERPOL met the EU.\n")
    (tmp_path / "in" / "empty.txt").write_text("")
    ok = run_cli("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert ok.returncode == 0, ok.stderr  # an empty file is skipped, not failed
    assert "1 skipped, 0 failed" in ok.stderr
    (tmp_path / "in" / "broken.txt").symlink_to(tmp_path / "gone.txt")
    failed = run_cli("run", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert failed.returncode == 1 and "broken.txt: unreadable" in failed.stderr
    summary = json.loads((tmp_path / "out" / "run.json").read_text())
    assert summary["failed"] == 1 and summary["unchanged"] == 2  # the good and the empty file are kept
    strict = run_cli("run", str(tmp_path / "in"), "--out", str(tmp_path / "out2"), "--strict")
    assert strict.returncode == 1 and "--strict" in strict.stderr
    assert not (tmp_path / "out2").exists()


def test_evaluate_prints_scores_and_items(tmp_path):
    result = run_cli("evaluate", "--gold", "tests/data/seeds/gold", "--input", "seeds",
                     "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for word in ("programmes", "amounts", "durations", "officials", "dates", "publication-date accuracy"):
        assert word in result.stdout


def test_evaluate_timeml_scores_dates_and_durations():
    result = run_cli("evaluate", "--timeml", "tests/data/timeml", "--summary")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[1:4] for line in result.stdout.splitlines()
            if line.startswith(("dates", "durations"))}
    # the invented file's gold: 3 dates (today, 20 November 2018, June 2021), 2 durations
    # (three-year, two weeks); tp + fn is what the gold holds whatever the rules find
    assert int(rows["dates"][0]) + int(rows["dates"][2]) == 3
    assert int(rows["durations"][0]) + int(rows["durations"][2]) == 2
    assert "1 TimeML documents" in result.stdout


def test_evaluate_timeml_refuses_options_it_does_not_use(tmp_path):
    result = run_cli("evaluate", "--timeml", "tests/data/timeml", "--out", str(tmp_path))
    assert result.returncode == 2 and "--out does not apply" in result.stderr
    result = run_cli("evaluate", "--timeml", str(tmp_path / "none"))
    assert result.returncode == 2 and "TimeML folder not found" in result.stderr
