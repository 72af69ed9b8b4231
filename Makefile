# Kernekompas: `make run` starts the app on SQLite with demo data; `make test` runs every check.
# Both build the virtualenv from the hashed lock files, so every machine installs the same thing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export PIP_DISABLE_PIP_VERSION_CHECK := 1

HOST ?= 127.0.0.1

.PHONY: run dev test test-clock lint typecheck e2e lock clean-db help messages soak bench

help:
	@echo "make run    - install, migrate, load demo data (first time) and start the app on http://localhost:$(PORT)"
	@echo "make dev    - the same with 'streamlit run app.py' (slower per click; for development)"
	@echo "make test   - install and run ruff, mypy and the whole test suite"
	@echo "make test-clock CLOCK_AT='2028-01-10 23:30:00' - the suite with the clock moved (needs faketime)"
	@echo "make lock   - regenerate requirements*.lock from pyproject.toml"
	@echo "make soak   - the long fault tests (minutes): concurrent raters, the control, 50 kills"
	@echo "make bench  - the municipal-scale benchmarks (minutes; see bench/README.md)"

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
# Local mode (no sign-in; whoever uses the app picks whose shoes to be in) is only for this machine:
# the app refuses it to visitors from elsewhere or through a proxy (ui/identity.py).
run: $(VENV)/.runtime-installed
	$(BIN)/python -m demo --if-empty
	KERNEKOMPAS_LOCAL_MODE=1 $(BIN)/python -m server --host $(HOST) --port $(PORT)

# Streamlit's own server, for development; about 40 ms slower per click (bench/RESULTS-server.md).
dev: $(VENV)/.runtime-installed
	$(BIN)/python -m demo --if-empty
	KERNEKOMPAS_LOCAL_MODE=1 $(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The suite outside tests/e2e and tests/deploy with every clock of the test processes moved to
# CLOCK_AT (UTC) by libfaketime (Debian: faketime): Python's datetime and time, SQLite's own 'now'
# and every subprocess alike. A relative offset, so parent and child processes agree and the clock
# runs on. TZ=UTC as on a server: a test that takes the server's day for the Danish one fails
# whenever CLOCK_AT is late in the evening. The browser tests are left out: Chromium and the
# sign-in provider keep their own clocks. So are tests marked timed_thread_waits: a wait between
# threads that must run out (threading.Event.wait) never ends under libfaketime, whose clock the
# wait's deadline is computed on but whose sem_clockwait it does not reach; with the monotonic
# clock left real instead, pthread_cond_timedwait gets an invalid deadline (seen with both).
CLOCK_AT ?= $(shell date -u -d '+400 days' '+%F 23:30:00')
test-clock: $(VENV)/.dev-installed
	@command -v faketime >/dev/null || { echo "make test-clock needs libfaketime: apt-get install faketime"; exit 2; }
	@offset=$$(( $$(date -u -d "$(CLOCK_AT)" +%s) - $$(date -u +%s) )); \
	case $$offset in -*) ;; *) offset="+$$offset";; esac; \
	echo "clock moved to $(CLOCK_AT) UTC (offset $$offset s)"; \
	TZ=UTC faketime -f "$$offset" $(BIN)/python -m pytest -n 2 --ignore=tests/e2e --ignore=tests/deploy \
		-m "not timed_thread_waits" $(PYTEST_ARGS)

lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==0.13.8
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.lock

clean-db:
	rm -f data/kernekompas.db data/kernekompas.db-wal data/kernekompas.db-shm

# Gather every translatable text into the template and merge it into the Danish catalog.
messages: $(VENV)/.dev-installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		-o locales/kernekompas.pot $(wildcard assessment storage ui screens demo report) app.py
	$(BIN)/pybabel update -i locales/kernekompas.pot -d locales -D kernekompas -l da --no-fuzzy-matching --ignore-obsolete

# The long versions of tests/faults (several minutes; PostgreSQL from KERNEKOMPAS_TEST_POSTGRES_URL,
# default the local server): 8 raters for 30 s on SQLite and PostgreSQL, the deferred-BEGIN control
# that must fail, and 50 SIGKILLs per backend. Each exits non-zero when its check fails; the latest
# figures are in bench/RESULTS-faults.md.
soak: $(VENV)/.dev-installed
	status=0; \
	$(BIN)/python -m bench.concurrency --backend sqlite --backend postgres --seconds 30 || status=1; \
	$(BIN)/python -m bench.concurrency --control --seconds 30 || status=1; \
	$(BIN)/python -m bench.faults --kills 50 || status=1; \
	exit $$status

# The benchmarks of bench/README.md: a large municipality (2,000 proposals, 2.5 M scores) on SQLite
# and PostgreSQL (KERNEKOMPAS_BENCH_POSTGRES_URL, default the local server). Takes many minutes,
# so it is not part of `make test`; each step runs even when an earlier one misses a target.
bench: $(VENV)/.dev-installed
	-$(BIN)/python -m bench.pages
	-$(BIN)/python -m bench.exports
	-$(BIN)/python -m bench.memory
	-$(BIN)/python -m bench.answers
	-$(BIN)/python -m bench.scoring_browser
	-$(BIN)/python -m bench.export_speed
	-$(BIN)/python -m bench.export_browser
	-$(BIN)/python -m bench.portfolio_screen
