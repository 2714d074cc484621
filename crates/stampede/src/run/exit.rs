//! k6's exit codes (spec k6-core §10.5).

/// Named exit codes.
pub(crate) struct ExitCode;

#[allow(dead_code)]
impl ExitCode {
    pub(crate) const OK: i32 = 0;
    pub(crate) const THRESHOLDS_FAILED: i32 = 99;
    pub(crate) const SETUP_TIMEOUT: i32 = 100;
    pub(crate) const TEARDOWN_TIMEOUT: i32 = 101;
    pub(crate) const INVALID_CONFIG: i32 = 104;
    pub(crate) const EXTERNAL_ABORT: i32 = 105;
    pub(crate) const SCRIPT_EXCEPTION: i32 = 107;
    pub(crate) const SCRIPT_ABORTED: i32 = 108;
    pub(crate) const MARKED_AS_FAILED: i32 = 110;
    /// Errors k6 reports without a code (Go exits with -1).
    pub(crate) const GENERIC: i32 = 255;
}
