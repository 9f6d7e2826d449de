#!/bin/sh
# Whole process against whole process: benchdash simulate vs SimPy on the same M/M/c model
# with 1,000,000 jobs. Prints wall times, peak memory (GNU time) and both models' mean time
# in system. Needs a release build (cargo build --release -p benchdash) and simpy.
set -e
cd "$(dirname "$0")/../.."
BIN=${BENCHDASH:-${CARGO_TARGET_DIR:-target}/release/benchdash}
echo "benchdash:"
/usr/bin/time -f "  wall %e s, peak %M KB" "$BIN" -q simulate --scenario bench/simpy/mmc.toml -o /tmp/mmc-run.json
python3 -c "import json; r=json.load(open('/tmp/mmc-run.json')); print('  mean time in system', r['benchmarks'][0]['metrics']['latency']['summary']['mean']/1000, 's')"
echo "simpy:"
/usr/bin/time -f "  wall %e s, peak %M KB" python3 bench/simpy/mmc.py
