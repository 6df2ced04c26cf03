# Internship Insights: `make setup`, `make run`, `make test`, plus bench, screenshots, clean.
# Every target works from a fresh clone; `setup` is a no-op when the requirements are unchanged.

SHELL := /bin/bash
PYTHON_SYSTEM ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# The stamp records that the venv matches the requirements files; it is rebuilt when they change.
STAMP := $(VENV)/.requirements.stamp
HOST ?= 127.0.0.1
PORT ?= 8501
PYTEST_ARGS ?=

.PHONY: setup run test bench screenshots docs-screenshots clean distclean help collect

help:
	@echo "make setup        create .venv and install requirements-dev.txt (fast when unchanged)"
	@echo "make run          start the dashboard on the bundled sample data (HOST=$(HOST) PORT=$(PORT))"
	@echo "make test         run the whole test suite"
	@echo "make bench        run benchmarks/bench_*.py (BENCH_ARGS="--listings 100000" to shrink)"
	@echo "make screenshots  run the browser tests that write artifacts/screenshots/"
	@echo "make docs-screenshots  refresh the small PNGs in docs/screenshots/ from a browser run"
	@echo "make collect      fetch the lists and job boards in sources.toml into collected/ (SOURCES=… OUT=…)"
	@echo "make clean        remove caches and artifacts (keeps .venv); distclean also removes .venv"

setup: $(STAMP)

$(PY):
	@test -n "$(PYTHON_SYSTEM)" || { echo "No python3.11 or python3 on PATH"; exit 1; }
	$(PYTHON_SYSTEM) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $(STAMP)

run: setup
	@echo "Internship Insights on the bundled sample data: http://$(HOST):$(PORT)/"
	$(PY) -m streamlit run dashboard/app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

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
	rm -rf artifacts .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV)
