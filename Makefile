# Internship Insights: `make setup`, `make run`, `make test`, plus lint, lock, bench, screenshots, clean.
# Every target works from a fresh clone; `setup` is a no-op when the requirements and pyproject.toml are unchanged.

SHELL := /bin/bash
PYTHON_SYSTEM ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PIP := $(PY) -m pip --disable-pip-version-check
# The stamp records that the venv matches the lock files and the project metadata; it is rebuilt when they change.
STAMP := $(VENV)/.requirements.stamp
HOST ?= 127.0.0.1
PORT ?= 8501
PYTEST_ARGS ?=
# The app's own modules, compiled to bytecode before the server starts (`run`): where Python is told not to write
# bytecode as it imports (PYTHONDONTWRITEBYTECODE, common in containers), every start would compile ~30,000 lines
# (~0.25 CPU-s) again. compileall skips what is up to date. benchmarks/bench_browser_cold_start.py does the same.
APP_SOURCES := streamlit_app.py analytics dashboard data_loaders
COMPILE := $(BIN)/uv pip compile --quiet --python-version 3.11 --custom-compile-command "make lock"

.PHONY: setup run lint test lock bench screenshots docs-screenshots clean distclean help collect plotly-bundle

help:
	@echo "make setup        create .venv, install requirements-dev.txt and this project (fast when unchanged)"
	@echo "make run          start the dashboard on the bundled sample data (HOST=$(HOST) PORT=$(PORT))"
	@echo "make lint         ruff (lint + format check), mypy and the import contracts (lint-imports)"
	@echo "make test         lint, then the whole test suite"
	@echo "make lock         recompile requirements*.txt (every transitive pin) from requirements*.in"
	@echo "make bench        run benchmarks/bench_*.py (BENCH_ARGS="--listings 100000" to shrink)"
	@echo "make screenshots  run the browser tests that write artifacts/screenshots/"
	@echo "make docs-screenshots  refresh the small PNGs in docs/screenshots/ from a browser run"
	@echo "make plotly-bundle  rebuild frontend/plotly/plotly-insights.min.js (needs Node and npm; the build is committed)"
	@echo "make collect      fetch the lists and job boards in sources.toml into collected/ (SOURCES=… OUT=…)"
	@echo "make clean        remove caches and artifacts (keeps .venv); distclean also removes .venv"

setup: $(STAMP)

$(PY):
	@test -n "$(PYTHON_SYSTEM)" || { echo "No python3.11 or python3 on PATH"; exit 1; }
	$(PYTHON_SYSTEM) -m venv $(VENV)

# The lock files pin every package; the project itself goes in editable, without dependencies (all are pinned above)
# and without build isolation (setuptools is pinned in requirements-dev.txt).
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	$(PIP) install -q -r requirements-dev.txt
	$(PIP) install -q --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: setup
	@$(PY) -m compileall -q -j 0 $(APP_SOURCES) > /dev/null
	@echo "Internship Insights on the bundled sample data: http://$(HOST):$(PORT)/"
	$(PY) -m dashboard.serve --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

# The plotly.js the charts run on (dashboard/plotly_bundle.py): only the trace types in frontend/plotly/traces.json,
# from the plotly.js pinned in frontend/plotly/package-lock.json. Its output is committed: `setup`, `run` and `test`
# never need Node. Rebuild after changing traces.json or the pin.
plotly-bundle:
	cd frontend/plotly && npm ci --no-audit --no-fund && node build.js

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Needs the package index. Bump a pin in requirements*.in, run this, then `make setup`.
lock: setup
	$(COMPILE) requirements.in -o requirements.txt
	$(COMPILE) requirements-dev.in -o requirements-dev.txt

# Live market data (docs/collect.md): one collection run; schedule it with cron or a systemd timer.
SOURCES ?= $(if $(wildcard sources.toml),sources.toml,config/sources.toml)
OUT ?= collected
collect: setup
	$(PY) -m data_loaders collect --config $(SOURCES) --out $(OUT)

bench: setup
	@shopt -s nullglob; for f in benchmarks/bench_*.py; do \
		m=$$(basename $$f .py); echo "== benchmarks.$$m $(BENCH_ARGS)"; \
		$(PY) -m benchmarks.$$m $(BENCH_ARGS) || exit $$?; \
	done

screenshots: setup
	$(PY) -m pytest tests/e2e -q $(PYTEST_ARGS)
	@echo "Screenshots written to artifacts/screenshots/"

docs-screenshots: screenshots
	$(PY) scripts/docs_screenshots.py

clean:
	rm -rf artifacts .pytest_cache .hypothesis .mypy_cache .ruff_cache .import_linter_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)
