# phoihop — the two commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PHOIHOP := $(BIN)/phoihop
# Debian packages: runtime (PDF reports, fonts; HarfBuzz's subsetter, which WeasyPrint
# cuts the embedded fonts with, far quicker than its fallback; reading scanned decisions:
# Tesseract with its Vietnamese model, and poppler's pdftoppm to draw a PDF's pages) and
# tests (the browser).
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
  tesseract-ocr tesseract-ocr-vie poppler-utils
TEST_DEBS := chromium libreoffice-writer-nogui libreoffice-calc-nogui
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_IMPORT_ROWS ?= 10000
BENCH_WORKER_IMPORT_ROWS ?= 200000
BENCH_NATIONAL_CASES ?= 100000
BENCH_CASES ?= 1000000
BENCH_READING_COUNT ?= 104
BENCH_READING_SCANS ?= 26
LOAD_RATE ?= 160
LOAD_SECONDS ?= 300

.DEFAULT_GOAL := help
.PHONY: setup .runtime-debs help demo demo-reset run test test-sqlite test-postgres test-hard-days replica check format bench bench-load requirements messages clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements/base.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
	  || $(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.base-installed
	$(BIN)/pip install -q --disable-pip-version-check -r requirements/dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

.runtime-debs:
	@scripts/system-deps $(RUNTIME_DEBS)

setup: $(VENV)/.base-installed node_modules/.package-lock.json .runtime-debs
	@mkdir -p var
	@$(PHOIHOP) migrate --noinput -v 0
	@$(PHOIHOP) createcachetable
	@$(PHOIHOP) collectstatic --noinput -v 0
	@$(PHOIHOP) load-registry

demo: setup ## set up everything and serve the demo on SQLite at http://127.0.0.1:8000
	@$(PHOIHOP) demo-data --if-empty
	@$(PHOIHOP) sweep
	@$(PHOIHOP) demo-banner --url http://$(HOST):$(PORT)/
	@$(PHOIHOP) serve $(HOST):$(PORT) --with-worker

demo-reset: ## delete the demo database and start over
	rm -f var/phoihop.sqlite3 var/phoihop.sqlite3-wal var/phoihop.sqlite3-shm
	$(MAKE) demo

run: setup ## serve the existing database without touching its data
	@$(PHOIHOP) serve $(HOST):$(PORT) --with-worker

check: $(VENV)/.dev-installed ## ruff, format, mypy, import contracts, migrations
	@mkdir -p var/static
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy phoihop config
	$(BIN)/lint-imports
	env -u PHOIHOP_TEST_DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: check node_modules/.package-lock.json ## quality gates, then every test on SQLite and PostgreSQL
	@scripts/system-deps $(RUNTIME_DEBS) $(TEST_DEBS)
	@# Side by side: each suite is one Python process, and the machine has two cores.
	@# Each suite's output is printed whole when it ends.
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: $(VENV)/.dev-installed
	env -u PHOIHOP_TEST_DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -m "not bench"

test-postgres: $(VENV)/.dev-installed
	@if [ -z "$$PHOIHOP_TEST_DATABASE_URL" ]; then \
	  echo "PHOIHOP_TEST_DATABASE_URL is not set: PostgreSQL tests not run (CI sets it)."; \
	else \
	  DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -m "not bench and not functional and not volume and not ocr"; \
	fi

replica: ## a streaming standby of the test PostgreSQL on port 5433, for the read-replica tests (as root)
	@scripts/test-replica start
	@echo "The replica tests read it when the environment has:"
	@echo "  export PHOIHOP_TEST_REPLICA_URL=$${PHOIHOP_TEST_REPLICA_URL:-postgres://postgres@127.0.0.1:5433/}"

test-hard-days: check node_modules/.package-lock.json ## the SQLite suite with the clock on each hard day (month, year, Tết, leap day)
	@scripts/system-deps $(RUNTIME_DEBS) $(TEST_DEBS)
	$(BIN)/python -m tests.hard_days $(if $(DAYS),--days $(DAYS))

bench: $(VENV)/.dev-installed ## benchmarks, printed as JSON
	@scripts/system-deps $(RUNTIME_DEBS)
	$(BIN)/python -m tests.bench.clocks --cases $(BENCH_CASES)
	$(BIN)/python -m tests.bench.imports --rows $(BENCH_IMPORT_ROWS)
	$(BIN)/python -m tests.bench.worker_import --rows $(BENCH_WORKER_IMPORT_ROWS)
	$(BIN)/python -m tests.bench.risk_backtest --cases 20000
	$(BIN)/python -m tests.bench.pages --cases 2000
	$(BIN)/python -m tests.bench.reading --count $(BENCH_READING_COUNT) --scans $(BENCH_READING_SCANS)
	@if [ -n "$$PHOIHOP_TEST_DATABASE_URL" ]; then \
	  $(BIN)/python -m tests.bench.national --cases $(BENCH_NATIONAL_CASES); \
	else echo "PHOIHOP_TEST_DATABASE_URL is not set: the national-scale benchmark (PostgreSQL) not run."; fi

bench-load: $(VENV)/.dev-installed ## the morning peak: 160 requests/s for 5 minutes against gunicorn on PostgreSQL
	@scripts/system-deps $(RUNTIME_DEBS) wrk nginx
	$(BIN)/python -m tests.bench.load --rate $(LOAD_RATE) --seconds $(LOAD_SECONDS)

format: $(VENV)/.dev-installed ## fix formatting and lint in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

requirements: $(VENV)/.dev-installed ## re-pin requirements/*.txt from *.in
	$(BIN)/pip-compile -q --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/base.txt requirements/base.in
	$(BIN)/pip-compile -q --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/dev.txt requirements/dev.in

messages: $(VENV)/.dev-installed ## extract and compile translations
	cd phoihop && DJANGO_SETTINGS_MODULE=config.settings.test ../$(BIN)/django-admin makemessages -l vi --no-obsolete --no-location --no-wrap -i "domain/*" -i "demo/*" -i "documents/*"
	cd phoihop && DJANGO_SETTINGS_MODULE=config.settings.test ../$(BIN)/django-admin compilemessages

clean: ## remove the environment and generated files (keeps var/)
	rm -rf $(VENV) node_modules var/static
