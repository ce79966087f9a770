# The two quickstart commands: `make demo` (the main job) and `make test` (the whole suite).
# Each creates or refreshes the local virtualenv .venv itself.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_STORE ?= .bigan/demo-store
OUT ?= out

.PHONY: venv demo test bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(BIN)/bigan ingest corpus/samples --store $(DEMO_STORE)
	$(BIN)/bigan draft examples/integrity_report.yaml --store $(DEMO_STORE) \
		-o $(OUT)/integrity_report.docx --json $(OUT)/integrity_report.draft.json --md $(OUT)/integrity_report.md

test: venv
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py --chunks 10000
	$(BIN)/python bench/draft.py

clean:
	rm -rf $(VENV) .bigan $(OUT)
