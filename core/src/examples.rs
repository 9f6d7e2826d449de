//! Run files bundled into every build, so the dashboard is never empty and tests have a known
//! document. The files live under `examples/runs/` at the workspace root, where users find them.

/// The orchestrator baseline of seed 000 as a run file (a hand-written example, not a
/// simulation: it carries the seed's published figures).
pub const ORCHESTRATOR_BASELINE: (&str, &str) = (
    "orchestrator-baseline.json",
    include_str!("../../examples/runs/orchestrator-baseline.json"),
);

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_example_reads_without_warnings() {
        let (name, text) = super::ORCHESTRATOR_BASELINE;
        let loaded = crate::read_run(name, text.as_bytes()).unwrap();
        assert!(loaded.warnings.is_empty());
        assert_eq!(loaded.run.benchmarks.len(), 8);
    }
}
