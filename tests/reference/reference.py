#!/usr/bin/env python3
"""Reference values for benchdash's statistics, computed independently with numpy and scipy.

Run:  pip install scipy   (numpy comes with it)
      python3 tests/reference/reference.py > tests/reference/stats.json

core/tests/stats_reference.rs reads stats.json and asserts benchdash's results against it with
the tolerances stated there. Where each number comes from:

- descriptive: numpy.mean, numpy.std(ddof=1), numpy.median, numpy.percentile(method="linear")
  (Hyndman & Fan type 7), scipy.stats.median_abs_deviation (scale=1, unscaled),
  scipy.stats.gmean, cv = std(ddof=1) / |mean|, Tukey fences from numpy's type-7 quartiles.
- welch: scipy.stats.ttest_ind(a, b, equal_var=False): statistic = (mean_a − mean_b) / SE,
  df, two-sided pvalue. scipy returns NaN for zero variance and n < 2; such cases are stored
  with null and benchdash's documented convention is asserted instead.
- welch_summary: scipy.stats.ttest_ind_from_stats(..., equal_var=False).
- mann_whitney: scipy.stats.mannwhitneyu(a, b, alternative="two-sided", method="auto",
  use_continuity=True): statistic = U of a, pvalue; method is "exact" when there are no ties
  and min(n) <= 8 (scipy's auto rule), else "asymptotic".
- bootstrap: scipy.stats.bootstrap((baseline, candidate), statistic=relative change of the
  mean or median, paired=False, method="percentile", n_resamples=200000, random_state=1).
  benchdash uses a different generator, so the intervals agree only up to Monte-Carlo error:
  the test allows 15 % of the interval's width.
- compare_units: a candidate in seconds against a baseline in milliseconds; the expected
  p-value is scipy's Welch test on the candidate converted to ms.
- fieller: Fieller's interval of the relative change of the mean, found by inverting scipy's
  Welch statistic numerically rather than by benchdash's quadratic: t* = scipy.stats.t.ppf(
  (1 + level)/2, df) with df = ttest_ind(baseline, candidate, equal_var=False).df (Welch's
  degrees of freedom of the test of no change); the interval's ends are the ratios r where
  ttest_ind_from_stats(mean_c, sd_c, n_c, r·mean_b, |r|·sd_b, n_b).statistic = ±t*
  (scipy.optimize.brentq), minus one. The statistic at r is (mean_c − r·mean_b) /
  √(sd_c²/n_c + r²·sd_b²/n_b), the pivot whose set Fieller's interval is. Cases whose baseline
  mean is not clearly away from zero (|mean_b| / (sd_b/√n_b) ≤ t*, from
  scipy.stats.ttest_1samp) are stored as "unbounded" with the polynomial's roots
  (numpy.roots) as the ends of the two rays, or "everything" when it has no real roots.
  Each case also stores Welch's p-value, and whether the interval excludes 0.
"""
import json
import math

import numpy as np
import scipy
from scipy import stats


def clean(x):
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


rng = np.random.default_rng(20261124)

samples = {
    "textbook": [2, 4, 4, 4, 5, 5, 7, 9],
    "five": [15, 20, 35, 40, 50],
    "lognormal30": list(np.round(rng.lognormal(mean=6.2, sigma=0.05, size=30), 3)),
    "outliers": [10, 11, 10.5, 10.2, 9.8, 10.1, 30, 10.3, 2, 10.4, 10.0, 60],
    "two": [3.0, 7.0],
    "one": [42.0],
    "ties": [1, 2, 2, 3, 3, 3, 4],
}

descriptive = []
for name, xs in samples.items():
    a = np.array(xs, dtype=float)
    q1, q3 = np.percentile(a, [25, 75])
    iqr = q3 - q1
    fences = [q1 - 3 * iqr, q1 - 1.5 * iqr, q3 + 1.5 * iqr, q3 + 3 * iqr]
    descriptive.append({
        "name": name,
        "xs": [float(v) for v in a],
        "mean": clean(a.mean()),
        "stddev": clean(a.std(ddof=1)) if len(a) > 1 else None,
        "median": clean(np.median(a)),
        "mad": clean(stats.median_abs_deviation(a)),
        "min": clean(a.min()),
        "max": clean(a.max()),
        "percentiles": {str(p): clean(np.percentile(a, p, method="linear"))
                        for p in [0, 5, 25, 50, 90, 95, 99, 99.9, 100]},
        "cv": clean(a.std(ddof=1) / abs(a.mean())) if len(a) > 1 else None,
        "geometric_mean": clean(stats.gmean(a)),
        "fences": clean(fences),
        "outliers": {
            "low_severe": int((a < fences[0]).sum()),
            "low_mild": int(((a >= fences[0]) & (a < fences[1])).sum()),
            "high_mild": int(((a > fences[2]) & (a <= fences[3])).sum()),
            "high_severe": int((a > fences[3]).sum()),
        },
    })

pairs = {
    "normal_shift": (list(np.round(rng.normal(100, 5, 20), 4)), list(np.round(rng.normal(104, 8, 25), 4))),
    "n2_each": ([1.0, 2.0], [3.0, 5.0]),
    "unequal_sizes": (list(np.round(rng.normal(10, 1, 5), 4)), list(np.round(rng.normal(10.5, 3, 40), 4))),
    "identical": ([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]),
    "ties_small": ([1, 2, 2, 3, 5], [2, 3, 3, 4, 6, 7]),
    "no_ties_small": ([1.1, 2.3, 3.5, 4.2], [2.0, 5.1, 6.3, 7.7, 8.4]),
    "one_vs_five": ([3.5], [1.0, 2.0, 4.0, 5.0, 6.0]),
    "large_lognormal": (list(np.round(rng.lognormal(5, 0.1, 60), 4)), list(np.round(rng.lognormal(5.03, 0.1, 60), 4))),
    "zero_variance_equal": ([5.0, 5.0, 5.0], [5.0, 5.0]),
    "zero_variance_apart": ([5.0, 5.0, 5.0], [6.0, 6.0]),
    "one_side_zero_variance": ([5.0, 5.0, 5.0], [5.0, 6.0, 7.0]),
    "one_each": ([1.0], [2.0]),
    "small_vs_big_exact": ([10.5, 3.2, 7.7], list(np.round(rng.normal(6, 2, 30), 4))),
}

welch = []
mann_whitney = []
for name, (a, b) in pairs.items():
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = stats.ttest_ind(a, b, equal_var=False)
    welch.append({
        "name": name, "a": [float(v) for v in a], "b": [float(v) for v in b],
        "t": clean(t.statistic), "df": clean(getattr(t, "df", float("nan"))), "p_value": clean(t.pvalue),
    })
    u = stats.mannwhitneyu(a, b, alternative="two-sided", method="auto", use_continuity=True)
    ties = len(np.unique(np.concatenate([a, b]))) != len(a) + len(b)
    method = "asymptotic" if (min(len(a), len(b)) > 8 or ties) else "exact"
    mann_whitney.append({
        "name": name, "a": [float(v) for v in a], "b": [float(v) for v in b],
        "u": clean(u.statistic), "p_value": clean(u.pvalue), "method": method,
    })

welch_summary = []
for name, (ma, sa, na, mb, sb, nb) in {
    "orchestrator_parallel5": (487.0, 31.0, 100, 487.72, 9.7, 5),
    "orchestrator_single": (487.0, 23.0, 100, 512.0, 25.0, 100),
    "tiny_n": (10.0, 1.0, 2, 12.0, 1.5, 3),
}.items():
    r = stats.ttest_ind_from_stats(ma, sa, na, mb, sb, nb, equal_var=False)
    welch_summary.append({"name": name, "summary": [ma, sa, na, mb, sb, nb],
                          "t": clean(r.statistic), "p_value": clean(r.pvalue)})

bootstrap = []
for name, (b, c), stat in [
    ("mean_shift", (list(np.round(rng.lognormal(6, 0.05, 40), 4)), list(np.round(rng.lognormal(6.05, 0.05, 40), 4))), "mean"),
    ("median_shift", (list(np.round(rng.normal(200, 10, 50), 3)), list(np.round(rng.normal(190, 10, 50), 3))), "median"),
    ("small_mean", ([487.1, 501.9, 476.4, 462.0, 512.3, 490.8, 471.2, 495.5, 483.9, 508.7],
                    [497.0, 515.2, 489.9, 530.1, 508.8, 520.4, 499.3, 511.0]), "mean"),
]:
    bb, cc = np.array(b), np.array(c)
    f = np.mean if stat == "mean" else np.median

    def rel(x, y, axis=-1):
        sx = f(x, axis=axis)
        return (f(y, axis=axis) - sx) / np.abs(sx)

    r = stats.bootstrap((bb, cc), rel, paired=False, method="percentile", confidence_level=0.95,
                        n_resamples=200000, random_state=1, vectorized=True)
    bootstrap.append({"name": name, "stat": stat, "baseline": [float(v) for v in bb],
                      "candidate": [float(v) for v in cc], "level": 0.95,
                      "lower": clean(r.confidence_interval.low), "upper": clean(r.confidence_interval.high),
                      "point": clean(rel(bb, cc))})

base_ms = np.round(rng.normal(500, 20, 12), 3)
cand_s = np.round(rng.normal(0.530, 0.02, 12), 6)
t = stats.ttest_ind(base_ms, cand_s * 1000, equal_var=False)
compare_units = {"baseline_ms": [float(v) for v in base_ms], "candidate_s": [float(v) for v in cand_s],
                 "p_value": clean(t.pvalue),
                 "change": clean((np.mean(cand_s * 1000) - np.mean(base_ms)) / abs(np.mean(base_ms)))}

from scipy import optimize


def fieller_case(name, mb, sb, nb, mc, sc, nc, level, df, samples=None):
    tq = stats.t.ppf((1 + level) / 2, df)

    def pivot(r):
        return stats.ttest_ind_from_stats(mc, sc, nc, r * mb, abs(r) * sb, nb,
                                          equal_var=False).statistic

    p = stats.ttest_ind_from_stats(mb, sb, nb, mc, sc, nc, equal_var=False).pvalue
    case = {"name": name, "summary": [mb, sb, nb, mc, sc, nc], "level": level, "df": df,
            "t_quantile": tq, "p_value": clean(p)}
    if samples is not None:
        case["baseline"], case["candidate"] = samples
    t_b = stats.ttest_1samp(samples[0], 0).statistic if samples is not None else mb / (sb / math.sqrt(nb))
    if abs(t_b) > tq:
        r0 = mc / mb
        # The pivot falls through −t* above and +t* below r0 when mb > 0 (the other way when
        # mb < 0); widen the brackets until the sign changes.
        def root(target, step):
            lo = r0
            hi = r0 + step
            while (pivot(hi) - target) * (pivot(lo) - target) > 0:
                hi = r0 + (hi - r0) * 2
            return optimize.brentq(lambda r: pivot(r) - target, min(lo, hi), max(lo, hi),
                                   xtol=1e-15, rtol=1e-15, maxiter=500)
        span = 1e-3 * max(abs(r0), 1e-3)
        ends = sorted([root(tq, -span) if mb > 0 else root(tq, span),
                       root(-tq, span) if mb > 0 else root(-tq, -span)])
        rel = [e - 1 if mb > 0 else 1 - e for e in ends]
        case.update(kind="interval", lower=min(rel), upper=max(rel))
    else:
        # (mc − r·mb)² − t*²(vc + r²·vb) as a polynomial in r.
        vb, vc = sb * sb / nb, sc * sc / nc
        roots = np.roots([mb * mb - tq * tq * vb, -2 * mb * mc, mc * mc - tq * tq * vc])
        if np.all(np.isreal(roots)) and len(roots) == 2:
            rel = sorted([float(np.real(r)) - 1 if mb > 0 else 1 - float(np.real(r)) for r in roots])
            case.update(kind="unbounded", lower=rel[0], upper=rel[1])
        else:
            case.update(kind="everything")
    case["excludes_zero"] = not (case["kind"] == "everything"
                                 or (case["kind"] == "interval" and case["lower"] <= 0 <= case["upper"])
                                 or (case["kind"] == "unbounded" and not (case["lower"] < 0 < case["upper"])))
    return case


fieller = []
for name, (b, c), level in [
    ("lognormal_shift", (np.round(rng.lognormal(6, 0.05, 40), 4), np.round(rng.lognormal(6.05, 0.08, 25), 4)), 0.95),
    ("same_distribution", (np.round(rng.normal(100, 10, 30), 4), np.round(rng.normal(100, 10, 30), 4)), 0.95),
    ("unequal_sizes_90", (np.round(rng.normal(10, 1, 5), 4), np.round(rng.normal(10.5, 3, 40), 4)), 0.90),
    ("small_n_99", (np.array([487.1, 501.9, 476.4]), np.array([497.0, 515.2, 489.9, 530.1])), 0.99),
    ("faster", (np.round(rng.normal(200, 10, 50), 3), np.round(rng.normal(150, 20, 50), 3)), 0.95),
    ("negative_baseline", (np.round(rng.normal(-50, 5, 20), 4), np.round(rng.normal(-45, 5, 20), 4)), 0.95),
    ("baseline_near_zero", (np.round(rng.normal(0.5, 5, 10), 4), np.round(rng.normal(10, 3, 10), 4)), 0.95),
    ("both_near_zero", (np.round(rng.normal(0.1, 5, 6), 4), np.round(rng.normal(0.2, 5, 6), 4)), 0.95),
]:
    b, c = np.array(b, dtype=float), np.array(c, dtype=float)
    df = float(stats.ttest_ind(b, c, equal_var=False).df)
    fieller.append(fieller_case(name, float(b.mean()), float(b.std(ddof=1)), len(b),
                                float(c.mean()), float(c.std(ddof=1)), len(c), level, df,
                                samples=([float(v) for v in b], [float(v) for v in c])))
for name, (mb, sb, nb, mc, sc, nc) in {
    "orchestrator_parallel5": (487.0, 31.0, 100, 487.72, 9.7, 5),
    "orchestrator_single": (487.0, 23.0, 100, 512.0, 25.0, 100),
    "tiny_n": (10.0, 1.0, 2, 12.0, 1.5, 3),
    "baseline_within_noise_of_zero": (1.0, 5.0, 10, 10.0, 3.0, 10),
}.items():
    vb, vc = sb * sb / nb, sc * sc / nc
    df = (vb + vc) ** 2 / (vb * vb / (nb - 1) + vc * vc / (nc - 1))
    fieller.append(fieller_case(name, mb, sb, nb, mc, sc, nc, 0.95, df))

print(json.dumps({
    "generated_by": "tests/reference/reference.py",
    "numpy": np.__version__, "scipy": scipy.__version__,
    "descriptive": descriptive, "welch": welch, "welch_summary": welch_summary,
    "mann_whitney": mann_whitney, "bootstrap": bootstrap, "compare_units": compare_units,
    "fieller": fieller,
}, indent=1))
