# The two commands of the README, and the pieces they are made of.
PORT ?= 8080
# What `make serve` opens the dashboard with: the first visit's story (a month of simulated
# nightly runs with a regression, a change point and a warning: docs/dashboard.md), simulated
# once by the CLI. `make serve RESULTS=target/criterion` serves other results (files or
# folders, any format benchdash reads).
SUITE := target/serve/story.jsonl
RESULTS ?= $(SUITE)
BENCHDASH := target/release/benchdash

# What the release build of the dashboard is made from: it is rebuilt when one changes.
DIST_SOURCES := $(shell find app core sim sim-protocol worker style presets -type f \
	-not -path '*/target/*' 2>/dev/null) index.html Trunk.toml Cargo.toml Cargo.lock

.PHONY: serve dev test setup dist cli

## Set everything up, build what is missing, and serve the release build of the dashboard
## with $(RESULTS) loaded on http://127.0.0.1:$(PORT) (`benchdash serve`)
serve: setup dist/index.html cli $(if $(filter $(SUITE),$(RESULTS)),$(SUITE))
	$(BENCHDASH) serve --port $(PORT) $(RESULTS)

## For developers: trunk's server, rebuilding and reloading the page on every change
dev: setup
	@echo "benchdash dashboard (live reload): http://127.0.0.1:$(PORT)"
	trunk serve --offline --address 127.0.0.1 --port $(PORT)

## Set everything up and run every check (what CI runs)
test: setup
	scripts/test

setup:
	scripts/setup

dist: setup
	trunk build --release --offline

dist/index.html: $(DIST_SOURCES) | setup
	trunk build --release --offline

cli:
	cargo build --release --locked -p benchdash

# Simulated once (again when a preset or the story changes), after the CLI is built.
$(SUITE): $(wildcard presets/*.toml) sim/src/story.rs | cli
	@mkdir -p $(dir $@)
	$(BENCHDASH) simulate --story -o $@
