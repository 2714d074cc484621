//! `inspect` and `inspect --execution-requirements` JSON, byte for byte against k6's output for
//! the spec samples (fixtures copied from 16-inspect.*), plus the `exec.test.options` and
//! `handleSummary` `options` renderings.

use engine::inspect::{execution_requirements_json, inspect_json, to_go_json_pretty};
use engine::options::{
    ConfigLayers, Options, consolidate, decode_options, parse_env, summary_options_json, test_options_json, validate,
};
use serde_json::json;

fn scenarios_sample() -> serde_json::Value {
    json!({
        "scenarios": {
            "unary": {
                "executor": "constant-vus", "vus": 2, "duration": "1500ms", "exec": "unary",
                "tags": { "kind": "unary" }, "env": { "MODE": "u" },
            },
            "stream": {
                "executor": "per-vu-iterations", "vus": 1, "iterations": 3, "exec": "stream", "startTime": "200ms",
            },
        },
        "thresholds": {
            "grpc_fake_duration{scenario:unary}": ["p(99)<100", "med>0"],
            "grpc_fake_duration": ["avg<50"],
            "checks": [{ "threshold": "rate>0.9", "abortOnFail": false }],
            "iterations": ["count>1"],
        },
    })
}

fn basic_sample() -> serde_json::Value {
    json!({
        "vus": 2,
        "iterations": 6,
        "thresholds": {
            "my_trend": ["p(95)<500", "avg<1000"],
            "my_counter{kind:a}": ["count>0"],
            "checks": ["rate>0.5"],
            "plain_trend": ["max<0"],
        },
    })
}

fn consolidated(script: serde_json::Value, env: &[(&str, &str)]) -> Options {
    let layers = ConfigLayers {
        script: Some(decode_options(&script).unwrap()),
        env: parse_env(env.iter().copied()).unwrap(),
        ..Default::default()
    };
    let c = consolidate(&layers).unwrap();
    let exports: Vec<String> = ["default", "unary", "stream"].iter().map(|s| s.to_string()).collect();
    validate(&c.options, &exports).unwrap();
    c.options
}

#[test]
fn plain_inspect_matches_k6() {
    let d = decode_options(&scenarios_sample()).unwrap();
    let got = to_go_json_pretty(&inspect_json(&d.options));
    assert_eq!(got, include_str!("fixtures/options_inspect.scenarios.json").trim_end());
}

#[test]
fn execution_requirements_match_k6() {
    let got = to_go_json_pretty(&execution_requirements_json(&consolidated(scenarios_sample(), &[])).unwrap());
    assert_eq!(got, include_str!("fixtures/options_inspect.execution-requirements.json").trim_end());
    let got = to_go_json_pretty(&execution_requirements_json(&consolidated(basic_sample(), &[])).unwrap());
    assert_eq!(got, include_str!("fixtures/options_inspect.execution-requirements.basic.json").trim_end());
}

#[test]
fn execution_requirements_follow_env() {
    // Checked with k6: K6_VUS=4 K6_ITERATIONS=8 on a script without options.
    let v = execution_requirements_json(&consolidated(json!({}), &[("K6_VUS", "4"), ("K6_ITERATIONS", "8")])).unwrap();
    assert_eq!(v["maxVUs"], 4);
    assert_eq!(v["totalDuration"], "10m30s");
    assert_eq!(
        v["scenarios"]["default"],
        json!({"executor": "shared-iterations", "startTime": null, "gracefulStop": null, "env": null, "exec": null,
               "tags": null, "vus": 4, "iterations": 8, "maxDuration": null})
    );
}

#[test]
fn execution_requirements_of_overlapping_scenarios() {
    // Values from k6 inspect --execution-requirements.
    let cases = [
        (json!({}), "10m30s", 1),
        (json!({"duration": "2s", "vus": 3}), "32s", 3),
        (json!({"stages": [{"duration": "2s", "target": 3}, {"duration": 1000, "target": 0}]}), "33s", 3),
        (json!({"scenarios": {"c": {"executor": "externally-controlled", "duration": "3s"}}}), "0s", 0),
        (
            json!({"scenarios": {"c": {"executor": "externally-controlled", "duration": "3s", "vus": 2, "maxVUs": 5}}}),
            "3s",
            5,
        ),
        (
            json!({"scenarios": {
                "c": {"executor": "externally-controlled", "duration": "0s", "vus": 2, "maxVUs": 5},
                "d": {"executor": "ramping-arrival-rate", "maxVUs": 7, "preAllocatedVUs": 3, "stages": [{"duration": "1s", "target": 2}]}}}),
            "31s",
            12,
        ),
        (
            json!({"scenarios": {"a": {"executor": "ramping-vus", "startVUs": 5, "stages": [{"duration": "2s", "target": 1}, {"duration": "1s", "target": 3}], "gracefulRampDown": "10s", "gracefulStop": "5s"}}}),
            "8s",
            5,
        ),
        (
            json!({"scenarios": {"a": {"executor": "shared-iterations", "vus": 5, "iterations": 10, "maxDuration": "20s", "startTime": "3s"}}}),
            "53s",
            5,
        ),
        (
            json!({"scenarios": {
                "a": {"executor": "constant-vus", "vus": 3, "duration": "1s", "gracefulStop": "0s"},
                "b": {"executor": "constant-vus", "vus": 2, "duration": "1s", "startTime": "5s"}}}),
            "36s",
            3,
        ),
        (
            json!({"scenarios": {
                "a": {"executor": "constant-vus", "vus": 3, "duration": "1s", "gracefulStop": "0s"},
                "b": {"executor": "constant-vus", "vus": 2, "duration": "1s", "startTime": "1s"}}}),
            "32s",
            3,
        ),
        (
            json!({"scenarios": {
                "a": {"executor": "constant-vus", "vus": 3, "duration": "1s"},
                "b": {"executor": "constant-vus", "vus": 2, "duration": "1s", "startTime": "5s"}}}),
            "36s",
            5,
        ),
        (
            json!({"scenarios": {"a": {"executor": "ramping-arrival-rate", "preAllocatedVUs": 3, "stages": [{"duration": "1500ms", "target": 2}], "timeUnit": "1m"}}}),
            "31.5s",
            3,
        ),
        (
            json!({"scenarios": {
                "a": {"executor": "ramping-vus", "startVUs": 10, "stages": [{"duration": "1s", "target": 0}, {"duration": "1s", "target": 0}], "gracefulRampDown": "0s", "gracefulStop": "0s"},
                "b": {"executor": "constant-vus", "vus": 5, "duration": "1s", "startTime": "1500ms"}}}),
            "32.5s",
            10,
        ),
        (
            json!({"scenarios": {
                "a": {"executor": "ramping-vus", "startVUs": 10, "stages": [{"duration": "1s", "target": 0}, {"duration": "1s", "target": 0}], "gracefulRampDown": "1s", "gracefulStop": "0s"},
                "b": {"executor": "constant-vus", "vus": 5, "duration": "1s", "startTime": "1500ms"}}}),
            "32.5s",
            10,
        ),
    ];
    for (script, duration, vus) in cases {
        let v = execution_requirements_json(&consolidated(script.clone(), &[])).unwrap();
        assert_eq!((v["totalDuration"].as_str().unwrap(), v["maxVUs"].as_i64().unwrap()), (duration, vus), "{script}");
    }
}

#[test]
fn thresholds_render_like_k6() {
    let d = decode_options(&json!({"thresholds": {"b": [
        {"threshold": "rate>0.9", "abortOnFail": true},
        {"threshold": "rate>0.8", "abortOnFail": true, "delayAbortEval": "10s"},
        {"threshold": "rate>0.7"},
        "count>1"], "a": ["x"]}}))
    .unwrap();
    let v = inspect_json(&d.options);
    assert_eq!(
        serde_json::to_string(&v["thresholds"]).unwrap(),
        r#"{"a":["x"],"b":[{"threshold":"rate>0.9","abortOnFail":true,"delayAbortEval":null},{"threshold":"rate>0.8","abortOnFail":true,"delayAbortEval":"10s"},"rate>0.7","count>1"]}"#
    );
}

#[test]
fn test_options_match_k6() {
    // `JSON.stringify(exec.test.options)` printed by k6 for a script without options.
    let expected = r#"{"paused":null,"scenarios":{"default":{"executor":"per-vu-iterations","startTime":null,"gracefulStop":null,"env":null,"exec":null,"tags":null,"vus":null,"iterations":null,"maxDuration":null}},"executionSegment":null,"executionSegmentSequence":null,"noSetup":null,"setupTimeout":null,"noTeardown":null,"teardownTimeout":null,"rps":null,"dns":{"ttl":null,"select":null,"policy":null},"maxRedirects":null,"userAgent":null,"batch":null,"batchPerHost":null,"httpDebug":null,"insecureSkipTLSVerify":null,"tlsCipherSuites":null,"tlsVersion":null,"tlsAuth":null,"throw":null,"thresholds":null,"blacklistIPs":null,"blockHostnames":null,"hosts":null,"noConnectionReuse":null,"noVUConnectionReuse":null,"minIterationDuration":null,"ext":null,"summaryTrendStats":["avg","min","med","max","p(90)","p(95)"],"summaryTimeUnit":null,"systemTags":["check","error","error_code","expected_response","group","method","name","proto","scenario","service","status","subproto","tls_version","url"],"tags":null,"metricSamplesBufferSize":null,"noCookiesReset":null,"discardResponseBodies":null,"consoleOutput":null,"localIPs":null}"#;
    let got = serde_json::to_string(&test_options_json(&consolidated(json!({}), &[]))).unwrap();
    assert_eq!(got, expected);
    // And with segments, tags and thresholds set.
    let o = consolidated(
        json!({"vus": 2, "iterations": 2, "tags": {"a": "b"}, "thresholds": {"iterations": ["count>0"]},
               "setupTimeout": "5s", "executionSegment": "0:1/2", "executionSegmentSequence": "0,1/2,1"}),
        &[],
    );
    let v = test_options_json(&o);
    assert_eq!(v["executionSegment"], "0:1/2");
    assert_eq!(v["executionSegmentSequence"], "0,1/2,1");
    assert_eq!(v["setupTimeout"], "5s");
    assert!(v.get("vus").is_none() && v.get("iterations").is_none());
}

#[test]
fn summary_options() {
    assert_eq!(
        summary_options_json(&Options::default(), false),
        json!({"summaryTrendStats": ["avg", "min", "med", "max", "p(90)", "p(95)"], "summaryTimeUnit": "", "noColor": false})
    );
}

#[test]
fn execution_requirements_count_a_peak_reached_at_the_end() {
    let script = json!({"scenarios": {
        "a": {"executor": "ramping-vus", "startVUs": 0, "stages": [{"duration": "1s", "target": 0}, {"duration": "1s", "target": 10}], "gracefulRampDown": "0s", "gracefulStop": "0s"},
        "b": {"executor": "constant-vus", "vus": 5, "duration": "1s", "gracefulStop": "0s"}}});
    let v = execution_requirements_json(&consolidated(script, &[])).unwrap();
    assert_eq!((v["totalDuration"].as_str().unwrap(), v["maxVUs"].as_i64().unwrap()), ("2s", 10));
}

#[test]
fn execution_requirements_of_ramps_and_arrival_rates() {
    // Values from k6 inspect --execution-requirements.
    let cases = [
        // A ramp down to 0 with gracefulRampDown ends when its last VU is released.
        (
            json!({"scenarios": {
                "a": {"executor": "ramping-vus", "stages": [{"duration": "3s", "target": 5}], "gracefulRampDown": "1s", "gracefulStop": "2s"},
                "b": {"executor": "ramping-vus", "startVUs": 4, "stages": [{"duration": "2s", "target": 0}], "gracefulRampDown": "2s", "startTime": "1s"}}}),
            "5s",
            9,
        ),
        // A peak reached just before a zero-length drop to 0 stays reserved.
        (
            json!({"scenarios": {
                "s0": {"executor": "ramping-vus", "startTime": "4s", "startVUs": 2, "stages": [{"duration": "500ms", "target": 1}, {"duration": "0s", "target": 1}, {"duration": "1s", "target": 1}, {"duration": "1s", "target": 6}]},
                "s1": {"executor": "ramping-vus", "startVUs": 3, "stages": [{"duration": "10s", "target": 4}, {"duration": "10s", "target": 6}, {"duration": "0s", "target": 0}]}}}),
            "50s",
            12,
        ),
        // Arrival-rate headroom counts while the executor runs, even with no pre-allocated VUs.
        (
            json!({"scenarios": {
                "s0": {"executor": "per-vu-iterations", "startTime": "2500ms", "gracefulStop": "0s", "vus": 3, "iterations": 6, "maxDuration": "10s"},
                "s1": {"executor": "ramping-arrival-rate", "startTime": "1s", "stages": [{"duration": "1s", "target": 8}], "preAllocatedVUs": 0, "maxVUs": 3}}}),
            "32s",
            6,
        ),
    ];
    for (script, duration, vus) in cases {
        let v = execution_requirements_json(&consolidated(script.clone(), &[])).unwrap();
        assert_eq!((v["totalDuration"].as_str().unwrap(), v["maxVUs"].as_i64().unwrap()), (duration, vus), "{script}");
    }
}
