//! All integration tests of this crate in one test binary: one link instead of one per file,
//! which keeps a clean build small on disk and quick to link.

mod log_console_golden;
mod log_logger;
mod modules_crypto;
mod modules_encoding;
mod modules_gorand;
mod modules_jslib;
mod modules_webcrypto_subtle;
mod vu_standard_globals;
