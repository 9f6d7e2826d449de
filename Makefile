# The two commands of the README, and the pieces they are made of.
PORT ?= 8080

.PHONY: serve test setup dist cli

## Set everything up and serve the dashboard on http://127.0.0.1:$(PORT)
serve: setup
	@echo "benchdash dashboard: http://127.0.0.1:$(PORT)"
	trunk serve --offline --address 127.0.0.1 --port $(PORT)

## Set everything up and run every check (what CI runs)
test: setup
	scripts/test

setup:
	scripts/setup

dist: setup
	trunk build --release --offline

cli:
	cargo build --release -p benchdash
