# Clearing-house portal: `make help` lists the targets.
# Needs only Python 3.11+ and make; everything else is installed into .venv from requirements-dev.lock
# (runtime and development tools; the Docker image installs the runtime requirements.lock only).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SIZE ?= 100000

.DEFAULT_GOAL := help
.PHONY: help install vendor run migrate demo test lint format check check-deploy bench bench-search bench-listings bench-match bench-pages drill-outage lock messages clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements-dev.lock pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	@touch $@

install: $(VENV)/.installed vendor ## Create .venv and install the locked dependencies (development lock)
	$(MANAGE) compile_translations

vendor: static/vendor/.built ## Front-end assets served by the site (Leaflet, world outline) into static/vendor/

static/vendor/.built: package.json package-lock.json scripts/build-vendor.mjs
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent && npm run --silent build && touch $@; \
	else \
		echo "npm not found: the partner map is skipped (the directory still lists every partner)."; \
	fi

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load demo content (idempotent)
	$(MANAGE) seed_demo

run: demo ## Set up everything and serve the site with demo content at http://127.0.0.1:8000
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  (editor@example.org / biodiversity-demo)"
	@echo "  National sites (any *.localhost name reaches $(HOST)): http://uganda.localhost:$(PORT)/  http://india.localhost:$(PORT)/"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest

check: install ## Django system checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# The production path: static files collected with the production settings (the manifest
# storage fails on a file a stylesheet or script refers to but nobody ships) and the deployment
# checks. Dummy values stand in for what production reads from the environment; nothing is
# written outside a temporary directory.
check-deploy: install ## Production settings: collectstatic into a temporary folder and check --deploy
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	export DJANGO_SETTINGS_MODULE=chm.settings.production \
		SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		ALLOWED_HOSTS=chm.example.org DATABASE_URL="sqlite:///$$tmp/db.sqlite3" \
		STATIC_ROOT="$$tmp/static" MEDIA_ROOT="$$tmp/media" && \
	$(MANAGE) collectstatic --noinput --verbosity 0 && \
	$(MANAGE) check --deploy --fail-level WARNING

lint: install ## Ruff lint and format check, import contracts (pyproject's [tool.importlinter])
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: install ## Fix lint issues and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: bench-search bench-listings bench-match bench-pages ## Run all benchmarks

# COPIES=K (PostgreSQL) copies the SIZE seeded records in SQL to SIZE×K: SIZE=100000 COPIES=10 is
# a million records in minutes. BENCH_ARGS passes more options (--keep, --reuse, --runs ...).
COPIES ?= 1
bench-search: migrate ## Search benchmark: SIZE records (default 100000) ×COPIES (default 1), latency percentiles
	$(PY) -m search.bench --size $(SIZE) --copies $(COPIES) $(BENCH_ARGS)

# BENCH_ARGS passes more options (--runs N, --keep, --reuse).
bench-listings: migrate ## Listings benchmark: SIZE resources (default 100000), combined filters' percentiles
	$(PY) -m chm.bench_listings --size $(SIZE) $(BENCH_ARGS)

# FAULT=proxy cuts the site's link to PostgreSQL (other users undisturbed); FAULT=restart
# restarts the PostgreSQL cluster itself (root; disturbs everything else on that server).
FAULT ?= proxy
drill-outage: install ## Outage drill: gunicorn under load while PostgreSQL goes away (FAULT=proxy|restart); fails on any 500
	$(PY) scripts/drill_outage.py --fault $(FAULT)

# Its own SIZE default: the matchmaker's target is p95 < 100 ms at 10,000 candidates.
bench-match: SIZE = 10000
bench-match: migrate ## Matchmaker benchmark: seed_demo --size SIZE (default 10000), rank() percentiles
	$(MANAGE) seed_demo --size $(SIZE)
	$(PY) -m cooperation.bench

# Its own defaults: the demo at SIZE 1000 seeds in a few minutes on 2 cores; 16 connections,
# DURATION seconds per run (a bare-view run, then anonymous and signed in, for each of 10 pages).
# BENCH_ARGS passes more options (--check, --baseline FILE, --write-baseline FILE, --pages ...).
bench-pages: SIZE = 1000
bench-pages: CONCURRENCY ?= 16
bench-pages: DURATION ?= 15
bench-pages: WORKERS ?= 2
bench-pages: install ## Page benchmark: gunicorn + PostgreSQL (chm_bench), req/s of 10 pages beside a bare view
	$(PY) -m scripts.bench_pages --size $(SIZE) --concurrency $(CONCURRENCY) \
		--duration $(DURATION) --workers $(WORKERS) $(BENCH_ARGS)

# The runtime lock is resolved within the development lock, so both pin the same versions.
lock: $(BIN)/activate ## Re-resolve requirements-dev.lock and requirements.lock from pyproject.toml
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile --universal --python-version 3.11 pyproject.toml --extra dev -o requirements-dev.lock
	$(BIN)/uv pip compile --universal --python-version 3.11 pyproject.toml -c requirements-dev.lock -o requirements.lock

messages: install ## Extract translatable strings into locale/*/LC_MESSAGES/django.po (needs gettext)
	$(MANAGE) makemessages --all --ignore=.venv --ignore=node_modules --no-obsolete

clean: ## Remove the virtual environment, the SQLite database and build output
	rm -rf $(VENV) db.sqlite3 collected-static media
