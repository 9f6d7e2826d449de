#!/usr/bin/env bash
# Whole-process timing of critcmp and benchdash on the same two criterion baselines
# (1,000 benchmarks x 100 samples, made by make_baselines.py). Needs hyperfine and
# `cargo install critcmp`. Figures go to docs/performance.md by hand.
#
#   bench/critcmp/side_by_side.sh [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-$(mktemp -d)}"
target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --release -p benchdash --bin benchdash --manifest-path "$root/Cargo.toml" >&2
bd="$target/release/benchdash"
python3 "$here/make_baselines.py" "$work/target" 1000 100
cd "$work"
"$bd" -q import target/criterion --criterion-baseline base -o base.json
"$bd" -q import target/criterion --criterion-baseline new -o new.json
hyperfine --warmup 1 --runs 5 --export-markdown "$work/side_by_side.md" \
  -n "critcmp base new" "critcmp --target-dir target base new > /dev/null" \
  -n "benchdash compare target/criterion@base target/criterion@new" \
     "$bd -q compare target/criterion@base target/criterion@new --fail-on never > /dev/null" \
  -n "benchdash compare (two run files)" "$bd -q compare base.json new.json --fail-on never > /dev/null" \
  -n "benchdash import x2 + compare (from the tree)" \
     "$bd -q import target/criterion --criterion-baseline base -o b.json && $bd -q import target/criterion --criterion-baseline new -o n.json && $bd -q compare b.json n.json --fail-on never > /dev/null"
cat "$work/side_by_side.md"
