"""Tiny pytest-benchmark suite for benchdash's importer test data (see ../generate.sh).

The file name does not start with test_ on purpose, so that a plain `pytest` run elsewhere in
the repository never collects it; generate.sh passes it to pytest by path.
"""

import json

import pytest


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def test_fib_plain(benchmark):
    """No group, no params: lands in the group "null"."""
    result = benchmark(fib, 20)
    assert result == 6765


@pytest.mark.benchmark(group="sorting")
@pytest.mark.parametrize("size", [10, 1000])
def test_sorted(benchmark, size):
    """Parametrized and grouped: names like "test_sorted[10]", params {"size": 10}."""
    data = list(range(size, 0, -1))
    result = benchmark(sorted, data)
    assert result[0] == 1


@pytest.mark.benchmark(group="sorting")
def test_list_sort_in_place(benchmark):
    data = list(range(1000, 0, -1))
    benchmark(lambda: list(data).sort())


@pytest.mark.benchmark(group="json")
def test_json_roundtrip_extra_info(benchmark):
    """Fills extra_info, which is exported as given."""
    doc = {"k%d" % i: [i, str(i), i / 3] for i in range(50)}
    benchmark.extra_info["doc_keys"] = len(doc)
    benchmark.extra_info["note"] = "json dumps+loads"
    benchmark(lambda: json.loads(json.dumps(doc)))


@pytest.mark.benchmark(group="json")
def test_pedantic_rounds(benchmark):
    """benchmark.pedantic: fixed rounds and iterations (iterations > 1 divides the timings)."""
    benchmark.pedantic(json.dumps, args=({"a": list(range(100))},), rounds=15, iterations=4)
