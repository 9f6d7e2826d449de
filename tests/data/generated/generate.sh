#!/usr/bin/env bash
# Regenerates the result files in this folder by running the real benchmark tools on this
# machine: hyperfine, pytest-benchmark, Google Benchmark, criterion (+ cargo-criterion), and the
# load testers Locust and oha against a local `python3 -m http.server`.
#
#   bash tests/data/generated/generate.sh            # everything
#   bash tests/data/generated/generate.sh gbench     # only some: hyperfine pytest-benchmark gbench criterion locust oha
#
# Idempotent: installs only what is missing (apt-get, pip into a venv, cargo), wipes the old
# results of each tool it runs and writes them anew. Scratch space lives under /tmp (override
# with GEN_WORK and CRIT_DIR). Needs root for apt-get. Not part of CI.
#
# Knobs (environment):
#   JOBS=1                      cargo build jobs (the machines have 2 shared cores)
#   WITH_CARGO_CRITERION=1      0 skips installing/running cargo-criterion
#   CARGO_CRITERION_TIMEOUT=900 seconds allowed for `cargo install cargo-criterion`
#   PYTEST_VERSION, PYTEST_BENCHMARK_VERSION   pip pins (default: the versions used last time)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${GEN_WORK:-/tmp/benchdash-gen}"
CRIT="${CRIT_DIR:-/tmp/crit-gen}"
JOBS="${JOBS:-1}"
WITH_CARGO_CRITERION="${WITH_CARGO_CRITERION:-1}"
CARGO_CRITERION_TIMEOUT="${CARGO_CRITERION_TIMEOUT:-900}"
CARGO_CRITERION_VERSION="${CARGO_CRITERION_VERSION:-1.1.0}"
PYTEST_VERSION="${PYTEST_VERSION:-9.2.0}"
PYTEST_BENCHMARK_VERSION="${PYTEST_BENCHMARK_VERSION:-5.3.1}"
LOCUST_VERSION="${LOCUST_VERSION:-2.47.0}"
OHA_VERSION="${OHA_VERSION:-1.16.0}"
PORT="${PORT:-18931}"

if [ "$#" -gt 0 ]; then STEPS=("$@"); else STEPS=(hyperfine pytest-benchmark gbench criterion locust oha); fi
for s in "${STEPS[@]}"; do
  case "$s" in hyperfine|pytest-benchmark|gbench|criterion|locust|oha) ;;
    *) echo "unknown step '$s' (hyperfine pytest-benchmark gbench criterion locust oha)" >&2; exit 2 ;; esac
done
want() { local s; for s in "${STEPS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
log() { printf '\n=== %s\n' "$*" >&2; }

mkdir -p "$WORK"
# stamp DIR LINE...: writes DIR/VERSION.txt, what made that tool's files and when.
stamp() {
  local dir="$1"; shift
  {
    echo "generated: $(date -u +%Y-%m-%dT%H:%M:%SZ) by generate.sh on $(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -m), $(nproc) cores"
    printf '%s\n' "$@"
  } > "$dir/VERSION.txt"
}

# ---------------------------------------------------------------- installs
APT_UPDATED=0
apt_install() { # apt_install PKG... : installs the Debian packages that are missing
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}
deb_version() { dpkg-query -W -f='${Version}' "$1"; }

# ---------------------------------------------------------------- hyperfine
run_hyperfine() {
  log "hyperfine"
  apt_install hyperfine
  local out="$HERE/hyperfine" w="$WORK/hyperfine"
  rm -rf "$w"; mkdir -p "$w"
  rm -f "$out"/*.json; mkdir -p "$out"

  # Two commands x two values of one -L parameter = four results, each with "parameters".
  (cd "$w" && hyperfine --style basic --warmup 2 --runs 10 -L n 100000,1000000 \
      --export-json "$out/params-list.json" 'seq {n}' 'seq -s, {n}')

  # --parameter-scan (numeric range, -D step), run without a shell (-N).
  (cd "$w" && hyperfine --style basic -N --warmup 1 --runs 5 -P k 1 3 -D 1 \
      --export-json "$out/parameter-scan.json" 'head -c {k}000000 /dev/zero')

  # Non-zero exit codes, kept because of -i: one always fails (3), one alternates 0/1
  # (a counter file makes it deterministic; warm-up runs count too), one succeeds.
  echo 0 > "$w/counter"
  (cd "$w" && hyperfine --style basic -i --warmup 1 --runs 6 \
      -n always-fails 'sleep 0.01; exit 3' \
      -n alternates 'n=$(cat counter); echo $((n + 1)) > counter; sleep 0.01; exit $((n % 2))' \
      -n succeeds 'sleep 0.01' \
      --export-json "$out/exit-codes.json")

  # One run only: "stddev" is null.
  (cd "$w" && hyperfine --style basic -N --runs 1 --export-json "$out/single-run.json" 'sleep 0.02')
  stamp "$out" "$(hyperfine --version) (Debian package hyperfine $(deb_version hyperfine))"
}

# ---------------------------------------------------------------- pytest-benchmark
run_pytest_benchmark() {
  log "pytest-benchmark"
  local out="$HERE/pytest-benchmark" w="$WORK/pytest-benchmark" venv="$WORK/venv"
  apt_install git
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; rm -rf "$venv"; python3 -m venv "$venv"; }
  fi
  if ! "$venv/bin/python" -m pip show pytest pytest-benchmark 2>/dev/null \
      | grep -qx "Version: $PYTEST_BENCHMARK_VERSION"; then
    "$venv/bin/python" -m pip install -q --disable-pip-version-check \
      "pytest==$PYTEST_VERSION" "pytest-benchmark==$PYTEST_BENCHMARK_VERSION" >&2
  fi

  # A scratch git repository, so that commit_info is filled in as in a real project.
  rm -rf "$w"; mkdir -p "$w"
  cp "$out/tiny_benchmarks.py" "$w/"
  (cd "$w" && git init -q -b main && git add tiny_benchmarks.py \
    && git -c user.name=benchdash-gen -c user.email=gen@example.invalid commit -qm "tiny benchmarks")
  rm -rf "$out/out.json" "$out/saved"
  # min-time/max-time keep the rounds (and so the exported "data" arrays) few.
  (cd "$w" && "$venv/bin/python" -m pytest -p no:cacheprovider -q tiny_benchmarks.py \
      --benchmark-min-time=0.0005 --benchmark-max-time=0.02 --benchmark-min-rounds=5 \
      --benchmark-json="$out/out.json" \
      --benchmark-autosave --benchmark-storage="file://$w/.benchmarks" >&2)
  mkdir -p "$out/saved"
  cp -r "$w/.benchmarks/." "$out/saved/"
  stamp "$out" \
    "pytest-benchmark $("$venv/bin/python" -c 'import pytest_benchmark; print(pytest_benchmark.__version__)') (PyPI)" \
    "pytest $("$venv/bin/python" -c 'import pytest; print(pytest.__version__)') (PyPI)" \
    "$("$venv/bin/python" -V 2>&1)"
}

# ---------------------------------------------------------------- Google Benchmark
run_gbench() {
  log "gbench"
  apt_install g++ libbenchmark-dev
  local out="$HERE/gbench" w="$WORK/gbench"
  rm -rf "$w"; mkdir -p "$w"
  rm -f "$out"/*.json
  g++ -O2 -std=c++17 "$out/tiny_bench.cc" -o "$w/tiny_bench" -lbenchmark -lpthread
  # This version (1.7.1) takes --benchmark_min_time as plain seconds (newer ones want "0.1s").
  (cd "$w" && ./tiny_bench --benchmark_min_time=0.1 \
      --benchmark_out="$out/plain.json" --benchmark_out_format=json)
  (cd "$w" && ./tiny_bench --benchmark_min_time=0.1 --benchmark_repetitions=3 \
      --benchmark_format=json --benchmark_out="$out/repetitions.json" > "$w/repetitions.stdout.json")
  (cd "$w" && ./tiny_bench --benchmark_min_time=0.1 --benchmark_repetitions=3 \
      --benchmark_report_aggregates_only=true \
      --benchmark_out="$out/aggregates-only.json" --benchmark_out_format=json > /dev/null)
  stamp "$out" "Google Benchmark $(deb_version libbenchmark-dev) (Debian package libbenchmark-dev)" \
    "$(g++ --version | head -n1), flags: -O2 -std=c++17"
}

# ---------------------------------------------------------------- criterion
run_criterion() {
  log "criterion"
  local out="$HERE/criterion" tools="$WORK/tools"
  export CARGO_TARGET_DIR="$CRIT/target"
  # The throwaway project lives outside the repository, with its own target dir.
  mkdir -p "$CRIT/benches" "$CRIT/src"
  cp "$out/project/Cargo.toml.in" "$CRIT/Cargo.toml"
  cp "$out/project/benches/tiny.rs" "$CRIT/benches/tiny.rs"
  : > "$CRIT/src/lib.rs"
  rm -rf "$CARGO_TARGET_DIR/criterion"   # results only; the build cache stays
  rm -rf "$out/target-criterion" "$out"/*.jsonl

  cd "$CRIT"
  # 1st run saves the baseline "base"; 2nd run compares against it without overwriting it
  # (a plain `cargo bench` would also save into base/, making base/ equal new/).
  # CRIT_GEN_SLOWDOWN=2 doubles the work of throughput/sum_1000 in the second run only, so
  # that one change is a real regression.
  CRIT_GEN_SLOWDOWN=1 cargo bench -j "$JOBS" --bench tiny -- --save-baseline base >&2
  CRIT_GEN_SLOWDOWN=2 cargo bench -j "$JOBS" --bench tiny -- --baseline base >&2
  local versions=(
    "criterion $(awk '/^name = "criterion"$/ { getline; gsub(/[^0-9.]/, ""); print }' Cargo.lock) (crates.io; default-features = false, features = [\"cargo_bench_support\"])"
    "$(rustc --version)"
  )

  # Only the JSON files: benchmark/estimates/sample/tukey in new/ and base/, change/estimates.
  mkdir -p "$out/target-criterion"
  (cd "$CARGO_TARGET_DIR/criterion" && find . -name '*.json' \
      \( -path '*/new/*' -o -path '*/base/*' -o -path '*/change/*' \) -print0 \
      | sort -z | xargs -0 cp --parents -t "$out/target-criterion")

  if [ "$WITH_CARGO_CRITERION" != 1 ]; then
    stamp "$out" "${versions[@]}" "cargo-criterion: skipped (WITH_CARGO_CRITERION=$WITH_CARGO_CRITERION)"
    cd "$HERE"; return 0
  fi
  if [ ! -x "$tools/bin/cargo-criterion" ]; then
    if ! timeout "$CARGO_CRITERION_TIMEOUT" cargo install cargo-criterion --locked \
        --version "$CARGO_CRITERION_VERSION" -j "$JOBS" --root "$tools" >&2; then
      stamp "$out" "${versions[@]}" "cargo-criterion: install failed or timed out; skipped"
      cd "$HERE"; return 0
    fi
  fi
  # Twice: the first run has "change": null, the second compares with the first.
  # cargo-criterion keeps its own history under target/criterion/data (not copied).
  CRIT_GEN_SLOWDOWN=1 "$tools/bin/cargo-criterion" criterion -j "$JOBS" --bench tiny \
    --plotting-backend disabled --message-format json > "$out/cargo-criterion-first.jsonl"
  CRIT_GEN_SLOWDOWN=2 "$tools/bin/cargo-criterion" criterion -j "$JOBS" --bench tiny \
    --plotting-backend disabled --message-format json > "$out/cargo-criterion.jsonl"
  stamp "$out" "${versions[@]}" "$("$tools/bin/cargo-criterion" criterion --version) (crates.io, cargo install --locked)"
  cd "$HERE"
}

# ---------------------------------------------------------------- load testers
# A static site on 127.0.0.1:$PORT for the load testers: `/` and `/page.txt` answer 200,
# `/missing` 404 and a POST 501 (http.server has no POST), so there are failures to count.
SERVER_PID=
serve() {
  [ -n "$SERVER_PID" ] && return 0
  local www="$WORK/www"
  rm -rf "$www"; mkdir -p "$www"
  echo '<html>hi</html>' > "$www/index.html"
  head -c 2048 /dev/zero | tr '\0' 'x' > "$www/page.txt"
  python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$www" >/dev/null 2>&1 &
  SERVER_PID=$!
  trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
  local i; for i in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "the local server did not start" >&2; return 1
}

run_locust() {
  log "locust"
  local out="$HERE/locust" w="$WORK/locust" venv="$WORK/venv-locust"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; rm -rf "$venv"; python3 -m venv "$venv"; }
  fi
  "$venv/bin/python" -m pip show locust 2>/dev/null | grep -qx "Version: $LOCUST_VERSION" \
    || "$venv/bin/python" -m pip install -q --disable-pip-version-check "locust==$LOCUST_VERSION" >&2
  serve
  rm -rf "$w"; mkdir -p "$w"
  rm -f "$out"/*.csv "$out"/*.json "$out"/printed.txt
  # Locust exits 1 when requests failed, which they do on purpose here.
  # `--csv`: PREFIX_stats.csv, _stats_history.csv, _failures.csv, _exceptions.csv; the tables
  # Locust prints at the end (stderr) are kept as printed.txt, the importer tests' oracle.
  (cd "$w" && "$venv/bin/locust" --headless -u 5 -r 5 -t 10s --csv run \
      --host "http://127.0.0.1:$PORT" -f "$out/locustfile.py" 2> "$w/stderr.txt" || true)
  cp "$w"/run_stats.csv "$w"/run_stats_history.csv "$w"/run_failures.csv "$out/"
  # The last tables printed: from the last "Type     Name" header on.
  tac "$w/stderr.txt" | awk '{ print } /^Type +Name +# reqs/ { exit }' | tac > "$out/printed.txt"
  # `--json-file`: Locust's own JSON of the final stats (a second run, so its numbers differ).
  (cd "$w" && "$venv/bin/locust" --headless -u 5 -r 5 -t 10s --json-file json-run \
      --host "http://127.0.0.1:$PORT" -f "$out/locustfile.py" --skip-log 2>/dev/null || true)
  cp "$w/json-run.json" "$out/json-run.json"
  # A stepped load (locustfile_steps.py's shape, 40 s) for the history as a timeline, with a
  # row per endpoint every second (`--csv-full-history`).
  (cd "$w" && "$venv/bin/locust" --headless --csv steps --csv-full-history \
      --host "http://127.0.0.1:$PORT" -f "$out/locustfile_steps.py" --skip-log 2>/dev/null || true)
  cp "$w"/steps_stats.csv "$w"/steps_stats_history.csv "$out/"
  stamp "$out" "locust $("$venv/bin/python" -c 'import locust; print(locust.__version__)') (PyPI), $("$venv/bin/python" -V 2>&1)" \
    "server: python3 -m http.server ($(python3 -V 2>&1)) on 127.0.0.1"
}

run_oha() {
  log "oha"
  local out="$HERE/oha" tools="$WORK/tools" oha
  # An oha of that version on PATH will do (`cargo install oha --locked` takes ~55 minutes on a
  # busy 2-core machine); else it is installed under $WORK/tools.
  if command -v oha >/dev/null && [ "$(oha --version)" = "oha $OHA_VERSION" ]; then
    oha="$(command -v oha)"
  else
    [ -x "$tools/bin/oha" ] || cargo install oha --locked --version "$OHA_VERSION" -j "$JOBS" --root "$tools" >&2
    oha="$tools/bin/oha"
  fi
  serve
  mkdir -p "$out"; rm -f "$out"/*.json "$out"/*.txt
  # --no-tui: no terminal UI; --output-format json: the summary as JSON (one format a run).
  "$oha" --no-tui -n 400 -c 4 --output-format json "http://127.0.0.1:$PORT/" > "$out/ok.json"
  "$oha" --no-tui -n 200 -c 4 --output-format json "http://127.0.0.1:$PORT/missing" > "$out/not-found.json"
  "$oha" --no-tui -z 2s -q 50 -c 2 --output-format json "http://127.0.0.1:$PORT/page.txt" > "$out/rate-limited.json"
  # Nothing listens on port 1: every request is a connection error.
  "$oha" --no-tui -n 20 -c 2 --output-format json "http://127.0.0.1:1/" > "$out/refused.json"
  stamp "$out" "$("$oha" --version) (crates.io, cargo install --locked)" \
    "server: python3 -m http.server ($(python3 -V 2>&1)) on 127.0.0.1"
}

want hyperfine && run_hyperfine
want pytest-benchmark && run_pytest_benchmark
want gbench && run_gbench
want criterion && run_criterion
want locust && run_locust
want oha && run_oha

log "done"
