# make run  — install, set up SQLite with the seed documents and demo accounts, serve on :8000
#             (another port: make run PORT=8080); the parse worker in the background
# make test — install and run the whole test suite (SQLite, and PostgreSQL when reachable)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: venv system-deps test lint format run bench bench-api bench-fuzz bench-export bench-hostile \
	bench-hostile-p95

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

# Debian chromium (browser tests, never a downloaded browser), CJK fonts for screenshots, and
# LibreOffice's Writer and Calc (the seeds printed to PDF by tests/office_pdfs.py).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 \
	    || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk \
	      libreoffice-writer-nogui libreoffice-calc-nogui; \
	  else echo "install Debian packages chromium, fonts-noto-cjk, libreoffice-writer-nogui and" \
	    "libreoffice-calc-nogui for the browser and printed-seed tests"; fi; \
	fi

test: venv system-deps
	scripts/run-tests

lint: venv
	$(BIN)/ruff check src tests benchmarks

format: venv
	$(BIN)/ruff format src tests benchmarks

# DEBUG off, as a user meets it: Chinese 403/404 pages, never Django's debug page listing the
# URLs; --insecure serves the static files runserver leaves alone without DEBUG.
PORT ?= 8000
# The parse worker (duban db_worker) runs in the background beside runserver and stops with it.
run: venv
	$(BIN)/duban demo --url http://127.0.0.1:$(PORT)/
	$(BIN)/duban status --recompute
	@$(BIN)/duban db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=false $(BIN)/duban runserver --insecure 127.0.0.1:$(PORT)

bench-hostile: venv
	$(BIN)/python benchmarks/hostile_bench.py

# Other users' latency while those files are uploaded and parsed: gunicorn (2 workers) and one
# db_worker on loopback, production settings, SQLite (PostgreSQL: ARGS=--postgres).
bench-hostile-p95: venv
	$(BIN)/python benchmarks/hostile_p95.py $(ARGS)

bench: venv
	$(BIN)/python benchmarks/extract_bench.py
	$(BIN)/python benchmarks/import_bench.py

bench-api: venv
	$(BIN)/python benchmarks/api_bench.py --tasks 100000 --reports 1000000

bench-fuzz: venv
	$(BIN)/python benchmarks/fuzz_bench.py

bench-export: venv
	$(BIN)/python benchmarks/export_bench.py --tasks 4000
