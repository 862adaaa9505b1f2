PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test evaluate clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[model,test]"
	touch $(STAMP)

run: setup
	$(BIN)/python -m pipeline run seeds --out output

test: setup
	$(BIN)/python -m pytest -q

evaluate: setup
	$(BIN)/python -m pipeline evaluate --gold tests/data/seeds/gold --input seeds --summary
	$(BIN)/python -m pipeline evaluate --gold tests/data/dev/gold --input tests/data/dev/docs --summary
	$(BIN)/python -m pipeline evaluate --gold tests/data/holdout/gold --input tests/data/holdout/docs --summary

clean:
	rm -rf $(VENV) output

.PHONY: bench
bench: setup
	$(BIN)/python bench/run.py --sizes 200 1000 --speed-size 500 --jobs 2
