# Polku: `make run` serves the portal with demo data, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test lint translations bench browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

CATALOGS := portal/translations $(wildcard plugins/*/translations)

translations: $(VENV)/.installed
	for dir in $(CATALOGS); do $(BIN)/pybabel compile -d $$dir || exit 1; done

run: $(VENV)/.installed translations
	$(BIN)/flask db upgrade heads
	$(BIN)/flask demo-data
	@echo "Polku is at http://127.0.0.1:$(PORT)/"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed translations lint
	$(BIN)/pytest

bench: $(VENV)/.installed translations
	$(BIN)/pytest -m slow -p no:randomly -s

# Update the catalogs after changing texts: the core's, then each built-in plugin's own.
extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o portal/translations/messages.pot --no-location --sort-output portal templates
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete
	for plugin in $(wildcard plugins/*/translations); do \
	  dir=$$(dirname $$plugin); \
	  $(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o $$plugin/messages.pot --no-location --sort-output $$dir && \
	  $(BIN)/pybabel update -i $$plugin/messages.pot -d $$plugin --no-fuzzy-matching --ignore-obsolete || exit 1; \
	done

clean:
	rm -rf $(VENV) instance *.egg-info
