//! The [`Logger`]: where records go and in which style. Many VU threads log at once, so a
//! record is formatted by the calling thread and only the final `write_all` holds a lock.

use std::fs::{File, OpenOptions};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use time::{OffsetDateTime, UtcOffset};

use super::format::{Record, Style, format_record};
use super::{Level, LogError, LogFormat};

/// Where log records are written (k6's `--log-output`).
pub enum LogOutput {
    /// Standard error (k6's default).
    Stderr,
    /// Standard output.
    Stdout,
    /// Discard everything.
    None,
    /// Append to a file.
    File(PathBuf),
    /// Any writer (tests, embedding); never treated as a terminal.
    Writer(Box<dyn Write + Send>),
}

impl std::fmt::Debug for LogOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogOutput::Stderr => f.write_str("Stderr"),
            LogOutput::Stdout => f.write_str("Stdout"),
            LogOutput::None => f.write_str("None"),
            LogOutput::File(p) => f.debug_tuple("File").field(p).finish(),
            LogOutput::Writer(_) => f.write_str("Writer(..)"),
        }
    }
}

/// Everything that decides how the [`Logger`] behaves.
#[derive(Debug)]
pub struct LoggerConfig {
    /// `--log-format`.
    pub format: LogFormat,
    /// `-v`/`--verbose`: debug records are written.
    pub verbose: bool,
    /// `--log-output`.
    pub output: LogOutput,
    /// Records below this level are dropped (`--log-output=file=...,level=...`).
    pub min_level: Option<Level>,
    /// `--console-output=FILE`: console records are appended there instead (same format, never
    /// colored, without `source=console`).
    pub console_output: Option<PathBuf>,
    /// `--no-color` (or `NO_COLOR`): never use the colored layout.
    pub no_color: bool,
    /// Whether the output is a terminal; `None` asks the OS (stderr/stdout only).
    pub terminal: Option<bool>,
}

impl Default for LoggerConfig {
    fn default() -> Self {
        LoggerConfig {
            format: LogFormat::Text,
            verbose: false,
            output: LogOutput::Stderr,
            min_level: None,
            console_output: None,
            no_color: false,
            terminal: None,
        }
    }
}

type Sink = Mutex<Box<dyn Write + Send>>;

/// Text kept at the bottom of a terminal below the log (k6's progress bars): each record is
/// written above it and it is redrawn at once, rather than only at its next frame.
pub trait PersistentText: Send + Sync {
    /// Runs `write` (a record going to the terminal), then redraws the text below it. The
    /// implementation serialises this with its own redraws, so a record never lands inside one.
    fn write_above(&self, write: &mut dyn FnMut());
}

/// A thread-safe log writer in one of k6's styles.
pub struct Logger {
    sink: Option<Sink>,
    style: Style,
    /// Terminal output: every `\n` becomes `\x1b[0K\n` (clears what a progress bar left).
    terminal: bool,
    verbose: bool,
    min_level: Level,
    console_file: Option<(Sink, Style)>,
    start: Instant,
    offset: UtcOffset,
    persistent: RwLock<Option<Arc<dyn PersistentText>>>,
}

impl std::fmt::Debug for Logger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logger")
            .field("style", &self.style)
            .field("terminal", &self.terminal)
            .field("verbose", &self.verbose)
            .finish_non_exhaustive()
    }
}

impl Logger {
    /// A logger as configured; fails only if a file cannot be opened.
    pub fn new(config: LoggerConfig) -> Result<Logger, LogError> {
        let (sink, detected_terminal): (Option<Box<dyn Write + Send>>, bool) = match config.output {
            LogOutput::Stderr => (Some(Box::new(std::io::stderr())), std::io::stderr().is_terminal()),
            LogOutput::Stdout => (Some(Box::new(std::io::stdout())), std::io::stdout().is_terminal()),
            LogOutput::None => (None, false),
            LogOutput::File(path) => (Some(Box::new(open_append(&path)?)), false),
            LogOutput::Writer(w) => (Some(w), false),
        };
        let terminal = config.terminal.unwrap_or(detected_terminal);
        let style = Style::for_format(config.format, terminal && !config.no_color);
        let console_file = match config.console_output {
            Some(path) => {
                let file: Box<dyn Write + Send> = Box::new(open_append(&path)?);
                Some((Mutex::new(file), Style::for_format(config.format, false)))
            }
            None => None,
        };
        Ok(Logger {
            sink: sink.map(Mutex::new),
            style,
            terminal,
            verbose: config.verbose,
            min_level: config.min_level.unwrap_or(Level::Debug),
            console_file,
            start: Instant::now(),
            // Read once: later the process is multi-threaded and the OS offset may be unavailable.
            offset: UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC),
            persistent: RwLock::new(None),
        })
    }

    /// k6's default: text to stderr, colored when stderr is a terminal.
    pub fn stderr(format: LogFormat, verbose: bool) -> Logger {
        let config = LoggerConfig { format, verbose, ..LoggerConfig::default() };
        Logger::new(config).unwrap_or_else(|_| Logger::discard())
    }

    /// A logger that writes nothing.
    pub fn discard() -> Logger {
        Logger {
            sink: None,
            style: Style::Text,
            terminal: false,
            verbose: false,
            min_level: Level::Debug,
            console_file: None,
            start: Instant::now(),
            offset: UtcOffset::UTC,
            persistent: RwLock::new(None),
        }
    }

    /// Keeps `text` below the records on a terminal (`None`: stop). Has no effect when the
    /// output is not a terminal, as in k6.
    pub fn set_persistent_text(&self, text: Option<Arc<dyn PersistentText>>) {
        *self.persistent.write().unwrap_or_else(|e| e.into_inner()) = text;
    }

    /// Whether records of `level` are written (debug needs `-v`; none below the minimum level).
    pub fn enabled(&self, level: Level) -> bool {
        (level != Level::Debug || self.verbose) && level >= self.min_level
    }

    /// Writes one record: `msg` plus `fields` (`key`, `value`), fields sorted on output.
    pub fn log(&self, level: Level, msg: &str, fields: &[(&str, &str)]) {
        let Some(sink) = &self.sink else { return };
        if !self.enabled(level) {
            return;
        }
        let mut line = format_record(self.style, &self.record(level, msg, fields));
        if !self.terminal {
            write_locked(sink, &line);
            return;
        }
        line = line.replace('\n', "\x1b[0K\n");
        let persistent = self.persistent.read().unwrap_or_else(|e| e.into_inner()).clone();
        match persistent {
            Some(text) => text.write_above(&mut || write_locked(sink, &line)),
            None => write_locked(sink, &line),
        }
    }

    /// Writes a `console.*` record: to the `--console-output` file if set (no `source` field),
    /// else to the log with `source=console`.
    pub fn console(&self, level: Level, msg: &str) {
        match &self.console_file {
            Some((file, style)) => {
                if self.enabled(level) {
                    write_locked(file, &format_record(*style, &self.record(level, msg, &[])));
                }
            }
            None => self.log(level, msg, &[("source", "console")]),
        }
    }

    fn record<'a>(&self, level: Level, msg: &'a str, fields: &'a [(&'a str, &'a str)]) -> Record<'a> {
        Record {
            time: OffsetDateTime::now_utc().to_offset(self.offset),
            elapsed_secs: self.start.elapsed().as_secs(),
            level,
            msg,
            fields,
        }
    }
}

fn open_append(path: &Path) -> Result<File, LogError> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|source| LogError::Open { path: path.to_owned(), source })
}

fn write_locked(sink: &Sink, text: &str) {
    // A poisoned lock only means another thread panicked mid-write; keep logging.
    let mut w = sink.lock().unwrap_or_else(|e| e.into_inner());
    // Nowhere to report a failed log write; dropping the record is the only option.
    let _ = w.write_all(text.as_bytes());
    let _ = w.flush();
}
