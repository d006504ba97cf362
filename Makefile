# `make run` and `make test` set everything up on a fresh machine: a virtualenv in .venv with the
# pinned requirements, reinstalled whenever requirements.txt changes. `make run` needs nothing
# else (no browser, no apt-get); `make test` also installs Debian's chromium for the browser tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8000
# The demo ATS that receives the demo interview's callbacks (Procfile.demo), next to the web port.
DEMO_ATS_PORT ?= $(shell echo $$(($(PORT) + 1)))
VAR_DIR := $(or $(MARIOHR_VAR_DIR),var)
# What `make run` starts: the Procfile's lines as operators run them, and the demo ATS.
PROCESSES ?= web worker beat demo_ats

.PHONY: run test lint format schema chromium

$(INSTALLED): requirements.txt
	@echo "Installing the Python requirements into $(VENV) (a minute or two the first time)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --progress-bar on -r requirements.txt
	touch $@

# The local run only: honcho gives each process its own PORT (web's, then +100 for the next), so
# every process is told the web's address for the links it makes; and when the demo ATS runs, it is
# let through the callback address check (localhost) with the CA it makes. A value you set wins.
DEMO_ATS := $(filter demo_ats,$(PROCESSES))
run: export PUBLIC_BASE_URL ?= http://localhost:$(PORT)
run: export DEMO_ATS_PORT := $(DEMO_ATS_PORT)
run: export CALLBACK_ALLOWED_PRIVATE_HOSTS ?= $(if $(DEMO_ATS),localhost)
run: export CALLBACK_CA_BUNDLE ?= $(if $(DEMO_ATS),$(abspath $(VAR_DIR))/demo-ats/ca.pem)
run: $(INSTALLED)
	@LOG_LEVEL=WARNING $(BIN)/python manage.py migrate --noinput --verbosity 0
	@$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@LOG_LEVEL=WARNING $(BIN)/python manage.py seed_demo
	@mkdir -p $(VAR_DIR) && cat Procfile Procfile.demo > $(VAR_DIR)/Procfile.run
	@PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start -f $(VAR_DIR)/Procfile.run -d . --port $(PORT) $(PROCESSES)

test: $(INSTALLED) chromium
	$(BIN)/pytest $(PYTEST_ARGS)

chromium:
	@bin/install-chromium

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

schema: $(INSTALLED)
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml
