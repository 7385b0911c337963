# Lettrage: `make run` starts the web app, `make test` runs every test (browser tests included).
# Both work from a fresh clone on Debian with Python 3.11: they install what is missing, and only that.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Rebuilt when pyproject.toml changes (new dependency), or when .venv is deleted.
INSTALLED := $(VENV)/.installed

HOST ?= 127.0.0.1
PORT ?= 5000
DB ?= instance/simulator.db
PYTEST_ARGS ?=
# The tests run in two processes (pytest-xdist), a test file each at a time: module fixtures and caches stay
# in one process, and the two tests of tests/web/test_app_fixture.py keep their order. TEST_WORKERS=0 runs
# them in this process (pdb, -x); TEST_WORKERS=auto uses every core.
TEST_WORKERS ?= 2
XDIST = $(if $(filter 0,$(TEST_WORKERS)),-p no:xdist,-n $(TEST_WORKERS) --dist loadfile)

# WeasyPrint (PDF documents): pango, and harfbuzz-subset without which it is about 3 times slower.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# The tests also read PDFs back and drive Debian's Chromium (Playwright's own download does not work here),
# in French: chromium-l10n has the locale files without which its date fields stay MM/DD/YYYY. The store
# tests run on PostgreSQL too: a throwaway server of their own from Debian's binaries (no service, no port;
# LETTRAGE_SKIP_POSTGRESQL=1 skips them on a machine without it).
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils chromium chromium-l10n postgresql
# bench/two_hosts.py starts a throwaway PostgreSQL server as the tests do.
BENCH_PACKAGES := $(RUN_PACKAGES) postgresql

.PHONY: run test test-fast lint format bench run-packages test-packages bench-packages
.NOTPARALLEL:

run: run-packages $(INSTALLED)
	$(BIN)/simulator serve --host $(HOST) --port $(PORT) --db $(DB)

# pytest caches its assertion rewriting (and Python its bytecode) in __pycache__/: about 5 s of CPU per
# process at each run when PYTHONDONTWRITEBYTECODE forbids it, so the test targets let it write.
test test-fast: export PYTHONDONTWRITEBYTECODE :=

test: test-packages $(INSTALLED)
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

# The loop a developer lives in: everything but the browser tests and the long multi-seed sweeps, and a
# quarter of the property tests' random examples (tests/sweeps.py; make test runs them all). The
# application's tests share one app and copy a snapshot database per test (tests/app_snapshots.py).
# Measured on 2 cores: 3,384 tests, 105 s of CPU (150 s in one process before), 1 min 21 s of wall time on
# a quiet machine; make test: 3,480 tests, 319 s of CPU, 5 min 49 s with the machine loaded at 4-5 (one
# process before: 311 s of CPU, 8 min 52 s at the same load).
test-fast: test-packages $(INSTALLED)
	LETTRAGE_TEST_FAST=1 $(BIN)/pytest $(XDIST) -m "not e2e and not slow" $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: bench-packages $(INSTALLED)
	@set -e; found=0; \
	for script in bench/*.py; do \
	    [ -e "$$script" ] || continue; found=1; \
	    echo "== $$script"; $(BIN)/python "$$script"; \
	done; \
	[ $$found = 1 ] || echo "No benchmark yet (bench/*.py)."

run-packages:
	@scripts/ensure-debian-packages $(RUN_PACKAGES)

test-packages:
	@scripts/ensure-debian-packages $(TEST_PACKAGES)

bench-packages:
	@scripts/ensure-debian-packages $(BENCH_PACKAGES)

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	    echo "Lettrage needs Python 3.11 or later as '$(PYTHON)' (try: make $(MAKECMDGOALS) PYTHON=python3.11)." >&2; \
	    exit 1; }
	@if [ ! -x $(BIN)/pip ]; then \
	    $(PYTHON) -c 'import ensurepip' 2>/dev/null || scripts/ensure-debian-packages python3-venv; \
	    echo "Creating $(VENV)"; \
	    $(PYTHON) -m venv --clear $(VENV); \
	fi
	$(BIN)/pip install --disable-pip-version-check -q -e '.[test]'
	@touch $@
