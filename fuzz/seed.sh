#!/bin/sh
# Recreates the seed corpora (fuzz/corpus/<target>/seed-*) from the repository's real result
# files. Copies, never links: libFuzzer may rewrite corpus entries. Run from anywhere.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/fuzz"
targets="detect import_auto criterion_tree read_run import_go_test import_libtest import_benchmarkjs import_vitest import_pyperf import_catch2 import_locust import_locust_history import_locust_json import_k6_json import_oha import_jmh import_benchmarkdotnet import_vegeta"

for t in $targets; do mkdir -p "$fuzz/corpus/$t"; done

# Every result file (JSON, JSON lines, data.js, and the text formats' .txt and .xml); Locust's CSV, criterion's
# raw.csv); no scripts or notes. VERSION.txt is a note, not a result.
find "$root/tests/data/fixtures" "$root/tests/data/generated" "$root/tests/data/k6" "$root/tests/data/public" \
    "$root/tests/data/runs" "$root/examples/runs" -type f \
    \( -name '*.json' -o -name '*.jsonl' -o -name '*.js' -o -name '*.txt' -o -name '*.xml' -o -name '*.csv' \) \
    ! -name VERSION.txt | sort |
while read -r f; do
    rel=${f#"$root"/}
    name="seed-$(printf '%s' "$rel" | tr '/' '_')"
    for t in $targets; do cp "$f" "$fuzz/corpus/$t/$name"; done
done

# criterion_tree splits its input at 0xFF bytes into benchmark.json, estimates.json,
# sample.json (of `new`) and a `base` benchmark.json: join the real files of each benchmark.
find "$root/tests/data" -type d -name new | sort | while read -r dir; do
    [ -f "$dir/benchmark.json" ] || continue
    rel=${dir#"$root"/}
    out="$fuzz/corpus/criterion_tree/seed-tree-$(printf '%s' "$rel" | tr '/' '_')"
    base="$(dirname "$dir")/base/benchmark.json"
    {
        cat "$dir/benchmark.json"; printf '\377'
        cat "$dir/estimates.json" 2>/dev/null || true; printf '\377'
        cat "$dir/sample.json" 2>/dev/null || true; printf '\377'
        cat "$base" 2>/dev/null || true
    } > "$out"
done

for t in $targets; do
    echo "$t: $(ls "$fuzz/corpus/$t" | wc -l) files"
done
