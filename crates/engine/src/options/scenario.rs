//! Scenario configurations for the seven k6 executors, exactly as the user gave them (every field
//! optional, so "not set" survives to `k6 inspect` output), with accessors that apply k6's
//! defaults for planning and display.

use std::collections::BTreeMap;

use serde_json::Value;

use super::duration::GoDuration;

/// Default `gracefulStop`.
pub const DEFAULT_GRACEFUL_STOP: GoDuration = GoDuration::from_secs(30);
/// Default `gracefulRampDown`.
pub const DEFAULT_GRACEFUL_RAMP_DOWN: GoDuration = GoDuration::from_secs(30);
/// Default `maxDuration` of the iteration-based executors.
pub const DEFAULT_MAX_DURATION: GoDuration = GoDuration::from_secs(600);
/// Default `timeUnit` of the arrival-rate executors.
pub const DEFAULT_TIME_UNIT: GoDuration = GoDuration::from_secs(1);

/// One stage of `stages` (shortcut or ramping executors).
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// How long the stage lasts.
    pub duration: GoDuration,
    /// VUs (or iterations per timeUnit) reached at the end; `None` when not given.
    pub target: Option<i64>,
}

/// Fields every scenario has.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScenarioBase {
    /// `startTime`: offset from the test start.
    pub start_time: Option<GoDuration>,
    /// `gracefulStop`.
    pub graceful_stop: Option<GoDuration>,
    /// `env`: extra `__ENV` entries.
    pub env: Option<BTreeMap<String, String>>,
    /// `exec`: exported function to call.
    pub exec: Option<String>,
    /// `tags`: extra tags on the scenario's samples.
    pub tags: Option<BTreeMap<String, String>>,
    /// `options` (browser-only), kept raw.
    pub options: Option<Value>,
}

impl ScenarioBase {
    /// `startTime` with its default (0).
    pub fn start_time(&self) -> GoDuration {
        self.start_time.unwrap_or_default()
    }
    /// `gracefulStop` with its default (30s).
    pub fn graceful_stop(&self) -> GoDuration {
        self.graceful_stop.unwrap_or(DEFAULT_GRACEFUL_STOP)
    }
    /// `exec` with its default (`default`).
    pub fn exec(&self) -> &str {
        self.exec.as_deref().unwrap_or("default")
    }
}

/// `shared-iterations` and `per-vu-iterations` fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IterationsConfig {
    /// `vus` (default 1).
    pub vus: Option<i64>,
    /// `iterations` (default 1).
    pub iterations: Option<i64>,
    /// `maxDuration` (default 10m).
    pub max_duration: Option<GoDuration>,
}

impl IterationsConfig {
    /// `vus` or 1.
    pub fn vus(&self) -> i64 {
        self.vus.unwrap_or(1)
    }
    /// `iterations` or 1.
    pub fn iterations(&self) -> i64 {
        self.iterations.unwrap_or(1)
    }
    /// `maxDuration` or 10m.
    pub fn max_duration(&self) -> GoDuration {
        self.max_duration.unwrap_or(DEFAULT_MAX_DURATION)
    }
}

/// `constant-vus` fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConstantVusConfig {
    /// `vus` (default 1).
    pub vus: Option<i64>,
    /// `duration` (required).
    pub duration: Option<GoDuration>,
}

impl ConstantVusConfig {
    /// `vus` or 1.
    pub fn vus(&self) -> i64 {
        self.vus.unwrap_or(1)
    }
}

/// `ramping-vus` fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RampingVusConfig {
    /// `startVUs` (default 1).
    pub start_vus: Option<i64>,
    /// `stages` (required).
    pub stages: Option<Vec<Stage>>,
    /// `gracefulRampDown` (default 30s).
    pub graceful_ramp_down: Option<GoDuration>,
}

impl RampingVusConfig {
    /// `startVUs` or 1.
    pub fn start_vus(&self) -> i64 {
        self.start_vus.unwrap_or(1)
    }
    /// `gracefulRampDown` or 30s.
    pub fn graceful_ramp_down(&self) -> GoDuration {
        self.graceful_ramp_down.unwrap_or(DEFAULT_GRACEFUL_RAMP_DOWN)
    }
    /// The stages (empty when unset).
    pub fn stages(&self) -> &[Stage] {
        self.stages.as_deref().unwrap_or(&[])
    }
}

/// `constant-arrival-rate` fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConstantArrivalRateConfig {
    /// `rate` iterations per `timeUnit` (required).
    pub rate: Option<i64>,
    /// `timeUnit` (default 1s).
    pub time_unit: Option<GoDuration>,
    /// `duration` (required).
    pub duration: Option<GoDuration>,
    /// `preAllocatedVUs` (required).
    pub pre_allocated_vus: Option<i64>,
    /// `maxVUs` (default = preAllocatedVUs).
    pub max_vus: Option<i64>,
}

impl ConstantArrivalRateConfig {
    /// `timeUnit` or 1s.
    pub fn time_unit(&self) -> GoDuration {
        self.time_unit.unwrap_or(DEFAULT_TIME_UNIT)
    }
    /// `preAllocatedVUs` or 0.
    pub fn pre_allocated_vus(&self) -> i64 {
        self.pre_allocated_vus.unwrap_or(0)
    }
    /// `maxVUs`, defaulting to preAllocatedVUs.
    pub fn max_vus(&self) -> i64 {
        self.max_vus.unwrap_or(self.pre_allocated_vus())
    }
}

/// `ramping-arrival-rate` fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RampingArrivalRateConfig {
    /// `startRate` (default 0).
    pub start_rate: Option<i64>,
    /// `timeUnit` (default 1s).
    pub time_unit: Option<GoDuration>,
    /// `stages` (required).
    pub stages: Option<Vec<Stage>>,
    /// `preAllocatedVUs` (required).
    pub pre_allocated_vus: Option<i64>,
    /// `maxVUs` (default = preAllocatedVUs).
    pub max_vus: Option<i64>,
}

impl RampingArrivalRateConfig {
    /// `startRate` or 0.
    pub fn start_rate(&self) -> i64 {
        self.start_rate.unwrap_or(0)
    }
    /// `timeUnit` or 1s.
    pub fn time_unit(&self) -> GoDuration {
        self.time_unit.unwrap_or(DEFAULT_TIME_UNIT)
    }
    /// The stages (empty when unset).
    pub fn stages(&self) -> &[Stage] {
        self.stages.as_deref().unwrap_or(&[])
    }
    /// `preAllocatedVUs` or 0.
    pub fn pre_allocated_vus(&self) -> i64 {
        self.pre_allocated_vus.unwrap_or(0)
    }
    /// `maxVUs`, defaulting to preAllocatedVUs.
    pub fn max_vus(&self) -> i64 {
        self.max_vus.unwrap_or(self.pre_allocated_vus())
    }
}

/// `externally-controlled` fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExternallyControlledConfig {
    /// `vus` active at the start (default 0).
    pub vus: Option<i64>,
    /// `duration` (required; 0 = infinite).
    pub duration: Option<GoDuration>,
    /// `maxVUs` (default = vus).
    pub max_vus: Option<i64>,
}

impl ExternallyControlledConfig {
    /// `vus` or 0.
    pub fn vus(&self) -> i64 {
        self.vus.unwrap_or(0)
    }
    /// `maxVUs`, defaulting to vus.
    pub fn max_vus(&self) -> i64 {
        self.max_vus.unwrap_or(self.vus())
    }
}

/// An executor with its own fields.
#[derive(Debug, Clone, PartialEq)]
pub enum ExecutorConfig {
    /// `shared-iterations`.
    SharedIterations(IterationsConfig),
    /// `per-vu-iterations`.
    PerVuIterations(IterationsConfig),
    /// `constant-vus`.
    ConstantVus(ConstantVusConfig),
    /// `ramping-vus`.
    RampingVus(RampingVusConfig),
    /// `constant-arrival-rate`.
    ConstantArrivalRate(ConstantArrivalRateConfig),
    /// `ramping-arrival-rate`.
    RampingArrivalRate(RampingArrivalRateConfig),
    /// `externally-controlled`.
    ExternallyControlled(ExternallyControlledConfig),
}

/// The seven executor type names, in k6's spelling.
pub const EXECUTOR_NAMES: [&str; 7] = [
    "shared-iterations",
    "per-vu-iterations",
    "constant-vus",
    "ramping-vus",
    "constant-arrival-rate",
    "ramping-arrival-rate",
    "externally-controlled",
];

impl ExecutorConfig {
    /// An executor with no fields set, from its k6 name.
    pub fn empty(name: &str) -> Option<ExecutorConfig> {
        Some(match name {
            "shared-iterations" => ExecutorConfig::SharedIterations(Default::default()),
            "per-vu-iterations" => ExecutorConfig::PerVuIterations(Default::default()),
            "constant-vus" => ExecutorConfig::ConstantVus(Default::default()),
            "ramping-vus" => ExecutorConfig::RampingVus(Default::default()),
            "constant-arrival-rate" => ExecutorConfig::ConstantArrivalRate(Default::default()),
            "ramping-arrival-rate" => ExecutorConfig::RampingArrivalRate(Default::default()),
            "externally-controlled" => ExecutorConfig::ExternallyControlled(Default::default()),
            _ => return None,
        })
    }

    /// k6's executor type name.
    pub fn name(&self) -> &'static str {
        match self {
            ExecutorConfig::SharedIterations(_) => "shared-iterations",
            ExecutorConfig::PerVuIterations(_) => "per-vu-iterations",
            ExecutorConfig::ConstantVus(_) => "constant-vus",
            ExecutorConfig::RampingVus(_) => "ramping-vus",
            ExecutorConfig::ConstantArrivalRate(_) => "constant-arrival-rate",
            ExecutorConfig::RampingArrivalRate(_) => "ramping-arrival-rate",
            ExecutorConfig::ExternallyControlled(_) => "externally-controlled",
        }
    }
}

/// One entry of `scenarios`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Common fields.
    pub base: ScenarioBase,
    /// The executor and its fields.
    pub executor: ExecutorConfig,
}

impl Scenario {
    /// A scenario with only the executor set.
    pub fn new(executor: ExecutorConfig) -> Scenario {
        Scenario { base: ScenarioBase::default(), executor }
    }
}

/// `scenarios`: name → scenario, in name order (as Go prints maps).
pub type Scenarios = BTreeMap<String, Scenario>;

/// Sum of the stage durations.
pub fn stages_duration(stages: &[Stage]) -> GoDuration {
    GoDuration(stages.iter().map(|s| s.duration.0).sum())
}
