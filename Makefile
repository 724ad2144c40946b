# Two commands do everything on a fresh machine with Python 3.11:
#   make run   - set up, then run the nightly flow once over raw/ into warehouse/warehouse.duckdb
#   make test  - set up, then run the test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup lint sample lock bench ocr clean

run: $(STAMP)
	$(BIN)/zhengchai run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or: make PYTHON=python3 ...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .

sample: $(STAMP)
	$(BIN)/zhengchai sample --out raw

bench: $(STAMP)
	$(BIN)/zhengchai bench accuracy

# Optional: OCR for scanned PDFs (Debian packages; needs root). Without it a scan is recorded
# as an unreadable document with the reason.
ocr:
	apt-get install -y tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei

# Re-pin after a dependency change in pyproject.toml.
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet -e '.[dev]'
	( echo "# Pinned versions for a reproducible install: pip install -c constraints.txt -e .[dev]"; \
	  echo "# Regenerate with \`make lock\` after changing dependencies in pyproject.toml."; \
	  .lockenv/bin/python -m pip freeze --exclude-editable ) > constraints.txt
	rm -rf .lockenv

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.wal dbt_project/target dbt_project/logs
