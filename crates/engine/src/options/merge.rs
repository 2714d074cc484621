//! Merging one configuration layer over another, field by field, with k6's special rule: a layer
//! that sets any of `duration`, `iterations`, `stages` or `scenarios` clears all four below it.

use super::Options;

/// What a merge noticed that k6 reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct MergeNotes {
    /// The lower layers' `scenarios` were dropped by the execution rule.
    pub(crate) scenarios_overridden: bool,
}

macro_rules! take_set {
    ($low:ident, $high:ident, $($field:ident),+ $(,)?) => {
        $( if $high.$field.is_some() { $low.$field = $high.$field.clone(); } )+
    };
}

impl Options {
    /// Whether this layer sets any of the four execution fields.
    pub fn sets_execution(&self) -> bool {
        self.duration.is_some() || self.iterations.is_some() || self.stages.is_some() || self.scenarios.is_some()
    }

    /// Overlays `higher` on `self` (k6's `Options.Apply`).
    pub(crate) fn apply(&mut self, higher: &Options) -> MergeNotes {
        let mut notes = MergeNotes::default();
        if higher.sets_execution() {
            notes.scenarios_overridden = self.scenarios.is_some();
            self.duration = None;
            self.iterations = None;
            self.stages = None;
            self.scenarios = None;
        }
        take_set!(
            self,
            higher,
            paused,
            vus,
            duration,
            iterations,
            stages,
            scenarios,
            execution_segment,
            execution_segment_sequence,
            no_setup,
            setup_timeout,
            no_teardown,
            teardown_timeout,
            rps,
            max_redirects,
            user_agent,
            batch,
            batch_per_host,
            http_debug,
            insecure_skip_tls_verify,
            tls_cipher_suites,
            tls_version,
            tls_auth,
            throw,
            thresholds,
            blacklist_ips,
            block_hostnames,
            hosts,
            no_connection_reuse,
            no_vu_connection_reuse,
            min_iteration_duration,
            ext,
            summary_trend_stats,
            summary_time_unit,
            system_tags,
            tags,
            metric_samples_buffer_size,
            no_cookies_reset,
            discard_response_bodies,
            local_ips,
            cloud,
            console_output,
        );
        if higher.dns != Default::default() {
            self.dns = higher.dns.clone();
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::GoDuration;

    #[test]
    fn execution_fields_clear_each_other() {
        let mut low = Options { vus: Some(2), iterations: Some(4), ..Default::default() };
        let high = Options { duration: Some(GoDuration::from_secs(1)), ..Default::default() };
        let notes = low.apply(&high);
        assert_eq!(low.iterations, None);
        assert_eq!(low.vus, Some(2));
        assert_eq!(low.duration, Some(GoDuration::from_secs(1)));
        assert!(!notes.scenarios_overridden);
    }

    #[test]
    fn unset_fields_do_not_override() {
        let mut low = Options { vus: Some(2), throw: Some(true), ..Default::default() };
        low.apply(&Options { vus: Some(3), ..Default::default() });
        assert_eq!(low.vus, Some(3));
        assert_eq!(low.throw, Some(true));
    }
}
