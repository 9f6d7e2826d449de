//! Statistics. `descriptive` summarises one sample; `inference` tests two (Welch, Mann-Whitney);
//! `bootstrap` gives seeded, portable confidence intervals of a relative change; `changepoint`
//! finds where a history shifts (a robust MOSUM search); `history` tests a new run's value
//! against the runs before it. [`Stat`] names the number being judged.
pub mod bootstrap;
pub mod changepoint;
pub mod descriptive;
pub mod history;
pub mod inference;
mod stat;

pub use stat::{Stat, StatError};
