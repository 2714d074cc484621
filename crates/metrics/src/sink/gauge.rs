//! Gauge sink: the last value plus min and max.
//!
//! k6 starts `max` at 0 (not at the first sample), so a gauge that only ever saw negative values
//! reports `max=0`; `min` is tracked correctly. Stampede keeps that quirk for identical summaries.

/// The last value, min and max of a Gauge.
#[derive(Debug, Clone, Default)]
pub struct GaugeSink {
    value: f64,
    min: f64,
    max: f64,
    seen: bool,
}

impl GaugeSink {
    /// Adds a sample.
    pub fn add(&mut self, value: f64) {
        self.value = value;
        if value > self.max {
            self.max = value;
        }
        if !self.seen || value < self.min {
            self.min = value;
        }
        self.seen = true;
    }

    /// True when no sample was added.
    pub fn is_empty(&self) -> bool {
        !self.seen
    }

    /// The last value.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The smallest value.
    pub fn min(&self) -> f64 {
        self.min
    }

    /// The largest value, never below 0 (k6 quirk).
    pub fn max(&self) -> f64 {
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_gauge_keeps_max_zero() {
        let mut g = GaugeSink::default();
        for v in [-5.0, -9.0, -7.0] {
            g.add(v);
        }
        assert_eq!((g.value(), g.min(), g.max()), (-7.0, -9.0, 0.0));
    }

    #[test]
    fn positive_gauge_tracks_min_from_first_sample() {
        let mut g = GaugeSink::default();
        g.add(4.0);
        g.add(2.0);
        g.add(3.0);
        assert_eq!((g.value(), g.min(), g.max()), (3.0, 2.0, 4.0));
    }
}
