//! ramping-arrival-rate: iteration i starts when the integral of the rate reaches i (k6 v1.1.0
//! gives 5 iterations for 0→10/s over 1s, 10 for a flat 10/s, and 1 for 0→1/s then 1/s).

use crate::executor_support;

use executor_support::run_script;

#[test]
fn iterations_follow_the_integral_of_the_rate() {
    let run = run_script(
        r#"
        import exec from 'k6/execution';
        export const options = { scenarios: {
          a: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 2, stages: [{ target: 10, duration: '1s' }] },
          b: { executor: 'ramping-arrival-rate', startRate: 10, timeUnit: '1s', preAllocatedVUs: 2, stages: [{ target: 10, duration: '1s' }] },
          c: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 2, stages: [{ target: 1, duration: '1s' }, { target: 1, duration: '1s' }] },
        } };
        export default function () { console.log(`it ${exec.scenario.name}`); }
        "#,
    );
    assert_eq!(run.lines("it a").len(), 5);
    assert_eq!(run.lines("it b").len(), 10);
    assert_eq!(run.lines("it c").len(), 1);
    assert_eq!(run.sum("dropped_iterations"), 0.0);
    assert_eq!(run.of("iteration_start_lag").len(), 16);
}
