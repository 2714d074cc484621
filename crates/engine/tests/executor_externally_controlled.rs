//! externally-controlled: `vus` of `maxVUs` initialised VUs loop for the duration (changing the
//! counts needs the REST API, which Stampede does not have yet).

use crate::executor_support;

use std::collections::BTreeSet;

use executor_support::{fields, run_script};

#[test]
fn runs_its_vus_of_max_vus_for_the_duration() {
    let run = run_script(
        r#"
        import { sleep } from 'k6';
        export const options = { scenarios: { e: { executor: 'externally-controlled', vus: 2, maxVUs: 3, duration: '500ms' } } };
        export default function () { console.log(`it vu=${__VU}`); sleep(0.1); }
        "#,
    );
    let vus: BTreeSet<String> = run.lines("it ").iter().map(|l| fields(l)["vu"].clone()).collect();
    assert_eq!(vus.len(), 2, "{vus:?}");
    assert_eq!(run.vus_initialized, 3);
    assert!(run.outcome.iterations >= 2);
}
