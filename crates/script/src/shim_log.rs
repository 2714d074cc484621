//! Temporary stand-in until the log formatter lands.
#![allow(missing_docs, unreachable_pub, dead_code)]
use rquickjs::{Ctx, Value};
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level { Debug, Info, Warning, Error }
pub struct Logger;
impl Logger {
    pub fn log(&self, level: Level, msg: &str, fields: &[(&str, &str)]) {
        let f: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        eprintln!("level={level:?} msg={msg:?} {}", f.join(" "));
    }
    pub fn console(&self, level: Level, msg: &str) { self.log(level, msg, &[("source", "console")]) }
}
pub fn render_console_args<'js>(ctx: &Ctx<'js>, args: &[Value<'js>]) -> String {
    args.iter().map(|a| crate::format_exception(ctx, a)).collect::<Vec<_>>().join(" ")
}
