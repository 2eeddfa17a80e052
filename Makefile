# InProcedere: `make run` serves the demo network, `make test` runs the whole suite.
# Both set everything up themselves; running them again only redoes what changed.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := src/inprocedere/static/vendor
PO_FILES := $(wildcard src/inprocedere/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test setup assets messages translations git-config system-packages migrate demo lint format lock bench bench-directory mutation clean

run: setup migrate
	@INPROCEDERE_DEMO=$${INPROCEDERE_DEMO-1} $(BIN)/inprocedere collectstatic --noinput -v0
	@if [ "$${INPROCEDERE_DEMO-1}" = "1" ]; then INPROCEDERE_DEMO=1 $(BIN)/inprocedere demo; fi
	@echo "Open http://$(HOST):$(PORT)/ and sign in with one of the accounts above."
	INPROCEDERE_DEMO=$${INPROCEDERE_DEMO-1} $(BIN)/inprocedere serve --host $(HOST) --port $(PORT)

test: setup
	@bash scripts/test.sh

setup: $(VENV)/.installed assets messages system-packages git-config

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "InProcedere needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python requirements-dev.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	@command -v npm >/dev/null || bash scripts/apt-install.sh nodejs npm
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/kern $(VENDOR)/htmx
	cp -r node_modules/@kern-ux/native/dist/. $(VENDOR)/kern/
	cp node_modules/@kern-ux/native/LICENSE.md $(VENDOR)/kern/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	@touch $@

messages: $(MO_FILES)

# After adding or changing visible strings: extract them into the German catalogue, then
# translate the new entries (tests/test_translations.py fails on untranslated ones).
# No source locations: line numbers would make every parallel change conflict.
translations: $(VENV)/.installed
	cd src/inprocedere && ../../$(BIN)/inprocedere makemessages -l de --no-location --no-obsolete

# Catalogues merge as the union of both sides' entries (scripts/po-merge.sh).
git-config:
	@git config merge.po.driver 'scripts/po-merge.sh %O %A %B' 2>/dev/null || true

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

# WeasyPrint needs Pango; the browser tests need Debian's Chromium. Installed with apt when we can.
system-packages:
	@bash scripts/system-packages.sh

migrate: setup
	INPROCEDERE_DEMO=$${INPROCEDERE_DEMO-1} $(BIN)/inprocedere migrate --noinput -v0

demo: migrate
	INPROCEDERE_DEMO=1 $(BIN)/inprocedere demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the lock files after changing dependencies in pyproject.toml.
lock: $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.txt pyproject.toml

# Mutation testing of the access policy and the ESF+ rules (docs/testing.md); slow, not in CI.
# `make mutation MUTANTS='inprocedere.reporting.esf*'` narrows it to matching mutants.
mutation: setup
	$(BIN)/python -m pip install --quiet 'mutmut==3.8.1'
	$(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut results

# The page benchmark against a seeded database (docs/performance.md):
#   INPROCEDERE_DEMO=1 DATABASE_URL=postgres://…/inp_bench_100k make bench [BENCH_ARGS="--only inbox"]
bench: setup
	$(BIN)/python bench/web.py $(BENCH_ARGS)

# The older benchmark of the directory (organisations and positions), in a temporary SQLite file.
bench-directory: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/static
