//! The one error type of option decoding, consolidation and validation, with k6's texts and exit
//! codes, so that the binary can print `err` and exit with `err.exit_code()` unchanged.

use crate::segment::SegmentError;

/// k6's exit code for invalid configuration.
pub const EXIT_INVALID_CONFIG: i32 = 104;
/// The code k6 exits with for errors that carry no code (Go's `os.Exit(-1)`).
pub const EXIT_GENERIC: i32 = 255;

/// An options problem, displayed with k6's wording.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptionsError {
    /// A value of the wrong type or syntax in options JSON (script or config file).
    #[error("{0}")]
    Json(String),
    /// A `K6_*` / `STAMPEDE_*` variable that does not decode.
    #[error(
        "envconfig.Process: assigning {var} to {field}: converting '{value}' to type {go_type}. details: {details}"
    )]
    Env {
        /// Variable name as given.
        var: String,
        /// k6's Go field name.
        field: String,
        /// The raw value.
        value: String,
        /// k6's Go type name.
        go_type: String,
        /// The parser's message.
        details: String,
    },
    /// The config file could not be read (`message` like `stat <path>: no such file or directory`).
    #[error("failed to load the configuration file from the local file system: {0}")]
    ConfigFileRead(String),
    /// The config file could not be parsed.
    #[error(
        "failed to load the configuration file from the local file system: couldn't parse the configuration from {path:?}: {message}"
    )]
    ConfigFile {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A command-line flag value that does not parse (k6 reports these without an exit code).
    #[error("{0}")]
    Flag(String),
    /// Two execution shortcuts given together, e.g. `iterations` and `stages`.
    #[error("using `{0}` and `{1}` options simultaneously is not allowed")]
    Conflict(&'static str, &'static str),
    /// `duration` set to zero or less.
    #[error("`duration` option should be more than 0, for infinite duration use the externally-controlled executor")]
    NonPositiveDuration,
    /// A scenario without `executor`.
    #[error("scenario '{0}' doesn't have a specified executor type")]
    MissingExecutor(String),
    /// An `executor` k6 does not have.
    #[error("unknown executor type '{0}'")]
    UnknownExecutor(String),
    /// Configuration problems found by validation, one line each.
    #[error("There were problems with the specified script configuration:{}", .0.iter().map(|e| format!("\n\t- {e}")).collect::<String>())]
    Invalid(Vec<String>),
    /// An invalid `summaryTrendStats` entry.
    #[error("{0}")]
    TrendStat(String),
    /// An execution segment or sequence that does not parse.
    #[error(transparent)]
    Segment(#[from] SegmentError),
}

impl OptionsError {
    /// The process exit code k6 uses for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            OptionsError::Flag(_) | OptionsError::TrendStat(_) | OptionsError::Segment(_) => EXIT_GENERIC,
            _ => EXIT_INVALID_CONFIG,
        }
    }
}
