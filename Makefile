# Two commands for a newcomer: `make serve` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# MkDocs 1.x and Material print end-of-life banners on every run; silence them here only.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# textstat and friends must never reach the network at build or test time.
export NLTK_DATA := $(CURDIR)/$(VENV)/nltk_data

.PHONY: help venv browser lighthouse serve build check test schemas lock handouts bench clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) scripts/setup_offline_data.py
	touch $@

venv: $(STAMP) ## Create .venv and install the pinned lock

browser: $(STAMP) ## Install Chromium for the browser tests (Debian package, else Playwright's)
	@scripts/install_browser.sh $(PY)

serve: $(STAMP) ## Build and serve the site with live reload at http://127.0.0.1:8000
	$(PY) scripts/serve.py --dev-addr $(HOST):$(PORT)

build: $(STAMP) ## Strict build into site/ (then the post-build scripts); site/ changes only if all pass
	$(PY) scripts/build.py site

handouts: build browser ## Print the handouts (data/handouts.yml) to PDF, A4 and US Letter, into site/handouts/
	$(PY) scripts/handouts.py site

check: build ## Link check the built site over HTTP, anchors included
	$(PY) scripts/linkcheck.py site

schemas: $(STAMP) ## Regenerate the JSON Schemas in data/schema/ from the models
	$(PY) scripts/make_schemas.py

test: $(STAMP) browser ## Set up everything, then run every test
	$(BIN)/pytest

# The lock is resolved for Python 3.11.2 (Debian 12's), the oldest Python we support, so
# no locked package needs a newer one. uv is only a tool here, kept out of the site's venv.
lock: ## Re-resolve requirements.lock from pyproject.toml (exact versions and hashes)
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/pip install --quiet uv==0.13.9
	.cache/lock-venv/bin/uv pip compile pyproject.toml --extra test --generate-hashes \
		--python-version 3.11.2 --quiet -o requirements.lock

lighthouse: ## Install Node.js (Debian's) and the pinned Lighthouse for the benchmark
	@scripts/install_lighthouse.sh

# BENCH_ARGS: options of scripts/bench.py, e.g. BENCH_ARGS="--runs 1 --lighthouse-runs 1" for a quick look.
bench: $(STAMP) browser lighthouse ## Benchmark (not part of test): build times, page weight, Lighthouse; writes bench/results.md
	$(PY) scripts/bench.py $(BENCH_ARGS)

clean: ## Remove build output (keeps .venv)
	rm -rf site .pytest_cache
