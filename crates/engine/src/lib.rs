//! Test lifecycle, options consolidation, executors, VU scheduling and execution segments.
//!
//! The engine is protocol-agnostic: it drives VUs of the `script` crate through executors and
//! never knows what a VU does in an iteration.

pub mod executor;
pub mod plan;
pub mod progress;
pub mod run;
pub mod vu_buffer;

pub use plan::{ExecutionPlan, ExecutorPlan, ScenarioPlan};
pub use progress::ProgressBoard;
pub use run::{RunOutcome, execute, execute_observed, lifecycle_call};
/// The token that stops a run gracefully (Ctrl+C).
pub use tokio_util::sync::CancellationToken as StopToken;

pub mod inspect;
pub mod options;
pub mod segment;
