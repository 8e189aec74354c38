# Thin targets; the first two are the README's set-up commands.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install lint typecheck check migrate bench fuzz clients

$(BIN)/inboxhub: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/inboxhub

install: $(BIN)/inboxhub

run: install
	$(BIN)/inboxhub serve

# Tests run in parallel processes (pytest-xdist), half again as many as cores: many tests wait on
# sockets and child processes. TEST_WORKERS=0 runs them in this one process.
TEST_WORKERS ?= $(shell $(PY) -c 'import os; print(max(2, (os.cpu_count() or 1) * 3 // 2))')

# Bytecode kept even where the environment turns it off (PYTHONDONTWRITEBYTECODE): every test
# process would rewrite the tests' asserts again (2 s of CPU each), and every gateway a test
# starts would compile the sources again.
test: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n $(TEST_WORKERS) --dist worksteal

CODE_DIRS = $(wildcard src tests bench clients/python examples)

lint: install
	$(BIN)/ruff check $(CODE_DIRS)
	$(BIN)/ruff format --check $(CODE_DIRS)
	$(BIN)/lint-imports --no-logo

typecheck: install
	$(BIN)/mypy
	cd clients/python && ../../$(BIN)/mypy

check: lint typecheck test

migrate: install
	$(BIN)/inboxhub migrate

bench: install
	$(BIN)/python bench/run_all.py

# schemathesis over every operation of /openapi.json against a real gateway (tests/fuzz/run.py).
fuzz: install
	$(BIN)/python -m tests.fuzz.run $(FUZZ_ARGS)

# The clients, regenerated from the app's /openapi.json (create_app, no server): the document,
# the Python SDK's typed layer, then the TypeScript types. tests/clients/test_drift.py fails
# until this has been run after an API change.
clients: install
	$(BIN)/python clients/python/generate.py
	cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error && npm run generate
