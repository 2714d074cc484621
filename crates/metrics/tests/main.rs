//! All integration tests of this crate in one test binary: one link instead of one per file,
//! which keeps a clean build small on disk and quick to link.

mod common;

mod collector_thread;
mod handle_summary_data;
mod jslib_text_summary;
mod outputs_csv;
mod outputs_json;
mod summary_colors;
mod summary_compact_golden;
mod summary_full_golden;
mod summary_grpc_sample;
mod summary_layout_samples;
mod summary_legacy_golden;
