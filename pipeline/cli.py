"""Command line: ``python -m pipeline run|evaluate|report``. The CLI is the only place that prints."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from . import __version__
from .modelinfo import DEFAULT_MODEL, ModelError
from .ingest import MAX_BYTES, InputError
from .rules import RulesError
from .signals import StoppedAfterWriting, Terminated, raise_on_sigterm
from .workers import DOC_TIMEOUT, WorkerError
from .write import OutputError


def _progress(stream):
    """A one-line progress bar on a terminal; nothing when ``stream`` is not one."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


def cmd_run(args) -> int:
    from .batch import StrictFailure, run

    try:
        summary = run(args.inputs, args.out, model=args.model, models_dir=args.models,
                      jobs=args.jobs, full=args.full, strict=args.strict, max_bytes=args.max_bytes,
                      doc_timeout=args.doc_timeout, progress=_progress(sys.stderr))
    except StrictFailure as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    err = sys.stderr
    for warning in summary.warnings:
        err.write(f"warning: {warning}\n")
    err.write(f"documents: {summary.seen} seen, {summary.processed} processed, "
              f"{summary.unchanged} unchanged, {summary.skipped} skipped, {summary.failed} failed\n")
    for problem in summary.problems:
        err.write(f"  {problem['status']:7} {problem['doc_id']}: {problem['reason']}: {problem['message']}\n")
    err.write("rows: " + ", ".join(f"{k} {v}" for k, v in summary.rows.items()) + "\n")
    err.write(f"time: {summary.seconds.get('total', 0):.2f}s -> {args.out} (summary in run.json)\n")
    return 1 if summary.failed else 0


def cmd_evaluate(args) -> int:
    from .evaluate import format_report, load_gold, predictions_from_tables, score, score_to_json

    if args.timeml is not None:
        return _evaluate_timeml(args)
    gold = load_gold(args.gold)
    out = args.out
    if args.input is not None:
        inputs = [Path(args.input) / name for name in sorted(gold) if (Path(args.input) / name).exists()]
        missing = sorted(set(gold) - {p.name for p in inputs})
        if missing:
            sys.stderr.write(f"warning: no input file for {len(missing)} gold file(s): {', '.join(missing)}\n")
        if out is None:
            out = Path(tempfile.mkdtemp(prefix="pipeline-evaluate-")) / "output"
        from .batch import run

        run(inputs, out, model=args.model, models_dir=args.models, full=True)
    elif out is None:
        out = "output"
    if args.ner_only:
        from .baseline import ner_only_predictions
        from .extractors import check
        from .rules import load_rules

        rules = load_rules(args.models)
        check(rules)
        predicted = ner_only_predictions(out, rules)
    else:
        predicted = predictions_from_tables(out)
    result = score(gold, predicted)
    if args.json:
        sys.stdout.write(json.dumps(score_to_json(result), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_report(result, details=not args.summary) + "\n")
    return 0


def _evaluate_timeml(args) -> int:
    from . import timeml
    from .core import Pipeline
    from .evaluate import score, score_to_json

    for flag in ("input", "out"):
        if getattr(args, flag) is not None:
            raise ValueError(f"--timeml runs the pipeline itself: --{flag} does not apply")
    if args.ner_only:
        raise ValueError("--timeml scores the rules: --ner-only does not apply")
    documents = timeml.load_timeml(args.timeml)
    gold, predicted = timeml.run(Pipeline(model=args.model, models_dir=args.models), documents)
    result = score(gold, predicted)
    if args.json:
        data = score_to_json(result)
        data["fields"] = {name: data["fields"][name] for name in timeml.TIMEML_FIELDS}
        for key in ("overall", "publication_date_accuracy", "dateline_accuracy", "title_token_f1",
                    "organisation_accuracy", "link_accuracy", "mismatches"):
            del data[key]
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(timeml.format_report(result, details=not args.summary) + "\n")
    return 0


def cmd_report(args) -> int:
    from .report import build_report

    summary = build_report(args.out, args.to, gold_dir=args.gold)
    scored = f", {summary.scored} scored against {args.gold}" if args.gold else ""
    sys.stderr.write(f"report: {summary.n_documents} document page(s){scored}\n")
    sys.stdout.write(f"{summary.index.resolve().as_uri()}\n")
    return 0


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return n


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = 0.0
    if not n > 0 or n == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {value!r}")
    return n


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pipeline", description=__doc__.split("\n")[0])
    p.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp):
        sp.add_argument("--model", default=DEFAULT_MODEL,
                        help=f"installed spaCy pipeline name or path (default: {DEFAULT_MODEL})")
        sp.add_argument("--models", default=None, metavar="DIR",
                        help="folder of rules and lexicons (default: the project's models/)")

    run = sub.add_parser("run", help="extract tables from press releases")
    run.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                     help=".txt files or folders of them (default: seeds)")
    run.add_argument("--out", default="output", help="output folder (default: output)")
    run.add_argument("--jobs", type=_positive, default=1, metavar="N",
                     help="worker processes, at most the usable CPUs (default: 1); "
                          "the output does not depend on it")
    run.add_argument("--full", action="store_true",
                     help="reprocess every document, even those unchanged since the last run")
    run.add_argument("--max-bytes", type=_positive, default=MAX_BYTES, metavar="N",
                     help=f"skip files larger than this as too_large (default: {MAX_BYTES:,})")
    run.add_argument("--doc-timeout", type=_seconds, default=DOC_TIMEOUT, metavar="SECONDS",
                     help=f"time budget of one document; a document over it is recorded as an error "
                          f"(timeout) and the run goes on (default: {DOC_TIMEOUT:g})")
    run.add_argument("--strict", action="store_true",
                     help="stop at the first failed document and leave the previous output as it was")
    common(run)
    run.set_defaults(func=cmd_run)

    ev = sub.add_parser("evaluate", help="score extractions against gold files")
    source = ev.add_mutually_exclusive_group(required=True)
    source.add_argument("--gold", help="folder of gold .json files")
    source.add_argument("--timeml", metavar="DIR",
                        help="folder of TimeML .tml files (TimeBank 1.2 and the like): run the pipeline "
                             "on their texts, each anchored at its creation date, and score dates and "
                             "durations against their TIMEX3 tags")
    ev.add_argument("--input", default=None,
                    help="run the pipeline on the matching .txt files of this folder first")
    ev.add_argument("--out", default=None,
                    help="output folder to read (or write, with --input); default: output, "
                         "or a temporary folder with --input")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--summary", action="store_true", help="only the score table, no item lists")
    ev.add_argument("--ner-only", action="store_true",
                    help="score the spaCy-NER-only baseline (pipeline.baseline) instead of the rules")
    common(ev)
    ev.set_defaults(func=cmd_evaluate)

    rep = sub.add_parser("report", help="write an offline HTML review of the extractions")
    rep.add_argument("--out", default="output", help="output folder of a run to read (default: output)")
    rep.add_argument("--to", default=None, metavar="DIR",
                     help="folder to write the report to (default: <out>/report)")
    rep.add_argument("--gold", default=None, metavar="DIR",
                     help="folder of gold .json files: mark misses and spurious items, per-document P/R")
    rep.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with raise_on_sigterm():
            return args.func(args)
    except (ModelError, RulesError, InputError, OutputError, WorkerError, FileNotFoundError,
            ValueError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    except StoppedAfterWriting as exc:  # before KeyboardInterrupt, which it subclasses
        sys.stderr.write(f"stopped by a signal after the new output was written to {args.out}\n")
        return exc.exit_status
    except Terminated:  # before KeyboardInterrupt, which it subclasses
        sys.stderr.write("terminated; the previous output is unchanged\n")
        return Terminated.exit_status
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; the previous output is unchanged\n")
        return 130
