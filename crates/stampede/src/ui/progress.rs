//! The live progress display of `run` (k6's console progress bars): a thread that polls the
//! engine's [`ProgressBoard`] and writes a frame to stdout every second (pipes and files) or
//! redraws it in place every 100 ms (terminals), and the final frame after the summary.
//!
//! It runs on its own thread rather than as a task on the run's runtime so that a busy main
//! thread (summary, handleSummary) never delays a frame. What a frame looks like is
//! `progress_render`'s business.
//!
//! On a terminal, as in k6, a log record goes above the bars and the last frame is redrawn
//! right after it (the logger's [`PersistentText`]); one lock orders frames and records, so a
//! record never lands inside a frame.

use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use engine::ProgressBoard;
use script::Program;
use script::log::PersistentText;

use super::progress_render::Layout;

/// k6's redraw periods.
const PIPE_PERIOD: Duration = Duration::from_secs(1);
const TTY_PERIOD: Duration = Duration::from_millis(100);
/// The width assumed when the terminal does not tell.
const DEFAULT_TERM_WIDTH: usize = 80;

/// A running display; [`ProgressDisplay::finish`] stops it and writes the final frame.
pub(crate) struct ProgressDisplay {
    board: Arc<ProgressBoard>,
    program: Arc<Program>,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<Layout>>,
    last: Arc<LastFrame>,
}

/// The frame last drawn; its lock is held for every write of a frame or a record above it.
#[derive(Default)]
struct LastFrame(Mutex<String>);

impl LastFrame {
    fn lock(&self) -> std::sync::MutexGuard<'_, String> {
        // A panic mid-write leaves a usable string behind.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl PersistentText for LastFrame {
    fn write_above(&self, write: &mut dyn FnMut()) {
        let last = self.lock();
        write();
        if !last.is_empty() {
            write_stdout(&last);
        }
    }
}

/// Starts the display for a run on stdout: `tty` when stdout is a terminal, `color` when
/// it takes colours.
pub(crate) fn start(board: Arc<ProgressBoard>, program: Arc<Program>, tty: bool, color: bool) -> ProgressDisplay {
    let width = if tty { terminal_width().unwrap_or(DEFAULT_TERM_WIDTH) } else { DEFAULT_TERM_WIDTH };
    let mut layout = Layout::new(&board.snapshot(&program.instance), tty, color && tty, width);
    let period = if tty { TTY_PERIOD } else { PIPE_PERIOD };
    let (stop, stopped) = mpsc::channel::<()>();
    let last = Arc::new(LastFrame::default());
    if tty {
        program.logger.set_persistent_text(Some(last.clone()));
    }
    let (b, p, l) = (board.clone(), program.clone(), last.clone());
    let thread = std::thread::Builder::new().name("progress".into()).spawn(move || {
        while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(period) {
            if tty {
                layout.term_width = terminal_width().unwrap_or(layout.term_width);
            }
            let mut last = l.lock();
            *last = layout.frame(&b.snapshot(&p.instance), true);
            write_stdout(&last);
        }
        layout
    });
    ProgressDisplay { board, program, stop: Some(stop), thread: thread.ok(), last }
}

impl ProgressDisplay {
    /// Stops the periodic frames and writes the final one (after the summary, as k6 does).
    pub(crate) fn finish(mut self) {
        self.program.logger.set_persistent_text(None);
        drop(self.stop.take());
        let Some(mut layout) = self.thread.take().and_then(|t| t.join().ok()) else {
            return;
        };
        let last = self.last.lock();
        // On a terminal k6 redraws the bars after every other write (here: the summary)
        // before it draws the final frame below them.
        if layout.tty && !last.is_empty() {
            write_stdout(&last);
        }
        let frame = layout.frame(&self.board.snapshot(&self.program.instance), false);
        write_stdout(&frame);
    }
}

impl Drop for ProgressDisplay {
    fn drop(&mut self) {
        self.program.logger.set_persistent_text(None);
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed stdout is not worth failing the test for.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The terminal's width in columns, when stdout is a terminal that tells.
fn terminal_width() -> Option<usize> {
    // SAFETY: TIOCGWINSZ only fills the winsize struct it is given.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(1, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}
