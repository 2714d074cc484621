//! On a terminal, `run` redraws k6's full-width bars in place every 100 ms (each line ending in
//! `ESC[K`, then the cursor moved back up) and draws a final frame without moving back.
//!
//! Needs util-linux `script` to get a pseudo-terminal; without it the test says so and passes.

mod common;

use std::process::Command;

#[test]
fn frames_are_redrawn_in_place_with_colours() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed, no pseudo-terminal available");
        return;
    }
    let dir = common::script_dir(
        "t.js",
        "import { sleep } from 'k6';\nexport const options = { scenarios: { cv: { executor: 'constant-vus', vus: 1, duration: '1s' } } };\nexport default function () { sleep(0.25); }\n",
    );
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
