#!/usr/bin/env bash
# The simulation's speed in two or more checkouts, measured by turns: each checkout's
# `speed` example (sim/examples/speed.rs) is built in its own target directory, then the
# builds run one round each, in turn, ROUNDS times (the order rotating every round), so a
# busy spell of the machine falls on every build alike. Prints, per scenario, each build's
# minimum and median milliseconds and its speed relative to the first build (first's time
# over its own; above 1 is faster). Figures go to docs/performance.md by hand.
#
#   bench/sim-speed/compare.sh NAME=CHECKOUT NAME=CHECKOUT ...
#   e.g. bench/sim-speed/compare.sh before=/tmp/before after=.
#
# A checkout older than the example gets it copied in (it uses only `Simulation::new`,
# `run_to_end` and the presets, which every version has).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-30}"
[ $# -ge 2 ] || { echo "usage: $0 NAME=CHECKOUT NAME=CHECKOUT ..." >&2; exit 2; }
names=() bins=()
for arg in "$@"; do
  name="${arg%%=*}" dir="$(cd "${arg#*=}" && pwd)"
  [ -f "$dir/sim/examples/speed.rs" ] || { mkdir -p "$dir/sim/examples"; cp "$root/sim/examples/speed.rs" "$dir/sim/examples/"; }
  # Each checkout its own target directory: a shared one would reuse the other's build.
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build -q --release -p benchdash-sim --example speed >&2)
  names+=("$name") bins+=("$dir/target/release/examples/speed")
done
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
n=${#bins[@]}
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < n; k++)); do
    i=$(((r + k) % n))
    "${bins[$i]}" 1 | sed "s/^/${names[$i]} /" >>"$out"
  done
done
echo "rounds: $rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "${names[@]}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = sys.argv[2:]
times = {}
for name, case, ns in rows:
    times.setdefault(case, {}).setdefault(name, []).append(int(ns) / 1e6)
head = " | ".join(f"{n} min / median" for n in names[1:])
print(f"| scenario | {names[0]} min / median (ms) | {head} | " +
      " | ".join(f"{n} speed (min; median)" for n in names[1:]) + " |")
print("| --- |" + " ---: |" * (2 * len(names) - 1))
for case, by in times.items():
    mins = {n: min(by[n]) for n in names}
    meds = {n: statistics.median(by[n]) for n in names}
    cells = [f"{mins[n]:.2f} / {meds[n]:.2f}" for n in names]
    ratios = [f"{mins[names[0]] / mins[n]:.3f}; {meds[names[0]] / meds[n]:.3f}" for n in names[1:]]
    print(f"| `{case}` | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
PY
