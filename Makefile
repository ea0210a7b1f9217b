# The two commands of the README: `make run` and `make test`. Both create the
# virtual environment at .venv and install the project into it first, and
# install and build the browser editor (frontend/) when it is there.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

# The editor: `npm ci` when the lockfile changes, `npm run build` when a source does.
NPM ?= npm
FRONTEND := frontend
NODE_STAMP := $(FRONTEND)/node_modules/.install-stamp
EDITOR := $(FRONTEND)/dist/index.html
HAS_EDITOR := $(wildcard $(FRONTEND)/package.json)
EDITOR_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
	$(wildcard $(FRONTEND)/index.html $(FRONTEND)/vite.config.* $(FRONTEND)/tsconfig*.json)

# The end-to-end tests drive Debian's Chromium (Playwright cannot download its own here).
CHROMIUM := /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: install run test lint frontend-check api api-check bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[worker,dev]'
	touch $(STAMP)

$(NODE_STAMP): $(FRONTEND)/package.json $(wildcard $(FRONTEND)/package-lock.json)
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	touch $(NODE_STAMP)

# `npm run build` type-checks the sources first (`tsc -b` on the same tsconfig.json as
# `npm run typecheck`), so a build also stands for a type check of the same sources.
TYPES_STAMP := $(FRONTEND)/node_modules/.typecheck-stamp

$(EDITOR): $(NODE_STAMP) $(EDITOR_SOURCES)
	cd $(FRONTEND) && $(NPM) run build
	touch $(EDITOR) $(TYPES_STAMP)

$(TYPES_STAMP): $(NODE_STAMP) $(EDITOR_SOURCES)
	cd $(FRONTEND) && $(NPM) run typecheck
	touch $(TYPES_STAMP)

$(CHROMIUM):
	$(APT_GET) install -y chromium || ($(APT_GET) update && $(APT_GET) install -y chromium)

install: $(STAMP) $(if $(HAS_EDITOR),$(EDITOR))

run: install
	$(BIN)/netcanvas serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The editor's typed API client: the OpenAPI document (from the app, no server) and the
# TypeScript schema generated from it. `make api` rewrites both; `api-check` fails when
# the committed files differ from a fresh generation (diffed in a temporary folder).
API_JSON := $(FRONTEND)/openapi.json
API_TS := $(FRONTEND)/src/api/schema.ts

api: install $(NODE_STAMP)
	$(BIN)/python -m backend.openapi $(API_JSON)
	cd $(FRONTEND) && $(NPM) run api

api-check: install $(NODE_STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/python -m backend.openapi "$$tmp/openapi.json" && \
	(cd $(FRONTEND) && API_IN="$$tmp/openapi.json" API_OUT="$$tmp/schema.ts" $(NPM) run -s api >/dev/null) && \
	if diff -u $(API_JSON) "$$tmp/openapi.json" && diff -u $(API_TS) "$$tmp/schema.ts"; then \
		echo "API client is up to date"; \
	else \
		echo "The generated API client is stale: run 'make api' and commit the result." >&2; exit 1; \
	fi

# vitest watches in a terminal unless CI is set.
frontend-check: install
ifneq ($(HAS_EDITOR),)
	$(MAKE) api-check
	$(MAKE) $(TYPES_STAMP)
	cd $(FRONTEND) && $(NPM) run lint
	cd $(FRONTEND) && CI=true $(NPM) test
endif

# Two pytest processes (pytest-xdist); a file's tests stay in one process and share its
# fixtures. `make test PYTEST_ARGS=` runs them in one process. `--no-loadscope-reorder` hands
# the files out in the order collected, where tests/conftest.py puts the longest first (by
# default xdist orders them by their number of tests, and a long file handed out last kept one
# process working alone at the end); each process runs torch on one core (tests/conftest.py).
PYTEST_ARGS ?= -n 2 --dist loadfile --no-loadscope-reorder

# The checks before pytest run side by side (mypy alone keeps one core busy for half a minute),
# each one's output shown whole when it is done (after `install`, whose output comes as it goes).
test: install $(CHROMIUM)
	$(MAKE) -j2 --output-sync=target lint frontend-check
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install $(CHROMIUM)
	$(BIN)/python bench/validate_graph.py
	$(BIN)/python bench/train_speed.py
	$(BIN)/python bench/stop_latency.py
	$(BIN)/python bench/first_step.py
	$(BIN)/python bench/fanout.py
	$(BIN)/python bench/concurrent_jobs.py
	$(BIN)/python bench/back_to_back.py
	$(BIN)/python bench/job_memory.py
	$(BIN)/python bench/hostile_inputs.py
	$(BIN)/python bench/editor_render.py
	$(BIN)/python bench/insight_cost.py
	$(BIN)/python bench/predict_check.py
	$(BIN)/python bench/cli_start.py
	$(BIN)/python bench/optimizer_step.py
	$(BIN)/python bench/upload_images.py
