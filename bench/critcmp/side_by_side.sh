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
[ -d "$work/target/criterion" ] || python3 "$here/make_baselines.py" "$work/target" 1000 100
cd "$work"
"$bd" -q import target/criterion --criterion-baseline base -o base.json
"$bd" -q import target/criterion --criterion-baseline new -o new.json
# The two like-for-like rows first, each command run directly (-N: no shell in between, so
# the shell's start-up is not in the figures). The machine's noise is large next to 60 ms:
# medians and minimums are printed beside the means.
hyperfine -N --warmup 5 --runs "${RUNS:-40}" --export-json "$work/side_by_side.json" \
  -n "critcmp base new" "critcmp --target-dir target base new" \
  -n "benchdash compare target/criterion@base target/criterion@new" \
     "$bd -q compare target/criterion@base target/criterion@new --fail-on never" \
  -n "benchdash compare base.json new.json (two run files)" \
     "$bd -q compare base.json new.json --fail-on never" >&2
python3 - "$work/side_by_side.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
first = results[0]["median"]
print("| command | mean | median | min | user / system | median relative to critcmp |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for r in results:
    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"| `{r['command']}` | {ms(r['mean'])} ± {r['stddev'] * 1000:.1f} | {ms(r['median'])} "
          f"| {ms(r['min'])} | {r['user'] * 1000:.1f} / {r['system'] * 1000:.1f} ms "
          f"| {r['median'] / first:.2f} |")
PY
