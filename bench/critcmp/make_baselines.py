#!/usr/bin/env python3
"""Writes a synthetic `target/criterion` tree with two saved baselines, `base` and `new`, of
1,000 benchmarks with 100 samples each, in criterion 0.5's on-disk format (benchmark.json,
estimates.json, sample.json, tukey.json per benchmark and baseline). Every third benchmark is
5 % slower in `new`. Used by side_by_side.sh to time critcmp and benchdash on the same data.

    python3 make_baselines.py OUT_DIR [BENCHMARKS] [SAMPLES]
"""
import json
import os
import random
import statistics
import sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
n = int(sys.argv[3]) if len(sys.argv) > 3 else 100
rng = random.Random(20261124)


def estimate(point, spread):
    return {"confidence_interval": {"confidence_level": 0.95, "lower_bound": point - spread,
                                    "upper_bound": point + spread},
            "point_estimate": point, "standard_error": spread / 2}


for i in range(count):
    group, function = f"group{i // 100}", f"bench{i}"
    for baseline in ("base", "new"):
        centre = 100.0 + i
        if baseline == "new" and i % 3 == 0:
            centre *= 1.05
        iters = [float((k + 1) * 10) for k in range(n)]
        per_iter = [centre * (1 + rng.gauss(0, 0.03)) for _ in range(n)]
        times = [it * t for it, t in zip(iters, per_iter)]
        mean, sd = statistics.fmean(per_iter), statistics.stdev(per_iter)
        med = statistics.median(per_iter)
        mad = statistics.median([abs(x - med) for x in per_iter])
        q1, _, q3 = statistics.quantiles(per_iter, n=4, method="inclusive")
        iqr = q3 - q1
        d = os.path.join(out, "criterion", group, function, baseline)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "benchmark.json"), "w") as f:
            json.dump({"group_id": group, "function_id": function, "value_str": None,
                       "throughput": None, "full_id": f"{group}/{function}",
                       "directory_name": f"{group}/{function}", "title": f"{group}/{function}"}, f)
        with open(os.path.join(d, "estimates.json"), "w") as f:
            json.dump({"mean": estimate(mean, sd / 5), "median": estimate(med, sd / 5),
                       "median_abs_dev": estimate(mad, mad / 5), "slope": estimate(mean, sd / 5),
                       "std_dev": estimate(sd, sd / 5)}, f)
        with open(os.path.join(d, "sample.json"), "w") as f:
            json.dump({"sampling_mode": "Linear", "iters": iters, "times": times}, f)
        with open(os.path.join(d, "tukey.json"), "w") as f:
            json.dump([q1 - 3 * iqr, q1 - 1.5 * iqr, q3 + 1.5 * iqr, q3 + 3 * iqr], f)
