# Targets are what CI and the README run; each works from a fresh clone after `make setup`.
PY ?= .venv/bin/python
SHARED ?= ../shared

.PHONY: setup test lint eval bench run

setup:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

test:
	$(PY) -m pytest -q

lint:
	$(PY) -m ruff check src tests benchmarks tools

eval:
	.venv/bin/rasd eval --shared $(SHARED)

bench:
	$(PY) benchmarks/run_all.py

run:
	.venv/bin/rasd ingest examples --db rasd.db
