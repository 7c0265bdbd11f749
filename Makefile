# Two commands: `make demo` (set up everything and serve the example site) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN = $(VENV)/bin
# The test run spreads over this many processes (pytest-xdist); WORKERS=0 runs in one. --dist load keeps
# pytest-django's order in each worker (the tests that flush the database last); a test that clears a Redis
# database uses one of its own, per worker where its file has several such tests (tests/core/redis_databases.py).
WORKERS ?= 2
XDIST = $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS) --dist load)

.PHONY: demo test install serve lint messages bench faults load clean

$(BIN)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --admin
	@echo "Site de démonstration : http://127.0.0.1:$(PORT)/  (administration : http://127.0.0.1:$(PORT)/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Three runs: the test project (core, features, example feature, browser), the core app alone
# (tests/core_only with tests/settings_core.py), and the wheel installed into a fresh `wagtail start` site
# (INSTALL_TEST=0 leaves that one out: it does not depend on the database).
test: install
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)
	$(BIN)/python -m pytest --ds tests.settings_core $(PYTEST_ARGS)
	test "$(INSTALL_TEST)" = 0 || $(BIN)/python -m pytest -m install tests/install

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the English catalogue from the sources and compile it (needs GNU gettext); the .po file is
# the source of the English texts: translate its new entries, then run this again (docs/translation.md).
messages: install
	cd mon_enfant && ../$(BIN)/python ../manage.py makemessages -l en --no-obsolete
	cd mon_enfant && ../$(BIN)/python ../manage.py compilemessages
	cd example_site && ../$(BIN)/python ../manage.py makemessages -l en --no-obsolete
	cd example_site && ../$(BIN)/python ../manage.py compilemessages

# One table of every benchmark of bench/ against baselines measured in the same run (bench/run.py says how):
# BENCH_QUICK=1 for shorter versions, BENCH_ARGS="api_http -v" for some benchmarks with their details, "--markdown".
# The département-scale benchmark runs at 1/20 of its size unless BENCH_QUICK=0 (about 20 minutes on 2 cores).
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var build *.egg-info

# The example site in production while PostgreSQL refuses or stalls, Redis dies or the geocoder fails
# (bench/faults.py; needs PostgreSQL and Redis on 127.0.0.1). FAULTS_ARGS="db-stalled --outage 3" for one.
faults: install
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

# Two gunicorn instances in production on one PostgreSQL and Redis, 50 parents for 60 s while the webmaster
# re-imports the sectorisation and a fee grid (bench/load.py): zero errors, p50/p95/p99 per endpoint, each
# instance's lag behind the import. LOAD_ARGS="--duration 15 --users 20" for a short one.
load: install
	$(BIN)/python bench/load.py $(LOAD_ARGS)
