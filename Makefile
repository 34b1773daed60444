# The two commands a newcomer needs: `make run` and `make test`. CI calls `make test` too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := static/vendor
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on this many processes (pytest-xdist); a test file stays on one.
TEST_WORKERS ?= 2
# Branch coverage of the apps, failing below pyproject.toml's floor; `make test COVERAGE=` runs without it.
COVERAGE ?= --cov --cov-report=term:skip-covered

.PHONY: run test install assets migrate demo lint format check-deploy clean

run: install assets migrate demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Runs it for real (docs/operations.md): collects static files, migrates, then gunicorn (DEBUG off) and the
# background job worker together, against DATABASE_URL (PostgreSQL in production). Ctrl-C stops both. With
# MIGRATION_DATABASE_URL set, it migrates as that owner and serves as DATABASE_URL's role (docs/operations.md).
.PHONY: serve
serve: install assets
	exec $(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT)

# The checks before the suite are the same as .pre-commit-config.yaml's (`.venv/bin/pre-commit install` runs them
# before each commit). The suite measures branch coverage ([tool.coverage.*] in pyproject.toml) and fails
# below its floor; `.venv/bin/coverage html` shows what no test reached.
test: install assets
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/bandit -q -c pyproject.toml -r safeguarding accounts activity reports audit jobs core demo governance training work --severity-level medium
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(COVERAGE)

# Every benchmark script against a PostgreSQL database made for the run and dropped after it (on the server
# BENCH_DATABASE_URL names, default postgres://postgres@127.0.0.1:5432/postgres); the figures, each beside its
# baseline measured in the same run, go into docs/benchmarks.md ("Latest run").
CONSULTATIONS ?= 1000000
IMPORT_ROWS ?= 100000
.PHONY: bench
bench: install assets
	$(BIN)/python scripts/bench.py --consultations $(CONSULTATIONS) --import-rows $(IMPORT_ROWS)

# The templates alone (djlint; its rules and the ones ignored, with why, are in pyproject.toml).
.PHONY: lint-templates
lint-templates: install
	$(BIN)/djlint templates --lint

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The NHS.UK frontend is compiled from its Sass so that images come from our own
# static files and no font is fetched from a CDN; plotly.js comes from the plotly wheel.
assets: $(VENDOR)/.built

$(VENDOR)/.built: node_modules/.installed $(VENV)/.installed frontend/nhsuk.scss
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/nhsuk $(VENDOR)/plotly
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
		frontend/nhsuk.scss $(VENDOR)/nhsuk/nhsuk-frontend.min.css
	cp $(NHSUK)/nhsuk-frontend.min.js $(NHSUK)/nhsuk-frontend.min.js.map $(VENDOR)/nhsuk/
	cp -r $(NHSUK)/assets $(VENDOR)/nhsuk/assets
	cp "$$($(BIN)/python -c 'import plotly, pathlib; print(pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js")')" $(VENDOR)/plotly/
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

# The whole database DATABASE_URL points to, to backups/ (or OUT=path); the file holds personal data.
# With MIGRATION_DATABASE_URL set both connect as that owner: only the owner can restore.
# `make restore FILE=backups/x.dump` replaces everything in the database; over one holding data, add YES=1.
.PHONY: backup restore
backup: install
	$(BIN)/python manage.py backup $(if $(OUT),--out "$(OUT)")

restore: install
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/<name>.dump [YES=1]" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(YES),--yes)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles .pytest_cache .ruff_cache
