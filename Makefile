# The two commands: `make demo` (build the database from seeds/ and claims/, serve Datasette)
# and `make test`. Both create .venv and install into it when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-claimdesk
DB ?= claims.db
PORT ?= 8001

.PHONY: demo test build serve lint docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: build
	$(BIN)/claimdesk --db $(DB) serve --port $(PORT)

build: $(STAMP)
	$(BIN)/claimdesk --db $(DB) build

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# Regenerate the CLI reference in README.md from --help (tests fail when it is stale).
docs: $(STAMP)
	$(BIN)/cog -r README.md

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
