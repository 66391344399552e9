# The README's commands. Each target installs what it needs first, so a fresh clone works.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test lint check clean bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/portal.css: node_modules/.installed static/src/portal.scss
	npm run --silent build

## Install everything, migrate the embedded SQLite database and load the demo data.
setup: $(VENV)/.installed static/build/portal.css
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py setup_demo

## Serve the portal at http://127.0.0.1:8000 with a Celery worker and beat beside it.
run: setup
	$(VENV)/bin/honcho --procfile Procfile.dev start

## Run the whole test suite (SQLite by default; PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set).
test: $(VENV)/.installed static/build/portal.css
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

check: $(VENV)/.installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## Measure the portal at county scale in its own PostgreSQL database (results in var/bench/; about 15 minutes).
bench: $(VENV)/.installed static/build/portal.css
	@command -v wrk >/dev/null || (echo "Installing wrk, the HTTP load generator, from Debian's packages" && \
		{ apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; }; })
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var static/build
