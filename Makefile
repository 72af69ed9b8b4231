# Kernekompas: `make run` starts the app on SQLite with demo data; `make test` runs every check.
# Both build the virtualenv from the hashed lock files, so every machine installs the same thing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export PIP_DISABLE_PIP_VERSION_CHECK := 1

HOST ?= 127.0.0.1

.PHONY: run dev test lint typecheck e2e lock clean-db help messages

help:
	@echo "make run    - install, migrate, load demo data (first time) and start the app on http://localhost:$(PORT)"
	@echo "make dev    - the same with 'streamlit run app.py' (slower per click; for development)"
	@echo "make test   - install and run ruff, mypy and the whole test suite"
	@echo "make lock   - regenerate requirements*.lock from pyproject.toml"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# A stamp per lock file: installs again only when the lock changes.
$(VENV)/.runtime-installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	touch $@ $(VENV)/.runtime-installed

# The shipped server (server/): st.App under uvicorn with TCP_NODELAY and gc.freeze, /healthz and an
# access log. docs/deploy.md runs the same command under systemd.
run: $(VENV)/.runtime-installed
	$(BIN)/python -m demo --if-empty
	$(BIN)/python -m server --host $(HOST) --port $(PORT)

# Streamlit's own server, for development; about 40 ms slower per click (bench/RESULTS-server.md).
dev: $(VENV)/.runtime-installed
	$(BIN)/python -m demo --if-empty
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==0.13.8
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.lock

clean-db:
	rm -f data/kernekompas.db data/kernekompas.db-wal data/kernekompas.db-shm

# Gather every translatable text into the template and merge it into the Danish catalog.
messages: $(VENV)/.dev-installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		-o locales/kernekompas.pot $(wildcard assessment models ui screens demo report) app.py
	$(BIN)/pybabel update -i locales/kernekompas.pot -d locales -D kernekompas -l da --no-fuzzy-matching --ignore-obsolete
