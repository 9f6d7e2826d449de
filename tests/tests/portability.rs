//! Native half of the portability check: core writes the bundled example as exactly the
//! bytes in tests/data/orchestrator-baseline.normalized.json. The wasm half (app/tests/web.rs)
//! compares against the same file in Chromium. Regenerate with BLESS=1 after a deliberate
//! change of the format's output.

use benchdash_core::examples::ORCHESTRATOR_BASELINE;
use benchdash_core::{read_run, write};
use benchdash_tests::workspace_root;

#[test]
fn native_core_writes_the_normalized_example() {
    let (name, text) = ORCHESTRATOR_BASELINE;
    let written = write::to_json(&read_run(name, text.as_bytes()).unwrap().run);
    let golden = workspace_root().join("tests/data/orchestrator-baseline.normalized.json");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&golden, &written).unwrap();
    }
    let expected =
        std::fs::read_to_string(&golden).expect("the golden file exists (BLESS=1 writes it)");
    assert_eq!(written, expected);
}
