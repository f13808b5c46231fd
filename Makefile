# The two commands that matter: `make run` and `make test`. Everything else is a convenience.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
RG     := $(VENV)/bin/reporting-gateway

.PHONY: run test check fmt schema docs bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

## run: install, migrate the embedded SQLite store, load demo data (once), print a token, serve.
run: $(VENV)/.installed-run
	$(RG) serve --demo

## test: install dev tools, then format check + ruff + mypy + the whole pytest suite.
test: $(VENV)/.installed-dev check
	$(PY) -m pytest

check: $(VENV)/.installed-dev
	$(PY) -m ruff format --check reporting_gateway tests bench
	$(PY) -m ruff check reporting_gateway tests bench
	$(PY) -m mypy

fmt: $(VENV)/.installed-dev
	$(PY) -m ruff format reporting_gateway tests bench
	$(PY) -m ruff check --fix reporting_gateway tests bench

## schema: regenerate schema.graphql and docs/reports.md from the catalog.
schema: $(VENV)/.installed-run
	$(RG) export-schema --output schema.graphql
	$(RG) export-docs

bench: $(VENV)/.installed-dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
