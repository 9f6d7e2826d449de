"""pyperf's own reading of a result file: name, unit, number of values, mean, first value, loops.

The importer's tests compare against this (pyperf's API, not our parse)."""
import sys

import pyperf

for path in sys.argv[1:]:
    suite = pyperf.BenchmarkSuite.load(path)
    for bench in suite:
        values = bench.get_values()
        print(f"{path}\t{bench.get_name()}\t{bench.get_unit()}\t{len(values)}\t{bench.mean()!r}\t{values[0]!r}\t{bench.get_loops()}")
