# The two commands that matter: `make run` and `make test`. Everything else is a convenience.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
RG     := $(VENV)/bin/reporting-gateway

NPM    := $(shell command -v npm 2>/dev/null)
NPM_CI := npm ci --no-audit --no-fund --loglevel=error
EXPLORER   := clients/explorer/dist/explorer.js
EXPLORER_NPM := clients/explorer/node_modules/.package-lock.json
TYPESCRIPT := clients/typescript/node_modules/.package-lock.json
CONFORMANCE := clients/conformance/node_modules/.package-lock.json
APOLLO     := clients/apollo/node_modules/.package-lock.json
SCHEMALINT := clients/schema-lint/node_modules/.package-lock.json

.PHONY: run test check fmt schema docs bench clean explorer clients lock

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Dependencies come from the lockfiles, every file checked against its hash; then the package
# itself, without resolving anything again. `make lock` refreshes the lockfiles.
$(VENV)/.installed-run: pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements-dev.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e '.[dev]'
	touch $@ $(VENV)/.installed-run

## lock: re-resolve requirements.lock and requirements-dev.lock from pyproject.toml (with hashes).
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe
lock: | $(VENV)/bin/python
	$(PY) -m pip install --quiet pip-tools
	$(LOCK) -o requirements.lock pyproject.toml
	$(LOCK) --extra dev --extra client -o requirements-dev.lock pyproject.toml

## run: install, migrate the embedded SQLite store, load demo data (once), print a token, serve.
run: $(VENV)/.installed-run explorer
	$(RG) serve --demo

## test: install dev tools and the npm clients, then format check + ruff + mypy + pytest.
test: $(VENV)/.installed-dev clients check
	$(PY) -m pytest

# The explorer's bundle (GraphiQL 5, its workers, the chart pane), built from the lockfile's
# packages and served by the gateway itself. Without npm the page loads the same versions from
# esm.sh instead.
explorer:
ifdef NPM
	@$(MAKE) --no-print-directory $(EXPLORER)
else
	@echo "npm not found: the GraphiQL page will load its scripts from esm.sh"
endif

# What the browser and codegen tests use; without npm those tests skip and say why.
clients: explorer
ifdef NPM
	@$(MAKE) --no-print-directory $(TYPESCRIPT) $(CONFORMANCE) $(APOLLO) $(SCHEMALINT)
endif

$(EXPLORER_NPM): clients/explorer/package-lock.json
	cd clients/explorer && $(NPM_CI) --ignore-scripts

$(EXPLORER): $(EXPLORER_NPM) clients/explorer/build.mjs $(wildcard reporting_gateway/api/explorer_app/*.js)
	cd clients/explorer && npm run --silent build

$(TYPESCRIPT): clients/typescript/package-lock.json
	cd clients/typescript && $(NPM_CI)

$(CONFORMANCE): clients/conformance/package-lock.json
	cd clients/conformance && $(NPM_CI)

$(APOLLO): clients/apollo/package-lock.json
	cd clients/apollo && $(NPM_CI)

$(SCHEMALINT): clients/schema-lint/package-lock.json
	cd clients/schema-lint && $(NPM_CI)

check: $(VENV)/.installed-dev
	$(PY) -m ruff format --check reporting_gateway tests bench clients/python
	$(PY) -m ruff check reporting_gateway tests bench clients/python
	$(PY) -m mypy
	$(PY) -m mypy --strict clients/python

fmt: $(VENV)/.installed-dev
	$(PY) -m ruff format reporting_gateway tests bench clients/python
	$(PY) -m ruff check --fix reporting_gateway tests bench clients/python

## schema: regenerate schema.graphql, openapi.json, docs and the TypeScript client's types from the catalog.
## A change that breaks clients of the committed schema is refused unless ALLOW_BREAKING=1.
schema: $(VENV)/.installed-run
	$(RG) export-schema --output schema.graphql $(if $(ALLOW_BREAKING),--allow-breaking)
	$(RG) export-openapi --output openapi.json
	$(RG) export-docs
ifdef NPM
	@$(MAKE) --no-print-directory $(TYPESCRIPT)
	cd clients/typescript && npm run --silent codegen
endif

bench: $(VENV)/.installed-dev
	$(PY) -m bench

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache clients/*/node_modules clients/explorer/dist bench/peers/*/node_modules
