"""A tiny pyperf suite: three benchmarks in one file (Runner + bench_func / timeit)."""
import pyperf


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


runner = pyperf.Runner()
runner.bench_func("fib_10", fib, 10)
runner.timeit("sort_100", stmt="sorted(xs)", setup="xs = list(range(100, 0, -1))")
runner.timeit("str_join", stmt="'-'.join(parts)", setup="parts = [str(i) for i in range(50)]")
