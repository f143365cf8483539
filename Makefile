# The README's quick start is these two targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
DB     ?= eventwire.db

.PHONY: demo test install install-dev clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make demo: install, code the bundled example articles into $(DB), print events, the Russia-Hamas timeline and how to open the web UI
demo: $(VENV)/.installed
	$(VENV)/bin/eventwire run examples/ --db $(DB)
	@echo; echo "== Events in $(DB) =="
	@$(VENV)/bin/eventwire events --db $(DB)
	@echo; echo "== Timeline: Russia and Hamas =="
	@$(VENV)/bin/eventwire timeline --db $(DB) --actor Russia --with Hamas
	@echo; echo "== Browse it: $(VENV)/bin/eventwire serve --db $(DB)   then open http://127.0.0.1:8000 =="

## make test: install with the dev extras and run the test suite
test: $(VENV)/.installed-dev
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .hypothesis
