//! The JavaScript runtime of Stampede: one QuickJS runtime per VU, created on the VU's stackful
//! coroutine; the module loader (k6 modules, local files compiled once per run, jslib); the k6
//! core modules; the console; the per-VU event loop; and the runtime API protocol modules plug
//! into ([`api`]).
//!
//! This crate knows no protocol: `k6/net/grpc` registers itself through
//! [`ProgramConfig::extra_modules`] and uses [`api`].

pub mod api;
pub mod coroutine;
mod error;
mod event_loop;
mod factory;
mod globals;
mod heap;
mod k6;
mod loader;
pub mod log;
pub mod modules;
mod pool;
mod program;
mod remote;
mod state;
mod vu;

pub use error::{ErrorKind, ScriptError, format_exception, take_exception};
pub use event_loop::{EventLoop, OpId};
pub use heap::HugePagesOff;
pub use pool::{VuHandle, VuPool};
pub use program::{BuiltinMetrics, InstanceCounters, ModuleBuilder, Program, ProgramConfig, RunSignals, file_url};
pub use state::{
    Activity, ActivityReport, ByteSource, IterationGate, IterationMap, Phase, ScenarioInfo, VuState,
    flush_thread_samples, record_sample,
};
pub use vu::{CallOutput, ScriptInfo};
