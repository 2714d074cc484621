//! Outputs (`--out`): every sample, with its tags and metric definition, streamed to a file or
//! stdout as it is collected. Outputs run on the collector thread, never on VU threads.

mod csv;
mod json;
mod spec;
mod timefmt;
mod writer;

use std::io;

pub use csv::CsvOutput;
pub use json::JsonOutput;
pub use spec::{CsvTimeFormat, DEFAULT_CSV_SYSTEM_TAGS, OutputError, OutputSpec, parse_outputs};

use crate::{Metric, Sample};

/// A destination for every sample of a run.
pub trait Output: Send {
    /// The description shown in the execution header (`json (out.json)`).
    fn description(&self) -> String;

    /// Receives one sample and the definition of its metric.
    fn add(&mut self, sample: &Sample, metric: &Metric) -> io::Result<()>;

    /// Pushes buffered data to the destination (called periodically).
    fn flush(&mut self) -> io::Result<()>;

    /// Writes everything still buffered and closes the destination.
    fn stop(&mut self) -> io::Result<()>;
}
