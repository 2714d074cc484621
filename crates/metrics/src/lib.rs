//! Metrics for Stampede: the registry of metric definitions, samples with their tag sets, and the
//! machinery that turns samples into what users read (sinks, thresholds, summaries, outputs).
//!
//! This crate is a leaf: it knows no JavaScript, no engine and no gRPC. Everything above it records
//! [`Sample`]s into a [`SampleBuffer`] (one per thread, no lock on the hot path) which flushes batches
//! into a channel read by one collector.

mod registry;
mod sample;
mod tags;

pub use registry::{Metric, MetricId, MetricType, Registry, RegistryError, ValueType};
pub use sample::{Sample, SampleBuffer, SampleReceiver, SampleSender, sample_channel};
pub use tags::{TagSet, TagSetBuilder};
