//! All integration tests of this crate in one test binary: one link instead of one per file,
//! which keeps a clean build small on disk and quick to link.

mod executor_support;

mod executor_constant_arrival_rate;
mod executor_externally_controlled;
mod executor_per_vu_iterations;
mod executor_planned_vus;
mod executor_progress;
mod executor_ramping_arrival_rate;
mod executor_ramping_vus;
mod executor_segments;
mod executor_shared_iterations;
mod executor_stop;
mod options_describe;
mod options_errors;
mod options_inspect;
mod options_network;
mod options_precedence;
mod segment_parse;
mod segment_property;
mod segment_reference;
