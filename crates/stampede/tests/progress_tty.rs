//! On a terminal, `run` redraws k6's full-width bars in place every 100 ms (each line ending in
//! `ESC[K`, then the cursor moved back up) and draws a final frame without moving back.
//!
//! Needs util-linux `script` to get a pseudo-terminal; without it the test says so and passes.

use crate::common;

use std::process::Command;

/// Runs `source` as `t.js` on a pseudo-terminal and returns what the terminal received (`\r\n`
/// turned back into `\n`); `None` without `script`.
fn run_on_terminal(source: &str) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed, no pseudo-terminal available");
        return None;
    }
    let dir = common::script_dir("t.js", source);
    let command = format!("{} run t.js", common::stampede_bin().display());
    let out = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .output()
        .expect("script runs");
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(out.status.success(), "{text}");
    Some(text)
}

#[test]
fn frames_are_redrawn_in_place_with_colours() {
    let Some(text) = run_on_terminal(
        "import { sleep } from 'k6';\nexport const options = { scenarios: { cv: { executor: 'constant-vus', vus: 1, duration: '1s' } } };\nexport default function () { sleep(0.25); }\n",
    ) else {
        return;
    };

    // A redrawn frame: status line, one bar, then back up over 3 lines.
    let redraw = text.find("\r\x1b[J\x1b[3A").expect("a frame that moves back up");
    let frame_start = text[..redraw].rfind("\x1b[K\nrunning (").expect("frame start");
    let frame = &text[frame_start..redraw];
    assert!(frame.contains(" complete and 0 interrupted iterations\x1b[K\n"), "{frame:?}");
    assert!(frame.contains("\ncv     ["), "{frame:?}");
    assert!(frame.contains("\x1b[2m"), "the empty part of the bar is faint: {frame:?}");

    // The final frame comes after the summary and ends the output without moving back up.
    let summary = text.find("TOTAL RESULTS").expect("summary");
    let last = text.rfind("\x1b[K\nrunning (").expect("final frame");
    assert!(last > summary, "{text:?}");
    let final_frame = &text[last..];
    let full = "=".repeat(38);
    assert!(
        final_frame.contains(&format!("\ncv   \x1b[32m✓\x1b[0m [{full}\x1b[2m\x1b[22m] 1 VUs  1s\x1b[K\n")),
        "{final_frame:?}"
    );
    assert!(!final_frame.contains("\x1b[J"), "{final_frame:?}");
}

/// k6 keeps the bars below the log: right after a record it redraws the frame it last drew,
/// instead of leaving the record on top of the bars until the next frame.
#[test]
fn a_log_line_is_followed_by_the_last_frame_at_once() {
    let Some(text) = run_on_terminal(
        "import { sleep } from 'k6';\nexport const options = { scenarios: { cv: { executor: 'constant-vus', vus: 1, duration: '1s' } } };\nexport default function () { sleep(0.35); console.log('hello from the VU'); }\n",
    ) else {
        return;
    };
    let mut checked = 0;
    let mut rest = text.as_str();
    while let Some(at) = rest.find("hello from the VU") {
        let (before, after) = rest.split_at(at);
        // The record: coloured INFO line ending with the erase-line code.
        let record_end = after.find("\x1b[0K\n").expect("a terminal record ends with ESC[0K") + "\x1b[0K\n".len();
        let redraw = &after[record_end..];
        let next_frame_end = redraw.find("\x1b[J\x1b[").expect("a frame follows the record");
        let drawn = &redraw[..next_frame_end];
        let frame_start = before.rfind("\x1b[K\nrunning (").expect("a frame before the record");
        let previous =
            &before[frame_start..before[frame_start..].find("\x1b[J\x1b[").map_or(before.len(), |e| frame_start + e)];
        assert!(drawn.starts_with("\x1b[K\nrunning ("), "no frame right after the record: {drawn:?}");
        assert_eq!(drawn, previous, "the frame after the record is not the last one drawn");
        checked += 1;
        rest = &redraw[next_frame_end..];
    }
    assert!(checked >= 2, "expected the VU to log at least twice: {text:?}");
}
