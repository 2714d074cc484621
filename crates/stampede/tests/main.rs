//! All integration tests of this crate in one test binary: one link instead of one per file,
//! which keeps a clean build small on disk and quick to link.

mod common;
mod timeline;

mod bad_input;
mod compat;
mod demo;
mod examples;
mod grpc_cmd_call;
mod grpc_cmd_describe;
mod grpc_cmd_errors;
mod grpc_cmd_list;
mod grpc_cmd_scaffold;
mod grpc_cmd_tls;
mod grpc_vu_deadline;
mod http_debug;
mod interrupted_streams;
mod outputs_complete;
mod progress_linger;
mod progress_non_tty;
mod progress_tty;
mod remote_module;
mod signals;
mod summary_late_starts;
