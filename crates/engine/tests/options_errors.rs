//! Decoding and validation errors with k6's exact texts and exit codes, each captured from the
//! real k6 v1.1.0 (`k6 run`/`k6 inspect` on a script exporting the options shown).

use engine::options::{
    ConfigLayers, OptionsError, consolidate, decode_config_file, decode_options, read_config_file, validate,
};
use serde_json::json;

fn decode_err(v: serde_json::Value) -> OptionsError {
    decode_options(&v).unwrap_err()
}

/// Decodes, consolidates and validates `v` with `default` exported; returns the error.
fn run_err(v: serde_json::Value) -> OptionsError {
    run_err_with(v, &["default"])
}

fn run_err_with(v: serde_json::Value, exports: &[&str]) -> OptionsError {
    let layers = ConfigLayers { script: Some(decode_options(&v).unwrap()), ..Default::default() };
    let exports: Vec<String> = exports.iter().map(|s| s.to_string()).collect();
    match consolidate(&layers) {
        Err(e) => e,
        Ok(c) => validate(&c.options, &exports).unwrap_err(),
    }
}

fn problems(lines: &[&str]) -> String {
    let mut s = "There were problems with the specified script configuration:".to_string();
    for l in lines {
        s.push_str("\n\t- ");
        s.push_str(l);
    }
    s
}

#[test]
fn wrong_types() {
    let cases = [
        (json!({"vus": "abc"}), "strconv.ParseInt: parsing \"abc\": invalid syntax"),
        (json!({"vus": true}), "json: cannot unmarshal bool into Go value of type null.Int"),
        (
            json!({"vus": 1.5}),
            "parsing options from script got error while parsing \"\\\"vus\\\":\": json: cannot unmarshal number 1.5 into Go struct field Options.vus of type int64",
        ),
        (json!({"duration": "abc"}), "time: invalid duration \"abc\""),
        (json!({"duration": true}), "'true' is not a valid duration value"),
        (json!({"iterations": "x"}), "strconv.ParseInt: parsing \"x\": invalid syntax"),
        (
            json!({"stages": "x"}),
            "parsing options from script got error while parsing \"\\\"stages\\\": \\\"x\\\"\": json: cannot unmarshal string into Go struct field Options.stages of type []lib.Stage",
        ),
        (json!({"stages": [{"duration": "x", "target": 1}]}), "time: invalid duration \"x\""),
        (json!({"stages": [{"duration": "1s", "target": "a"}]}), "strconv.ParseInt: parsing \"a\": invalid syntax"),
        (json!({"throw": "yes"}), "json: cannot unmarshal string into Go value of type null.Bool"),
        (
            json!({"summaryTrendStats": "avg"}),
            "parsing options from script got error while parsing \"\\\"summaryTrendStats\\\": \\\"avg\\\"\": json: cannot unmarshal string into Go struct field Options.summaryTrendStats of type []string",
        ),
        (
            json!({"tags": {"a": 1}}),
            "parsing options from script got error while parsing \"\\\"a\\\": 1\": json: cannot unmarshal number into Go struct field Options.tags of type string",
        ),
        (json!({"setupTimeout": "x"}), "time: invalid duration \"x\""),
        (
            json!({"thresholds": 5}),
            "parsing options from script got error while parsing \"\\\"thresholds\\\": 5\": json: cannot unmarshal number into Go struct field Options.thresholds of type map[string]metrics.Thresholds",
        ),
    ];
    for (v, text) in cases {
        let err = decode_err(v.clone());
        assert_eq!(err.to_string(), text, "{v}");
        assert_eq!(err.exit_code(), 104);
    }
}

#[test]
fn accepted_forms() {
    let d =
        decode_options(&json!({"vus": "5", "duration": 1500, "setupTimeout": "1500", "bogus": 1, "other": 2})).unwrap();
    assert_eq!(d.options.vus, Some(5));
    assert_eq!(d.options.duration.unwrap().to_string(), "1.5s");
    assert_eq!(d.options.setup_timeout.unwrap().to_string(), "1.5s");
    assert_eq!(
        d.unknown_fields_warning(),
        Some((
            "There were unknown fields in the options exported in the script".to_string(),
            "json: unknown field \"bogus\"".to_string()
        ))
    );
}

#[test]
fn scenario_decoding_is_strict() {
    let err = decode_err(json!({"scenarios": {"a": {"executor": "constant-vus", "duration": "1s", "bogus": 1}}}));
    assert_eq!(err.to_string(), "json: unknown field \"bogus\"");
    assert_eq!(err.exit_code(), 104);
    let err = decode_err(json!({"scenarios": {"x": {"executor": "no-such"}}}));
    assert_eq!(err.to_string(), "unknown executor type 'no-such'");
    assert_eq!(err.exit_code(), 104);
    let err = decode_err(json!({"scenarios": {"a": {"vus": 1}}}));
    assert_eq!(err.to_string(), "scenario 'a' doesn't have a specified executor type");
}

#[test]
fn shortcut_conflicts() {
    let cases = [
        (
            json!({"duration": "0s"}),
            "`duration` option should be more than 0, for infinite duration use the externally-controlled executor",
        ),
        (
            json!({"iterations": 2, "stages": [{"duration": "1s", "target": 1}]}),
            "using `iterations` and `stages` options simultaneously is not allowed",
        ),
        (
            json!({"duration": "1s", "stages": [{"duration": "1s", "target": 1}]}),
            "using `duration` and `stages` options simultaneously is not allowed",
        ),
        (
            json!({"iterations": 2, "scenarios": {"a": {"executor": "shared-iterations"}}}),
            "using `iterations` and `scenarios` options simultaneously is not allowed",
        ),
    ];
    for (v, text) in cases {
        let err = run_err(v.clone());
        assert_eq!(err.to_string(), text, "{v}");
        assert_eq!(err.exit_code(), 104);
    }
}

#[test]
fn scenario_validation() {
    let cases: Vec<(serde_json::Value, Vec<&str>)> = vec![
        (
            json!({"vus": -1, "iterations": 2}),
            vec!["scenario default has configuration errors: the number of VUs must be more than 0"],
        ),
        (
            json!({"vus": 3, "iterations": 2}),
            vec![
                "scenario default has configuration errors: the number of iterations (2) can't be less than the number of VUs (3)",
            ],
        ),
        (
            json!({"vus": 0, "duration": "1s"}),
            vec!["scenario default has configuration errors: the number of VUs must be more than 0"],
        ),
        (
            json!({"scenarios": {"a b": {"executor": "constant-vus", "duration": "1s"}}}),
            vec![
                "scenario a b has configuration errors: the scenario name should contain only numbers, latin letters, underscores, and dashes",
            ],
        ),
        (
            json!({"scenarios": {"a": {"executor": "constant-arrival-rate", "rate": 1, "duration": "1s", "preAllocatedVUs": 3, "maxVUs": 2}}}),
            vec!["scenario a has configuration errors: maxVUs can't be less than preAllocatedVUs"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "externally-controlled", "vus": 1, "duration": "1s", "gracefulStop": "1s"}}}),
            vec![
                "scenario a has configuration errors: gracefulStop is not supported by the externally controlled executor",
            ],
        ),
        (
            json!({"scenarios": {"a": {"executor": "constant-vus"}}}),
            vec!["scenario a has configuration errors: the duration is unspecified"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "shared-iterations", "maxDuration": "500ms"}}}),
            vec!["scenario a has configuration errors: the maxDuration must be at least 1s, but is 500ms"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "shared-iterations", "exec": ""}}}),
            vec!["scenario a has configuration errors: exec value cannot be empty"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "constant-arrival-rate", "duration": "1s", "preAllocatedVUs": 1}}}),
            vec!["scenario a has configuration errors: the iteration rate isn't specified"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "ramping-vus", "startVUs": 0, "stages": []}}}),
            vec![
                "scenario a has configuration errors: either startVUs or one of the stages' target values must be greater than 0, at least one stage has to be specified",
            ],
        ),
        (
            json!({"scenarios": {"a": {"executor": "ramping-vus", "startVUs": 0, "stages": [{"duration": "1s", "target": 0}]}}}),
            vec![
                "scenario a has configuration errors: either startVUs or one of the stages' target values must be greater than 0",
            ],
        ),
        (
            json!({"scenarios": {"a": {"executor": "ramping-arrival-rate", "preAllocatedVUs": 1}}}),
            vec!["scenario a has configuration errors: at least one stage has to be specified"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "per-vu-iterations", "vus": 0}, "b": {"executor": "shared-iterations", "iterations": 0}}}),
            vec![
                "scenario a has configuration errors: the number of VUs must be more than 0",
                "scenario b has configuration errors: the number of iterations (0) can't be less than the number of VUs (1)",
            ],
        ),
        (
            json!({"stages": [{"duration": "-1s", "target": 1}]}),
            vec!["scenario default has configuration errors: the duration for stage 1 can't be negative"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "constant-vus", "duration": "1s", "startTime": "-1s", "gracefulStop": "-1s"}}}),
            vec![
                "scenario a has configuration errors: the startTime can't be negative, the gracefulStop timeout can't be negative",
            ],
        ),
        (
            json!({"scenarios": {"a": {"executor": "per-vu-iterations", "iterations": 0}}}),
            vec!["scenario a has configuration errors: the number of iterations must be more than 0"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "constant-arrival-rate", "rate": 1, "duration": "500ms", "timeUnit": "0s"}}}),
            vec![
                "scenario a has configuration errors: the timeUnit must be more than 0, the duration must be at least 1s, but is 500ms, the number of preAllocatedVUs isn't specified",
            ],
        ),
        (
            json!({"scenarios": {"a": {"executor": "ramping-vus", "stages": [{"duration": "1s", "target": -1}]}}}),
            vec!["scenario a has configuration errors: the target for stage 1 can't be negative"],
        ),
        (
            json!({"scenarios": {"a": {"executor": "ramping-arrival-rate", "startRate": -1, "preAllocatedVUs": -1, "maxVUs": 1, "stages": [{"duration": "1s", "target": -1}]}}}),
            vec![
                "scenario a has configuration errors: the startRate value can't be negative, the target for stage 1 can't be negative, the number of preAllocatedVUs can't be negative",
            ],
        ),
        (
            json!({"scenarios": {"a": {"executor": "externally-controlled", "vus": 2, "maxVUs": 1, "duration": "-1s"}}}),
            vec![
                "scenario a has configuration errors: the number of active VUs (2) must be less than or equal to the number of maxVUs (1), the duration can't be negative, for infinite duration use 0",
            ],
        ),
        (
            json!({"scenarios": {"a": {"executor": "externally-controlled", "vus": 2}}}),
            vec!["scenario a has configuration errors: the duration must be specified, for infinite duration use 0"],
        ),
    ];
    for (v, lines) in cases {
        let err = run_err(v.clone());
        assert_eq!(err.to_string(), problems(&lines), "{v}");
        assert_eq!(err.exit_code(), 104);
    }
}

#[test]
fn exec_must_be_exported() {
    let err = run_err(json!({"scenarios": {"x": {"executor": "shared-iterations", "exec": "missing"}}}));
    assert_eq!(err.to_string(), problems(&["executor x: function 'missing' not found in exports"]));
    assert_eq!(err.exit_code(), 104);
    let ok = json!({"scenarios": {"x": {"executor": "shared-iterations", "exec": "named"}}});
    let layers = ConfigLayers { script: Some(decode_options(&ok).unwrap()), ..Default::default() };
    let c = consolidate(&layers).unwrap();
    validate(&c.options, &["named".to_string()]).unwrap();
}

#[test]
fn segment_not_in_sequence() {
    let err = run_err(json!({"executionSegment": "1/3", "executionSegmentSequence": "0,1/2,1"}));
    assert_eq!(err.to_string(), problems(&["provided segment 0:1/3 can't be found in sequence 0,1/2,1"]));
    assert_eq!(err.exit_code(), 104);
}

#[test]
fn trend_stats() {
    let err = run_err(json!({"summaryTrendStats": ["avg", "p(101)", "foo"]}));
    assert_eq!(err.to_string(), "invalid percentile trend stat value 'p(101)', provide a number between 0 and 100");
    assert_eq!(err.exit_code(), 255);
    let err = run_err(json!({"summaryTrendStats": ["avg", "foo"]}));
    assert_eq!(err.to_string(), "invalid trend stat 'foo', unknown format");
    let layers = ConfigLayers {
        script: Some(decode_options(&json!({"summaryTrendStats": ["avg", "p(99.9)", "count", "med"]})).unwrap()),
        ..Default::default()
    };
    validate(&consolidate(&layers).unwrap().options, &["default".to_string()]).unwrap();
}

#[test]
fn warnings() {
    let layers =
        ConfigLayers { script: Some(decode_options(&json!({"scenarios": {}})).unwrap()), ..Default::default() };
    let c = consolidate(&layers).unwrap();
    assert_eq!(
        c.warnings,
        vec!["`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU"]
    );
    assert_eq!(c.options.sorted_scenarios()[0].1.executor.name(), "per-vu-iterations");
}

#[test]
fn config_file_errors() {
    let prefix = "failed to load the configuration file from the local file system";
    let err = decode_config_file("c1.json", r#"{"vus": "abc"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{prefix}: couldn't parse the configuration from \"c1.json\": strconv.ParseInt: parsing \"abc\": invalid syntax"
        )
    );
    assert_eq!(err.exit_code(), 104);
    let err = decode_config_file(
        "c4.json",
        r#"{"scenarios": {"a": {"executor": "constant-vus", "duration": "1s", "x": 1}}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{prefix}: couldn't parse the configuration from \"c4.json\": json: unknown field \"x\"")
    );
    let parse_err = |text: &str| decode_config_file("cd.json", text).unwrap_err().to_string();
    let cases = [
        (
            r#"{"stages": "x"}"#,
            "json: cannot unmarshal string into Go struct field Config.Options.stages of type []lib.Stage",
        ),
        (r#"{"vus": 1.5}"#, "json: cannot unmarshal number 1.5 into Go struct field Config.Options.vus of type int64"),
        (
            r#"{"tags": {"a": 1}}"#,
            "json: cannot unmarshal number into Go struct field Config.Options.tags of type string",
        ),
        (
            r#"{"scenarios": {"a": {"executor": "ramping-vus", "stages": "x"}}}"#,
            "json: cannot unmarshal string into Go struct field Config.Options.scenarios.stages of type []executor.Stage",
        ),
        (r#"{"linger": "x"}"#, "json: cannot unmarshal string into Go value of type null.Bool"),
        (r#"{"out": "json=x.json"}"#, "json: cannot unmarshal string into Go struct field Config.out of type []string"),
    ];
    for (text, msg) in cases {
        assert_eq!(parse_err(text), format!("{prefix}: couldn't parse the configuration from \"cd.json\": {msg}"));
    }
    let err = read_config_file(std::path::Path::new("/nonexistent-dir/cfg.json")).unwrap_err();
    assert_eq!(err.to_string(), format!("{prefix}: stat /nonexistent-dir/cfg.json: no such file or directory"));
    assert_eq!(err.exit_code(), 104);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cfg.json");
    std::fs::write(&path, r#"{"vus": 5, "out": ["json=x.json"], "bogus": 1}"#).unwrap();
    let d = read_config_file(&path).unwrap();
    assert_eq!(d.options.vus, Some(5));
    assert_eq!(d.out, Some(vec!["json=x.json".to_string()]));
    let layers = ConfigLayers { script: Some(decode_options(&json!({"stages": []})).unwrap()), ..Default::default() };
    let c = consolidate(&layers).unwrap();
    assert_eq!(
        c.warnings,
        vec!["`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU"]
    );
    assert_eq!(c.options.sorted_scenarios()[0].1.executor.name(), "per-vu-iterations");
}

#[test]
fn scenario_type_errors_name_k6s_go_fields() {
    // The Go error part of k6's messages (k6's leading JSON snippet comes from byte offsets in
    // its own encoding and is not reproduced).
    let cases = [
        (
            json!({"scenarios": {"a": {"executor": "constant-vus", "duration": "1s", "env": {"A": 1}}}}),
            "json: cannot unmarshal number into Go struct field Options.scenarios.BaseConfig.env of type string",
        ),
        (
            json!({"scenarios": {"a": {"executor": "ramping-vus", "stages": "x"}}}),
            "json: cannot unmarshal string into Go struct field Options.scenarios.stages of type []executor.Stage",
        ),
        (
            json!({"scenarios": {"a": {"executor": "constant-vus", "duration": "1s", "exec": 5}}}),
            "json: cannot unmarshal float64 into Go value of type null.String",
        ),
        (
            json!({"scenarios": {"a": {"executor": "constant-vus", "duration": "1s", "tags": "x"}}}),
            "json: cannot unmarshal string into Go struct field Options.scenarios.BaseConfig.tags of type map[string]string",
        ),
        (
            json!({"scenarios": {"a": 5}}),
            "json: cannot unmarshal number into Go struct field Options.scenarios of type struct { ExecutorType string \"json:\\\"executor\\\"\" }",
        ),
        (
            json!({"scenarios": "x"}),
            "json: cannot unmarshal string into Go struct field Options.scenarios of type map[string]lib.protoExecutorConfig",
        ),
        (
            json!({"scenarios": {"a": {"executor": 5}}}),
            "json: cannot unmarshal number into Go struct field Options.scenarios.executor of type string",
        ),
        (
            json!({"scenarios": {"a": {"executor": "constant-vus", "duration": "1s", "vus": 1.5}}}),
            "json: cannot unmarshal number 1.5 into Go struct field Options.scenarios.vus of type int64",
        ),
    ];
    for (v, text) in cases {
        let err = decode_err(v.clone());
        assert!(err.to_string().ends_with(text), "{v}: {err}");
        assert_eq!(err.exit_code(), 104);
    }
}
