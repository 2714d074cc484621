//! What the `run` command prints around a test: the banner, the execution header and the live
//! progress, on stdout as k6 prints them.

pub(crate) mod banner;
pub(crate) mod header;
pub(crate) mod progress;
mod progress_render;
