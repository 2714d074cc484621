//! Layer precedence (defaults < config file < script < env < CLI) and the rule that duration,
//! iterations, stages or scenarios in a higher layer clear all four below, checked against the
//! real k6 outputs of `fixtures/options_precedence.txt` (spec sample 20-precedence).

use engine::options::{
    CliOverrides, ConfigLayers, GoDuration, Options, consolidate, decode_config_file, decode_options, parse_env,
    parse_stage_flag, validate,
};
use engine::segment::ExecutionTuple;
use serde_json::json;

/// One `$ command` of the fixture with the lines it printed.
struct Case {
    command: String,
    output: Vec<String>,
}

fn fixture_cases() -> Vec<Case> {
    let text = include_str!("fixtures/options_precedence.txt");
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            cases.push(Case { command: cmd.to_string(), output: Vec::new() });
        } else if !line.trim().is_empty() && !line.starts_with('#') {
            if let Some(c) = cases.last_mut() {
                c.output.push(line.to_string());
            }
        }
    }
    cases
}

/// Consolidates like `stampede run` and renders what k6 printed: warnings as log lines, then
/// the scenario header lines.
fn render(script: serde_json::Value, config: Option<&str>, env: &[(&str, &str)], cli: Options) -> Vec<String> {
    let layers = ConfigLayers {
        config_file: config.map(|c| decode_config_file("cfg.json", c).unwrap()),
        script: Some(decode_options(&script).unwrap()),
        env: parse_env(env.iter().copied()).unwrap(),
        cli: CliOverrides { options: cli, ..Default::default() },
    };
    let c = consolidate(&layers).unwrap();
    validate(&c.options, &["default".to_string()]).unwrap();
    let tuple = ExecutionTuple::full();
    let mut lines: Vec<String> =
        c.warnings.iter().map(|w| format!("level=warning msg={}", serde_json::to_string(w).unwrap())).collect();
    for (name, s) in c.options.sorted_scenarios() {
        lines.push(format!("              * {name}: {}", s.describe(&tuple)));
    }
    lines
}

#[test]
fn precedence_matches_k6() {
    let base = json!({"vus": 2, "iterations": 4});
    let scen = json!({"scenarios": {"s1": {"executor": "constant-vus", "vus": 2, "duration": "1s"}}});
    let vus_only = json!({"vus": 5});
    let cfg = r#"{"vus": 5, "iterations": 10}"#;
    let secs = |s| Some(GoDuration::from_secs(s));
    let stages = Some(vec![parse_stage_flag(0, "1s:3").unwrap(), parse_stage_flag(1, "0.5s:0").unwrap()]);
    type Row<'a> = (&'a str, serde_json::Value, Option<&'a str>, Vec<(&'a str, &'a str)>, Options);
    let rows: Vec<Row<'_>> = vec![
        ("k6 run --no-summary prec.js", base.clone(), None, vec![], Options::default()),
        ("K6_VUS=3 k6 run --no-summary prec.js", base.clone(), None, vec![("K6_VUS", "3")], Options::default()),
        (
            "K6_ITERATIONS=9 k6 run --no-summary prec.js",
            base.clone(),
            None,
            vec![("K6_ITERATIONS", "9")],
            Options::default(),
        ),
        (
            "K6_VUS=3 k6 run --no-summary -u 4 prec.js",
            base.clone(),
            None,
            vec![("K6_VUS", "3")],
            Options { vus: Some(4), ..Default::default() },
        ),
        (
            "k6 run --no-summary -d 1s prec.js",
            base.clone(),
            None,
            vec![],
            Options { duration: secs(1), ..Default::default() },
        ),
        (
            "k6 run --no-summary -i 5 -d 1s prec.js",
            base.clone(),
            None,
            vec![],
            Options { iterations: Some(5), duration: secs(1), ..Default::default() },
        ),
        (
            "K6_DURATION=1s k6 run --no-summary prec.js",
            base.clone(),
            None,
            vec![("K6_DURATION", "1s")],
            Options::default(),
        ),
        (
            "k6 run --no-summary -s 1s:3 -s 0.5s:0 prec.js",
            base.clone(),
            None,
            vec![],
            Options { stages, ..Default::default() },
        ),
        (
            "k6 run --no-summary -c /home/user/k6test/cfg.json prec.js",
            base.clone(),
            Some(cfg),
            vec![],
            Options::default(),
        ),
        (
            "k6 run --no-summary -d 1s prec2.js",
            scen.clone(),
            None,
            vec![],
            Options { duration: secs(1), ..Default::default() },
        ),
        (
            "k6 run --no-summary -u 5 prec2.js",
            scen.clone(),
            None,
            vec![],
            Options { vus: Some(5), ..Default::default() },
        ),
        ("k6 run --no-summary prec3.js", vus_only, None, vec![], Options::default()),
    ];
    let cases = fixture_cases();
    assert_eq!(cases.len(), rows.len());
    for (case, (command, script, config, env, cli)) in cases.iter().zip(rows) {
        assert_eq!(case.command, command);
        assert_eq!(render(script, config, &env, cli), case.output, "case `{command}`");
    }
}

#[test]
fn tags_are_replaced_not_merged() {
    let layers = ConfigLayers {
        script: Some(decode_options(&json!({"tags": {"a": "1", "b": "2"}})).unwrap()),
        cli: CliOverrides {
            options: Options { tags: Some([("run".to_string(), "r1".to_string())].into()), ..Default::default() },
            ..Default::default()
        },
        ..Default::default()
    };
    let c = consolidate(&layers).unwrap();
    assert_eq!(c.options.tags.unwrap().into_iter().collect::<Vec<_>>(), vec![("run".into(), "r1".into())]);
}

#[test]
fn out_and_linger_come_from_the_highest_layer() {
    let layers = ConfigLayers {
        config_file: Some(decode_config_file("c.json", r#"{"out": ["json=a.json"], "linger": true}"#).unwrap()),
        env: parse_env([("K6_OUT", "csv=b.csv")]).unwrap(),
        ..Default::default()
    };
    let c = consolidate(&layers).unwrap();
    assert_eq!(c.out, vec!["csv=b.csv"]);
    assert!(c.linger);
}

#[test]
fn env_scenario_override_warns_with_its_level() {
    let layers = ConfigLayers {
        script: Some(
            decode_options(&json!({"scenarios": {"s": {"executor": "constant-vus", "duration": "1s"}}})).unwrap(),
        ),
        env: parse_env([("K6_ITERATIONS", "3")]).unwrap(),
        ..Default::default()
    };
    let c = consolidate(&layers).unwrap();
    assert_eq!(c.warnings, vec!["\"env\" level configuration overrode scenarios configuration entirely"]);
    assert_eq!(c.options.sorted_scenarios()[0].1.executor.name(), "shared-iterations");
}
