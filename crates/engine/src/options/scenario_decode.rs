//! Strict decoding of `scenarios` and `stages`: each scenario's `executor` picks its field set,
//! and any other key is fatal (`json: unknown field "bogus"`), as k6 decodes scenarios with
//! unknown fields disallowed.

use serde_json::Value;

use super::error::OptionsError;
use super::json::{self, Ctx};
use super::scenario::{ExecutorConfig, Scenario, ScenarioBase, Scenarios, Stage};

/// Decodes a `stages` array; `go_type` is the Go type k6 names in type errors (`[]lib.Stage`
/// for the shortcut, `[]executor.Stage` inside scenarios).
pub(crate) fn decode_stages(ctx: Ctx<'_>, v: &Value, go_type: &str) -> Result<Option<Vec<Stage>>, OptionsError> {
    let items = match v {
        Value::Null => return Ok(None),
        Value::Array(items) => items,
        other => return Err(json::type_error(ctx, other, go_type)),
    };
    let mut stages = Vec::with_capacity(items.len());
    for item in items {
        let map = match item {
            Value::Object(map) => map,
            other => return Err(json::type_error(ctx, other, go_type.trim_start_matches("[]"))),
        };
        let mut stage = Stage { duration: Default::default(), target: None };
        for (k, field) in map {
            let inner = Ctx { strukt: "Stage", key: k };
            match k.as_str() {
                "duration" => stage.duration = json::duration(inner, field)?.unwrap_or_default(),
                "target" => stage.target = json::int(inner, field)?,
                _ => {}
            }
        }
        stages.push(stage);
    }
    Ok(Some(stages))
}

/// Decodes the `scenarios` map.
pub(crate) fn decode_scenarios(ctx: Ctx<'_>, v: &Value) -> Result<Option<Scenarios>, OptionsError> {
    let map = match v {
        Value::Null => return Ok(None),
        Value::Object(map) => map,
        other => return Err(json::type_error(ctx, other, "map[string]lib.protoExecutorConfig")),
    };
    let mut out = Scenarios::new();
    for (name, config) in map {
        out.insert(name.clone(), decode_scenario(name, config)?);
    }
    Ok(Some(out))
}

fn decode_scenario(name: &str, v: &Value) -> Result<Scenario, OptionsError> {
    let map = match v {
        Value::Object(map) => map,
        other => {
            let ctx = Ctx { strukt: "Options", key: "scenarios" };
            return Err(json::type_error(ctx, other, "struct { ExecutorType string \"json:\\\"executor\\\"\" }"));
        }
    };
    let executor_name = match map.get("executor") {
        None | Some(Value::Null) => return Err(OptionsError::MissingExecutor(name.to_string())),
        Some(Value::String(s)) if s.is_empty() => return Err(OptionsError::MissingExecutor(name.to_string())),
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(json::type_error(Ctx { strukt: "Options.scenarios", key: "executor" }, other, "string"));
        }
    };
    let mut executor =
        ExecutorConfig::empty(executor_name).ok_or_else(|| OptionsError::UnknownExecutor(executor_name.to_string()))?;
    let mut base = ScenarioBase::default();
    for (key, field) in map {
        if key == "executor" {
            continue;
        }
        if !decode_base_field(&mut base, key, field)? {
            decode_executor_field(&mut executor, key, field)?;
        }
    }
    Ok(Scenario { base, executor })
}

fn decode_base_field(base: &mut ScenarioBase, key: &str, v: &Value) -> Result<bool, OptionsError> {
    let ctx = Ctx { strukt: "Options.scenarios.BaseConfig", key };
    match key {
        "startTime" => base.start_time = json::duration(ctx, v)?,
        "gracefulStop" => base.graceful_stop = json::duration(ctx, v)?,
        "env" => base.env = json::string_map(ctx, v)?,
        // k6 reads `exec` through an untyped map, hence Go's `float64` wording for numbers.
        "exec" if v.is_number() => {
            return Err(OptionsError::Json("json: cannot unmarshal float64 into Go value of type null.String".into()));
        }
        "exec" => base.exec = json::string(ctx, v)?,
        "tags" => base.tags = json::string_map(ctx, v)?,
        "options" => base.options = json::raw(v),
        _ => return Ok(false),
    }
    Ok(true)
}

fn unknown(key: &str) -> OptionsError {
    OptionsError::Json(format!("json: unknown field \"{key}\""))
}

fn decode_executor_field(executor: &mut ExecutorConfig, key: &str, v: &Value) -> Result<(), OptionsError> {
    let ctx = Ctx { strukt: "Options.scenarios", key };
    match executor {
        ExecutorConfig::SharedIterations(c) | ExecutorConfig::PerVuIterations(c) => match key {
            "vus" => c.vus = json::int(ctx, v)?,
            "iterations" => c.iterations = json::int(ctx, v)?,
            "maxDuration" => c.max_duration = json::duration(ctx, v)?,
            _ => return Err(unknown(key)),
        },
        ExecutorConfig::ConstantVus(c) => match key {
            "vus" => c.vus = json::int(ctx, v)?,
            "duration" => c.duration = json::duration(ctx, v)?,
            _ => return Err(unknown(key)),
        },
        ExecutorConfig::RampingVus(c) => match key {
            "startVUs" => c.start_vus = json::int(ctx, v)?,
            "stages" => c.stages = decode_stages(ctx, v, "[]executor.Stage")?,
            "gracefulRampDown" => c.graceful_ramp_down = json::duration(ctx, v)?,
            _ => return Err(unknown(key)),
        },
        ExecutorConfig::ConstantArrivalRate(c) => match key {
            "rate" => c.rate = json::int(ctx, v)?,
            "timeUnit" => c.time_unit = json::duration(ctx, v)?,
            "duration" => c.duration = json::duration(ctx, v)?,
            "preAllocatedVUs" => c.pre_allocated_vus = json::int(ctx, v)?,
            "maxVUs" => c.max_vus = json::int(ctx, v)?,
            _ => return Err(unknown(key)),
        },
        ExecutorConfig::RampingArrivalRate(c) => match key {
            "startRate" => c.start_rate = json::int(ctx, v)?,
            "timeUnit" => c.time_unit = json::duration(ctx, v)?,
            "stages" => c.stages = decode_stages(ctx, v, "[]executor.Stage")?,
            "preAllocatedVUs" => c.pre_allocated_vus = json::int(ctx, v)?,
            "maxVUs" => c.max_vus = json::int(ctx, v)?,
            _ => return Err(unknown(key)),
        },
        ExecutorConfig::ExternallyControlled(c) => match key {
            "vus" => c.vus = json::int(ctx, v)?,
            "duration" => c.duration = json::duration(ctx, v)?,
            "maxVUs" => c.max_vus = json::int(ctx, v)?,
            _ => return Err(unknown(key)),
        },
    }
    Ok(())
}
