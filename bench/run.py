"""Benchmark: throughput of the pipeline against plain spaCy, parallel speed-up, peak memory.

    python bench/run.py [--sizes 200 1000] [--speed-size 500] [--seed 1] [--jobs 2] [--rounds 2]
                        [--memory-jobs 1] [--json bench/results.json] [--workdir DIR] [--keep]

Generates synthetic press releases (bench/corpus.py), then measures, in one run:

* speed, all on the same corpus (``--speed-size`` documents; 0 = the largest size):
  (a) plain spaCy ``nlp.pipe`` with the default model and all its default components,
  (b) the full pipeline ``batch.run(..., jobs=1, full=True)``,
  (c) the same with ``--jobs`` worker processes,
  (d) plain spaCy as (a), its layers built with the pipeline's thinc operations
  (``pipeline.nlp.OPS``) and one BLAS thread, as the pipeline runs them: b/d is what
  the pipeline's own choices of components and stages give, without the operations;
  the corpus is cut into ``--rounds`` slices and the four runs take turns on each
  slice, in the order a b c d, then d c b a, so that a machine that slows down or
  speeds up steadily during the benchmark weighs on all of them alike;
* peak memory (max RSS) of ``python -m pipeline run --full`` on each corpus size, each
  in a fresh child process;
* the time share of each stage of run (b).

Prints a table with the targets beside the figures and writes everything to ``--json``.
Not a test: it never fails on a missed target.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import inspect
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py)

TARGETS = {  # name: (description, comparison, threshold)
    "b_over_a": ("pipeline jobs=1 / plain spaCy (docs/s)", ">=", 1.1),
    "c_over_b": ("pipeline jobs=N / jobs=1 (docs/s)", ">=", 1.6),
    "memory_ratio": ("max RSS largest / smallest corpus", "<=", 1.5),
}


def log(msg: str) -> None:
    sys.stderr.write(f"[bench] {msg}\n")
    sys.stderr.flush()


def words_of(paths: list[Path]) -> tuple[int, int]:
    """(words, characters) of the files."""
    words = chars = 0
    for p in paths:
        text = p.read_text(encoding="utf-8")
        words += len(text.split())
        chars += len(text)
    return words, chars


def rate(seconds: float, docs: int, words: int, cpu: float) -> dict:
    return {"seconds": round(seconds, 3), "docs_per_s": round(docs / seconds, 2),
            "words_per_s": round(words / seconds, 1), "cpu_seconds": round(cpu, 2),
            "cpu_per_wall": round(cpu / seconds, 2)}


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its reaped children so far."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        u = resource.getrusage(who)
        total += u.ru_utime + u.ru_stime
    return total


def load() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def spacy_batch_size() -> int:
    """The batch spaCy sees inside the pipeline: chunks of workers.CHUNK texts, piped with
    nlp.parse's batch_size (the smaller of the two)."""
    from pipeline import nlp as nlp_mod, workers

    default = inspect.signature(nlp_mod.parse).parameters["batch_size"].default
    return min(workers.CHUNK, default)


def load_spacy(texts: list[str], batch_size: int, pipeline_ops: bool = False):
    """The default model with all its default components, warmed up: as shipped, or with
    its layers built with the pipeline's thinc operations (``pipeline_ops``)."""
    import spacy
    from thinc.api import use_ops

    from pipeline.modelinfo import DEFAULT_MODEL
    from pipeline.nlp import OPS

    if pipeline_ops:
        with use_ops(OPS["name"], use_blis=OPS["use_blis"]):
            nlp = spacy.load(DEFAULT_MODEL)
    else:
        nlp = spacy.load(DEFAULT_MODEL)
    for _ in nlp.pipe(texts[:4], batch_size=batch_size):  # warm-up, not timed
        pass
    return nlp


def measure_spacy(nlp, texts: list[str], batch_size: int, threads=None) -> tuple[float, float, int]:
    """(seconds, CPU seconds, tokens) of plain spaCy ``nlp.pipe`` over ``texts``; ``threads``:
    a context to run it in (the pipeline's BLAS thread limit for run (d))."""
    gc.collect()
    cpu, started = cpu_seconds(), time.perf_counter()
    n = 0
    with threads if threads is not None else contextlib.nullcontext():
        for doc in nlp.pipe(texts, batch_size=batch_size):
            n += len(doc)  # consume every doc
    seconds = time.perf_counter() - started
    return seconds, cpu_seconds() - cpu, n


def measure_pipeline(corpus_dir: Path, out_dir: Path, jobs: int, pipeline) -> tuple[float, float, object]:
    """(seconds, CPU seconds including the workers, RunSummary) of one full batch run."""
    from pipeline import batch

    gc.collect()
    cpu, started = cpu_seconds(), time.perf_counter()
    summary = batch.run([corpus_dir], out_dir, jobs=jobs, full=True, pipeline=pipeline)
    return time.perf_counter() - started, cpu_seconds() - cpu, summary


#: Runs the command line in the child and reports its peak memory itself, at exit: the
#: child's own high-water mark (VmHWM, of its own address space since exec) and the largest
#: of its reaped workers. ``wait4``'s ru_maxrss would not do: Linux carries the RSS of the
#: benchmark process (which holds a loaded model) over the fork and exec into the child's.
PEAK_WRAPPER = """
import re, resource, runpy, sys
report, sys.argv = sys.argv[1], ["pipeline", *sys.argv[2:]]
try:
    runpy.run_module("pipeline", run_name="__main__")
finally:
    status = open("/proc/self/status").read()
    own = int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    open(report, "w").write(f"{own} {workers}")
"""


def measure_memory(corpus_dir: Path, out_dir: Path, log_file: Path, jobs: int = 1, full: bool = True) -> dict:
    """Peak memory (MB, the larger of the main process and any one worker) and seconds of a
    run (``--full`` unless ``full`` is false: an incremental rerun) in a fresh child process."""
    peak_file = log_file.with_suffix(".peak")
    args = ["run", str(corpus_dir), "--out", str(out_dir), *(["--full"] if full else []), "--jobs", str(jobs)]
    cmd = [sys.executable, "-c", PEAK_WRAPPER, str(peak_file), *args]
    started = time.perf_counter()
    with open(log_file, "w") as err:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=err, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    own_kib, workers_kib = (int(x) for x in peak_file.read_text().split())
    result = {"max_rss_mb": round(max(own_kib, workers_kib) / 1024, 1),
              "main_mb": round(own_kib / 1024, 1), "worker_mb": round(workers_kib / 1024, 1),
              "seconds": round(seconds, 2), "exit_code": proc.returncode,
              "command": "python -m pipeline " + " ".join(args)}
    if proc.returncode != 0:  # 1 = some documents failed; keep the child's report
        result["log_tail"] = log_file.read_text(errors="replace").splitlines()[-12:]
    return result


def copy_into(paths: list[Path], folder: Path) -> Path:
    """``folder`` holding copies of ``paths`` (a corpus slice of its own)."""
    folder.mkdir(exist_ok=True)
    for p in paths:
        shutil.copy(p, folder / p.name)
    return folder


def check(name: str, value: float | None) -> dict:
    desc, op, threshold = TARGETS[name]
    ok = None if value is None else (value >= threshold if op == ">=" else value <= threshold)
    return {"name": name, "what": desc, "value": value, "target": f"{op} {threshold}", "pass": ok}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000], metavar="N",
                    help="corpus sizes for the memory runs (default: 200 1000)")
    ap.add_argument("--speed-size", type=int, default=500, metavar="N",
                    help="documents in the corpus for the speed runs; 0 = the largest size (default: 500)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for run (c) (default: 2)")
    ap.add_argument("--rounds", type=int, default=2, metavar="R",
                    help="slices of the speed corpus; (a), (b) and (c) take turns on each (default: 2)")
    ap.add_argument("--memory-jobs", type=int, default=1, metavar="N",
                    help="worker processes for the memory runs (default: 1)")
    ap.add_argument("--rerun-sizes", type=int, nargs="*", default=[64, 1000], metavar="N",
                    help="corpus sizes for a full run then an unchanged rerun, each a fresh process "
                         "(default: 64 1000)")
    ap.add_argument("--json", default=str(HERE / "results.json"), help="results file (default: bench/results.json)")
    ap.add_argument("--workdir", default=None, help="folder for corpora and outputs (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    args = ap.parse_args(argv)

    sizes = sorted(set(args.sizes))
    speed_size = args.speed_size or max(sizes)
    temp = args.workdir is None
    work = Path(args.workdir or tempfile.mkdtemp(prefix="pipeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _bench(args, sizes, speed_size, work)
    finally:
        if temp and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif temp:
            log(f"work folder kept: {work}")


def _bench(args, sizes: list[int], speed_size: int, work: Path) -> int:
    import spacy

    from pipeline import __version__
    from pipeline.core import Pipeline
    from pipeline.modelinfo import DEFAULT_MODEL
    from pipeline.nlp import BLAS_THREADS, OPS, one_blas_thread

    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    results: dict = {
        "machine": {"cpu_count": cpus, "usable_cpus": usable, "platform": platform.platform(),
                    "python": platform.python_version(), "spacy": spacy.__version__,
                    "loadavg_at_start": load()},
        "settings": {"sizes": sizes, "speed_size": speed_size, "seed": args.seed, "jobs": args.jobs,
                     "rounds": args.rounds,
                     "memory_jobs": args.memory_jobs,
                     "model": DEFAULT_MODEL, "pipeline_version": __version__, "workdir": str(work)},
        "corpora": {},
    }

    # -- corpora ---------------------------------------------------------------
    corpora: dict[int, tuple[Path, list[Path]]] = {}
    for n in sorted(set(sizes) | {speed_size} | set(args.rerun_sizes)):
        folder = work / f"corpus_{n}"
        t = time.perf_counter()
        paths = corpus.generate(n, args.seed, folder)
        words, chars = words_of(paths)
        corpora[n] = (folder, paths)
        results["corpora"][str(n)] = {"docs": n, "words": words, "chars": chars,
                                      "words_per_doc": round(words / n, 1),
                                      "generate_seconds": round(time.perf_counter() - t, 2)}
        log(f"corpus of {n} documents ({words:,} words) in {folder}")

    # -- speed: (a) plain spaCy, (b) pipeline jobs=1, (c) pipeline jobs=N -----------
    folder, paths = corpora[speed_size]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    docs, words = len(texts), results["corpora"][str(speed_size)]["words"]
    bs = spacy_batch_size()

    nlp_a = load_spacy(texts, bs)
    nlp_d = load_spacy(texts, bs, pipeline_ops=True)
    pipeline = Pipeline()
    from pipeline import batch

    warm = copy_into(paths[:4], work / "warmup")
    batch.run([warm], work / "out_warmup", jobs=1, full=True, pipeline=pipeline)  # not timed

    # The runs take turns on slices of the corpus, in the order a b c d, then d c b a, and so
    # on: a machine slowing down or speeding up steadily during the benchmark weighs on all
    # four alike. Slices stay large, so that (c) has enough chunks for its workers.
    rounds = max(1, min(args.rounds, docs))
    bounds = [(i * docs // rounds, (i + 1) * docs // rounds) for i in range(rounds)]
    secs: Counter = Counter()
    cpu_used: Counter = Counter()
    stage_seconds: Counter = Counter()
    processed: Counter = Counter()
    failed: Counter = Counter()
    rows = {"b": Counter(), "c": Counter()}
    tokens, per_round, same_rows = 0, [], True
    for r, (lo, hi) in enumerate(bounds):
        part, texts_r = paths[lo:hi], texts[lo:hi]
        folder_r = copy_into(part, work / f"slice_{r}")
        took: dict[str, float] = {}
        summaries = {}
        for run_name in ("abcd" if r % 2 == 0 else "dcba"):
            if run_name == "a":
                took["a"], cpu, n = measure_spacy(nlp_a, texts_r, bs)
                tokens += n
            elif run_name == "d":
                took["d"], cpu, _ = measure_spacy(nlp_d, texts_r, bs, one_blas_thread())
            else:
                jobs = 1 if run_name == "b" else args.jobs
                took[run_name], cpu, summaries[run_name] = measure_pipeline(
                    folder_r, work / f"out_{run_name}_{r}", jobs, pipeline)
            secs[run_name] += took[run_name]
            cpu_used[run_name] += cpu
        for run_name in "bc":
            processed[run_name] += summaries[run_name].processed
            failed[run_name] += summaries[run_name].failed
            rows[run_name].update(summaries[run_name].rows)
        same_rows = same_rows and summaries["b"].rows == summaries["c"].rows
        stage_seconds.update(summaries["b"].seconds)
        per_round.append({"docs": len(part), "a": round(took["a"], 3), "b": round(took["b"], 3),
                          "c": round(took["c"], 3), "d": round(took["d"], 3),
                          "b_over_a": round(took["a"] / took["b"], 3),
                          "c_over_b": round(took["b"] / took["c"], 3), "b_over_d": round(took["d"] / took["b"], 3)})
        log(f"round {r + 1}/{rounds} ({len(part)} docs): (a) {took['a']:.1f}s  (b) {took['b']:.1f}s  "
            f"(c) {took['c']:.1f}s  (d) {took['d']:.1f}s")
    secs_a, secs_b, secs_c, secs_d = secs["a"], secs["b"], secs["c"], secs["d"]
    cpu_a, cpu_b, cpu_c, cpu_d = cpu_used["a"], cpu_used["b"], cpu_used["c"], cpu_used["d"]

    a, b, c = rate(secs_a, docs, words, cpu_a), rate(secs_b, docs, words, cpu_b), rate(secs_c, docs, words, cpu_c)
    d = rate(secs_d, docs, words, cpu_d)
    b_over_a = round(b["docs_per_s"] / a["docs_per_s"], 3)
    c_over_b = round(c["docs_per_s"] / b["docs_per_s"], 3)
    results["speed"] = {
        "corpus_docs": docs, "corpus_words": words, "spacy_batch_size": bs,
        "rounds": per_round,
        "a_spacy": {**a, "model": DEFAULT_MODEL, "components": list(nlp_a.pipe_names), "tokens": tokens},
        "b_pipeline_jobs1": {**b, "components": list(pipeline.nlp.pipe_names),
                             "processed": processed["b"], "failed": failed["b"], "rows": dict(rows["b"])},
        "c_pipeline_jobsN": {**c, "jobs": args.jobs, "processed": processed["c"],
                             "failed": failed["c"], "rows": dict(rows["c"])},
        "d_spacy_pipeline_ops": {**d, "ops": OPS, "blas_threads": BLAS_THREADS},
        "b_over_a": b_over_a, "c_over_b": c_over_b,
        "b_over_d": round(b["docs_per_s"] / d["docs_per_s"], 3),
        # docs per CPU second, (b) over (a): less sensitive to other load on the machine
        "b_over_a_cpu": round(cpu_a / cpu_b, 3) if cpu_b else None,
        "same_rows_b_c": same_rows,
    }

    # -- stage shares of run (b) -------------------------------------------------
    total = stage_seconds.get("total", secs_b)
    stages = {k: v for k, v in stage_seconds.items() if k != "total"}
    stages["other"] = max(0.0, total - sum(stages.values()))
    results["stages"] = {"total_seconds": total,
                         "stages": {k: {"seconds": round(v, 3), "share": round(v / total, 4)}
                                    for k, v in stages.items()}}

    # -- memory: a fresh process per corpus size -----------------------------------
    memory: dict = {}
    for n in sizes:
        log(f"memory: fresh `python -m pipeline run --full --jobs {args.memory_jobs}` over {n} documents ...")
        m = measure_memory(corpora[n][0], work / f"out_mem_{n}", work / f"mem_{n}.log", args.memory_jobs)
        memory[str(n)] = m
        log(f"    {m['max_rss_mb']:.0f} MB, {m['seconds']:.1f}s, exit {m['exit_code']}")
    mem_ratio = None
    if len(sizes) >= 2:
        mem_ratio = round(memory[str(max(sizes))]["max_rss_mb"] / memory[str(min(sizes))]["max_rss_mb"], 3)
    results["memory"] = {"runs": memory, "ratio_largest_smallest": mem_ratio}

    # -- rerun over unchanged files: what a no-op costs next to a full run -------------
    reruns: dict = {}
    for n in sorted(set(args.rerun_sizes)):
        if str(n) in memory:  # the memory run was that full run
            out, full = work / f"out_mem_{n}", memory[str(n)]
        else:
            out = work / f"out_rerun_{n}"
            full = measure_memory(corpora[n][0], out, work / f"full_{n}.log", args.memory_jobs)
        again = measure_memory(corpora[n][0], out, work / f"rerun_{n}.log", args.memory_jobs, full=False)
        reruns[str(n)] = {"full": full, "rerun": again,
                          "full_over_rerun": round(full["seconds"] / again["seconds"], 2)}
        log(f"rerun over {n} unchanged documents: full {full['seconds']:.1f}s, rerun {again['seconds']:.2f}s")
    results["reruns"] = reruns

    results["machine"]["loadavg_at_end"] = load()
    results["targets"] = [check("b_over_a", b_over_a), check("c_over_b", c_over_b),
                          check("memory_ratio", mem_ratio)]

    report(results)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nall figures written to {out}")
    return 0


def report(r: dict) -> None:
    m, s, sp = r["machine"], r["settings"], r["speed"]
    print(f"machine: {m['cpu_count']} CPUs ({m['usable_cpus']} usable), {m['platform']}, "
          f"Python {m['python']}, spaCy {m['spacy']}")
    print(f"load average (1/5/15 min) at start {m['loadavg_at_start']}, at end {m['loadavg_at_end']}"
          " (other processes on the machine skew the figures)")
    print(f"model: {s['model']}  pipeline {s['pipeline_version']}  seed {s['seed']}")
    print("\ncorpora")
    for n, c in r["corpora"].items():
        print(f"  {int(n):>6} docs  {c['words']:>9,} words  ({c['words_per_doc']:.0f} words/doc)")

    print(f"\nspeed on the same corpus: {sp['corpus_docs']} docs, {sp['corpus_words']:,} words "
          f"(spaCy batch_size {sp['spacy_batch_size']})")
    print(f"  {'run':<44}{'seconds':>9}{'docs/s':>9}{'words/s':>10}{'CPU s':>9}{'CPU/wall':>9}")
    rows = [("(a) plain spaCy nlp.pipe, default components", sp["a_spacy"]),
            ("(b) pipeline batch.run jobs=1 --full", sp["b_pipeline_jobs1"]),
            (f"(c) pipeline batch.run jobs={sp['c_pipeline_jobsN']['jobs']} --full", sp["c_pipeline_jobsN"]),
            ("(d) plain spaCy as (a), the pipeline's ops", sp["d_spacy_pipeline_ops"])]
    for label, x in rows:
        print(f"  {label:<44}{x['seconds']:>9.2f}{x['docs_per_s']:>9.2f}{x['words_per_s']:>10.0f}"
              f"{x['cpu_seconds']:>9.1f}{x['cpu_per_wall']:>9.2f}")
    print(f"  (a) components: {', '.join(sp['a_spacy']['components'])}")
    print(f"  (b) components: {', '.join(sp['b_pipeline_jobs1']['components'])}")
    print(f"  same rows in (b) and (c): {sp['same_rows_b_c']}; failed documents: "
          f"(b) {sp['b_pipeline_jobs1']['failed']}, (c) {sp['c_pipeline_jobsN']['failed']}")
    print(f"  (d) thinc ops {sp['d_spacy_pipeline_ops']['ops']}, {sp['d_spacy_pipeline_ops']['blas_threads']} "
          f"BLAS thread, as in (b) and (c)")
    print(f"  b/a by CPU time (docs per CPU second): {sp['b_over_a_cpu']}")
    print(f"  b/d (the pipeline against plain spaCy on the same thinc ops): {sp['b_over_d']}")
    ba = [x["b_over_a"] for x in sp["rounds"]]
    cb = [x["c_over_b"] for x in sp["rounds"]]
    print(f"  {len(ba)} rounds, the runs taking turns on a slice each (a b c d, d c b a, ...): b/a per round "
          f"{min(ba):.2f} to {max(ba):.2f}, c/b per round {min(cb):.2f} to {max(cb):.2f}")


    st = r["stages"]
    print(f"\nstage shares of run (b), total {st['total_seconds']:.2f}s")
    for k, v in st["stages"].items():
        print(f"  {k:<12}{v['seconds']:>9.2f}s {100 * v['share']:>6.1f}%")

    jobs = r["settings"].get("memory_jobs", 1)
    print(f"\npeak memory of a full run with --jobs {jobs}, fresh process each (max RSS)")
    for n, x in r["memory"]["runs"].items():
        print(f"  {int(n):>6} docs  {x['max_rss_mb']:>8.1f} MB  {x['seconds']:>7.1f}s  exit {x['exit_code']}")
        for line in x.get("log_tail", []):
            print(f"          | {line}")

    if r.get("reruns"):
        print("\nfull run, then a rerun over the same unchanged files (fresh process each)")
        print(f"  {'docs':>6}{'full s':>9}{'full MB':>9}{'rerun s':>9}{'rerun MB':>10}{'full/rerun':>12}")
        for n, x in r["reruns"].items():
            print(f"  {int(n):>6}{x['full']['seconds']:>9.2f}{x['full']['max_rss_mb']:>9.0f}"
                  f"{x['rerun']['seconds']:>9.2f}{x['rerun']['max_rss_mb']:>10.0f}{x['full_over_rerun']:>12.1f}")

    print("\ntargets")
    for t in r["targets"]:
        value = "n/a" if t["value"] is None else f"{t['value']:.3f}"
        verdict = "n/a" if t["pass"] is None else ("PASS" if t["pass"] else "FAIL")
        print(f"  {t['name']:<14}{t['what']:<42}{value:>8}  target {t['target']:<7} {verdict}")


if __name__ == "__main__":
    sys.exit(main())
