# Mechelen in cijfers — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
BIN := $(VENV)/bin
RAW := data/raw
PARQUET := data/parquet
BUILT := $(PARQUET)/.built

.PHONY: run test etl lint bench clean

# The environment, reinstalled when pyproject.toml changes; test extras on a separate stamp.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# Parquet tables, rebuilt when missing or older than any source document or ETL module.
$(BUILT): $(VENV)/.installed $(wildcard $(RAW)/*) $(wildcard etl/*.py etl/extract/*.py etl/indicators/*.py)
	$(BIN)/python -m etl build --raw $(RAW) --out $(PARQUET)
	touch $@

etl: $(BUILT)

# Without accounts of its own, a local run gets demo accounts with fresh passwords, printed here.
run: $(BUILT)
	@if [ "$$MECHELEN_ENV" != "production" ] && [ ! -s data/users.json ]; then $(BIN)/python -m dashboard.users demo; fi
	$(BIN)/streamlit run dashboard/serve.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# pytest's exit 5 ("no tests collected") counts as a failure, never a silent pass.
test: $(VENV)/.installed-test $(BUILT)
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Benchmarks, each against a baseline measured in the same run: a table, and bench/results.json.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--repeat 5" or "--strict" (exit 1 when a goal is missed).
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(PARQUET)/*.parquet $(PARQUET)/catalog.sqlite $(PARQUET)/mechelen $(BUILT)
