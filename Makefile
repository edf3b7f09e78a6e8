# Two entry points for a new machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: compile demo test lint bench clean

# setuptools ends every editable install of a flat layout with a notice ("Editable installation
# ... careful with folders in your working directory with the same name as your package"),
# whatever the configuration (pyproject.toml has nothing left for it to warn about): it is
# information, not a problem, so the one install a newcomer watches does not print it.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/pip install --quiet -e '.[test,postgres,ocr]'
	touch $(STAMP)

# pip compiles what it installs, but not an editable project's own modules; where the
# environment forbids writing bytecode on import (PYTHONDONTWRITEBYTECODE, as CI's does), each
# of the suite's commands, subprocesses and extraction workers would compile them afresh.
# Only the files changed since the last run are compiled again; dot folders (.venv, .git) are
# left alone.
compile: $(STAMP)
	$(BIN)/python -m compileall -q -x '/\.' . >/dev/null

demo: $(STAMP)
	$(BIN)/scr-digest demo

test: compile
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/harvest.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
