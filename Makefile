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

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d portal/translations

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

extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o portal/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) instance *.egg-info
