"""Rewrite ``tests/accuracy_baseline.json`` from the current scores on every gold set.

Run from the project root when the rules got better::

    .venv/bin/python tests/update_baseline.py

Scores are rounded down to three decimals. Review the diff before committing: a
lower number means the change made something worse.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import GOLD_SETS  # noqa: E402
from test_accuracy import METRICS, measured  # noqa: E402

from pipeline.batch import run  # noqa: E402
from pipeline.core import Pipeline  # noqa: E402
from pipeline.evaluate import load_gold, predictions_from_tables, score, score_to_json  # noqa: E402


def main() -> None:
    pipeline = Pipeline()
    baseline = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (docs, gold) in GOLD_SETS.items():
            out = Path(tmp) / name
            run([docs], out, pipeline=pipeline)
            result = score_to_json(score(load_gold(gold), predictions_from_tables(out)))
            baseline[name] = {m: math.floor(measured(result, m) * 1000) / 1000 for m in METRICS}
    path = Path(__file__).resolve().parent / "accuracy_baseline.json"
    path.write_text(json.dumps(baseline, indent=2) + "\n")
    print(json.dumps(baseline, indent=2))


if __name__ == "__main__":
    main()
