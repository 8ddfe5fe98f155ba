# Two commands for a newcomer: `make serve` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
# Zensical (make zensical): its own venv from its own lock, never mixed with .venv.
ZVENV := .venv-zensical
ZBIN := $(ZVENV)/bin
ZSTAMP := $(ZVENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# MkDocs 1.x and Material print end-of-life banners on every run; silence them here only.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
# textstat and friends must never reach the network at build or test time.
export NLTK_DATA := $(CURDIR)/$(VENV)/nltk_data

.PHONY: help venv browser lighthouse serve build check test schemas lock handouts offline bench clean review-pack vnu \
	zensical zensical-venv zensical-test zensical-lock

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

# scripts/build.py ends with scripts/reviews.py's review-date warnings (postbuild --reviews, one process).
build: $(STAMP) ## Strict build into site/ (then the post-build scripts); site/ changes only if all pass
	$(PY) scripts/build.py site

handouts: $(STAMP) browser ## Build the site with its handouts: every page of data/handouts.yml and its one-page summary as PDF, A4 and US Letter, in site/handouts/
	$(BIN)/mkdocs build --strict --clean -f mkdocs-handouts.yml
	$(PY) scripts/postbuild.py site --config mkdocs-handouts.yml
	$(PY) scripts/handouts.py site

offline: $(STAMP) ## Offline copy of the whole guide, as a zip for a USB stick (dist/); the next build offers it at /downloads/
	$(PY) scripts/offline.py

review-pack: build browser ## The clinical reviewer's pack (HTML and PDF) into review-pack/; not published
	$(PY) scripts/review_pack.py site --out review-pack

check: build ## Link check the built site over HTTP, anchors included
	$(PY) scripts/linkcheck.py site

schemas: $(STAMP) ## Regenerate the JSON Schemas in data/schema/ from the models
	$(PY) scripts/make_schemas.py

vnu: ## Install Java (Debian's) and the pinned Nu HTML Checker for the HTML validity test
	@scripts/install_vnu.sh

test: $(STAMP) browser vnu ## Set up everything, then run every test
	$(BIN)/pytest

# The lock is resolved for Python 3.11.2 (Debian 12's), the oldest Python we support, so
# no locked package needs a newer one. uv is only a tool here, kept out of the site's venv.
lock: ## Re-resolve requirements.lock from pyproject.toml (exact versions and hashes)
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/pip install --quiet uv==0.13.9
	.cache/lock-venv/bin/uv pip compile pyproject.toml --extra test --generate-hashes \
		--python-version 3.11.2 --quiet -o requirements.lock

$(ZSTAMP): zensical/requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(ZVENV)
	$(ZBIN)/python -m pip install --quiet --require-hashes --no-deps -r zensical/requirements.lock
	touch $@

zensical-venv: $(ZSTAMP) ## Create .venv-zensical from zensical/requirements.lock (hash-checked)

# Zensical (alpha) builds the same sources into site-zensical/; mkdocs-zensical.yml is made from
# mkdocs.yml each time (scripts/zensical_config.py). No post-build steps (short links, QR files, CSP).
zensical: $(ZSTAMP) ## Build the site with Zensical into site-zensical/ (to compare with MkDocs)
	$(ZBIN)/python scripts/zensical_config.py --out mkdocs-zensical.yml --site-dir site-zensical
	rm -rf site-zensical
	$(ZBIN)/zensical build --clean --strict -f mkdocs-zensical.yml

zensical-test: $(STAMP) ## Compare the Zensical build with MkDocs', page by page (not part of make test)
	$(BIN)/pytest -m "" tests/zensical

zensical-lock: ## Re-resolve zensical/requirements.lock from zensical/requirements.in (same versions as requirements.lock)
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/pip install --quiet uv==0.13.9
	.cache/lock-venv/bin/uv pip compile zensical/requirements.in -c requirements.lock --generate-hashes \
		--python-version 3.11.2 --quiet -o zensical/requirements.lock

lighthouse: ## Install Node.js (Debian's) and the pinned Lighthouse for the benchmark
	@scripts/install_lighthouse.sh

# BENCH_ARGS: options of scripts/bench.py, e.g. BENCH_ARGS="--runs 1 --lighthouse-runs 1" for a quick look.
# BENCH_ONLY=build: builds, scaling, serve and page weight only; no Chromium, Node or Lighthouse installed.
bench: $(STAMP) $(if $(BENCH_ONLY),,browser lighthouse) ## Benchmark (not part of test): build times vs plain Material, scaling, serve, page weight, Lighthouse; writes bench/results.md
	$(PY) scripts/bench.py $(if $(BENCH_ONLY),--only $(BENCH_ONLY)) $(BENCH_ARGS)

clean: ## Remove build output (keeps .venv)
	rm -rf site site-offline site-zensical mkdocs-zensical.yml dist review-pack .pytest_cache
