# Chợ Làng. `make run` and `make test` work on a fresh Debian machine with only Rust:
# each installs what is missing (and skips what is there), then builds incrementally.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Keep the build cache outside the clone, so a fresh clone (and CI) reuses it.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/cholang/target
# npm's binaryen (wasm-opt) and Playwright before Debian's.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

SERVER_DEBUG := $(CARGO_TARGET_DIR)/debug/server
SERVER_RELEASE := $(CARGO_TARGET_DIR)/release/server
TEST_POSTGRES_URL ?= postgres://cholang:cholang@127.0.0.1:5432/postgres
# `make run` and `make dev` serve the demo from their own SQLite file, whatever DATABASE_URL
# says: the demo accounts' password is published, so they never go into another database.
DEMO_DATABASE_URL := sqlite://data/demo.db?mode=rwc

.PHONY: help tools node services run dev test test-unit test-e2e bench soak fmt clean-compressed

help:
	@echo "make run    build (release) and serve Chợ Làng with demo data on http://127.0.0.1:3000"
	@echo "make dev    watch mode: rebuild and reload on every change"
	@echo "make test   every test: unit, SQLite + PostgreSQL integration, Chromium end-to-end"
	@echo "make bench  bundle sizes, seed time, home-page throughput and latency"

tools:
	@bash .ci/setup-tools.sh

node:
	@bash .ci/setup-node.sh

services:
	@bash .ci/setup-test-services.sh

run: tools node
	cargo leptos build --release
	@$(SERVER_RELEASE) compress target/site
	@DATABASE_URL="$(DEMO_DATABASE_URL)" $(SERVER_RELEASE) seed --demo
	@bash .ci/banner.sh
	@DATABASE_URL="$(DEMO_DATABASE_URL)" LEPTOS_ENV=PROD CHOLANG_DEMO=1 $(SERVER_RELEASE)

dev: tools
	@$(MAKE) --no-print-directory clean-compressed
	@DATABASE_URL="$(DEMO_DATABASE_URL)" bash -c 'cargo leptos build && $(SERVER_DEBUG) seed --demo'
	@bash .ci/banner.sh
	DATABASE_URL="$(DEMO_DATABASE_URL)" cargo leptos watch

test: tools node services test-unit test-e2e

# Unit tests, and the integration tests on SQLite and PostgreSQL (which must be reachable:
# CHOLANG_REQUIRE_POSTGRES makes its absence a failure, not a skip).
test-unit:
	CHOLANG_TEST_POSTGRES="$(TEST_POSTGRES_URL)" CHOLANG_REQUIRE_POSTGRES=1 \
		cargo test -p app -p server --features app/ssr

# End-to-end in Debian's Chromium, against a freshly seeded server on its own port.
test-e2e:
	cargo leptos build
	@$(MAKE) --no-print-directory clean-compressed
	cd end2end && CHOLANG_SERVER="$(SERVER_DEBUG)" npx playwright test

bench: tools node services
	@bash .ci/bench.sh

# 10 minutes (SOAK_SECONDS) of mixed journeys at a fixed rate on loopback; not part of make test.
soak: tools
	@bash .ci/soak.sh

fmt:
	cargo fmt --all

# Precompressed siblings of an older build would be served instead of the new files.
clean-compressed:
	@find target/site \( -name '*.br' -o -name '*.gz' \) -delete 2>/dev/null || true
