//! Frames checked byte for byte against k6 v1.1.0 output (the spec samples 02, 05 and 07, and
//! captures of waiting, interrupted, init and setup bars).

use std::time::Duration;

use engine::progress::{BarSnapshot, BarStatus, BoardSnapshot, Head, RunStats};

use super::Layout;

fn bar(name: &str, status: BarStatus, progress: f64, columns: &[&str]) -> BarSnapshot {
    BarSnapshot { name: name.into(), status, progress, columns: columns.iter().map(|c| c.to_string()).collect() }
}

fn running(elapsed_ms: u64, max_s: u64, vus: (u64, u64, u64), iters: (u64, u64)) -> Head {
    Head::Running(RunStats {
        elapsed: Duration::from_millis(elapsed_ms),
        max_duration: Duration::from_secs(max_s),
        active_vus: vus.0,
        initialized_vus: vus.1,
        max_vus: vus.2,
        complete: iters.0,
        interrupted: iters.1,
    })
}

fn pipe_frame(snap: &BoardSnapshot) -> String {
    Layout::new(snap, false, false, 80).frame(snap, true)
}

#[test]
fn pipe_frame_matches_sample_07() {
    use BarStatus::{Done, Running};
    let snap = BoardSnapshot {
        head: running(1000, 630, (8, 15, 16), (35, 0)),
        bars: vec![
            bar("a_si", Done, 1.0, &["2 VUs", "00m00.4s/10m0s", "4/4 shared iters"]),
            bar("b_pvi", Done, 1.0, &["2 VUs", "00m00.4s/10m0s", "4/4 iters, 2 per VU"]),
            bar("c_cv", Running, 1.0, &["2 VUs", "1.0s/1s"]),
            bar("d_rv", Running, 0.67, &["2/3 VUs", "1.0s/1.5s"]),
            bar("e_car", Running, 1.0, &["2/2 VUs", "1.0s/1s", "30.00 iters/s"]),
            bar("f_rar", Running, 1.0, &["1/2 VUs", "1.0s/1s", "09.47 iters/s"]),
            bar("g_ec", Running, 1.0, &["1/2 VUs", "1.0s/1s", ""]),
        ],
    };
    let want = "\nrunning (00m01.0s), 08/15 VUs, 35 complete and 0 interrupted iterations
a_si  ✓ [ 100% ] 2 VUs    00m00.4s/10m0s  4/4 shared iters
b_pvi ✓ [ 100% ] 2 VUs    00m00.4s/10m0s  4/4 iters, 2 per VU
c_cv    [ 100% ] 2 VUs    1.0s/1s        
d_rv    [  67% ] 2/3 VUs  1.0s/1.5s      
e_car   [ 100% ] 2/2 VUs  1.0s/1s         30.00 iters/s
f_rar   [ 100% ] 1/2 VUs  1.0s/1s         09.47 iters/s
g_ec    [ 100% ] 1/2 VUs  1.0s/1s          
";
    assert_eq!(pipe_frame(&snap), want);
}

#[test]
fn pipe_frame_matches_sample_02_final() {
    let snap = BoardSnapshot {
        head: running(1500, 630, (0, 3, 3), (15, 0)),
        bars: vec![
            bar("unary", BarStatus::Done, 1.0, &["2 VUs", "1.5s"]),
            bar("stream", BarStatus::Done, 1.0, &["1 VUs", "00m00.3s/10m0s", "3/3 iters, 3 per VU"]),
        ],
    };
    let want = "\nrunning (00m01.5s), 0/3 VUs, 15 complete and 0 interrupted iterations
unary  ✓ [ 100% ] 2 VUs  1.5s           
stream ✓ [ 100% ] 1 VUs  00m00.3s/10m0s  3/3 iters, 3 per VU
";
    assert_eq!(pipe_frame(&snap), want);
}

#[test]
fn init_and_setup_bars_and_waiting_scenarios() {
    let names = ["first", "rar", "rv", "later_one"];
    let idle: Vec<BarSnapshot> = names.iter().map(|n| bar(n, BarStatus::Running, 0.0, &[])).collect();
    let init = BoardSnapshot { head: Head::Init { done: 2, total: 16 }, bars: idle.clone() };
    assert_eq!(
        pipe_frame(&init),
        "\nInit        [  12% ] 02/16 VUs initialized\nfirst       [   0% ]\nrar         [   0% ]\nrv          [   0% ]\nlater_one   [   0% ]\n"
    );
    let setup = BoardSnapshot {
        head: Head::Setup,
        bars: vec![bar("a", BarStatus::Running, 0.0, &[]), bar("b", BarStatus::Running, 0.0, &[])],
    };
    assert_eq!(pipe_frame(&setup), "\nRun    [ 100% ] setup()\na      [   0% ]\nb      [   0% ]\n");
    let waiting = BoardSnapshot {
        head: running(2000, 631, (1, 2, 2), (1, 0)),
        bars: vec![
            bar("a", BarStatus::Running, 0.17, &["1 VUs", "0.5s/3s"]),
            bar("b", BarStatus::Waiting, 0.0, &["waiting", "1.5s"]),
        ],
    };
    assert_eq!(
        pipe_frame(&waiting),
        "\nrunning (00m02.0s), 1/2 VUs, 1 complete and 0 interrupted iterations\na      [  17% ] 1 VUs    0.5s/3s\nb    • [   0% ] waiting  1.5s\n"
    );
}

#[test]
fn terminal_frames_match_sample_05() {
    let first = BoardSnapshot {
        head: running(100, 32, (3, 4, 7), (0, 0)),
        bars: vec![
            bar("car", BarStatus::Running, 0.05, &["1/2 VUs", "0.1s/2s", "5.00 iters/s"]),
            bar("cv", BarStatus::Running, 0.05, &["2 VUs", "0.1s/2s"]),
        ],
    };
    let mut layout = Layout::new(&first, true, true, 200);
    let dashes = "-".repeat(37);
    assert_eq!(
        layout.frame(&first, true),
        format!(
            "\x1b[K\nrunning (00.1s), 3/4 VUs, 0 complete and 0 interrupted iterations\x1b[K\n\
             car    [>\x1b[2m{dashes}\x1b[22m] 1/2 VUs  0.1s/2s  5.00 iters/s\x1b[K\n\
             cv     [>\x1b[2m{dashes}\x1b[22m] 2 VUs    0.1s/2s \x1b[K\n\r\x1b[J\x1b[4A"
        )
    );
    let last = BoardSnapshot {
        head: running(2300, 32, (0, 4, 7), (25, 0)),
        bars: vec![
            bar("car", BarStatus::Done, 1.0, &["0/2 VUs", "2s", "5.00 iters/s"]),
            bar("cv", BarStatus::Done, 1.0, &["2 VUs", "2s"]),
        ],
    };
    let full = "=".repeat(38);
    assert_eq!(
        layout.frame(&last, false),
        format!(
            "\x1b[K\nrunning (02.3s), 0/4 VUs, 25 complete and 0 interrupted iterations\x1b[K\n\
             car  \x1b[32m✓\x1b[0m [{full}\x1b[2m\x1b[22m] 0/2 VUs  2s  5.00 iters/s\x1b[K\n\
             cv   \x1b[32m✓\x1b[0m [{full}\x1b[2m\x1b[22m] 2 VUs    2s \x1b[K\n"
        )
    );
}

#[test]
fn terminal_marks_for_stopping_interrupted_and_waiting() {
    let snap = BoardSnapshot {
        head: running(4100, 34, (0, 2, 2), (2, 1)),
        bars: vec![
            bar("a", BarStatus::Interrupted, 0.49, &["1 VUs", "1.5s/3s"]),
            bar("b", BarStatus::Waiting, 0.0, &["waiting", "0.6s"]),
            bar("c", BarStatus::Stopping, 1.0, &["2 VUs", "2s"]),
        ],
    };
    let frame = Layout::new(&snap, true, true, 200).frame(&snap, true);
    let lines: Vec<&str> = frame.split("\x1b[K\n").collect();
    assert_eq!(
        lines[2],
        format!("a    \x1b[31m✗\x1b[0m [{}>\x1b[2m{}\x1b[22m] 1 VUs    1.5s/3s", "=".repeat(17), "-".repeat(20))
    );
    assert_eq!(lines[3], format!("b    \x1b[2m•\x1b[22m [\x1b[2m{}\x1b[22m] waiting  0.6s", "-".repeat(38)));
    assert!(lines[4].starts_with("c    ↓ [======"), "{}", lines[4]);
    assert!(frame.ends_with("\r\x1b[J\x1b[5A"));
}

#[test]
fn terminal_without_colours_has_no_colour_codes() {
    let snap = BoardSnapshot {
        head: running(100, 5, (1, 1, 1), (0, 0)),
        bars: vec![bar("default", BarStatus::Done, 1.0, &["1 VUs", "1s"])],
    };
    let frame = Layout::new(&snap, true, false, 200).frame(&snap, false);
    assert_eq!(
        frame,
        format!(
            "\x1b[K\nrunning (0.1s), 1/1 VUs, 0 complete and 0 interrupted iterations\x1b[K\ndefault ✓ [{}] 1 VUs  1s\x1b[K\n",
            "=".repeat(38)
        )
    );
}

#[test]
fn long_names_are_cut_and_narrow_terminals_shrink_the_bars() {
    let name = "a_scenario_name_much_longer_than_thirty_characters";
    let snap = BoardSnapshot {
        head: running(100, 5, (1, 1, 1), (0, 0)),
        bars: vec![bar(name, BarStatus::Running, 0.5, &["1 VUs", "0.1s/1s"])],
    };
    let pipe = pipe_frame(&snap);
    assert!(pipe.contains("\na_scenario_name_much_longer...   [  50% ] 1 VUs  0.1s/1s\n"), "{pipe}");

    let mut layout = Layout::new(&snap, true, false, 60);
    let wide = layout.frame(&snap, true);
    // 30 + 3 + 40 + 16 = 89 columns, and the 65-column status line: each wraps once, and
    // the cursor moves back over the wrapped lines too.
    assert!(wide.ends_with("\x1b[5A"), "{wide:?}");
    let narrow = layout.frame(&snap, true);
    let bar_line = narrow.split("\x1b[K\n").nth(2).unwrap_or_default();
    assert!(bar_line.chars().count() < 60, "{bar_line}");
    assert!(narrow.ends_with("\x1b[4A"), "{narrow:?}");
}
