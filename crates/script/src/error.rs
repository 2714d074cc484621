//! Script errors as the runner reports them: k6's message text and exit code.

use rquickjs::{Ctx, Value};

/// What went wrong, which decides k6's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// An exception in init, setup, teardown or a syntax error (exit 107).
    ScriptException,
    /// No exported function at all (exit 255).
    NoExports,
    /// `setup()` data that JSON cannot carry (exit 255).
    SetupData,
    /// `setup()` ran past setupTimeout (exit 100).
    SetupTimeout,
    /// `teardown()` ran past teardownTimeout (exit 101).
    TeardownTimeout,
    /// `exec.test.abort()` (exit 108).
    Aborted,
    /// A VU could not be started (exit 255).
    Internal,
}

/// An error from script code, with k6's text.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct ScriptError {
    /// Decides the exit code.
    pub kind: ErrorKind,
    /// The message, formatted as k6 logs it.
    pub message: String,
}

impl ScriptError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }

    /// k6's exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::ScriptException => 107,
            ErrorKind::NoExports | ErrorKind::SetupData | ErrorKind::Internal => 255,
            ErrorKind::SetupTimeout => 100,
            ErrorKind::TeardownTimeout => 101,
            ErrorKind::Aborted => 108,
        }
    }

    /// True when k6 logs this error with `hint="script exception"`.
    pub fn is_script_exception(&self) -> bool {
        self.kind == ErrorKind::ScriptException
    }
}

/// Formats a thrown JS value the way k6 logs it: `Error: msg\n\tat fn (file:///x.js:3:9)\n`.
pub fn format_exception<'js>(_ctx: &Ctx<'js>, value: &Value<'js>) -> String {
    if let Some(obj) = value.as_object() {
        let name: Option<String> = obj.get("name").ok();
        let message: Option<String> = obj.get("message").ok();
        let text = match (name, message) {
            (Some(n), Some(m)) if m.is_empty() => Some(n),
            (Some(n), Some(m)) => Some(format!("{n}: {m}")),
            (None, Some(m)) => Some(m),
            _ => None,
        };
        let stack: Option<String> = obj.get("stack").ok();
        if let Some(text) = text {
            let mut out = text;
            out.push('\n');
            if let Some(stack) = stack {
                for line in stack.lines() {
                    let line = line.trim();
                    // Frames of Stampede's own JS glue and of natives are not the script's.
                    if !line.is_empty() && !line.contains("eval_script") && !line.ends_with("(native)") {
                        out.push('\t');
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
            return out;
        }
    }
    match value.clone().try_into_string() {
        Ok(s) => s.to_string().unwrap_or_default(),
        Err(v) => {
            let ctx = v.ctx().clone();
            rquickjs::Coerced::<String>::from_js(&ctx, v).map(|c| c.0).unwrap_or_default()
        }
    }
}

use rquickjs::FromJs;

/// Takes the pending exception of `ctx` (after a call returned `Error::Exception`) as k6 text.
pub fn take_exception(ctx: &Ctx<'_>, err: rquickjs::Error) -> String {
    match err {
        rquickjs::Error::Exception => {
            let v = ctx.catch();
            format_exception(ctx, &v)
        }
        other => other.to_string(),
    }
}
