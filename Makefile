# Two commands do all set-up on a fresh Debian-like machine: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
export PUBLIC_BASE_URL ?= http://localhost:$(PORT)

.PHONY: run worker test system-deps venv deps test-deps vendor translations db demo bench bench-decode bench-stats extract-messages clean

# gunicorn (gunicorn.conf.py: one process with threads, or WEB_CONCURRENCY processes with REDIS_URL);
# FLASK_DEBUG=1 make run: Flask's reloading development server instead.
run: deps vendor translations db demo
	@echo "Kaikukanta is at http://$(if $(filter 0.0.0.0,$(HOST)),localhost,$(HOST)):$(PORT)/"
	@if [ "$${FLASK_DEBUG:-0}" = "1" ]; then \
	  COOKIE_SECURE=$${COOKIE_SECURE:-0} $(FLASK) run --host $(HOST) --port $(PORT); \
	else \
	  COOKIE_SECURE=$${COOKIE_SECURE:-0} HOST=$(HOST) PORT=$(PORT) exec $(VENV)/bin/gunicorn -c gunicorn.conf.py wsgi:app; \
	fi

# Background jobs on RQ (needs REDIS_URL; without it they run inside `make run`'s process).
worker: deps
	$(FLASK) jobs worker

test: test-deps vendor translations
	bash scripts/run-tests.sh

system-deps:
	@bash scripts/system-deps.sh

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

venv: $(VENV)/bin/python

deps: system-deps venv
	$(VENV)/bin/pip install -q -e .

test-deps: system-deps venv
	TEST=1 bash scripts/system-deps.sh
	$(VENV)/bin/pip install -q -e '.[test]'

vendor:
	@bash scripts/vendor-js.sh

translations: venv
	$(VENV)/bin/pybabel compile -d app/translations

extract-messages:
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o app/translations/messages.pot .
	$(VENV)/bin/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

db:
	$(FLASK) db upgrade

demo:
	$(FLASK) demo

bench: test-deps translations
	BENCH=1 bash scripts/system-deps.sh
	$(PY) bench/bench_api.py
	$(PY) bench/bench_desk.py
	$(PY) bench/bench_print.py
	$(MAKE) bench-decode

bench-decode: test-deps
	$(PY) bench/bench_decode.py

# Builds its own PostgreSQL database (BENCH_STATS_DATABASE_URL, default kaikukanta_bench); SCALE=0.1 for a tenth.
SCALE ?= 1
bench-stats: deps
	$(PY) bench/bench_stats.py --build --scale $(SCALE)

clean:
	rm -rf $(VENV) node_modules instance/*.sqlite
