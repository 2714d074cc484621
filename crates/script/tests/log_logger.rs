//! The [`Logger`]'s routing: levels and `-v`, fields, outputs, `--console-output`, and whole
//! lines under concurrent use.

use std::io::Write;
use std::sync::{Arc, Mutex};

use script::log::{Level, LogFormat, LogOutput, Logger, LoggerConfig};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn lines(&self) -> Vec<String> {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap().lines().map(str::to_owned).collect()
    }
}

fn capture(format: LogFormat, verbose: bool) -> (Logger, Captured) {
    let out = Captured::default();
    let config =
        LoggerConfig { format, verbose, output: LogOutput::Writer(Box::new(out.clone())), ..LoggerConfig::default() };
    (Logger::new(config).unwrap(), out)
}

/// Drops the `time="..." ` prefix.
fn untimed(line: &str) -> &str {
    let rest = line.strip_prefix("time=\"").unwrap();
    &rest[rest.find("\" ").unwrap() + 2..]
}

#[test]
fn debug_needs_verbose() {
    let (quiet, out) = capture(LogFormat::Raw, false);
    quiet.console(Level::Debug, "hidden");
    quiet.log(Level::Debug, "hidden too", &[]);
    quiet.console(Level::Info, "shown");
    assert_eq!(out.lines(), ["shown"]);
    assert!(!quiet.enabled(Level::Debug) && quiet.enabled(Level::Error));

    let (verbose, out) = capture(LogFormat::Text, true);
    verbose.console(Level::Debug, "debug msg");
    assert_eq!(
        out.lines().iter().map(|l| untimed(l)).collect::<Vec<_>>(),
        ["level=debug msg=\"debug msg\" source=console"]
    );
}

#[test]
fn runner_records_sort_their_fields() {
    let (log, out) = capture(LogFormat::Text, false);
    log.log(
        Level::Error,
        "Error: iteration failure\n\tat default (file:///home/user/k6test/cons.js:13:9(80))\n",
        &[("source", "stacktrace"), ("scenario", "default"), ("executor", "shared-iterations")],
    );
    log.log(Level::Warning, "Insufficient VUs", &[]);
    log.log(Level::Error, "setup boom", &[("hint", "script exception")]);
    let lines = out.lines();
    assert_eq!(
        untimed(&lines[0]),
        r#"level=error msg="Error: iteration failure\n\tat default (file:///home/user/k6test/cons.js:13:9(80))\n" executor=shared-iterations scenario=default source=stacktrace"#
    );
    assert_eq!(untimed(&lines[1]), r#"level=warning msg="Insufficient VUs""#);
    assert_eq!(untimed(&lines[2]), r#"level=error msg="setup boom" hint="script exception""#);
}

#[test]
fn json_records_carry_fields_as_keys() {
    let (log, out) = capture(LogFormat::Json, false);
    log.log(Level::Info, "<hi>", &[("source", "console"), ("b", "x")]);
    let v: serde_json::Value = serde_json::from_str(&out.lines()[0]).unwrap();
    assert_eq!(v["msg"], "<hi>");
    assert_eq!(v["level"], "info");
    assert_eq!(v["b"], "x");
    assert!(
        out.lines()[0].starts_with(r#"{"b":"x","level":"info","msg":"\u003chi\u003e","source":"console","time":""#)
    );
}

#[test]
fn none_output_discards_and_file_output_appends() {
    let log = Logger::new(LoggerConfig { output: LogOutput::None, ..LoggerConfig::default() }).unwrap();
    log.log(Level::Error, "nowhere", &[]);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k6.log");
    std::fs::write(&path, "existing\n").unwrap();
    let config =
        LoggerConfig { format: LogFormat::Raw, output: LogOutput::File(path.clone()), ..LoggerConfig::default() };
    let log = Logger::new(config).unwrap();
    log.log(Level::Info, "one", &[]);
    log.console(Level::Info, "two");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "existing\none\ntwo\n");
}

#[test]
fn console_output_file_keeps_format_and_leaves_runner_logs_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.json");
    let out = Captured::default();
    let config = LoggerConfig {
        format: LogFormat::Json,
        verbose: true,
        output: LogOutput::Writer(Box::new(out.clone())),
        console_output: Some(path.clone()),
        ..LoggerConfig::default()
    };
    let log = Logger::new(config).unwrap();
    log.console(Level::Debug, "dbg");
    log.log(Level::Warning, "runner", &[]);
    let file = std::fs::read_to_string(&path).unwrap();
    assert!(file.starts_with(r#"{"level":"debug","msg":"dbg","time":""#), "{file}");
    assert_eq!(out.lines().len(), 1);
    assert!(out.lines()[0].starts_with(r#"{"level":"warning","msg":"runner","time":""#));
}

#[test]
fn unopenable_files_are_errors() {
    let config =
        LoggerConfig { console_output: Some("/nonexistent-dir/x/console.log".into()), ..LoggerConfig::default() };
    let err = Logger::new(config).unwrap_err().to_string();
    assert!(err.contains("/nonexistent-dir/x/console.log"), "{err}");
}

#[test]
fn terminal_output_clears_each_line_end_and_no_color_keeps_plain_text() {
    let out = Captured::default();
    let config = LoggerConfig {
        output: LogOutput::Writer(Box::new(out.clone())),
        terminal: Some(true),
        no_color: true,
        ..LoggerConfig::default()
    };
    Logger::new(config).unwrap().console(Level::Info, "multi\nline");
    let lines = out.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].ends_with("level=info msg=\"multi\\nline\" source=console\x1b[0K"), "{lines:?}");
}

#[test]
fn log_format_flag_parsing() {
    assert_eq!("json".parse::<LogFormat>().unwrap(), LogFormat::Json);
    assert_eq!("raw".parse::<LogFormat>().unwrap(), LogFormat::Raw);
    assert_eq!("text".parse::<LogFormat>().unwrap(), LogFormat::Text);
    assert!("bogus".parse::<LogFormat>().is_err());
    // k6 itself falls back to text for unknown names.
    assert_eq!(LogFormat::from_flag("bogus"), LogFormat::Text);
}

#[test]
fn concurrent_records_stay_whole() {
    let (log, out) = capture(LogFormat::Raw, false);
    let log = Arc::new(log);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for i in 0..200 {
                    log.console(Level::Info, &format!("thread {t} record {i} {}", "x".repeat(100)));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let lines = out.lines();
    assert_eq!(lines.len(), 1600);
    assert!(lines.iter().all(|l| l.starts_with("thread ") && l.ends_with(&"x".repeat(100))));
}

#[test]
fn log_output_flag_with_level_filters_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k6.log");
    let spec: script::log::LogOutputSpec = format!("file={},level=warning", path.display()).parse().unwrap();
    let config = LoggerConfig {
        format: LogFormat::Raw,
        output: spec.output,
        min_level: spec.min_level,
        verbose: true,
        ..LoggerConfig::default()
    };
    let log = Logger::new(config).unwrap();
    log.console(Level::Debug, "d");
    log.console(Level::Info, "i");
    log.console(Level::Warning, "w");
    log.log(Level::Error, "e", &[]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "w\ne\n");
}

/// What a progress display does: writes its last frame after each record.
struct Frame(Captured);

impl script::log::PersistentText for Frame {
    fn write_above(&self, write: &mut dyn FnMut()) {
        write();
        self.0.clone().write_all(b"[bars]\n").unwrap();
    }
}

#[test]
fn terminal_records_are_followed_by_the_persistent_text_at_once() {
    let out = Captured::default();
    let config = LoggerConfig {
        format: LogFormat::Raw,
        output: LogOutput::Writer(Box::new(out.clone())),
        terminal: Some(true),
        ..LoggerConfig::default()
    };
    let log = Logger::new(config).unwrap();
    log.console(Level::Info, "before");
    log.set_persistent_text(Some(Arc::new(Frame(out.clone()))));
    log.console(Level::Info, "one");
    log.log(Level::Warning, "two", &[]);
    log.set_persistent_text(None);
    log.console(Level::Info, "after");
    assert_eq!(out.lines(), ["before\x1b[0K", "one\x1b[0K", "[bars]", "two\x1b[0K", "[bars]", "after\x1b[0K"]);
}

#[test]
fn persistent_text_is_not_redrawn_in_files() {
    let out = Captured::default();
    let config = LoggerConfig {
        format: LogFormat::Raw,
        output: LogOutput::Writer(Box::new(out.clone())),
        terminal: Some(false),
        ..LoggerConfig::default()
    };
    let log = Logger::new(config).unwrap();
    log.set_persistent_text(Some(Arc::new(Frame(out.clone()))));
    log.console(Level::Info, "one");
    assert_eq!(out.lines(), ["one"]);
}
