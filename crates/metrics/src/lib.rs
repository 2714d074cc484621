//! Metrics for Stampede: the registry of metric definitions, samples with their tag sets, and the
//! machinery that turns samples into what users read (sinks, thresholds, summaries, outputs).
//!
//! This crate is a leaf: it knows no JavaScript, no engine and no gRPC. Everything above it records
//! [`Sample`]s into a [`SampleBuffer`] (one per thread, no lock on the hot path) which flushes batches
//! into a channel read by one [`Collector`]. The collector feeds the [`sink`]s, streams samples to the
//! [`output`]s, evaluates [`threshold`]s and builds the [`summary`] report.

mod builtins;
mod collector;
pub mod output;
mod registry;
mod sample;
pub mod sink;
pub mod summary;
mod tags;
pub mod threshold;

pub use builtins::{ITERATION_START_LAG, ITERATIONS_STARTED_LATE, K6_BUILTIN_METRICS};
pub use collector::{Collector, CollectorConfig, CollectorHandle, FinalResults, RunEnd, ThresholdVerdict};
pub use output::{Output, OutputError, OutputSpec, parse_outputs};
pub use registry::{Metric, MetricId, MetricType, Registry, RegistryError, ValueType};
pub use sample::{Sample, SampleBuffer, SampleReceiver, SampleSender, sample_channel};
pub use summary::{
    DataContext, SummaryMode, SummaryOptions, SummaryReport, jslib_text_summary, render_text_summary, summary_export,
};
pub use tags::{TagSet, TagSetBuilder};
pub use threshold::{ThresholdError, Thresholds};
