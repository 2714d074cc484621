//! `--linger`: after teardown the run says it waits for Ctrl+C, keeps printing progress, and
//! goes on to the summary (exit code 0) when the signal comes.

use crate::common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MESSAGE: &str = "The test is done, but --linger was enabled, so k6 is waiting for Ctrl+C to continue...";

#[test]
fn waits_for_a_signal_then_prints_the_summary() {
    let dir = common::script_dir(
        "l.js",
        "export const options = { iterations: 1 };\nexport default function () {}\nexport function teardown() { console.log('teardown ran'); }\n",
    );
    let mut child = Command::new(common::stampede_bin())
        .args(["run", "--linger", "l.js"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("stampede starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    // Read until the message shows up (the run itself takes well under a second).
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
            let _ = tx.send(String::from_utf8_lossy(&all).into_owned());
        }
        String::from_utf8_lossy(&all).into_owned()
    });
    let give_up = Instant::now() + Duration::from_secs(60);
    let mut seen = String::new();
    while !seen.contains(MESSAGE) {
        seen = rx.recv_timeout(give_up.saturating_duration_since(Instant::now())).expect("linger message");
    }
    // Still waiting: no summary yet, and the process has not exited.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().expect("status").is_none(), "stampede must wait for Ctrl+C");
    // SAFETY: sending SIGINT to the child we started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().expect("stampede exits");
    let out = reader.join().expect("reader");
    let mut err = String::new();
    let _ = child.stderr.take().expect("piped stderr").read_to_string(&mut err);

    assert_eq!(status.code(), Some(0), "stdout:\n{out}\nstderr:\n{err}");
    assert!(err.contains("teardown ran"), "teardown runs before lingering:\n{err}");
    assert!(!err.contains("Stopping k6"), "the signal ends the linger, not the test:\n{err}");
    let at = out.find(MESSAGE).expect("message");
    // k6 writes the message without a newline: the next progress block starts with one.
    assert!(out[at + MESSAGE.len()..].starts_with("\nrunning ("), "{out}");
    let summary = out.find("TOTAL RESULTS").expect("summary after the signal");
    assert!(summary > at);
    assert!(out.trim_end().ends_with("1/1 shared iters"), "final block last:\n{out}");
}

#[test]
fn quiet_linger_prints_no_message() {
    let dir = common::script_dir("l.js", "export const options = { iterations: 1 };\nexport default function () {}\n");
    let mut child = Command::new(common::stampede_bin())
        .args(["run", "-q", "--linger", "l.js"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("stampede starts");
    std::thread::sleep(Duration::from_secs(3));
    assert!(child.try_wait().expect("status").is_none(), "stampede must wait for Ctrl+C");
    // SAFETY: sending SIGTERM to the child we started.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let out = child.wait_with_output().expect("stampede exits");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("waiting for Ctrl+C"), "{stdout}");
    assert!(stdout.contains("TOTAL RESULTS"), "{stdout}");
}
