#![no_main]
//! The run-file reader, as a single file and as a `.jsonl` history. A run that reads must
//! write and read back to an equal run (an invariant, so asserted).

use benchdash_core::read::read_runs;
use benchdash_core::write::to_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for file in ["x.json", "x.jsonl"] {
        let Ok(loaded) = read_runs(file, data) else {
            continue;
        };
        for first in loaded {
            let written = to_json(&first.run);
            let again = match read_runs("again.json", written.as_bytes()) {
                Ok(mut runs) => runs.remove(0),
                Err(e) => panic!("a written run does not read back: {e}\n{written}"),
            };
            assert_eq!(
                first.run, again.run,
                "round trip changed the run:\n{written}"
            );
        }
    }
});
