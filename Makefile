# Polywire: `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo.db

.PHONY: install system-deps demo test lint fit bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

# Debian packages the tests need and pip cannot give: a PostgreSQL server, which the
# tests start themselves in a temporary folder. Installed only when missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
system-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q --no-install-recommends postgresql)

demo: install
	$(BIN)/polywire ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/polywire stories --db $(DEMO_DB)
	@echo "Next: $(BIN)/polywire show STORY_ID --db $(DEMO_DB)   ·   $(BIN)/polywire --help"

test: install system-deps lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Refit the clustering model on ../shared/data/*-dev* (writes src/polywire/cluster/params/).
fit: install
	$(BIN)/python scripts/fit_params.py

# Speed and memory (about 20 minutes): prints a table and writes docs/benchmarks.md.
bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache $(DEMO_DB)*
