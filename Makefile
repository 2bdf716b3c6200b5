# devhub: `make run` opens the app, `make test` runs ruff, mypy and pytest.
# Both create .venv with `python3 -m venv` and install the project when needed.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test test-latest lint lint-imports typecheck pytest bench test-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# `exec`: the app is make's own child (no shell in between), in the terminal's
# foreground group; make passes SIGTERM on, and the app leaves by itself when
# the terminal goes away (see devhub_tui/services/terminal.py).
run: $(STAMP)
	exec $(BIN)/devhub

demo: $(STAMP)
	exec $(BIN)/devhub --demo

lint: $(STAMP)
	$(BIN)/ruff check devhub_tui tests bench

# The layering contracts in pyproject.toml ([tool.importlinter]).
lint-imports: $(STAMP)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# System tools the tests drive (tmux, zbar, rsvg-convert, chromium); installed once, quietly.
test-deps:
	@bash scripts/test-deps.sh

pytest: $(STAMP) test-deps
	@bash scripts/test-sqld.sh
	@bash scripts/test-servers.sh
	$(BIN)/pytest

test: lint lint-imports typecheck pytest

# The UI tests against the newest Textual on the registry, in a venv of their own
# (.venv-latest), whatever pyproject pins: an upgrade is tested, not feared.
VENV_LATEST := .venv-latest
test-latest: test-deps
	test -x $(VENV_LATEST)/bin/python || $(PY) -m venv $(VENV_LATEST)
	$(VENV_LATEST)/bin/python -m pip install -q --upgrade pip
	$(VENV_LATEST)/bin/python -m pip install -q -e '.[dev]'
	$(VENV_LATEST)/bin/python -m pip install -q --upgrade textual
	@$(VENV_LATEST)/bin/python -c "import textual; print('test-latest: Textual', textual.__version__)"
	@bash scripts/test-sqld.sh
	@bash scripts/test-servers.sh
	$(VENV_LATEST)/bin/pytest tests/ui

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
