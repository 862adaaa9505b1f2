"""Write tests/accuracy_baseline.json from the current scores, rounded down to 3 decimals.

Run from the project root after the rules got better: .venv/bin/python tests/update_baseline.py
"""
import json, math, subprocess, sys
sets = {"seeds": ("tests/data/seeds/gold", "seeds"), "dev": ("tests/data/dev/gold", "tests/data/dev/docs")}
out = {}
for name, (gold, inp) in sets.items():
    r = json.loads(subprocess.check_output([".venv/bin/python", "-m", "pipeline", "evaluate", "--gold", gold, "--input", inp, "--json"]))
    floor = lambda v: math.floor(v * 1000) / 1000
    d = {f: floor(r["fields"][f]["f1"]) for f in r["fields"]}
    d["overall"] = floor(r["overall"]["f1"])
    for k in ["publication_date_accuracy", "link_accuracy", "title_token_f1", "organisation_accuracy"]:
        d[k] = floor(r[k]["value"])
    out[name] = d
json.dump(out, open("tests/accuracy_baseline.json", "w"), indent=2)
print(json.dumps(out, indent=1))
