//! Coordinated omission in the summary: when arrival-rate iterations start late, EXECUTION ends
//! with Stampede's `iterations_started_late` line (count and start lag); with
//! `STAMPEDE_START_LAG_METRICS=false` neither the line nor the two lag metrics exist, so the
//! output is k6's.

use crate::common;

use serde_json::Value;

/// Two VUs on one thread, each iteration holding the thread for 60 ms while the schedule asks
/// for one every 50 ms: the other VU cannot start its iteration on time.
const BUSY: &str = "export const options = { scenarios: { car: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 2, maxVUs: 2 } } };\nexport default function () { const end = Date.now() + 60; while (Date.now() < end) {} }\n";

fn run(extra: &[&str]) -> (String, Value) {
    let dir = common::script_dir("late.js", BUSY);
    let mut args = vec!["run", "--threads", "1", "--summary-export", "summary.json"];
    args.extend_from_slice(extra);
    args.push("late.js");
    let run = common::stampede(dir.path(), &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let export = std::fs::read_to_string(dir.path().join("summary.json")).expect("summary exported");
    (run.stdout, serde_json::from_str(&export).expect("summary export is JSON"))
}

#[test]
fn late_starts_get_a_line_at_the_end_of_execution() {
    let (stdout, export) = run(&[]);
    let late = export["metrics"]["iterations_started_late"]["count"].as_f64().expect("late starts counted");
    assert!(late >= 1.0, "{export}");
    let execution = stdout.split("EXECUTION\n").nth(1).expect("EXECUTION section");
    let last = execution.lines().take_while(|l| !l.is_empty()).last().expect("rows");
    let row = last.trim_start();
    assert!(row.starts_with("iterations_started_late."), "{stdout}");
    assert!(row.contains(&format!(": {late}  start lag avg=")), "{stdout}");
    assert!(row.contains(" p(95)=") && row.contains(" max="), "{stdout}");
    assert!(!stdout.contains("iteration_start_lag"), "the lag trend has no row of its own:\n{stdout}");
}

#[test]
fn switched_off_there_are_no_lag_metrics_and_no_line() {
    let (stdout, export) = run(&["-e", "STAMPEDE_START_LAG_METRICS=false"]);
    assert!(!stdout.contains("started_late") && !stdout.contains("start lag"), "{stdout}");
    let metrics = export["metrics"].as_object().expect("metrics");
    assert!(metrics.contains_key("iterations"), "{export}");
    assert!(
        !metrics.contains_key("iterations_started_late") && !metrics.contains_key("iteration_start_lag"),
        "{export}"
    );
}
