# Polku: `make run` serves the portal with demo data, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export PORT
export FLASK_APP := wsgi
# Pinned, hashed dependencies: requirements/main.txt (the app), requirements/dev.txt (everything).
LOCK_OPTS := --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host
export CUSTOM_COMPILE_COMMAND := make lock

.PHONY: run test lint translations bench wheel lock extract clean screenshots worker scheduler

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# The venv holds exactly the lock; the project itself is installed editable on top of it.
$(VENV)/.installed: $(BIN)/python requirements/dev.txt pyproject.toml setup.py
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

CATALOGS := portal/translations $(wildcard plugins/*/translations)

translations: $(VENV)/.installed
	for dir in $(CATALOGS); do $(BIN)/pybabel compile -d $$dir || exit 1; done

run: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data
	@echo "Polku is at http://127.0.0.1:$(PORT)/"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# Background jobs need REDIS_URL; without it they run inline in the web process.
worker: $(VENV)/.installed translations
	$(BIN)/flask jobs worker

scheduler: $(VENV)/.installed
	$(BIN)/flask jobs scheduler

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The suite includes the wheel test (marker `wheel`): it builds and installs the package.
# It runs on two processes, a test file at a time each; `make test PARALLEL=` runs it on one.
PARALLEL ?= -n 2 --dist loadfile
test: $(VENV)/.installed translations lint
	$(BIN)/pytest $(PARALLEL)

bench: $(VENV)/.installed translations
	$(BIN)/pytest -m slow -p no:randomly -s

# Each role's start page and a client's page at 1280 and 375 px in docs/screenshots/ (Chromium).
screenshots: $(VENV)/.installed translations
	$(BIN)/python scripts/screenshots.py

# An sdist and a wheel in dist/ (the build compiles the catalogs into the wheel itself).
wheel: $(VENV)/.installed
	$(BIN)/python -m build --no-isolation --outdir dist .

# Re-resolve the lock after changing dependencies in pyproject.toml;
# `make lock LOCK_FLAGS=--upgrade` moves every pin to the newest allowed release.
lock: $(VENV)/.installed
	$(BIN)/pip-compile $(LOCK_OPTS) $(LOCK_FLAGS) -o requirements/main.txt pyproject.toml
	$(BIN)/pip-compile $(LOCK_OPTS) $(LOCK_FLAGS) --extra postgres --extra redis --extra test \
		--extra dev -c requirements/main.txt -o requirements/dev.txt pyproject.toml

# Update the catalogs after changing texts: the core's, then each built-in plugin's own.
extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o portal/translations/messages.pot --no-location --sort-output portal templates
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete
	for plugin in $(wildcard plugins/*/translations); do \
	  dir=$$(dirname $$plugin); \
	  $(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o $$plugin/messages.pot --no-location --sort-output $$dir && \
	  $(BIN)/pybabel update -i $$plugin/messages.pot -d $$plugin --no-fuzzy-matching --ignore-obsolete || exit 1; \
	done

clean:
	rm -rf $(VENV) instance build dist *.egg-info
