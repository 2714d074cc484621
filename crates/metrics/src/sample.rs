//! Samples and the per-thread buffers that carry them to the collector.

use std::time::SystemTime;

use crate::{MetricId, TagSet};

/// One measured value.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Which metric.
    pub metric: MetricId,
    /// When it was measured.
    pub time: SystemTime,
    /// The sample's tags (system tags, scenario, group and user tags).
    pub tags: TagSet,
    /// Non-indexed metadata (`exec.vu.metrics.metadata`); shown in JSON output only.
    pub metadata: Option<TagSet>,
    /// The value: milliseconds for time metrics, bytes for data metrics, 0/1 for rates.
    pub value: f64,
}

/// Sends sample batches to the collector.
pub type SampleSender = crossbeam_channel::Sender<Vec<Sample>>;
/// Receives sample batches.
pub type SampleReceiver = crossbeam_channel::Receiver<Vec<Sample>>;

/// A channel for sample batches (unbounded: VUs never wait on the collector).
pub fn sample_channel() -> (SampleSender, SampleReceiver) {
    crossbeam_channel::unbounded()
}

/// Batches samples on one thread and sends a batch when it is full or when flushed. One per VU
/// thread: pushing takes no lock.
#[derive(Debug)]
pub struct SampleBuffer {
    batch: Vec<Sample>,
    sender: SampleSender,
}

/// Samples per batch: large enough to make channel traffic negligible, small enough that a batch
/// is never old.
const BATCH: usize = 512;

impl SampleBuffer {
    /// A buffer sending to `sender`.
    pub fn new(sender: SampleSender) -> Self {
        Self { batch: Vec::with_capacity(BATCH), sender }
    }

    /// Adds a sample; sends the batch when it is full.
    pub fn push(&mut self, sample: Sample) {
        self.batch.push(sample);
        if self.batch.len() >= BATCH {
            self.flush();
        }
    }

    /// Sends whatever is buffered.
    pub fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            // The collector only goes away at the very end of a run; samples after that are moot.
            let _ = self.sender.send(batch);
        }
    }
}

impl Drop for SampleBuffer {
    fn drop(&mut self) {
        self.flush();
    }
}
