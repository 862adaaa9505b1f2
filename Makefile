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

test: setup browser
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/python -m pytest -q

evaluate: setup
	for set in seeds dev holdout holdout2 holdout3 holdout4 holdout5 holdout6 holdout7 holdout8 holdout9 holdout10 holdout11 holdout12 holdout13 holdout14 holdout15; do \
	  docs=tests/data/$$set/docs; [ $$set = seeds ] && docs=seeds; \
	  echo "== $$set"; $(BIN)/python -m pipeline evaluate --gold tests/data/$$set/gold --input $$docs --summary || exit 1; \
	done

clean:
	rm -rf $(VENV) output

.PHONY: bench
bench: setup
	$(BIN)/python bench/run.py --sizes 200 1000 --speed-size 500 --jobs 2

# Headless Chromium for the report's browser test (tests/test_report.py): Debian's package,
# never a browser build downloaded by Playwright.
CHROMIUM := /usr/bin/chromium

.PHONY: browser report
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "error: $(CHROMIUM) is missing; install Debian's chromium as root" >&2; exit 1; fi; \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y --no-install-recommends chromium; \
	fi

report: setup run
	$(BIN)/python -m pipeline report --out output --gold tests/data/seeds/gold
