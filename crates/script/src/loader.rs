//! Module resolution and loading: k6's built-in modules (native), local files (`./x.js`, absolute
//! paths, `file://` URLs) compiled once per run and loaded by every VU from shared bytecode, and
//! the jslib URLs scripts import most, served by built-in equivalents.

use std::sync::Arc;

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::{Declared, WriteOptions};
use rquickjs::{Ctx, Exception, Module, Object};

use crate::program::Program;

/// Global under which native module objects are handed to their generated ES module wrappers.
const NATIVE_SLOT: &str = "__stampede_native_modules";

/// k6 v1.1.0 modules that Stampede does not provide.
const UNSUPPORTED_K6: &[&str] = &[
    "k6/http",
    "k6/ws",
    "k6/html",
    "k6/browser",
    "k6/secrets",
    "k6/crypto/x509",
    "k6/experimental/csv",
    "k6/experimental/fs",
    "k6/experimental/redis",
    "k6/experimental/streams",
    "k6/experimental/websockets",
];

/// Resolves specifiers the way k6 does.
pub(crate) struct ScriptResolver;

impl Resolver for ScriptResolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        if name == "k6" || name.starts_with("k6/") {
            return Ok(name.to_string());
        }
        if name.starts_with("https://") || name.starts_with("http://") || name.starts_with("file://") {
            return Ok(name.to_string());
        }
        if name.starts_with('/') {
            return Ok(format!("file://{name}"));
        }
        if name.starts_with("./") || name.starts_with("../") {
            return Ok(join_url(base, name));
        }
        Err(Exception::throw_message(
            ctx,
            &format!(
                "The moduleSpecifier \"{name}\" couldn't be found on local disk. Make sure that you've specified the right path to the file. If you're running k6 using the Docker image make sure you have mounted the local directory (-v /local/path/:/app/) with the script and module files inside it."
            ),
        ))
    }
}

/// `base`'s directory joined with a relative `name`, with `.` and `..` folded.
fn join_url(base: &str, name: &str) -> String {
    let (scheme, path) = match base.find("://") {
        Some(i) => base.split_at(i + 3),
        None => ("file://", base),
    };
    let dir = match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    };
    let mut parts: Vec<&str> = dir.split('/').collect();
    for seg in name.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    format!("{scheme}{}", parts.join("/"))
}

/// Loads modules for one VU.
pub(crate) struct ScriptLoader {
    pub(crate) program: Arc<Program>,
}

impl Loader for ScriptLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, Declared>> {
        if let Some(builder) = self.program.native_module(name) {
            return declare_native(ctx, &self.program, name, builder(ctx)?);
        }
        if name == "k6" || name.starts_with("k6/") {
            return Err(Exception::throw_message(ctx, &unknown_k6_module(name)));
        }
        if let Some(path) = name.strip_prefix("file://") {
            return load_file(ctx, &self.program, name, std::path::Path::new(path));
        }
        if let Some(source) = crate::modules::jslib::jslib_source_for_url(name) {
            return compile_cached(ctx, &self.program, name, || Ok(source.to_string()));
        }
        let program = self.program.clone();
        compile_cached(ctx, &self.program, name, || {
            crate::remote::fetch_module(&program, name).map_err(|e| Exception::throw_message(ctx, &e))
        })
    }
}

fn unknown_k6_module(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("k6/experimental/") {
        if matches!(rest, "grpc" | "timers" | "webcrypto" | "browser" | "tracing") {
            let target = match rest {
                "grpc" => "k6/net/grpc",
                "timers" => "k6/timers",
                "webcrypto" => "the global crypto object",
                "browser" => "k6/browser",
                _ => "",
            };
            return format!("{name} has been graduated, please use {target} instead.");
        }
    }
    if UNSUPPORTED_K6.contains(&name) {
        format!(
            "the module \"{name}\" is part of k6 but not supported by Stampede, which runs gRPC scripts (k6/net/grpc)"
        )
    } else {
        format!("unknown module: {name}")
    }
}

/// Wraps a native export object in an ES module: default export = the object, named exports =
/// its own properties.
fn declare_native<'js>(
    ctx: &Ctx<'js>,
    program: &Program,
    name: &str,
    exports: Object<'js>,
) -> rquickjs::Result<Module<'js, Declared>> {
    let globals = ctx.globals();
    let slot: Object<'js> = match globals.get::<_, Option<Object<'js>>>(NATIVE_SLOT)? {
        Some(o) => o,
        None => {
            let o = Object::new(ctx.clone())?;
            globals.prop(NATIVE_SLOT, rquickjs::object::Property::from(o.clone()).configurable())?;
            o
        }
    };
    slot.set(name, exports.clone())?;
    let quoted = serde_json::to_string(name).expect("strings serialise");
    let mut source = format!("const m = globalThis.{NATIVE_SLOT}[{quoted}];\nexport default m;\n");
    for key in exports.keys::<String>() {
        let key = key?;
        if key == "default" || !is_identifier(&key) {
            continue;
        }
        source.push_str(&format!("export const {key} = m.{key};\n"));
    }
    // Parsing this stub was a tenth of a VU's start-up; its bytecode is kept by its text (the
    // same for every VU of a program), without the text itself.
    if let Some(bytes) = program.cached_bytecode(&source) {
        // SAFETY: the bytes were written by Module::write in this process with this QuickJS build.
        return unsafe { Module::load(ctx.clone(), &bytes) };
    }
    let module = Module::declare(ctx.clone(), name, source.as_str())?;
    if let Ok(bytes) = module.write(WriteOptions { strip_source: true, ..WriteOptions::default() }) {
        program.cache_bytecode(source, Arc::from(bytes));
    }
    Ok(module)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn load_file<'js>(
    ctx: &Ctx<'js>,
    program: &Program,
    name: &str,
    path: &std::path::Path,
) -> rquickjs::Result<Module<'js, Declared>> {
    compile_cached(ctx, program, name, || {
        let bytes = program.read_file(path).map_err(|e| {
            Exception::throw_message(
                ctx,
                &format!("The moduleSpecifier \"{name}\" couldn't be found on local disk ({e})."),
            )
        })?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    })
}

/// Loads `name` from the run's bytecode cache, compiling `source()` the first time.
pub(crate) fn compile_cached<'js>(
    ctx: &Ctx<'js>,
    program: &Program,
    name: &str,
    source: impl FnOnce() -> rquickjs::Result<String>,
) -> rquickjs::Result<Module<'js, Declared>> {
    if let Some(bytes) = program.cached_bytecode(name) {
        // SAFETY: the bytes were written by Module::write in this process with this QuickJS build.
        return unsafe { Module::load(ctx.clone(), &bytes) };
    }
    let module = Module::declare(ctx.clone(), name, source()?)?;
    if let Ok(bytes) = module.write(WriteOptions::default()) {
        program.cache_bytecode(name.to_string(), Arc::from(bytes));
    }
    Ok(module)
}

#[cfg(test)]
mod tests {
    use super::join_url;

    #[test]
    fn relative_specifiers_resolve_against_the_importing_file() {
        assert_eq!(join_url("file:///a/b/c.js", "./d.js"), "file:///a/b/d.js");
        assert_eq!(join_url("file:///a/b/c.js", "../d.js"), "file:///a/d.js");
        assert_eq!(join_url("https://x.io/lib/1.0/index.js", "./util.js"), "https://x.io/lib/1.0/util.js");
    }
}
