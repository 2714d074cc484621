//! The execution shortcuts (`iterations`, `duration`, `stages`, or nothing) turned into a
//! `default` scenario, after consolidation, with k6's conflict errors and warnings. Derived
//! scenarios copy only what the user set, so `k6 inspect` shows the same `null`s k6 shows.

use super::Options;
use super::error::OptionsError;
use super::scenario::{ConstantVusConfig, ExecutorConfig, IterationsConfig, RampingVusConfig, Scenario, Scenarios};

/// Replaces the shortcuts with `scenarios` (only `scenarios` is written; `vus`, `iterations`,
/// `duration` and `stages` stay as set). Returns the warnings k6 logs.
pub fn derive_scenarios(options: &mut Options) -> Result<Vec<String>, OptionsError> {
    let mut warnings = Vec::new();
    let has_stages = options.stages.as_ref().is_some_and(|s| !s.is_empty());
    let has_scenarios = options.scenarios.is_some();
    let derived = if options.iterations.is_some() {
        if has_stages {
            return Err(OptionsError::Conflict("iterations", "stages"));
        }
        if has_scenarios {
            return Err(OptionsError::Conflict("iterations", "scenarios"));
        }
        ExecutorConfig::SharedIterations(IterationsConfig {
            vus: options.vus,
            iterations: options.iterations,
            max_duration: options.duration,
        })
    } else if let Some(duration) = options.duration {
        if has_stages {
            return Err(OptionsError::Conflict("duration", "stages"));
        }
        if has_scenarios {
            return Err(OptionsError::Conflict("duration", "scenarios"));
        }
        if duration.0 <= 0 {
            return Err(OptionsError::NonPositiveDuration);
        }
        ExecutorConfig::ConstantVus(ConstantVusConfig { vus: options.vus, duration: Some(duration) })
    } else if has_stages {
        if has_scenarios {
            return Err(OptionsError::Conflict("stages", "scenarios"));
        }
        ExecutorConfig::RampingVus(RampingVusConfig {
            start_vus: options.vus,
            stages: options.stages.clone(),
            graceful_ramp_down: None,
        })
    } else if let Some(scenarios) = &options.scenarios {
        if !scenarios.is_empty() {
            return Ok(warnings);
        }
        warnings.push(
            "`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU".to_string(),
        );
        ExecutorConfig::PerVuIterations(IterationsConfig::default())
    } else if options.stages.is_some() {
        warnings.push(
            "`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU".to_string(),
        );
        ExecutorConfig::PerVuIterations(IterationsConfig::default())
    } else {
        if let Some(vus) = options.vus.filter(|v| *v != 1) {
            warnings.push(format!(
                "`vus={vus}` option will be ignored, it only works in conjunction with `iterations`, `duration`, or `stages`"
            ));
        }
        ExecutorConfig::PerVuIterations(IterationsConfig::default())
    };
    let mut scenarios = Scenarios::new();
    scenarios.insert("default".to_string(), Scenario::new(derived));
    options.scenarios = Some(scenarios);
    Ok(warnings)
}
