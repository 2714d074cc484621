//! A stopped test (Ctrl+C) ends every executor: no new iterations start, running ones get
//! their gracefulStop and are then interrupted, and an externally-controlled scenario with an
//! infinite duration ends too.

use crate::executor_support;

use std::time::Duration;

use executor_support::run_script_stopped;

#[test]
fn stopping_ends_every_executor_within_graceful_stop() {
    let run = run_script_stopped(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: {
          si: { executor: 'shared-iterations', vus: 2, iterations: 1000, gracefulStop: '200ms' },
          pvi: { executor: 'per-vu-iterations', vus: 2, iterations: 1000, gracefulStop: '200ms' },
          cv: { executor: 'constant-vus', vus: 2, duration: '1m', gracefulStop: '200ms' },
          rv: { executor: 'ramping-vus', startVUs: 2, stages: [{ duration: '1m', target: 4 }], gracefulStop: '200ms' },
          car: { executor: 'constant-arrival-rate', rate: 10, duration: '1m', preAllocatedVUs: 2, gracefulStop: '200ms' },
          rar: { executor: 'ramping-arrival-rate', startRate: 10, preAllocatedVUs: 2, stages: [{ duration: '1m', target: 10 }], gracefulStop: '200ms' },
          ec: { executor: 'externally-controlled', vus: 1, maxVUs: 1, duration: '0s' },
        } };
        export default function () { sleep(0.05); }
        "#,
        Duration::from_millis(700),
    );
    assert!(run.outcome.interrupted, "the run knows it was stopped");
    assert!(run.outcome.duration < Duration::from_secs(20), "took {:?}", run.outcome.duration);
    assert!(run.outcome.iterations > 0);
    // Like k6, iterations never started because of the stop are not reported as dropped.
    assert_eq!(run.sum("dropped_iterations"), 0.0);
}

#[test]
fn iterations_running_past_graceful_stop_are_interrupted() {
    let run = run_script_stopped(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: { cv: { executor: 'constant-vus', vus: 3, duration: '1m', gracefulStop: '100ms' } } };
        export default function () { sleep(30); }
        "#,
        Duration::from_millis(300),
    );
    assert_eq!(run.interrupted, 3);
    assert_eq!(run.outcome.iterations, 0);
}
