# The two commands of the README:  `make serve` (install, build, start the chat UI)  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test lint install chromium eval bench

serve: $(VENV)/.installed
	$(BIN)/budgetqa setup
	$(BIN)/budgetqa serve

test: $(VENV)/.installed chromium
	$(BIN)/budgetqa setup
	$(BIN)/pytest

# Lint, format and type checks (configured in pyproject.toml); .ci/run runs them before the tests.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || sh scripts/install-chromium.sh

eval: $(VENV)/.installed
	$(BIN)/budgetqa eval

bench: $(VENV)/.installed
	$(BIN)/python bench/latency.py
