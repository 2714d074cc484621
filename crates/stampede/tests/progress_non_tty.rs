//! With stdout piped, `run` prints k6's compact progress block once a second and once more
//! after the summary; `-q` hides it.

use crate::common;

use common::{script_dir, stampede};

/// Two iterations of 1.2 s on one VU: the run lasts about 2.4 s, so at least one periodic
/// block appears before the summary even when VUs are slow to start.
const SCRIPT: &str = "import { sleep } from 'k6';
export const options = { scenarios: { only_one: { executor: 'shared-iterations', vus: 1, iterations: 2 } } };
export default function () { sleep(1.2); }
";

/// The lines of each progress block (a blank line, then the status line and the bars).
fn blocks(stdout: &str) -> Vec<(usize, Vec<&str>)> {
    let lines: Vec<&str> = stdout.split('\n').collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("running (") && i > 0 && lines[i - 1].is_empty() {
            let bars = lines[i + 1..].iter().take_while(|l| l.starts_with("only_one ")).copied();
            found.push((i, std::iter::once(*line).chain(bars).collect()));
        }
    }
    found
}

#[test]
fn periodic_blocks_and_a_final_block_after_the_summary() {
    let dir = script_dir("p.js", SCRIPT);
    let run = stampede(dir.path(), &["run", "p.js"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    let found = blocks(&run.stdout);
    assert!(found.len() >= 2, "expected a periodic and a final block:\n{}", run.stdout);

    let (first_at, first) = &found[0];
    assert!(first[0].starts_with("running (00m0"), "{}", first[0]);
    assert!(first[0].contains("/1 VUs, "), "{}", first[0]);
    assert_eq!(first.len(), 2, "one bar: {first:?}");
    assert!(first[1].starts_with("only_one   [ "), "running bar: {}", first[1]);
    assert!(first[1].contains("% ] 1 VUs  00m0"), "{}", first[1]);
    assert!(first[1].ends_with("/10m0s  0/2 shared iters") || first[1].ends_with("/10m0s  1/2 shared iters"));

    let summary_at = run.stdout.split('\n').position(|l| l.contains("TOTAL RESULTS")).expect("summary printed");
    assert!(*first_at < summary_at, "the periodic block comes before the summary");
    let (last_at, last) = found.last().expect("final block");
    assert!(*last_at > summary_at, "the final block follows the summary:\n{}", run.stdout);
    assert!(last[0].ends_with(", 0/1 VUs, 2 complete and 0 interrupted iterations"), "{}", last[0]);
    assert!(last[1].starts_with("only_one ✓ [ 100% ] 1 VUs  00m0"), "{}", last[1]);
    assert!(last[1].ends_with("/10m0s  2/2 shared iters"), "{}", last[1]);
    assert!(run.stdout.ends_with("2/2 shared iters\n"), "the final block ends the output");
    assert!(!run.stdout.contains('\x1b'), "no escape codes on a pipe");
}

#[test]
fn quiet_hides_the_progress() {
    let dir = script_dir("p.js", SCRIPT);
    let run = stampede(dir.path(), &["run", "-q", "p.js"]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(!run.stdout.contains("running ("), "{}", run.stdout);
    assert!(!run.stdout.contains("shared iters"), "{}", run.stdout);
}
