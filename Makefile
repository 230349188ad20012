# Two commands set everything up on a fresh machine with Python 3.11 and make:
#   make serve   build .venv from pinned versions, then serve the site with live reload (PORT=8001 for another port)
#   make test    run the whole test suite
# (make test-fast, or a bare `pytest`: the specifications, no browser and no whole-site suites; what CI runs on a
#  cases-only change.)
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

# Material prints an end-of-life banner for MkDocs 2 on every run; it is noise here.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test test-fast build check export lint clean bench offline

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest --all-suites

# Everything but the browser (Chromium) and slow (whole-site builds, mkdocs serve, fuzzed builds) suites: about 40 s.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/casebook check

export: $(STAMP)
	$(BIN)/casebook export build/markdown

lint: $(STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) site build .pytest_cache .mypy_cache .ruff_cache

# Build-speed benchmark on synthetic libraries (benchmarks/run.py); prints a Markdown table. Not a test.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes 100 1000 5000 --runs 3

# The site for staff travelling with poor connectivity: opens from file://, search included
# (Material's offline plugin, enabled by CASEBOOK_OFFLINE), zipped as one file.
offline: $(STAMP)
	rm -rf build/casebook-offline build/casebook-offline.zip
	CASEBOOK_OFFLINE=true $(BIN)/mkdocs build --strict --site-dir build/casebook-offline
	cd build && ../$(BIN)/python -m zipfile -c casebook-offline.zip casebook-offline/
	@echo "build/casebook-offline.zip: unzip it, then open casebook-offline/index.html"
