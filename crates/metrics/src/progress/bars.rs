//! The progress display: a run-status line and one bar per scenario, in the non-TTY form
//! (printed once a second and after the summary) and the TTY form (redrawn in place).

use std::time::Duration;

/// Run-wide numbers for the status line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunStatus {
    /// The test is paused.
    pub paused: bool,
    /// Execution started (the elapsed time is shown only then).
    pub started: bool,
    /// Time since the start.
    pub elapsed: Duration,
    /// Max test duration (chooses the elapsed-time format).
    pub max_duration: Duration,
    /// Active VUs.
    pub active_vus: u64,
    /// Initialised VUs.
    pub init_vus: u64,
    /// Max possible VUs (chooses the zero padding).
    pub max_vus: u64,
    /// Completed iterations.
    pub complete: u64,
    /// Interrupted iterations.
    pub interrupted: u64,
}

/// A scenario's state mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BarStatus {
    /// Running (no mark).
    #[default]
    Running,
    /// Finished (`✓`, green).
    Done,
    /// Interrupted (`✗`, red).
    Interrupted,
    /// In gracefulStop (`↓`).
    Stopping,
    /// Waiting for its startTime (`•`, faint).
    Waiting,
}

/// One scenario's bar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProgressBar {
    /// Scenario name.
    pub name: String,
    /// State mark.
    pub status: BarStatus,
    /// Progress from 0 to 1.
    pub progress: f64,
    /// Right-hand columns (`2 VUs`, `00m00.4s/10m0s`, `4/4 shared iters`).
    pub columns: Vec<String>,
}

/// How the display is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminal {
    /// Pipe or file: percentage bars, no colours.
    Plain,
    /// Terminal: 38-cell bars, colours, in-place redraw.
    Tty {
        /// True for the last render after the summary (no cursor-up).
        last: bool,
    },
}

/// k6's fixed-width elapsed time: its shape depends on the max duration.
pub fn format_elapsed(elapsed: Duration, max: Duration) -> String {
    let tenths = (elapsed.as_secs_f64() * 10.0).round() as u64;
    let (h, m, s10) = (tenths / 36000, (tenths / 600) % 60, tenths % 600);
    let secs2 = format!("{:02}.{}", s10 / 10, s10 % 10);
    let max = max.as_secs_f64();
    if max < 10.0 {
        format!("{}.{}s", tenths / 10, tenths % 10)
    } else if max < 60.0 {
        format!("{:02}.{}s", tenths / 10, tenths % 10)
    } else if max < 600.0 {
        format!("{}m{secs2}s", tenths / 600)
    } else if max < 3600.0 {
        format!("{:02}m{secs2}s", tenths / 600)
    } else if max < 36000.0 {
        format!("{h}h{m:02}m{secs2}s")
    } else {
        format!("{h:02}h{m:02}m{secs2}s")
    }
}

/// `running (<T>), <a>/<b> VUs, <c> complete and <i> interrupted iterations`.
pub fn render_status_line(s: &RunStatus) -> String {
    let digits = s.max_vus.max(1).to_string().len();
    let state = if s.paused { "paused" } else { "running" };
    let time = if s.started {
        format!(" ({})", format_elapsed(s.elapsed, s.max_duration))
    } else {
        String::new()
    };
    format!(
        "{state}{time}, {:0digits$}/{:0digits$} VUs, {} complete and {} interrupted iterations",
        s.active_vus, s.init_vus, s.complete, s.interrupted
    )
}

fn mark(status: BarStatus, colors: bool) -> String {
    let (m, code) = match status {
        BarStatus::Running => (" ", ""),
        BarStatus::Done => ("✓", "32"),
        BarStatus::Interrupted => ("✗", "31"),
        BarStatus::Stopping => ("↓", ""),
        BarStatus::Waiting => ("•", "2"),
    };
    if colors && !code.is_empty() {
        format!("\x1b[{code}m{m}\x1b[0m")
    } else {
        m.to_string()
    }
}

fn bar(progress: f64, tty: bool) -> String {
    let p = progress.clamp(0.0, 1.0);
    if !tty {
        return format!("[ {:>3.0}% ]", p * 100.0);
    }
    const CELLS: usize = 38;
    let filled = ((p * CELLS as f64).floor() as usize).min(CELLS);
    let head = if filled >= CELLS {
        "=".repeat(CELLS)
    } else {
        format!("{}>", "=".repeat(filled.saturating_sub(1)))
    };
    let rest = CELLS - head.chars().count();
    format!("[{head}\x1b[2m{}\x1b[22m]", "-".repeat(rest))
}

/// The status line and bars: non-TTY `"\n" + lines joined by "\n"`; TTY each line followed by
/// `ESC[K\n`, then (unless last) `\r ESC[J ESC[<n>A` to move back up.
pub fn render_progress(status: &RunStatus, bars: &[ProgressBar], term: Terminal) -> String {
    let tty = matches!(term, Terminal::Tty { .. });
    let name_w = bars
        .iter()
        .map(|b| b.name.chars().count().min(30))
        .chain(std::iter::once(4))
        .max()
        .unwrap_or(4);
    let mut widths = [0usize; 2];
    for b in bars {
        for (i, w) in widths.iter_mut().enumerate() {
            if i + 1 < b.columns.len() {
                *w = (*w).max(b.columns[i].chars().count());
            }
        }
    }
    let mut lines = vec![render_status_line(status)];
    for b in bars {
        let name = if b.name.chars().count() > 30 {
            format!("{}...", b.name.chars().take(27).collect::<String>())
        } else {
            b.name.clone()
        };
        let mut line = format!(
            "{name:<name_w$} {} {}",
            mark(b.status, tty),
            bar(b.progress, tty)
        );
        for (i, col) in b.columns.iter().enumerate() {
            let w = widths.get(i).copied().unwrap_or(0) + 1;
            line.push(' ');
            line.push_str(&format!("{col:<w$}"));
        }
        lines.push(line);
    }
    match term {
        Terminal::Plain => format!("\n{}", lines.join("\n")),
        Terminal::Tty { last } => {
            let mut out = String::from("\x1b[K\n");
            for l in &lines {
                out.push_str(l);
                out.push_str("\x1b[K\n");
            }
            if !last {
                out.push_str(&format!("\r\x1b[J\x1b[{}A", lines.len() + 1));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar_of(name: &str, status: BarStatus, p: f64, cols: &[&str]) -> ProgressBar {
        ProgressBar {
            name: name.into(),
            status,
            progress: p,
            columns: cols.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn elapsed_shapes() {
        let s = Duration::from_secs;
        assert_eq!(format_elapsed(Duration::from_millis(1500), s(5)), "1.5s");
        assert_eq!(format_elapsed(s(1), s(32)), "01.0s");
        assert_eq!(format_elapsed(s(1), s(300)), "0m01.0s");
        assert_eq!(format_elapsed(s(1), s(630)), "00m01.0s");
        assert_eq!(format_elapsed(s(61), s(7200)), "0h01m01.0s");
    }

    #[test]
    fn non_tty_matches_sample_07() {
        let status = RunStatus {
            started: true,
            elapsed: Duration::from_secs(1),
            max_duration: Duration::from_secs(630),
            active_vus: 8,
            init_vus: 15,
            max_vus: 16,
            complete: 35,
            ..RunStatus::default()
        };
        let bars = [
            bar_of(
                "a_si",
                BarStatus::Done,
                1.0,
                &["2 VUs", "00m00.4s/10m0s", "4/4 shared iters"],
            ),
            bar_of(
                "b_pvi",
                BarStatus::Done,
                1.0,
                &["2 VUs", "00m00.4s/10m0s", "4/4 iters, 2 per VU"],
            ),
            bar_of("c_cv", BarStatus::Running, 1.0, &["2 VUs", "1.0s/1s"]),
            bar_of("d_rv", BarStatus::Running, 0.67, &["2/3 VUs", "1.0s/1.5s"]),
            bar_of(
                "e_car",
                BarStatus::Running,
                1.0,
                &["2/2 VUs", "1.0s/1s", "30.00 iters/s"],
            ),
            bar_of(
                "f_rar",
                BarStatus::Running,
                1.0,
                &["1/2 VUs", "1.0s/1s", "09.47 iters/s"],
            ),
            bar_of("g_ec", BarStatus::Running, 1.0, &["1/2 VUs", "1.0s/1s", ""]),
        ];
        let want = "\nrunning (00m01.0s), 08/15 VUs, 35 complete and 0 interrupted iterations
a_si  ✓ [ 100% ] 2 VUs    00m00.4s/10m0s  4/4 shared iters
b_pvi ✓ [ 100% ] 2 VUs    00m00.4s/10m0s  4/4 iters, 2 per VU
c_cv    [ 100% ] 2 VUs    1.0s/1s        
d_rv    [  67% ] 2/3 VUs  1.0s/1.5s      
e_car   [ 100% ] 2/2 VUs  1.0s/1s         30.00 iters/s
f_rar   [ 100% ] 1/2 VUs  1.0s/1s         09.47 iters/s
g_ec    [ 100% ] 1/2 VUs  1.0s/1s          ";
        assert_eq!(render_progress(&status, &bars, Terminal::Plain), want);
    }

    #[test]
    fn tty_bars_match_sample_05() {
        let status = RunStatus {
            started: true,
            elapsed: Duration::from_millis(100),
            max_duration: Duration::from_secs(32),
            active_vus: 3,
            init_vus: 4,
            max_vus: 7,
            ..RunStatus::default()
        };
        let bars = [
            bar_of(
                "car",
                BarStatus::Running,
                0.05,
                &["1/2 VUs", "0.1s/2s", "5.00 iters/s"],
            ),
            bar_of("cv", BarStatus::Running, 0.05, &["2 VUs", "0.1s/2s"]),
        ];
        let dashes = "-".repeat(37);
        let want = format!(
            "\x1b[K\nrunning (00.1s), 3/4 VUs, 0 complete and 0 interrupted iterations\x1b[K\ncar    [>\x1b[2m{dashes}\x1b[22m] 1/2 VUs  0.1s/2s  5.00 iters/s\x1b[K\ncv     [>\x1b[2m{dashes}\x1b[22m] 2 VUs    0.1s/2s \x1b[K\n\r\x1b[J\x1b[4A"
        );
        assert_eq!(
            render_progress(&status, &bars, Terminal::Tty { last: false }),
            want
        );
        let done = render_progress(
            &status,
            &[bar_of("cv", BarStatus::Done, 1.0, &["2 VUs", "2s"])],
            Terminal::Tty { last: true },
        );
        assert!(done.contains(&format!(
            "cv   \x1b[32m✓\x1b[0m [{}\x1b[2m\x1b[22m] 2 VUs  2s\x1b[K",
            "=".repeat(38)
        )));
        assert!(!done.contains("\x1b[J"));
    }
}
