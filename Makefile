# Polywire: `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo.db

.PHONY: install system-deps demo test lint fit bench bench-web clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,ray]'
	touch $@

# Debian packages the tests need and pip cannot give: a PostgreSQL server, which the
# tests start themselves in a temporary folder, and Chromium with its driver for the
# web UI tests. Installed only when missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_PACKAGES := postgresql chromium chromium-driver
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		$(SUDO) apt-get update -q && \
		$(SUDO) apt-get install -y -q --no-install-recommends $(DEBIAN_PACKAGES); \
	fi

demo: install
	$(BIN)/polywire ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/polywire stories --db $(DEMO_DB)
	@echo "Then: $(BIN)/polywire serve --db $(DEMO_DB), and open http://127.0.0.1:8000/   ·   $(BIN)/polywire --help"

test: install system-deps lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Refit the clustering model on ../shared/data/*-dev* (writes src/polywire/cluster/params/).
fit: install
	$(BIN)/python scripts/fit_params.py

# Speed and memory (45–60 minutes, as fast as the model runs that day): prints a table and
# writes docs/benchmarks.md.
bench: install
	$(BIN)/python scripts/bench.py

# The web server under 50 concurrent clients (about 5 minutes): writes docs/benchmarks.md.
bench-web: install
	$(BIN)/python scripts/bench_web.py

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache $(DEMO_DB)*
