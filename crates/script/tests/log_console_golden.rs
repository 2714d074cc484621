//! Golden test: the console lines of k6's `06-console.js` and `06-console-quoting.js` samples,
//! rendered by [`render_console_args`] and written by [`Logger`] in every format, must equal
//! k6 v1.1.0's captured output (timestamps and the exception line, which the runtime writes,
//! aside).

use std::io::Write;
use std::sync::{Arc, Mutex};

use rquickjs::function::Rest;
use rquickjs::{Context, Ctx, Function, Object, Runtime, Value};
use script::log::{LogFormat, LogOutput, Logger, LoggerConfig, render_console_args};

const CONSOLE_JS: &str = include_str!("fixtures/06-console.js");
const QUOTING_JS: &str = include_str!("fixtures/06-console-quoting.js");

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
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Runs a k6 sample script's default function with `console` wired to `logger`.
fn run_sample(script: &str, logger: Arc<Logger>) {
    // The samples are modules with `export const options` and `export default function ()`.
    let body: String = script
        .lines()
        .filter(|l| !l.starts_with("export const options"))
        .map(|l| l.replace("export default function ()", "function main()"))
        .collect::<Vec<_>>()
        .join("\n");
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let console = Object::new(ctx.clone()).unwrap();
        for (name, level) in [
            ("log", script::log::Level::Info),
            ("info", script::log::Level::Info),
            ("debug", script::log::Level::Debug),
            ("warn", script::log::Level::Warning),
            ("error", script::log::Level::Error),
        ] {
            console.set(name, console_fn(&ctx, Arc::clone(&logger), level)).unwrap();
        }
        ctx.globals().set("console", console).unwrap();
        ctx.eval::<(), _>(body).unwrap();
        // 06-console.js ends by throwing; that line is the runtime's, not the console's.
        let _ = ctx.eval::<(), _>("main()");
    });
}

fn console_fn<'js>(ctx: &Ctx<'js>, logger: Arc<Logger>, level: script::log::Level) -> Function<'js> {
    Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| {
        logger.console(level, &render_console_args(&ctx, &args.0));
    })
    .unwrap()
}

fn logger(format: LogFormat, console_output: Option<std::path::PathBuf>) -> (Arc<Logger>, Captured) {
    let out = Captured::default();
    let config = LoggerConfig {
        format,
        output: LogOutput::Writer(Box::new(out.clone())),
        console_output,
        ..LoggerConfig::default()
    };
    (Arc::new(Logger::new(config).unwrap()), out)
}

/// Replaces the timestamp of each line with a fixed one so runs compare.
fn mask_time(text: &str) -> String {
    text.lines()
        .map(|l| {
            if let Some(rest) = l.strip_prefix("time=\"") {
                format!("time=\"T\"{}", &rest[rest.find('"').unwrap() + 1..])
            } else if let Some(i) = l.find("\"time\":\"") {
                let end = i + 8 + l[i + 8..].find('"').unwrap();
                format!("{}\"time\":\"T{}", &l[..i], &l[end..])
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The expected console lines of a k6 capture: the stacktrace record dropped.
fn expected(capture: &str, drop_last: usize) -> String {
    let lines: Vec<&str> = capture.lines().filter(|l| !l.starts_with("rc=")).collect();
    mask_time(&lines[..lines.len() - drop_last].join("\n"))
}

#[test]
fn text_format_matches_k6() {
    let (log, out) = logger(LogFormat::Text, None);
    run_sample(CONSOLE_JS, log);
    assert_eq!(mask_time(&out.text()), expected(include_str!("fixtures/06-console.stderr.txt"), 1));
}

#[test]
fn json_format_matches_k6() {
    let (log, out) = logger(LogFormat::Json, None);
    run_sample(CONSOLE_JS, log);
    assert_eq!(mask_time(&out.text()), expected(include_str!("fixtures/06-console.stderr.log-format-json.txt"), 1));
}

#[test]
fn raw_format_matches_k6() {
    let (log, out) = logger(LogFormat::Raw, None);
    run_sample(CONSOLE_JS, log);
    // The exception record spans the last three raw lines.
    assert_eq!(out.text().trim_end(), expected(include_str!("fixtures/06-console.stderr.log-format-raw.txt"), 3));
}

#[test]
fn console_output_file_matches_k6() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("console.log");
    std::fs::write(&path, "").unwrap();
    let (log, out) = logger(LogFormat::Text, Some(path.clone()));
    run_sample(CONSOLE_JS, log);
    let file = std::fs::read_to_string(&path).unwrap();
    assert_eq!(mask_time(&file), expected(include_str!("fixtures/06-console-output-file.txt"), 0));
    assert_eq!(out.text(), "", "console lines go only to the file");
}

#[test]
fn quoting_matches_k6() {
    let (log, out) = logger(LogFormat::Text, None);
    run_sample(QUOTING_JS, log);
    assert_eq!(mask_time(&out.text()), expected(include_str!("fixtures/06-console-quoting.stderr.txt"), 0));
}

#[test]
fn terminal_layout_matches_k6() {
    let out = Captured::default();
    let config = LoggerConfig {
        output: LogOutput::Writer(Box::new(out.clone())),
        terminal: Some(true),
        ..LoggerConfig::default()
    };
    run_sample(QUOTING_JS, Arc::new(Logger::new(config).unwrap()));
    // The capture went through a pty, which turned "\n" into "\r\n".
    let capture = include_str!("fixtures/06-console-quoting.tty.raw-ansi.txt");
    let want: Vec<&str> = capture.split("\r\n").take(5).collect();
    let got = out.text();
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(got, want);
}

const EDGE_JS: &str = include_str!("fixtures/console-edge-cases.js");

#[test]
fn argument_rendering_edge_cases_match_k6() {
    // Functions, symbols, HTML characters, Date/Map/typed arrays, BigInt, toJSON, boxed
    // primitives, control characters, lone surrogates: captured from k6 v1.1.0.
    let (log, out) = logger(LogFormat::Text, None);
    run_sample(EDGE_JS, log);
    let want = expected(include_str!("fixtures/console-edge-cases.stderr.txt"), 0);
    assert_eq!(mask_time(&out.text()).lines().collect::<Vec<_>>(), want.lines().collect::<Vec<_>>());
}

#[test]
fn argument_rendering_edge_cases_in_json_match_k6() {
    let (log, out) = logger(LogFormat::Json, None);
    run_sample(EDGE_JS, log);
    let want = expected(include_str!("fixtures/console-edge-cases.stderr.json.txt"), 0);
    assert_eq!(mask_time(&out.text()).lines().collect::<Vec<_>>(), want.lines().collect::<Vec<_>>());
}
