# Clearing-house portal: `make help` lists the targets.
# Needs only Python 3.11+ and make; everything else is installed into .venv from requirements.lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SIZE ?= 100000

.DEFAULT_GOAL := help
.PHONY: help install vendor run migrate demo test lint format check bench bench-search lock messages clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

install: $(VENV)/.installed vendor ## Create .venv and install the locked dependencies
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
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest

check: install ## Django system checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

lint: install ## Ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix lint issues and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: bench-search ## Run all benchmarks

bench-search: migrate ## Search benchmark: SIZE records (default 100000), latency percentiles
	$(PY) -m search.bench --size $(SIZE)

lock: $(BIN)/activate ## Re-resolve requirements.lock from pyproject.toml
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile --universal --python-version 3.11 pyproject.toml --extra dev -o requirements.lock

messages: install ## Extract translatable strings into locale/*/LC_MESSAGES/django.po (needs gettext)
	$(MANAGE) makemessages --all --ignore=.venv --ignore=node_modules --no-obsolete

clean: ## Remove the virtual environment, the SQLite database and build output
	rm -rf $(VENV) db.sqlite3 collected-static media
