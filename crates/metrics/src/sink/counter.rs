//! Counter sink: a running sum; its rate is the sum over the whole test run duration.

use std::time::Duration;

/// The sum of a Counter's samples.
#[derive(Debug, Clone, Default)]
pub struct CounterSink {
    sum: f64,
    samples: u64,
}

impl CounterSink {
    /// Adds a sample.
    pub fn add(&mut self, value: f64) {
        self.sum += value;
        self.samples += 1;
    }

    /// True when no sample was added.
    pub fn is_empty(&self) -> bool {
        self.samples == 0
    }

    /// The sum (k6's `count`).
    pub fn sum(&self) -> f64 {
        self.sum
    }

    /// `sum / duration` in seconds (k6's `rate`); 0 for a zero duration.
    pub fn rate(&self, duration: Duration) -> f64 {
        let secs = duration.as_secs_f64();
        if secs > 0.0 { self.sum / secs } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_is_sum_over_run_duration() {
        let mut c = CounterSink::default();
        assert!(c.is_empty());
        c.add(1.0);
        c.add(2.0);
        assert_eq!(c.sum(), 3.0);
        assert_eq!(c.rate(Duration::from_millis(500)), 6.0);
        assert_eq!(c.rate(Duration::ZERO), 0.0);
    }
}
