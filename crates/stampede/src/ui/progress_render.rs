//! Turns a [`BoardSnapshot`] into the exact text k6 writes for its progress display: the
//! status line (or the `Init`/`Run` bar before the scenarios start) and one bar per scenario,
//! names padded to a common width, right-hand columns aligned, and either the compact
//! `[ 100% ]` form (pipes and files) or the 38-cell bar redrawn in place (terminals).
//!
//! Pure functions of the snapshot and a little layout state ([`Layout`]), so every byte can be
//! checked against captured k6 output without running a test.

use engine::progress::{BarSnapshot, BarStatus, BoardSnapshot, Head, RunStats, fixed_count, fixed_duration};

/// k6's full bar width (cells plus the two brackets) and the narrowest bar drawn as cells.
const FULL_WIDTH: i64 = 40;
const MIN_WIDTH: i64 = 8;
/// Longest left text; longer names are cut to 27 characters and `...`.
const MAX_LEFT: usize = 30;
/// Columns kept free at the right edge of the terminal.
const TERM_PADDING: i64 = 1;

/// How and where the display is drawn, and what the previous frame taught about the width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// Stdout is a terminal: bars redrawn in place.
    pub(crate) tty: bool,
    /// Colour the status marks and the bars' empty part.
    pub(crate) color: bool,
    /// Width of the left (name) column, fixed for the whole run.
    pub(crate) left: usize,
    /// Terminal width in columns.
    pub(crate) term_width: usize,
    /// Current bar width; terminals shrink it when lines do not fit.
    bar_width: i64,
    /// Width change learned from the previous frame.
    width_delta: i64,
}

impl Layout {
    /// The layout for a run whose first snapshot is `first`.
    pub(crate) fn new(first: &BoardSnapshot, tty: bool, color: bool, term_width: usize) -> Self {
        let left = first
            .bars
            .iter()
            .map(|b| b.name.chars().count())
            .chain(std::iter::once("Init".len()))
            .max()
            .unwrap_or(0)
            .min(MAX_LEFT);
        Self {
            tty,
            color,
            left,
            term_width: term_width.max(1),
            bar_width: FULL_WIDTH,
            // Pipes get the compact percentage form from the first frame on.
            width_delta: if tty { 0 } else { -FULL_WIDTH },
        }
    }

    /// One frame: `go_back` moves the cursor back over it afterwards (terminal redraws).
    pub(crate) fn frame(&mut self, snap: &BoardSnapshot, go_back: bool) -> String {
        let line_end = if self.tty { "\x1b[K\n" } else { "\n" };
        self.bar_width = (self.bar_width + self.width_delta).clamp(MIN_WIDTH, FULL_WIDTH);
        let head_bar = match &snap.head {
            Head::Init { done, total } => Some(BarSnapshot {
                name: "Init".into(),
                status: BarStatus::Running,
                progress: if *total == 0 { 1.0 } else { *done as f64 / *total as f64 },
                columns: vec![format!(
                    "{}/{} VUs initialized",
                    fixed_count(*done, *total),
                    fixed_count(*total, *total)
                )],
            }),
            Head::Setup => Some(BarSnapshot {
                name: "Run".into(),
                status: BarStatus::Running,
                progress: 1.0,
                columns: vec!["setup()".into()],
            }),
            Head::Running(_) => None,
        };
        let bars: Vec<&BarSnapshot> = head_bar.iter().chain(snap.bars.iter()).collect();
        // Columns but the last of each bar line up across bars (only the first two).
        let mut col_width = [0usize; 2];
        for b in &bars {
            for (i, col) in b.columns.iter().enumerate().take(b.columns.len().saturating_sub(1)) {
                if let Some(w) = col_width.get_mut(i) {
                    *w = (*w).max(col.chars().count());
                }
            }
        }
        let mut out = String::from(line_end);
        let mut wrapped = 0i64;
        let mut longest = 0usize;
        // k6 sizes bars by the bar lines only; the status line counts for wrapping.
        let mut count_line = |plain_len: usize, is_bar: bool| {
            if is_bar {
                longest = longest.max(plain_len);
            }
            wrapped += (plain_len as i64 - TERM_PADDING).max(0) / self.term_width as i64;
        };
        if let Head::Running(stats) = &snap.head {
            let line = status_line(stats);
            count_line(line.chars().count(), false);
            out.push_str(&line);
            out.push_str(line_end);
        }
        for b in &bars {
            let right: String = b
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!(" {c:<w$}", w = col_width.get(i).copied().unwrap_or(0) + 1))
                .collect();
            let left = left_text(&b.name, self.left);
            let plain = format!("{left} {} {}{right}", mark(b.status, false), self.bar(b.progress, false));
            count_line(plain.chars().count(), true);
            if self.color {
                out.push_str(&format!("{left} {} {}{right}", mark(b.status, true), self.bar(b.progress, true)));
            } else {
                out.push_str(&plain);
            }
            out.push_str(line_end);
        }
        if self.tty {
            self.width_delta = self.term_width as i64 - longest as i64 - TERM_PADDING;
            if go_back {
                let lines = bars.len() as i64 + i64::from(matches!(snap.head, Head::Running(_)));
                out.push_str(&format!("\r\x1b[J\x1b[{}A", lines + wrapped + 1));
            }
        }
        out
    }

    fn bar(&self, progress: f64, color: bool) -> String {
        let p = progress.clamp(0.0, 1.0);
        if self.bar_width <= MIN_WIDTH {
            return format!("[ {:>3.0}% ]", p * 100.0);
        }
        let space = (self.bar_width - 2) as usize;
        let filled = ((space as f64 * p) as usize).min(space);
        let head = match filled {
            0 => String::new(),
            f if f < space => format!("{}>", "=".repeat(f - 1)),
            f => "=".repeat(f),
        };
        let rest = "-".repeat(space - filled);
        if color { format!("[{head}\x1b[2m{rest}\x1b[22m]") } else { format!("[{head}{rest}]") }
    }
}

/// `running (<T>), <a>/<b> VUs, <c> complete and <i> interrupted iterations`.
pub(crate) fn status_line(s: &RunStats) -> String {
    format!(
        "running ({}), {}/{} VUs, {} complete and {} interrupted iterations",
        fixed_duration(s.elapsed, s.max_duration),
        fixed_count(s.active_vus, s.max_vus),
        fixed_count(s.initialized_vus, s.max_vus),
        s.complete,
        s.interrupted
    )
}

fn left_text(name: &str, width: usize) -> String {
    if name.chars().count() > width {
        let keep = width.saturating_sub(3);
        format!("{}...", name.chars().take(keep).collect::<String>())
    } else {
        format!("{name:<width$}")
    }
}

fn mark(status: BarStatus, color: bool) -> String {
    let (m, on, off) = match status {
        BarStatus::Running => (" ", "", ""),
        BarStatus::Waiting => ("•", "\x1b[2m", "\x1b[22m"),
        BarStatus::Stopping => ("↓", "", ""),
        BarStatus::Done => ("✓", "\x1b[32m", "\x1b[0m"),
        BarStatus::Interrupted => ("✗", "\x1b[31m", "\x1b[0m"),
    };
    if color && !on.is_empty() { format!("{on}{m}{off}") } else { m.to_string() }
}

#[cfg(test)]
#[path = "progress_render_tests.rs"]
mod tests;
