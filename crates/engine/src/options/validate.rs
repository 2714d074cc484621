//! Validation of consolidated options with k6's messages: per-scenario configuration errors
//! (joined per scenario, listed under "There were problems with the specified script
//! configuration:"), `exec` functions missing from the script's exports, the execution segment
//! not found in its sequence, and `summaryTrendStats` entries. Also the `-s` flag's parser,
//! whose errors k6 reports without an exit code.

use super::Options;
use super::duration::GoDuration;
use super::env::parse_stage;
use super::error::OptionsError;
use super::scenario::{ExecutorConfig, Scenario, Stage};

const MIN_DURATION: GoDuration = GoDuration::from_secs(1);

/// Validates consolidated options whose scenarios were derived ([`super::derive_scenarios`]).
/// `exports` are the names of the functions the script exports.
pub fn validate(options: &Options, exports: &[String]) -> Result<(), OptionsError> {
    let mut problems = Vec::new();
    let scenarios = options.sorted_scenarios();
    for (name, scenario) in &scenarios {
        let errs = scenario_errors(name, scenario);
        if !errs.is_empty() {
            problems.push(format!("scenario {name} has configuration errors: {}", errs.join(", ")));
        }
    }
    if let (Some(seg), Some(seq)) = (&options.execution_segment, &options.execution_segment_sequence) {
        if seq.find(seg).is_none() {
            problems.push(format!("provided segment {seg} can't be found in sequence {seq}"));
        }
    }
    if problems.is_empty() {
        for (name, scenario) in &scenarios {
            let exec = scenario.base.exec();
            if !exports.iter().any(|e| e == exec) {
                problems.push(format!("executor {name}: function '{exec}' not found in exports"));
            }
        }
    }
    if !problems.is_empty() {
        return Err(OptionsError::Invalid(problems));
    }
    validate_trend_stats(&options.summary_trend_stats())
}

/// Checks `summaryTrendStats`: `avg`, `min`, `med`, `max`, `count` or `p(N)` with 0 ≤ N ≤ 100.
pub fn validate_trend_stats(stats: &[String]) -> Result<(), OptionsError> {
    for stat in stats {
        if matches!(stat.as_str(), "avg" | "min" | "med" | "max" | "count") {
            continue;
        }
        if let Some(inner) = stat.strip_prefix("p(").and_then(|s| s.strip_suffix(')')) {
            match inner.parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) => continue,
                _ => {
                    return Err(OptionsError::TrendStat(format!(
                        "invalid percentile trend stat value '{stat}', provide a number between 0 and 100"
                    )));
                }
            }
        }
        return Err(OptionsError::TrendStat(format!("invalid trend stat '{stat}', unknown format")));
    }
    Ok(())
}

/// Parses one `-s/--stage` flag value (`[duration]:[target]`); `index` is its 0-based position.
pub fn parse_stage_flag(index: usize, text: &str) -> Result<Stage, OptionsError> {
    parse_stage(text).map_err(|e| OptionsError::Flag(format!("error for stage {index}: {e}")))
}

fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn scenario_errors(name: &str, s: &Scenario) -> Vec<String> {
    let mut errs = Vec::new();
    let b = &s.base;
    if !is_valid_name(name) {
        errs.push("the scenario name should contain only numbers, latin letters, underscores, and dashes".to_string());
    }
    if b.exec.as_deref() == Some("") {
        errs.push("exec value cannot be empty".to_string());
    }
    if b.start_time().0 < 0 {
        errs.push("the startTime can't be negative".to_string());
    }
    if b.graceful_stop().0 < 0 {
        errs.push("the gracefulStop timeout can't be negative".to_string());
    }
    match &s.executor {
        ExecutorConfig::SharedIterations(c) => {
            if c.vus() <= 0 {
                errs.push("the number of VUs must be more than 0".to_string());
            } else if c.iterations() < c.vus() {
                errs.push(format!(
                    "the number of iterations ({}) can't be less than the number of VUs ({})",
                    c.iterations(),
                    c.vus()
                ));
            }
            min_duration(&mut errs, "maxDuration", c.max_duration());
        }
        ExecutorConfig::PerVuIterations(c) => {
            if c.vus() <= 0 {
                errs.push("the number of VUs must be more than 0".to_string());
            }
            if c.iterations() <= 0 {
                errs.push("the number of iterations must be more than 0".to_string());
            }
            min_duration(&mut errs, "maxDuration", c.max_duration());
        }
        ExecutorConfig::ConstantVus(c) => {
            if c.vus() <= 0 {
                errs.push("the number of VUs must be more than 0".to_string());
            }
            match c.duration {
                None => errs.push("the duration is unspecified".to_string()),
                Some(d) => min_duration(&mut errs, "duration", d),
            }
        }
        ExecutorConfig::RampingVus(c) => {
            if c.start_vus() < 0 {
                errs.push("the number of start VUs can't be negative".to_string());
            }
            let max_target = c.stages().iter().filter_map(|s| s.target).max().unwrap_or(0);
            if c.start_vus().max(max_target) <= 0 {
                errs.push("either startVUs or one of the stages' target values must be greater than 0".to_string());
            }
            stage_errors(&mut errs, c.stages());
            if c.graceful_ramp_down().0 < 0 {
                errs.push("the gracefulRampDown timeout can't be negative".to_string());
            }
        }
        ExecutorConfig::ConstantArrivalRate(c) => {
            match c.rate {
                None => errs.push("the iteration rate isn't specified".to_string()),
                Some(r) if r <= 0 => errs.push("the iteration rate must be more than 0".to_string()),
                Some(_) => {}
            }
            if c.time_unit().0 <= 0 {
                errs.push("the timeUnit must be more than 0".to_string());
            }
            match c.duration {
                None => errs.push("the duration is unspecified".to_string()),
                Some(d) => min_duration(&mut errs, "duration", d),
            }
            pre_allocated_errors(&mut errs, c.pre_allocated_vus, c.max_vus);
        }
        ExecutorConfig::RampingArrivalRate(c) => {
            if c.start_rate() < 0 {
                errs.push("the startRate value can't be negative".to_string());
            }
            if c.time_unit().0 <= 0 {
                errs.push("the timeUnit must be more than 0".to_string());
            }
            stage_errors(&mut errs, c.stages());
            pre_allocated_errors(&mut errs, c.pre_allocated_vus, c.max_vus);
        }
        ExecutorConfig::ExternallyControlled(c) => {
            if c.vus() < 0 {
                errs.push("the number of VUs can't be negative".to_string());
            }
            if c.max_vus() < 0 {
                errs.push("the number of MaxVUs can't be negative".to_string());
            }
            if c.vus() > c.max_vus() {
                errs.push(format!(
                    "the number of active VUs ({}) must be less than or equal to the number of maxVUs ({})",
                    c.vus(),
                    c.max_vus()
                ));
            }
            match c.duration {
                None => errs.push("the duration must be specified, for infinite duration use 0".to_string()),
                Some(d) if d.0 < 0 => {
                    errs.push("the duration can't be negative, for infinite duration use 0".to_string())
                }
                Some(_) => {}
            }
            if b.graceful_stop.is_some() {
                errs.push("gracefulStop is not supported by the externally controlled executor".to_string());
            }
        }
    }
    errs
}

fn min_duration(errs: &mut Vec<String>, field: &str, d: GoDuration) {
    if d < MIN_DURATION {
        errs.push(format!("the {field} must be at least {MIN_DURATION}, but is {d}"));
    }
}

fn stage_errors(errs: &mut Vec<String>, stages: &[Stage]) {
    for (i, stage) in stages.iter().enumerate() {
        let n = i + 1;
        if stage.duration.0 < 0 {
            errs.push(format!("the duration for stage {n} can't be negative"));
        }
        match stage.target {
            None => errs.push(format!("stage {n} doesn't have a target")),
            Some(t) if t < 0 => errs.push(format!("the target for stage {n} can't be negative")),
            Some(_) => {}
        }
    }
    if stages.is_empty() {
        errs.push("at least one stage has to be specified".to_string());
    }
}

fn pre_allocated_errors(errs: &mut Vec<String>, pre: Option<i64>, max: Option<i64>) {
    match pre {
        None => errs.push("the number of preAllocatedVUs isn't specified".to_string()),
        Some(p) if p < 0 => errs.push("the number of preAllocatedVUs can't be negative".to_string()),
        Some(p) => {
            if max.is_some_and(|m| m < p) {
                errs.push("maxVUs can't be less than preAllocatedVUs".to_string());
            }
        }
    }
}
