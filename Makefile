# vinny: `make demo` runs the main job on the checkout's replica; `make test` runs the suite.
# Both install what they need first: the Python packages into .venv, and Debian's chromium
# (scrapy-playwright's browser; Playwright cannot download its own here).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# wrangler (npm, pinned in package-lock.json): the tests run d1.sql on a local D1 with it.
NPM_STAMP := node_modules/.installed
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install demo test lint typecheck bench export clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

install: $(STAMP) $(CHROMIUM) $(NPM_STAMP)

demo: install
	$(BIN)/vinny demo

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

# Strict on vinny/ (pyproject's [tool.mypy]).
typecheck: $(STAMP)
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench

export: $(STAMP)
	$(BIN)/vinny export

clean:
	rm -rf $(VENV) build *.egg-info node_modules
