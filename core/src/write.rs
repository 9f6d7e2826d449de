//! Writing run files: a [`RunFile`] in, bytes out. Output is pretty-printed, ends with a
//! newline, and is deterministic (metric maps are ordered), so run files diff well in review.

use crate::run::RunFile;

/// The run file as pretty-printed JSON.
pub fn to_json(run: &RunFile) -> String {
    // Serialising plain data with string keys cannot fail.
    let mut text = serde_json::to_string_pretty(run).expect("run files always serialise");
    text.push('\n');
    text
}

/// The run as one line of a `.jsonl` history.
pub fn to_jsonl_line(run: &RunFile) -> String {
    let mut text = serde_json::to_string(run).expect("run files always serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read_history_jsonl, read_run};

    #[test]
    fn read_write_read_round_trips() {
        let (name, text) = crate::examples::ORCHESTRATOR_BASELINE;
        let first = read_run(name, text.as_bytes()).unwrap().run;
        let written = to_json(&first);
        let second = read_run("written.json", written.as_bytes()).unwrap().run;
        assert_eq!(first, second);
        // Writing is deterministic: the same run gives the same bytes.
        assert_eq!(written, to_json(&second));
        assert!(written.ends_with("}\n"));
    }

    #[test]
    fn jsonl_lines_round_trip_as_a_history() {
        let (name, text) = crate::examples::ORCHESTRATOR_BASELINE;
        let run = read_run(name, text.as_bytes()).unwrap().run;
        let history = format!("{}{}", to_jsonl_line(&run), to_jsonl_line(&run));
        assert_eq!(history.lines().count(), 2);
        let back = read_history_jsonl("h.jsonl", history.as_bytes()).unwrap();
        assert_eq!(back[0].run, run);
        assert_eq!(back[1].run, run);
    }
}
