//! Statistics. `descriptive` summarises one sample; inference and comparison build on it.
pub mod descriptive;
