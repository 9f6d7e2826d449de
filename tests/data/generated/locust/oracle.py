# The oracle of the `locust-json` importer's tests: Locust's own code (locust.stats) computes
# its report's numbers from json-run.json, the way its tables and CSVs do. Run with the Locust
# of VERSION.txt; writes json-run.oracle.json beside it:
#   python3 tests/data/generated/locust/oracle.py
import json
import os

from locust.stats import PERCENTILES_TO_REPORT, RequestStats, StatsEntry

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "json-run.json")) as f:
    entries = json.load(f)

stats = RequestStats()
out = []
for data in entries:
    # JSON turned the histogram's and the seconds' int keys into strings.
    data = dict(data)
    for key in ("response_times", "num_reqs_per_sec", "num_fail_per_sec"):
        data[key] = {int(k): v for k, v in data[key].items()}
    entry = StatsEntry.unserialize(data, stats)
    stats.entries[(entry.name, entry.method)] = entry
    stats.total.extend(entry)
for entry in list(stats.entries.values()) + [stats.total]:
    name = f"{entry.method} {entry.name}" if entry.method else entry.name
    out.append({
        "name": name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "average": entry.avg_response_time,
        "median": entry.median_response_time,
        "min": entry.min_response_time,
        "max": entry.max_response_time,
        "percentiles": {f"{p * 100:g}%": entry.get_response_time_percentile(p) for p in PERCENTILES_TO_REPORT},
        "requests_per_s": entry.total_rps,
        "failures_per_s": entry.total_fail_per_sec,
        "content_size": entry.avg_content_length,
    })
with open(os.path.join(here, "json-run.oracle.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
