// Tiny Google Benchmark suite for benchdash's importer test data (see ../generate.sh).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

// Args: Range gives "BM_VectorPushBack/8", ".../64", ".../512"; Arg adds ".../1000".
static void BM_VectorPushBack(benchmark::State& state) {
  for (auto _ : state) {
    std::vector<int> v;
    for (int64_t i = 0; i < state.range(0); ++i) v.push_back(static_cast<int>(i));
    benchmark::DoNotOptimize(v.data());
    benchmark::ClobberMemory();
  }
  state.SetComplexityN(state.range(0));
}
// Complexity adds two aggregate rows: "BM_VectorPushBack_BigO" and "BM_VectorPushBack_RMS".
BENCHMARK(BM_VectorPushBack)->RangeMultiplier(8)->Range(8, 512)->Arg(1000)->Complexity(benchmark::oN);

// Two args and a time unit other than the default ns.
static void BM_StringConcat(benchmark::State& state) {
  const std::string a(static_cast<size_t>(state.range(0)), 'a');
  const std::string b(static_cast<size_t>(state.range(1)), 'b');
  for (auto _ : state) {
    std::string c = a + b;
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_StringConcat)->Args({16, 16})->Args({256, 1024})->Unit(benchmark::kMicrosecond);

// Throughput: items_per_second and bytes_per_second appear in the output.
static void BM_Sum(benchmark::State& state) {
  std::vector<uint32_t> data(static_cast<size_t>(state.range(0)));
  std::iota(data.begin(), data.end(), 0u);
  for (auto _ : state) {
    uint64_t s = std::accumulate(data.begin(), data.end(), uint64_t{0});
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) *
                          static_cast<int64_t>(sizeof(uint32_t)));
}
BENCHMARK(BM_Sum)->Arg(4096);

// User counters: a plain one, one that is always zero (its "_cv" aggregate is 0/0, which
// the JSON reporter writes as a bare NaN), a rate (per second) and an average per iteration.
static void BM_Counters(benchmark::State& state) {
  uint64_t collisions = 0;
  uint64_t seed = 0;
  for (auto _ : state) {
    uint64_t h = 1469598103934665603ull ^ seed++;
    for (int i = 0; i < 64; ++i) {
      h = (h ^ static_cast<uint64_t>(i)) * 1099511628211ull;
      if ((h & 0xff) == 0) ++collisions;
    }
    benchmark::DoNotOptimize(h);
  }
  state.counters["collisions"] = static_cast<double>(collisions);
  state.counters["retries"] = 0;
  state.counters["hashes_rate"] =
      benchmark::Counter(64.0 * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["hashes_per_iter"] = benchmark::Counter(
      64.0 * static_cast<double>(state.iterations()), benchmark::Counter::kAvgIterations);
}
// Threads(2) adds a "/threads:2" suffix to the name and "threads": 2.
BENCHMARK(BM_Counters)->Threads(1)->Threads(2);

// A benchmark that reports an error: "error_occurred": true, "error_message": ...
static void BM_Fails(benchmark::State& state) {
  for (auto _ : state) {
    state.SkipWithError("resource not available (deliberate, for test data)");
    break;
  }
}
BENCHMARK(BM_Fails);

// Manual timing, so "real_time"/"cpu_time" come from SetIterationTime.
static void BM_ManualTime(benchmark::State& state) {
  for (auto _ : state) {
    state.SetIterationTime(0.000125);  // 125 us, as if measured by hand
  }
}
BENCHMARK(BM_ManualTime)->UseManualTime()->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
