# The only commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
NPM ?= npm
FRONTEND := frontend
CHROMIUM ?= /usr/bin/chromium
CRM_BIND ?= 127.0.0.1:8080

.PHONY: help run build bench wrk test test-rust test-api test-fuzz test-crash test-frontend test-e2e openapi fmt lint frontend-deps frontend-build chromium clean

help: ## Show the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

run: build ## Build everything and start the CRM on SQLite (./data)
	@echo
	@echo "Starting the CRM at http://$(CRM_BIND)  (data in ./data; stop with Ctrl-C)"
	@echo "On the first start the administrator's sign-in is printed below; set CRM_ADMIN_EMAIL and"
	@echo "CRM_ADMIN_PASSWORD to choose it. To start over, stop the server and delete ./data."
	@echo
	CRM_BIND=$(CRM_BIND) ./target/release/crm serve

build: frontend-build ## Build the web app and the release binary (which embeds it)
	$(CARGO) build --release --locked -p crm-server

bench: frontend-build wrk ## Load test against a bare server in the same run (BENCH_ARGS="--large" for 1M contacts)
	$(CARGO) build --release --locked -p crm-server -p crm-bench -p bench-baseline
	./target/release/crm-bench $(BENCH_ARGS)

wrk:
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing wrk (apt-get install wrk)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "wrk is missing: run 'sudo apt-get install -y wrk'"; exit 1; \
		fi; \
	fi

frontend-deps: $(FRONTEND)/node_modules/.package-lock.json

$(FRONTEND)/node_modules/.package-lock.json: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund

frontend-build: frontend-deps ## Build the web app into frontend/dist
	cd $(FRONTEND) && $(NPM) run build

test: frontend-build test-rust test-api test-fuzz test-frontend test-e2e lint ## Everything: unit, API (SQLite and PostgreSQL), API fuzzing, web app, browser, lint
	@echo "All tests passed."

test-rust: ## Unit tests of every crate
	$(CARGO) build --locked -p crm-server
	$(call nextest,--workspace --exclude crm-tests)

test-api: ## Black-box API tests on SQLite, and on PostgreSQL when CRM_TEST_POSTGRES_URL is set
	@echo "== API tests on SQLite"
	CRM_TEST_BACKEND=sqlite $(call nextest,-p crm-tests)
	@if [ -n "$$CRM_TEST_POSTGRES_URL" ]; then \
		echo "== API tests on PostgreSQL ($$CRM_TEST_POSTGRES_URL)"; \
		CRM_TEST_BACKEND=postgres $(call nextest,-p crm-tests); \
	else \
		echo "== PostgreSQL not tested: set CRM_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres to run the same suite on it"; \
	fi

CRM_CRASH_KILLS ?= 50
test-crash: ## The crash test with 50 kills (make test runs it with 10), on SQLite and on PostgreSQL when CRM_TEST_POSTGRES_URL is set
	$(CARGO) build --locked -p crm-server
	CRM_TEST_BACKEND=sqlite CRM_CRASH_KILLS=$(CRM_CRASH_KILLS) $(call nextest,-p crm-tests --no-capture -E 'test(acknowledged_writes_survive)')
	@if [ -n "$$CRM_TEST_POSTGRES_URL" ]; then \
		CRM_TEST_BACKEND=postgres CRM_CRASH_KILLS=$(CRM_CRASH_KILLS) $(call nextest,-p crm-tests --no-capture -E 'test(acknowledged_writes_survive)'); \
	fi

CRM_FUZZ_SECONDS ?= 120
# A fixed seed keeps `make test` repeatable; `make test-fuzz CRM_FUZZ_SEED=` explores new inputs.
CRM_FUZZ_SEED ?= 20261201
test-fuzz: ## Schemathesis against the running API from its OpenAPI document (SQLite, and PostgreSQL when CRM_TEST_POSTGRES_URL is set)
	$(CARGO) build --locked -p crm-server
	CRM_FUZZ_SECONDS=$(CRM_FUZZ_SECONDS) CRM_FUZZ_SEED=$(CRM_FUZZ_SEED) tests/fuzz/run.sh
	@if [ -n "$$CRM_TEST_POSTGRES_URL" ]; then \
		CRM_FUZZ_SECONDS=$(CRM_FUZZ_SECONDS) CRM_FUZZ_SEED=$(CRM_FUZZ_SEED) CRM_FUZZ_POSTGRES_URL="$$CRM_TEST_POSTGRES_URL" tests/fuzz/run.sh; \
	fi

test-frontend: frontend-deps ## Type check, lint and unit tests of the web app
	cd $(FRONTEND) && $(NPM) run typecheck && $(NPM) run lint && $(NPM) test

test-e2e: frontend-build chromium ## Browser tests (Playwright in Chromium) against the real server
	$(CARGO) build --locked -p crm-server
	cd $(FRONTEND) && CRM_CHROMIUM=$(CHROMIUM) $(NPM) run e2e

chromium: ## Install Debian's Chromium for browser tests if it is missing
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Chromium (apt-get install chromium)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is missing at $(CHROMIUM): run 'sudo apt-get install -y chromium' or set CHROMIUM=/path/to/chromium"; \
			exit 1; \
		fi; \
	fi

openapi: frontend-deps ## Regenerate openapi/crm.json and the web app's API types from the code
	$(CARGO) run --locked -q -p crm-server -- openapi > openapi/crm.json
	cd $(FRONTEND) && $(NPM) run -s generate-api

fmt: ## Format the Rust code
	$(CARGO) fmt --all

lint: frontend-deps ## Formatting, clippy, and the web app's lint and type check
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	cd $(FRONTEND) && $(NPM) run typecheck && $(NPM) run lint

clean: ## Remove build output (keeps ./data)
	$(CARGO) clean
	rm -rf $(FRONTEND)/dist $(FRONTEND)/node_modules $(FRONTEND)/test-results

# cargo-nextest when installed (parallel, clear output), cargo test otherwise.
nextest = $(if $(shell command -v cargo-nextest),$(CARGO) nextest run --locked --no-fail-fast $(1),$(CARGO) test --locked $(1))
