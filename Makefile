# The two commands of the README. Both build .venv from pyproject.toml when it is missing or
# older than pyproject.toml, so a fresh machine needs nothing but Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed-from-pyproject

.PHONY: dev test lint typecheck clean bench bench-detection bench-media

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

dev: $(STAMP)
	$(VENV)/bin/tangkal dev

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

test: lint typecheck
	$(VENV)/bin/python -m pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

bench: $(STAMP)
	$(VENV)/bin/python -m bench

# Recycled-hoax matching (forwards against titles, against stored forwards, one-line reports
# against titles) and open-incident duplicates on real debunks read from a local folder (never
# committed: see bench/real_debunks.py), then the speed of triage's duplicate scan with 2,000
# open incidents.
bench-detection: $(STAMP)
	$(VENV)/bin/python -m bench.detection
	$(VENV)/bin/python -m bench.detection --archive-form narrative
	$(VENV)/bin/python -m bench.detection --query-form title
	$(VENV)/bin/python -m bench.duplicates
	$(VENV)/bin/python -m bench.triage_scan

# Media evidence: fingerprint cost, precision/recall on generated media and their edits, and
# lookup time with 100,000 archived media (bench/media.py).
bench-media: $(STAMP)
	$(VENV)/bin/python -m bench.media
