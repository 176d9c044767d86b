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
# `make bench` only: Debian's nginx serves the generated pages, and Crawlee (the seed's
# framework, compared with) lives in an environment of its own, never a dependency of vinny.
NGINX ?= /usr/sbin/nginx
BENCH_VENV := .bench-venv
BENCH_STAMP := $(BENCH_VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install demo test lint typecheck bench export clean compiled

# vinny is installed editable, and machines of this kind set PYTHONDONTWRITEBYTECODE: without
# this, every process of a run (each measured one too) compiles vinny's modules again.
compiled: $(STAMP)
	$(BIN)/python -m compileall -q vinny spiders replica bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

$(NGINX):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx

$(BENCH_STAMP):
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet 'crawlee[parsel]==1.11.0'
	touch $(BENCH_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

install: $(STAMP) $(CHROMIUM) $(NPM_STAMP)

demo: install compiled
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

bench: install compiled $(NGINX) $(BENCH_STAMP)
	$(BIN)/python -m bench

export: $(STAMP)
	$(BIN)/vinny export

clean:
	rm -rf $(VENV) $(BENCH_VENV) build *.egg-info node_modules
