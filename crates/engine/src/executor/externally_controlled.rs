//! `externally-controlled`: `vus` of `maxVUs` initialised VUs loop for `duration` (0 = until the
//! test is stopped). k6 changes the VU counts and pauses this executor through its REST API
//! (`PATCH /v1/status`); Stampede has no REST API yet, so the counts stay as configured. There
//! is no gracefulStop: running iterations are interrupted at the end. With execution segments
//! both counts are scaled, as k6 v1.1.0 does.

use std::sync::Arc;
use std::time::{Duration, Instant};

use script::ActivityReport;

use super::constant_vus::UntilDeadline;
use super::{PlannedStep, ScenarioRun, drive, give_back, take_vus, time_progress};
use crate::options::ExternallyControlledConfig;
use crate::segment::ExecutionTuple;
use crate::vu_buffer::VuBuffer;

/// The executor's configuration.
#[derive(Debug, Clone)]
pub struct ExternallyControlled {
    /// VUs active at the start.
    pub vus: u64,
    /// VUs initialised for it.
    pub max_vus: u64,
    /// How long it runs; `None` = until the test is stopped.
    pub duration: Option<Duration>,
}

impl ExternallyControlled {
    /// From the scenario's options, scaled to `segment`.
    pub fn from_config(c: &ExternallyControlledConfig, segment: &ExecutionTuple) -> Self {
        let duration = c.duration.unwrap_or_default();
        Self {
            vus: segment.scale(c.vus()).max(0) as u64,
            max_vus: segment.scale(c.max_vus().max(c.vus())).max(0) as u64,
            duration: (duration.0 > 0).then(|| duration.to_std_saturating()),
        }
    }

    /// VUs needed over the scenario's time (all `maxVUs`, for its whole duration).
    pub fn planned_steps(&self) -> Vec<PlannedStep> {
        let mut steps = vec![PlannedStep::new(Duration::ZERO, self.max_vus)];
        if let Some(d) = self.duration {
            steps.push(PlannedStep::new(d, 0));
        }
        steps
    }

    /// Runs the scenario with VUs from `buffer`, returning them afterwards.
    pub async fn run(&self, run: &ScenarioRun<'_>, buffer: &VuBuffer) -> ActivityReport {
        let reserved = take_vus(buffer, self.max_vus as usize).await;
        let running = &reserved[..(self.vus as usize).min(reserved.len())];
        let start = Instant::now();
        // Far enough to never come; a stopped test still ends it.
        let deadline = self.duration.map(|d| start + d);
        let gate = Arc::new(UntilDeadline {
            deadline: deadline.unwrap_or(start + Duration::from_secs(100 * 365 * 24 * 3600)),
            stop: run.test_stop.clone(),
        });
        let progress = self.duration.map(|d| time_progress(run, start, d));
        let report = drive(run, running, gate, deadline, Duration::ZERO).await;
        if let Some(p) = progress {
            p.abort();
        }
        (run.progress)(1.0);
        give_back(buffer, reserved);
        report
    }
}
