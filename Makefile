# The README's two commands are `make run` and `make test`; `make test-all` is what CI runs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data
PORT ?= 8000

.PHONY: run preview setup install test test-all lint format import production bench bench-import bench-search bench-search-flood clean share-card

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The site as the public sees it, DEBUG off: the real 404 and 500 pages, built static files.
preview: setup
	$(BIN)/python manage.py collectstatic --noinput -v0
	DEBUG=false $(BIN)/python manage.py runserver --insecure 127.0.0.1:$(PORT)

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty

install: $(STAMP)

$(STAMP): pyproject.toml tests/browser/package.json
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@# axe-core for the accessibility tests; without npm those tests skip and say why.
	-command -v npm >/dev/null && npm install --prefix tests/browser --no-audit --no-fund --silent
	touch $(STAMP)

# The fast tier: no real-data import, no browser (under two minutes on 2 cores).
test: install
	$(BIN)/python -m pytest -m "not realdata and not browser"

# Everything: the fast tier, the browser tests, then the real-data tests (one import).
test-all: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

import: setup
	$(BIN)/python manage.py import_all $(DATA)

# The production stack on one machine: nginx (config/nginx/nginx.conf) in front of
# gunicorn, on http://127.0.0.1:$(PORT)/. Settings from the environment (README, Deployment).
production: install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python config/stack.py --port $(PORT)

# The serving benchmark (gunicorn + wrk, SQLite and PostgreSQL); the others by name.
bench: install
	$(BIN)/python bench/serve.py

bench-import: install
	$(BIN)/python bench/import.py

bench-search: install
	$(BIN)/python bench/search.py

bench-search-flood: install
	$(BIN)/python bench/search_flood.py

# The Open Graph image, drawn as SVG and rasterised by headless Chromium.
share-card:
	cd static/img && chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size=1200,630 --screenshot=share-card.png share-card.svg

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .pytest_cache .ruff_cache
