//! Log records for `console.*` and the runner's own messages, in k6's three `--log-format`
//! styles (`text`, `json`, `raw`) plus the colored terminal layout, written by a thread-safe
//! [`Logger`] to stderr, stdout, a file or nowhere, with `--console-output=FILE` diverting
//! console lines. Also the rendering of `console.log` arguments ([`render_console_args`]).
//!
//! The byte-level rules (logrus' quoting, Go's `%q` and JSON escaping, the 44-column
//! padding) are k6's, because users grep these lines; see [`format`] and `quote`.

mod console;
pub mod format;
mod logger;
mod output;
mod quote;

use std::str::FromStr;

pub use console::render_console_args;
pub use format::{Record, Style, format_record};
pub use logger::{LogOutput, Logger, LoggerConfig, PersistentText};
pub use output::LogOutputSpec;

/// Severity of a log record (k6 uses these four).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Shown only with `-v`/`--verbose` (`console.debug`).
    Debug,
    /// `console.log`, `console.info`.
    Info,
    /// `console.warn`.
    Warning,
    /// `console.error`, script exceptions.
    Error,
}

impl Level {
    /// logrus' name: `debug`, `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The four-letter tag of the colored layout (`DEBU`, `INFO`, `WARN`, `ERRO`).
    pub fn short_name(self) -> &'static str {
        match self {
            Level::Debug => "DEBU",
            Level::Info => "INFO",
            Level::Warning => "WARN",
            Level::Error => "ERRO",
        }
    }

    /// The ANSI color number logrus uses for the level.
    pub fn color(self) -> u8 {
        match self {
            Level::Debug => 37,
            Level::Info => 36,
            Level::Warning => 33,
            Level::Error => 31,
        }
    }
}

/// k6's `--log-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// logrus text (`time=... level=... msg=...`), colored on a terminal.
    #[default]
    Text,
    /// The message only.
    Raw,
    /// One JSON object per record.
    Json,
}

/// Errors from setting up logging.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// `--log-format` named something other than `text`, `raw` or `json`.
    #[error("unknown log format {0:?}: use text, raw or json")]
    UnknownFormat(String),
    /// `--log-output` named an output that does not exist (or that Stampede does not have).
    #[error("unsupported log output '{output}'{hint}")]
    UnsupportedOutput {
        /// The flag value.
        output: String,
        /// What to use instead, if anything.
        hint: &'static str,
    },
    /// `--log-output=file` without a path.
    #[error("error while parsing logfile configuration key `{0}` with no value")]
    MissingValue(String),
    /// `--log-output=file=...,key=...` with a key other than `level`.
    #[error("unknown logfile config key {0}")]
    UnknownFileKey(String),
    /// A level name other than debug, info, warning (warn) or error.
    #[error("unknown log level {0}")]
    UnknownLevel(String),
    /// A log or console output file could not be opened for appending.
    #[error("cannot open {path} for logging: {source}")]
    Open {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl LogFormat {
    /// Reads `--log-format` the way k6 does: `raw` and `json` are recognised and anything else
    /// (including typos) is `text`. Use [`FromStr`] to reject unknown names instead.
    pub fn from_flag(s: &str) -> LogFormat {
        s.parse().unwrap_or(LogFormat::Text)
    }
}

impl FromStr for LogFormat {
    type Err = LogError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "" | "text" => Ok(LogFormat::Text),
            "raw" => Ok(LogFormat::Raw),
            "json" => Ok(LogFormat::Json),
            other => Err(LogError::UnknownFormat(other.to_owned())),
        }
    }
}
