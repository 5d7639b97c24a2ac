# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install chromium bench lint screenshot data

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/boundary-lab serve --host $(HOST) --port $(PORT)

chromium:
	@[ -x /usr/bin/chromium ] || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

test: install chromium
	BOUNDARY_LAB_REQUIRE_BROWSER=1 $(BIN)/pytest -q

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/pip install --quiet 'torch==2.13.0' || echo "torch unavailable: PyTorch peer skipped"
	$(BIN)/python -m bench

screenshot: install chromium
	$(BIN)/python -m tests.web.screenshot docs/screenshot.png
	$(BIN)/python -m tests.web.screenshot_digits docs/digits.png
