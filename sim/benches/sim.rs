//! Simulation speed: events per second on one core (issue 5's goal: at least 10 million).
//!
//! Each benchmark simulates a whole scenario per iteration; its throughput is the number of
//! events that scenario processes (counted once beforehand, since a run is deterministic), so
//! criterion reports events/s. Run with `cargo bench -p benchdash-sim --bench sim`.

use benchdash_sim::{presets, Scenario, Simulation};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn events(scenario: &Scenario) -> u64 {
    let mut sim = Simulation::new(scenario, None);
    sim.run_to_end();
    sim.progress().events
}

fn bench_sim(c: &mut Criterion) {
    let mut group = c.benchmark_group("sim");
    group.sample_size(10);
    let mut cases: Vec<Scenario> =
        vec![Scenario::parse("mmc.toml", benchdash_sim::presets::SPEED_MMC).unwrap()];
    for name in [
        "parallel-20",
        "burst",
        "error-recovery",
        "concurrent-users",
        "circuit-breaker",
    ] {
        cases.push(presets::scenario(presets::find(name).unwrap()));
    }
    for scenario in &cases {
        group.throughput(Throughput::Elements(events(scenario)));
        group.bench_function(&scenario.name, |b| {
            b.iter(|| {
                let mut sim = Simulation::new(scenario, None);
                sim.run_to_end();
                sim.progress().events
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_sim);
criterion_main!(benches);
