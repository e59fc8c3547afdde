# Two commands do all set-up on a fresh Debian machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test check lint clean system-deps

site: $(STAMP)
	$(BIN)/innopub build

serve: $(STAMP)
	$(BIN)/mkdocs serve -a 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/innopub check

test: $(STAMP) system-deps
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/pytest -q

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || \
		(apt-get update && apt-get install -y python3-venv)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Debian packages for the tests: Chromium, fonts (see the script for the list and why).
system-deps:
	bash scripts/system-deps.sh

clean:
	rm -rf site .pytest_cache
