// A tiny Catch2 (v2) benchmark file: two test cases, three benchmarks.
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>
#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

TEST_CASE("Fibonacci", "[bench]") {
    REQUIRE(fib(10) == 55);
    BENCHMARK("fib 10") { return fib(10); };
    BENCHMARK("fib 15") { return fib(15); };
}

TEST_CASE("Containers", "[bench]") {
    BENCHMARK("sort 100 ints") {
        std::vector<int> v(100);
        std::iota(v.rbegin(), v.rend(), 0);
        std::sort(v.begin(), v.end());
        return v[0];
    };
}
