//! constant-arrival-rate: iterations start on schedule (the first at once, one on the end),
//! missed slots are dropped and never queued, VUs grow up to maxVUs, and every iteration
//! records how late it started.

use crate::executor_support;

use std::collections::BTreeSet;

use executor_support::{fields, run_script};

#[test]
fn runs_rate_times_duration_plus_one_iterations() {
    let run = run_script(
        r#"
        export const options = { scenarios: { c: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 2 } } };
        export default function () {}
        "#,
    );
    assert_eq!(run.outcome.iterations, 21);
    assert_eq!(run.sum("dropped_iterations"), 0.0);
    // Beyond k6: one start-lag sample per iteration, tagged with the scenario.
    let lag = run.of("iteration_start_lag");
    assert_eq!(lag.len(), 21);
    assert!(lag.iter().all(|s| s.tags.get("scenario") == Some("c") && s.value >= 0.0));
    assert!(run.registry.get("iterations_started_late").is_some());
}

#[test]
fn busy_vus_drop_iterations_instead_of_queueing_them() {
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: { c: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1 } } };
        export default function () { sleep(0.35); }
        "#,
    );
    let started = run.outcome.iterations + run.interrupted;
    let dropped = run.sum("dropped_iterations") as u64;
    assert_eq!(started + dropped, 11, "every slot either starts or is dropped");
    assert!(started <= 4, "one VU of 350ms iterations cannot start more, started {started}");
    assert!(run.of("dropped_iterations").iter().all(|s| s.value == 1.0 && s.tags.get("scenario") == Some("c")));
    let warnings = run.lines("Insufficient VUs");
    assert_eq!(warnings, vec!["Insufficient VUs, reached 1 active VUs and cannot initialize more".to_string()]);
    // Started iterations ran to the end within gracefulStop.
    assert_eq!(run.interrupted, 0);
}

#[test]
fn initialises_vus_mid_test_up_to_max_vus() {
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        import exec from 'k6/execution';
        export const options = { scenarios: { c: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 3 } } };
        export default function () { console.log(`it vu=${__VU} g=${exec.vu.idInTest}`); sleep(0.5); }
        "#,
    );
    assert_eq!(run.plan.planned_vus(), 1);
    assert_eq!(run.plan.max_possible_vus(), 3);
    let vus: BTreeSet<String> = run.lines("it ").iter().map(|l| fields(l)["vu"].clone()).collect();
    assert!(vus.len() > 1 && vus.len() <= 3, "VUs used: {vus:?}");
    assert!(run.vus_initialized <= 3);
    for line in run.lines("it ") {
        let f = fields(&line);
        assert_eq!(f["vu"], f["g"], "one instance: idInTest = __VU");
    }
    let started = run.outcome.iterations + run.interrupted;
    assert_eq!(started + run.sum("dropped_iterations") as u64, 11);
}

#[test]
fn only_vus_running_an_iteration_are_active() {
    // k6 1.1.0: idle pre-allocated VUs are not in `vus` / `exec.instance.vusActive`. Iterations
    // every 200 ms lasting 50 ms never overlap, so the running VU is the only active one.
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        import exec from 'k6/execution';
        export const options = { scenarios: { c: { executor: 'constant-arrival-rate', rate: 5, timeUnit: '1s', duration: '1s', preAllocatedVUs: 4, maxVUs: 4 } } };
        export default function () { console.log(`active=${exec.instance.vusActive}`); sleep(0.05); }
        "#,
    );
    let active: BTreeSet<String> = run.lines("active=").into_iter().collect();
    assert_eq!(active, BTreeSet::from(["active=1".to_string()]));
    assert_eq!(run.outcome.iterations, 6);
}
