# Article Curator: `make run` sets up and launches the app; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# `run` installs only what the app needs ([runtime]); `test` and the tools add [dev].
RUN_STAMP := $(VENV)/.runtime-stamp
DEV_STAMP := $(VENV)/.dev-stamp
DIST_STAMP := $(VENV)/.dist-stamp
BENCH_STAMP := $(VENV)/.bench-stamp

.PHONY: run test bench lint typecheck dist dist-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[runtime]'
	@touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[runtime,dev]'
	@touch $(RUN_STAMP) $(DEV_STAMP)

run: $(RUN_STAMP)
	$(BIN)/curator gui --first-run-corpus corpus

test: $(DEV_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# `make bench` adds quantulum3 (the [bench] extra) so the held-out rows score it beside us
$(BENCH_STAMP): pyproject.toml | $(DEV_STAMP)
	$(BIN)/python -m pip install -q -e '.[runtime,dev,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

lint: $(DEV_STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/lint-imports

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

# the standalone one-folder bundle: dist/curator/curator (PyInstaller, packaging/curator.spec)
$(DIST_STAMP): pyproject.toml | $(RUN_STAMP)
	$(BIN)/python -m pip install -q -e '.[runtime,dist]'
	@touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/curator.spec
	@du -sh dist/curator

# run the bundle's binary with a clean environment (packaging/smoke.sh)
dist-check: dist
	bash packaging/smoke.sh dist/curator/curator tests/data/stores/r0001.db

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
