//! ramping-vus: VUs join as the ramp crosses each integer, in order; ramped-down VUs get
//! gracefulRampDown to finish before they are interrupted.

use crate::executor_support;

use executor_support::{fields, run_script};

#[test]
fn vus_join_one_by_one_up_to_the_target() {
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: { r: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '900ms', target: 3 }], gracefulRampDown: '0s' } } };
        let first = true;
        export default function () { if (first) { first = false; console.log(`join vu=${__VU}`); } sleep(0.05); }
        "#,
    );
    let joined: Vec<String> = run.lines("join ").iter().map(|l| fields(l)["vu"].clone()).collect();
    // The third VU joins at the very end of the stage, when the scenario stops starting iterations.
    assert!(joined.len() == 2 || joined.len() == 3, "joined {joined:?}");
    let mut sorted = joined.clone();
    sorted.sort();
    assert_eq!(joined, sorted, "VUs join in slot order");
    assert_eq!(run.plan.planned_vus(), 3);
}

#[test]
fn ramped_down_vus_are_interrupted_after_graceful_ramp_down() {
    // Two VUs start 5s iterations, the count drops to 0 at 300ms, and gracefulRampDown is
    // 100ms: both iterations are interrupted long before they would end.
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: { r: { executor: 'ramping-vus', startVUs: 2, gracefulRampDown: '100ms',
          stages: [{ duration: '300ms', target: 2 }, { duration: '0s', target: 0 }, { duration: '700ms', target: 0 }] } } };
        export default function () { sleep(5); }
        "#,
    );
    assert_eq!(run.interrupted, 2);
    assert_eq!(run.outcome.iterations, 0);
    assert!(run.outcome.duration.as_secs_f64() < 4.0, "took {:?}", run.outcome.duration);
}

#[test]
fn ramped_down_vus_finish_within_graceful_ramp_down() {
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: { r: { executor: 'ramping-vus', startVUs: 2, gracefulRampDown: '10s',
          stages: [{ duration: '100ms', target: 2 }, { duration: '0s', target: 0 }, { duration: '200ms', target: 0 }] } } };
        export default function () { sleep(0.5); }
        "#,
    );
    assert_eq!(run.interrupted, 0);
    assert_eq!(run.outcome.iterations, 2);
}
