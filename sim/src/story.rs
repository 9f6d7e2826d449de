//! The first visit's story: a month of simulated nightly runs of a project, so that a new
//! visitor sees what benchdash is for (a regression, a change point, a limit) before loading
//! anything. docs/dashboard.md tells the story; the dashboard simulates it in its worker, and
//! `benchdash simulate --story` writes the same runs.
//!
//! Each night simulates [`NIGHTLY`], the presets that carry the orchestrator baseline's limits
//! (examples/thresholds/orchestrator-baseline.toml) and `circuit-breaker`, whose timeline the
//! Timeline view shows, with the presets' own seeds moved by the
//! night's number, so nights differ as repeated runs do. Two changes land:
//! - from night [`SLOWER_FROM`] on, the `web_search` tool answers in 372 ms instead of 298 ms
//!   (every preset that calls it gets slower: a change point in their trends, and the
//!   single-tool latency's warning limit of 550 ms is crossed);
//! - on the last night, the speculation hit rate falls from 73.2 % to 55 % (last night's
//!   regression, which Compare shows for the newest run against the one before).
//!
//! Pure like the rest of the simulation: the caller passes the last night's timestamp.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use benchdash_core::run::RunFile;

use crate::presets;
use crate::scenario::Scenario;
use crate::{Progress, Simulation};

/// Nights in the story.
pub const NIGHTS: usize = 30;

/// The first night (counted from 1) with the slower `web_search`.
pub const SLOWER_FROM: usize = 20;

/// The presets simulated every night.
pub const NIGHTLY: [&str; 9] = [
    "single-tool",
    "parallel-5",
    "parallel-20",
    "sequential-5",
    "speculation",
    "memory-parallel",
    "sliding-window-500",
    "token-bucket-100",
    // Not a limit's: the night's timeline (a database outage, the breaker opening and the
    // recovery) for the Timeline view. 2,400 requests, a small part of a night.
    "circuit-breaker",
];

/// What changes, as text replaced in a preset's file: (preset, before, after, the tag's words).
const SLOWER_SEARCH: (&str, &str, &str) = (
    "mean = \"298ms\"",
    "mean = \"372ms\"",
    "web_search 298 ms → 372 ms",
);
const FEWER_HITS: (&str, &str, &str) = (
    "hit_rate = 0.732",
    "hit_rate = 0.55",
    "speculation hit rate 73.2 % → 55 %",
);

/// The changes in effect on `night` (from 1), and the words of those that land that night.
fn changes(
    night: usize,
) -> (
    Vec<(&'static str, &'static str, &'static str)>,
    Vec<&'static str>,
) {
    let mut active = Vec::new();
    let mut landing = Vec::new();
    if night >= SLOWER_FROM {
        active.push(SLOWER_SEARCH);
        if night == SLOWER_FROM {
            landing.push(SLOWER_SEARCH.2);
        }
    }
    if night == NIGHTS {
        active.push(FEWER_HITS);
        landing.push(FEWER_HITS.2);
    }
    (active, landing)
}

/// A preset made shorter for the story: (preset, before, after). The sliding window's minute
/// is 70 % of a night's events; ten seconds measure its accuracy as well.
const SHORTER: (&str, &str, &str) = (
    "sliding-window-500",
    "duration = \"60s\"",
    "duration = \"10s\"",
);

/// The scenarios of `night` (from 1): [`NIGHTLY`] with the changes in effect that night.
pub fn scenarios(night: usize) -> Vec<Scenario> {
    let (active, _) = changes(night);
    NIGHTLY
        .iter()
        .map(|name| {
            let preset = presets::find(name).expect("every nightly preset exists");
            let mut text = preset.text.to_string();
            if *name == SHORTER.0 {
                text = text.replace(SHORTER.1, SHORTER.2);
            }
            for (before, after, _) in &active {
                text = text.replace(before, after);
            }
            let mut scenario = Scenario::parse(&format!("{name}.toml"), &text)
                .unwrap_or_else(|e| panic!("the story's {name} is broken: {e}"));
            // A night's seed: the preset's own, moved by the night, so nights differ as
            // repeated runs do and the story is the same on every visit.
            scenario.seed = scenario.seed.wrapping_add(night as u64 * 7919);
            scenario
        })
        .collect()
}

struct Night {
    simulation: Simulation,
    name: String,
    timestamp: String,
    tags: Vec<(String, String)>,
}

/// The story being simulated, night after night, in bounded steps like a [`Simulation`].
pub struct Story {
    nights: Vec<Night>,
    current: usize,
    events: u64,
}

impl Story {
    /// The story whose last night is at `last` (RFC 3339), nights a day apart; `None` if
    /// `last` is not an RFC 3339 timestamp.
    pub fn new(last: &str) -> Option<Story> {
        let last = OffsetDateTime::parse(last, &Rfc3339).ok()?;
        let nights = (1..=NIGHTS)
            .map(|night| {
                let at = last - Duration::days((NIGHTS - night) as i64);
                let (_, landing) = changes(night);
                let tags = landing
                    .iter()
                    .map(|words| ("change".to_string(), words.to_string()))
                    .collect();
                Night {
                    simulation: Simulation::suite(&scenarios(night), None),
                    name: format!("nightly {night} (simulated)"),
                    timestamp: at.format(&Rfc3339).expect("a date formats as RFC 3339"),
                    tags,
                }
            })
            .collect();
        Some(Story {
            nights,
            current: 0,
            events: 0,
        })
    }

    /// Runs at most `max_events` events, as [`Simulation::advance`] does.
    pub fn advance(&mut self, max_events: u64) -> Progress {
        let mut budget = max_events.max(1);
        while budget > 0 && self.current < self.nights.len() {
            let night = &mut self.nights[self.current];
            let before = night.simulation.progress().events;
            let progress = night.simulation.advance(budget);
            let ran = progress.events - before;
            budget = budget.saturating_sub(ran.max(1));
            self.events += ran;
            if progress.done {
                self.current += 1;
            }
        }
        self.progress()
    }

    pub fn progress(&self) -> Progress {
        let done = self.current >= self.nights.len();
        let within = self
            .nights
            .get(self.current)
            .map_or(0.0, |n| n.simulation.progress().fraction);
        Progress {
            done,
            fraction: if done {
                1.0
            } else {
                (self.current as f64 + within) / self.nights.len() as f64
            },
            events: self.events,
        }
    }

    /// The nightly runs, oldest first. Runs whatever is left first.
    pub fn finish(mut self) -> Vec<RunFile> {
        while !self.advance(1 << 20).done {}
        self.nights
            .into_iter()
            .map(|n| {
                let mut run = n.simulation.finish(&n.name, &n.timestamp);
                run.run.tags.extend(n.tags);
                run
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_replaces_text_in_the_presets_it_names() {
        let calls_search = |text: &str| text.contains(SLOWER_SEARCH.0);
        let touched: Vec<&str> = NIGHTLY
            .iter()
            .copied()
            .filter(|n| calls_search(presets::find(n).unwrap().text))
            .collect();
        assert!(touched.contains(&"single-tool"), "{touched:?}");
        assert!(presets::find("speculation")
            .unwrap()
            .text
            .contains(FEWER_HITS.0));
        assert!(presets::find(SHORTER.0).unwrap().text.contains(SHORTER.1));
        // The changed scenarios differ from the unchanged ones exactly where a change lands.
        assert_eq!(
            scenarios(1)[0].points[0].config,
            scenarios(SLOWER_FROM - 1)[0].points[0].config
        );
        assert_ne!(
            scenarios(1)[0].points[0].config,
            scenarios(SLOWER_FROM)[0].points[0].config
        );
        let speculation = NIGHTLY.iter().position(|n| *n == "speculation").unwrap();
        assert_eq!(
            scenarios(1)[speculation].points[0].config,
            scenarios(NIGHTS - 1)[speculation].points[0].config
        );
        assert_ne!(
            scenarios(1)[speculation].points[0].config,
            scenarios(NIGHTS)[speculation].points[0].config
        );
    }

    #[test]
    fn nights_are_a_day_apart_and_end_at_the_given_time() {
        let story = Story::new("2026-12-02T06:00:00Z").unwrap();
        assert_eq!(story.nights.len(), NIGHTS);
        assert_eq!(story.nights[NIGHTS - 1].timestamp, "2026-12-02T06:00:00Z");
        assert_eq!(story.nights[0].timestamp, "2026-11-03T06:00:00Z");
        assert_eq!(
            story.nights[SLOWER_FROM - 1].tags,
            vec![("change".to_string(), SLOWER_SEARCH.2.to_string())]
        );
        assert!(Story::new("yesterday").is_none());
    }
}
