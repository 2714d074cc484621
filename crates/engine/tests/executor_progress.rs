//! exec.scenario.progress, k6's definition per executor: completed iterations over all of them
//! for the iteration-count executors (k6 v1.1.0 prints 0, 0.25, 0.5, 0.75 for 4 iterations), the
//! share of the duration for the time-based ones.

use crate::executor_support;

use executor_support::run_script;

#[test]
fn iteration_executors_report_completed_iterations() {
    let run = run_script(
        r#"
        import exec from 'k6/execution';
        export const options = { scenarios: {
          s: { executor: 'shared-iterations', vus: 1, iterations: 4 },
          p: { executor: 'per-vu-iterations', vus: 1, iterations: 4, startTime: '100ms' } } };
        export default function () { console.log(`progress ${exec.scenario.name} ${exec.scenario.progress}`); }
        "#,
    );
    let values = |name: &str| -> Vec<String> {
        run.lines(&format!("progress {name} "))
            .iter()
            .map(|l| l.rsplit(' ').next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(values("s"), ["0", "0.25", "0.5", "0.75"]);
    assert_eq!(values("p"), ["0", "0.25", "0.5", "0.75"]);
}

#[test]
fn time_executors_report_elapsed_share() {
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        import exec from 'k6/execution';
        export const options = { scenarios: { c: { executor: 'constant-vus', vus: 1, duration: '1s' } } };
        export default function () { console.log(`progress ${exec.scenario.progress}`); sleep(0.3); }
        "#,
    );
    let values: Vec<f64> =
        run.lines("progress ").iter().map(|l| l["progress ".len()..].parse().expect("number")).collect();
    assert!(values.len() >= 2, "{values:?}");
    assert!(values.windows(2).all(|w| w[0] <= w[1]), "not increasing: {values:?}");
    assert!(values.iter().all(|v| (0.0..=1.0).contains(v)));
    assert!(values[0] < 0.5 && values[values.len() - 1] > 0.2, "{values:?}");
}
