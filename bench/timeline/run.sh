#!/bin/sh
# The timeline recorder's bounds (issue 14): the same scenario with 1,000,000 requests (at
# 2,000 and at 200 req/s: 500 s and 5,000 s of virtual time) and with 10,000,000 (5,000 s).
# Prints wall time and peak memory (GNU time), the requests, events and virtual time, the
# timeline's windows and width, and the run file's size. Needs a release build
# (cargo build --release -p benchdash) and python3.
set -e
cd "$(dirname "$0")/../.."
BIN=${BENCHDASH:-${CARGO_TARGET_DIR:-target}/release/benchdash}
OUT=${TMPDIR:-/tmp}
for n in 1m 1m-slow 10m; do
  echo "timeline-$n.toml:"
  /usr/bin/time -f "  wall %e s, peak %M KB" "$BIN" -q simulate \
    --scenario bench/timeline/timeline-$n.toml -o "$OUT/timeline-$n.json"
  python3 - "$OUT/timeline-$n.json" <<'PY'
import json, os, sys
path = sys.argv[1]
b = json.load(open(path))["benchmarks"][0]
tl = b["timeline"]
n = len(next(iter(tl["series"].values()))["values"])
e = b.get("extra", {})
print("  requests", e["requests"], "events", e["events"],
      "virtual", e["virtual_seconds"], "s")
print("  timeline:", n, "windows of", tl["window"], "-", len(tl["series"]), "series,",
      len(tl.get("phases", [])), "phases")
print("  run file", os.path.getsize(path), "bytes")
PY
done
