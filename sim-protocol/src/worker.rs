//! The messages between the page and the simulation's worker, as JSON text: the page sends
//! one [`Request`] per worker and gets [`Reply`]s back. Cancelling is the page terminating the
//! worker, so there is no cancel message.

use serde::{Deserialize, Serialize};

/// What the page asks the worker to simulate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub job: Job,
    /// Overrides the scenario's own seed (not the story's: it is the same on every visit).
    pub seed: Option<u64>,
    /// The run's timestamp, or the story's last night (the page's clock: core has none).
    pub timestamp: String,
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// The default suite: every preset, into one run.
    Suite,
    /// A scenario's TOML, into one run.
    Scenario(String),
    /// The first visit's story (`benchdash_sim::story`): a month of nightly runs.
    Story,
}

/// What the worker tells the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// The worker is listening: a message posted before this one would have been lost.
    Ready,
    /// The share of the work done, in [0, 1].
    Progress(f64),
    /// The finished run, as a run file (JSON text).
    Done(String),
    /// The finished runs of a story, as a `.jsonl` history (one run file a line).
    History(String),
    /// The request could not be simulated: the scenario's error, naming the line and key.
    Failed(String),
}

impl Reply {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a reply serialises")
    }
}
