# Tocha: every target sets up what it needs (.venv with the pinned requirements).
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Copy of the requirements last installed: pip runs again when requirements.txt or
# pyproject.toml changes. The project itself is installed editable (src/tocha).
INSTALLED := $(VENV)/installed-requirements.txt
PYTEST_ARGS ?=

export NO_MKDOCS_2_WARNING := 1
# The site generator: ProperDocs, MkDocs 1.x's maintained fork (tocha.site.generator names it
# for the scripts and tests; tests/test_layout.py checks the two agree).
GENERATOR := $(BIN)/python -m properdocs

.DEFAULT_GOAL := help
# FORCE: an always-out-of-date prerequisite.
.PHONY: help setup serve build build-pages examples merge-examples FORCE test test-fast bench import-sources import-zim messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --no-deps -e .
	cp requirements.txt $@

# The browser tests drive Debian's chromium (TOCHA_CHROMIUM: another binary), never a
# browser Playwright downloads. Installed when missing, as root or through sudo.
CHROMIUM := $(or $(TOCHA_CHROMIUM),/usr/bin/chromium)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

$(CHROMIUM):
	@test -x $@ || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	@test -x $@ || { echo "chromium not found at $@ after installing Debian's chromium" >&2; exit 1; }

# The accessibility and quality checks use npm packages pinned in package-lock.json
# (axe-core in the tests, lighthouse in the bench); Debian's node and npm when missing.
NODE_MODULES := node_modules/.package-lock.json

$(NODE_MODULES): package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(INSTALLED) $(CHROMIUM) $(NODE_MODULES) ## Create .venv and install the pinned requirements (when missing or changed), Debian's chromium, and the npm packages

serve: $(INSTALLED) ## Build both editions (every example executed), serve them on http://127.0.0.1:8000/tocha/ (English: /tocha/en/); an edit renders only the pages it affects
	$(GENERATOR) serve -f mkdocs.yml --dirty

# What the site is built from: when none of it changed since the last build, `make build`
# has nothing to do (a changed torch comes with a changed requirements.txt).
BUILD_INPUTS := mkdocs.yml requirements.txt pyproject.toml $(shell find docs snippets src -type f ! -name '*.pyc' 2>/dev/null)
BUILT := site/.built

build: $(BUILT) ## Build the site into site/: the examples first, in parallel (tocha examples run), then the strict build from their results (FRESH=1 re-runs every example)

# The engine runs the examples of both editions on every core into the execution cache; the
# site build then renders each block from it.
$(BUILT): $(INSTALLED) $(BUILD_INPUTS) $(if $(FRESH),FORCE)
	$(RUN_EXAMPLES)
	$(GENERATOR) build -f mkdocs.yml --strict
	touch $@

FORCE:

RUN_EXAMPLES = $(BIN)/tocha examples run $(if $(SHARD),--shard $(SHARD)) $(if $(FRESH),--fresh)

examples: $(INSTALLED) ## Run every page's examples of both editions into the execution cache, on every core (SHARD=1/2: one share of them; FRESH=1: run all again)
	$(RUN_EXAMPLES)

merge-examples: $(INSTALLED) ## Join shards' execution caches into the site's: make merge-examples SHARDS="shards/1 shards/2"
	@test -n "$(SHARDS)" || { echo 'usage: make merge-examples SHARDS="folder1 folder2 ..."' >&2; exit 2; }
	$(BIN)/tocha examples merge $(or $(TOCHA_CACHE_DIR),.cache/tocha-exec) $(SHARDS)

build-pages: $(INSTALLED) ## Build only PAGES="docs/a.md docs/b.md" strictly (quick check while writing)
	$(BIN)/tocha build-pages $(PAGES)

# The examples run once: the engine runs them into an execution cache, offline, on every
# core (tests marked `engine_run`); the tooling tests and the snippet cases (in parallel)
# check their results from it; then the site is built once from it (tests marked `site`,
# serially). EXEC_CACHE: start from a filled cache instead of an empty one (GitHub CI: the
# shards' merged results).
PYTEST := $(BIN)/python -m pytest
EXEC_CACHE ?=
test: $(INSTALLED) $(CHROMIUM) $(NODE_MODULES) ## Run the whole test suite: every example once (offline), tooling and snippet cases, then the strict site build from their results (EXEC_CACHE=folder: from those results)
	@cache=$(if $(EXEC_CACHE),$(abspath $(EXEC_CACHE)),$$(mktemp -d) && trap 'rm -rf "$$cache"' EXIT) && \
	$(PYTEST) -m engine_run --exec-cache="$$cache" $(PYTEST_ARGS) && \
	$(PYTEST) -n auto -m "not site and not engine_run" --exec-cache="$$cache" $(PYTEST_ARGS) && \
	$(PYTEST) -m site --exec-cache="$$cache" $(PYTEST_ARGS)

test-fast: $(INSTALLED) ## Tooling, converters and every snippet, without the whole-site build (for iteration)
	$(PYTEST) -n auto -m "not site and not engine_run" $(PYTEST_ARGS)

bench: $(INSTALLED) $(CHROMIUM) $(NODE_MODULES) ## Time cold/warm/edited builds and serial/parallel tests on a fresh copy; writes the "Desempenho" page
	$(BIN)/python scripts/bench.py

import-sources: $(INSTALLED) ## Convert sources/ into the "Fontes" pages under docs/fontes/
	$(BIN)/tocha import sources

messages: $(INSTALLED) ## Refresh the examples' translation catalogs (locales/) after editing snippets; then translate what is new
	$(BIN)/tocha snippets extract

NOTES_DIR ?= docs/notas
import-zim: $(INSTALLED) ## Import a whole Zim notebook: make import-zim NOTEBOOK=~/Notebooks/Notas [NOTES_DIR=docs/notas] [FORCE=1]
	@test -n "$(NOTEBOOK)" || { echo 'usage: make import-zim NOTEBOOK=path/to/notebook [NOTES_DIR=docs/notas] [FORCE=1: overwrite pages edited by hand]' >&2; exit 2; }
	$(BIN)/tocha import zim "$(NOTEBOOK)" --out "$(NOTES_DIR)" $(if $(FORCE),--force)

clean: ## Remove build output (site/, caches); keeps .venv
	rm -rf site .cache .pytest_cache
