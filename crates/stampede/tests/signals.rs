//! Ctrl+C / SIGTERM: the first signal stops the test gracefully — teardown and the summary still
//! run — and the exit code is 105.

use crate::common;

use std::time::Duration;

#[test]
fn first_sigint_runs_teardown_and_summary_then_exits_105() {
    let dir = common::script_dir(
        "s.js",
        "import { sleep } from 'k6';\nexport const options = { vus: 2, duration: '30s' };\nexport default function () { sleep(0.2); }\nexport function teardown() { console.log('teardown ran'); }\n",
    );
    let child = std::process::Command::new(common::stampede_bin())
        .args(["run", "--log-format=raw", "s.js"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("stampede starts");
    std::thread::sleep(Duration::from_millis(1500));
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().expect("stampede ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(105), "stderr:\n{stderr}");
    assert!(stderr.contains("teardown ran"), "stderr:\n{stderr}");
    assert!(stderr.contains("test run was aborted because k6 received a 'interrupt' signal"), "stderr:\n{stderr}");
    assert!(stdout.contains("iterations"), "summary missing:\n{stdout}");
}
