# The two quickstart commands: `make demo` (the main job) and `make test` (the whole suite).
# Each creates or refreshes the local virtualenv .venv itself.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_STORE ?= .bigan/demo-store
OUT ?= out

.PHONY: venv demo test test-fast llm bench bench-local eval-real clean

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

# The real local model (Qwen2.5-Coder 0.5B/1.5B via llama-cpp-python) from ../shared/llm: built once per
# machine under $$BIGAN_LLM_HOME (~/.cache/bigan-llm); re-running it is quick. The real-model tests need it.
SHARED ?= ../shared
llm:
	bash $(SHARED)/llm/setup.sh

test: venv llm
	$(BIN)/python -m pytest

# Everything but the real-model tests (they need `make llm`, about 20 minutes the first time).
test-fast: venv
	$(BIN)/python -m pytest -m "not realmodel"

bench: venv
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py --chunks 10000
	$(BIN)/python bench/draft.py
	$(BIN)/python bench/hostile.py

bench-local: venv llm
	$(BIN)/python bench/draft_local.py

# The real-model eval: the `real` suite with the local 1.5B, prompt variants compared (docs/eval.md).
eval-real: venv llm
	$(BIN)/python eval/real_model.py

clean:
	rm -rf $(VENV) .bigan $(OUT)
