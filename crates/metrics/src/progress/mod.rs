//! Live console UI helpers: the execution header and the progress display (k6 spec §8), as pure
//! functions of plain numbers. The engine gathers the numbers and decides when to print.

mod bars;
mod header;

pub use bars::{
    format_elapsed, render_progress, render_status_line, BarStatus, ProgressBar, RunStatus,
    Terminal,
};
pub use header::{render_header, HeaderInfo};
