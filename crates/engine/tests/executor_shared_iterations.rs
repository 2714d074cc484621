//! shared-iterations: VUs share the iterations; those never started by maxDuration are emitted
//! once as dropped_iterations.

use crate::executor_support;

use executor_support::run_script;

#[test]
fn vus_share_the_iterations() {
    let run = run_script(
        r#"
        export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 10 } } };
        export default function () { console.log(`it vu=${__VU}`); }
        "#,
    );
    assert_eq!(run.lines("it ").len(), 10);
    assert_eq!(run.outcome.iterations, 10);
    assert!(run.of("dropped_iterations").is_empty());
}

#[test]
fn iterations_not_started_by_max_duration_are_dropped_once() {
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 6, maxDuration: '1s' } } };
        export default function () { sleep(0.4); }
        "#,
    );
    let dropped = run.of("dropped_iterations");
    assert_eq!(dropped.len(), 1, "one sample at the end");
    let started = run.outcome.iterations + run.interrupted;
    assert_eq!(started + dropped[0].value as u64, 6);
    assert!(dropped[0].value >= 2.0);
    assert_eq!(dropped[0].tags.get("scenario"), Some("s"));
}
