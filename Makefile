# Two commands on a fresh machine: `make run` and `make test`.
# PYTHON picks the interpreter (3.11–3.13), e.g. `make test PYTHON=python3.13`; a pyenv version that is installed
# but not active is found too. `.venv` is rebuilt, saying why, when another interpreter made it.
PYTHON ?= $(shell command -v python3.11 >/dev/null && echo python3.11 || echo python3)
PY     := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || \
            (v=$$(pyenv whence $(PYTHON) 2>/dev/null | tail -n 1) && [ -n "$$v" ] && PYENV_VERSION=$$v pyenv which $(PYTHON)))
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install install-test chromium cjk-fonts bench lint screenshot python notebook

python:
	@[ -n "$(PY)" ] || { echo "no Python interpreter named '$(PYTHON)' (set PYTHON=python3.11, 3.12 or 3.13)" >&2; exit 1; }

# Serving needs only the runtime dependencies; the test tool-chain comes with `make test`.
install: python
	@$(PY) scripts/ensure_venv.py --venv $(VENV)

install-test: python
	@$(PY) scripts/ensure_venv.py --venv $(VENV) --extra test

run: install
	$(BIN)/boundary-lab serve --host $(HOST) --port $(PORT)

chromium:
	@[ -x /usr/bin/chromium ] || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

# Japanese text in screenshots needs a CJK font (the tests read text, not pixels, and do without it).
cjk-fonts:
	@fc-list :lang=ja 2>/dev/null | grep -q . || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk)

test: install-test chromium
	BOUNDARY_LAB_REQUIRE_BROWSER=1 $(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install-test
	$(BIN)/pip install --quiet 'torch==2.13.0' || echo "torch unavailable: PyTorch peer skipped"
	$(BIN)/python -m bench

screenshot: install-test chromium cjk-fonts
	$(BIN)/python -m tests.web.screenshot docs/screenshot.png
	$(BIN)/python -m tests.web.screenshot_digits docs/digits.png

# The lessons as notebooks: serves the lab in the background and opens JupyterLab on notebooks/ (jupyter extra).
notebook: python
	@$(PY) scripts/ensure_venv.py --venv $(VENV) --extra jupyter
	$(BIN)/boundary-lab serve --host $(HOST) --port $(PORT) & server=$$!; trap 'kill $$server' EXIT; \
	  BOUNDARY_LAB_URL=http://$(HOST):$(PORT) $(BIN)/jupyter lab $(if $(SUDO),,--allow-root) notebooks/
