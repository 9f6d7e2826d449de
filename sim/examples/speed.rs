//! One whole run of each of the speed bench's scenarios per round, timed, for comparing two
//! builds of the simulation run by turns (`bench/sim-speed/compare.sh`): criterion's ten
//! samples of one build, then of the other, do not resolve a 10 % difference on a shared
//! machine, while the minimum of many short runs taken in turns does.
//!
//! `cargo run --release -p benchdash-sim --example speed -- ROUNDS [SCENARIO ...]` prints one
//! line per run, `<scenario> <nanoseconds>`, of every scenario or of those named.

use benchdash_sim::{presets, Scenario, Simulation};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args
        .first()
        .map(|a| a.parse().expect("ROUNDS: a number"))
        .unwrap_or(1);
    let only = &args[args.len().min(1)..];
    let mut cases: Vec<Scenario> = vec![Scenario::parse("mmc.toml", presets::SPEED_MMC).unwrap()];
    for name in ["burst", "circuit-breaker", "concurrent-users"] {
        cases.push(presets::scenario(presets::find(name).unwrap()));
    }
    cases.retain(|s| only.is_empty() || only.contains(&s.name));
    for _ in 0..rounds {
        for scenario in &cases {
            // Wall time is this example's point (the simulation itself runs on virtual time).
            let start = std::time::Instant::now();
            let mut sim = Simulation::new(scenario, None);
            sim.run_to_end();
            std::hint::black_box(sim.progress().events);
            let took = start.elapsed();
            println!("{} {}", scenario.name, took.as_nanos());
        }
    }
}
