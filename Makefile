# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SUBJECTS ?= 1000

.PHONY: run test test-only lint lock bench messages setup system-deps system-deps-test npm-deps clean help

help:
	@echo "make run    install what is missing, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   install what is missing and run the test suite"
	@echo "make lint   ruff"
	@echo "make lock   re-pin requirements.lock after changing pyproject.toml"
	@echo "make bench  run the benchmarks and write docs/benchmarks.md"
	@echo "make messages  compile locale/*.po (commit the .mo too)"

LOCK := requirements.lock

# The exact versions in requirements.lock (every machine installs the same), then the project
# itself without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r $(LOCK)
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

# After changing the dependencies in pyproject.toml: pins what they need, keeping the pins
# already in requirements.lock where they still fit.
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q pip-tools
	$(BIN)/pip-compile -q --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		--no-emit-trusted-host -o $(LOCK) pyproject.toml

setup: system-deps $(STAMP)

system-deps:
	@scripts/install-system-deps.sh run

system-deps-test:
	@scripts/install-system-deps.sh test

node_modules/.installed: package.json
	@command -v npm >/dev/null 2>&1 || { echo "!! npm is missing: apt-get install -y npm"; exit 1; }
	npm install --no-audit --no-fund --silent
	@touch node_modules/.installed

npm-deps: node_modules/.installed

run: export DEBUG ?= 1
# Certificates print their verify URL and QR code for the address actually served.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: setup
	$(BIN)/python manage.py make_demo_signing_key
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py demo_setup --subjects $(DEMO_SUBJECTS)
	@echo ""
	@echo "  信用陕西 is at  http://$(HOST):$(PORT)/"
	@echo "  Staff admin:    http://$(HOST):$(PORT)/admin/   (demo login printed above)"
	@echo ""
	@echo "  Task worker:    started beside the server (file imports, e-mail, daily jobs)"
	@$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: system-deps-test $(STAMP) npm-deps test-only

# The suite runs on every core (pytest-xdist, one database per worker); PYTEST_WORKERS=0 runs it
# in one process.
PYTEST_WORKERS ?= auto
test-only:
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/run.py

# Chinese for third-party apps' English strings (locale/zh_Hans); the .mo is committed.
messages:
	msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
