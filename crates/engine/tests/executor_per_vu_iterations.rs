//! per-vu-iterations: every VU runs exactly its iterations; nothing is dropped when they fit in
//! maxDuration, and the rest is dropped per VU when they do not.

use crate::executor_support;

use std::collections::BTreeMap;

use executor_support::{fields, run_script};

#[test]
fn each_vu_runs_exactly_its_iterations() {
    let run = run_script(
        r#"
        export const options = { scenarios: { p: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } } };
        export default function () { console.log(`it vu=${__VU} iter=${__ITER}`); }
        "#,
    );
    let mut per_vu: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in run.lines("it ") {
        let f = fields(&line);
        per_vu.entry(f["vu"].clone()).or_default().push(f["iter"].clone());
    }
    assert_eq!(per_vu.len(), 3, "{per_vu:?}");
    for iters in per_vu.values() {
        assert_eq!(iters, &["0", "1", "2", "3"]);
    }
    assert_eq!(run.outcome.iterations, 12);
    assert_eq!(run.sum("dropped_iterations"), 0.0);
}

#[test]
fn max_duration_drops_the_rest_of_each_vu() {
    // Each iteration takes 400ms; by maxDuration (1s) each VU started at most 3 of 5.
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: { p: { executor: 'per-vu-iterations', vus: 2, iterations: 5, maxDuration: '1s' } } };
        export default function () { sleep(0.4); }
        "#,
    );
    let started = run.outcome.iterations + run.interrupted;
    let dropped = run.sum("dropped_iterations") as u64;
    assert_eq!(started + dropped, 10);
    assert!(dropped >= 4, "dropped {dropped}");
    assert!(run.of("dropped_iterations").iter().all(|s| s.tags.get("scenario") == Some("p")));
}
