//! Native half of the simulation's determinism check: every preset and the scenarios in
//! tests/data/sim-determinism*.toml give exactly the fingerprints (SHA-256 of the run file
//! bytes) in tests/data/sim-determinism.txt. worker/tests/sim.rs checks the same list in
//! headless Chromium. Regenerate with BLESS=1 only after a deliberate change of the model.

use benchdash_sim::{self as sim, Scenario};

fn data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(name)
}

#[test]
fn native_fingerprints_match_the_golden_list() {
    let extra: Vec<Scenario> = ["sim-determinism.toml", "sim-determinism-closed.toml"]
        .iter()
        .map(|f| Scenario::parse(f, &std::fs::read_to_string(data(f)).unwrap()).unwrap())
        .collect();
    let got = sim::fingerprints(&extra);
    let golden = data("sim-determinism.txt");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(&golden).expect("the golden list exists (BLESS=1)");
    assert_eq!(got, want);
}
