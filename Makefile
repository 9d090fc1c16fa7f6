# taleforge: `make demo` produces a sample audiobook, `make test` runs the suite, `make bench` measures.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.taleforge-installed
# torch/torchaudio 2.11.0 is the pair that Coqui TTS and diffusers (later engines) need; installed first so
# nothing else pulls a different multi-GB build.
TORCH := torch==2.11.0 torchaudio==2.11.0

.PHONY: install demo test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt $(TORCH)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/taleforge inspect examples/the-lamplighter.md
	$(BIN)/taleforge produce examples/the-lamplighter.md --out out --stems \
		--casting examples/the-lamplighter.cast.yaml --lexicon examples/the-lamplighter.pls
	@echo "Book folder: out/the-lamplighter-of-harrow-quay (open report.html there for the QA page)"

# The whole suite on SQLite (storage tests on PostgreSQL too), then the flows again with every job
# record in PostgreSQL (a throw-away server on loopback; skipped, visibly, where it cannot run).
test: $(STAMP)
	@bash infra/ensure-postgres.sh install
	$(BIN)/python -m pytest -ra
	TALEFORGE_TEST_DB=postgres-or-skip $(BIN)/python -m pytest -ra tests/flows/test_produce.py \
		tests/flows/test_inbox.py tests/flows/test_faults.py tests/flows/test_cli.py

bench: $(STAMP)
	$(BIN)/python bench/bench_produce.py
	$(BIN)/python bench/bench_narration.py
	$(BIN)/python bench/bench_planner.py
	$(BIN)/python bench/bench_ambience.py
	$(BIN)/python bench/bench_describe.py
	$(BIN)/python bench/bench_ops.py

clean:
	rm -rf out build *.egg-info .pytest_cache
