//! `stampede grpc ...`: grpcurl-style helpers for a first look at a server before writing a
//! test — `list` its services, `describe` a symbol as proto source, `call` a method with JSON,
//! and `scaffold` a k6 script for a method.
//!
//! Descriptors come from server reflection unless `-proto`/`-protoset` is given. Replies print as
//! k6 scripts see them. This is not the load-test hot path: messages go through JSON here
//! (prost-reflect's serde support), which a VU never does.
//!
//! Every failure prints one `error: ...` line that says what to do and exits 1; a call that
//! ends with a non-OK status exits 64 + the status code, as grpcurl does.

mod args;
mod call;
mod describe;
mod error;
mod render;
mod sample;
mod scaffold;
mod session;

use std::ffi::OsString;
use std::path::Path;

use args::{GrpcCli, GrpcCommand};
use error::GrpcCmdError;
use session::Session;

/// Runs `stampede grpc <args>`; returns the exit code.
pub(crate) fn run(raw: Vec<OsString>) -> i32 {
    let cli = match args::parse(raw) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    match runtime.block_on(execute(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

async fn execute(cli: GrpcCli) -> Result<i32, GrpcCmdError> {
    match &cli.command {
        GrpcCommand::List { address, service } => {
            let session = Session::open(address, &cli.conn, &cli.descriptors).await?;
            let text = match service {
                Some(service) => describe::list_methods(&session.pool, service, address)?,
                None => describe::list_services(&session.pool),
            };
            render::stdout(&text);
            Ok(0)
        }
        GrpcCommand::Describe { address, symbol } => {
            let session = Session::open(address, &cli.conn, &cli.descriptors).await?;
            render::stdout(&describe::describe(&session.pool, symbol.as_deref(), address)?);
            Ok(0)
        }
        GrpcCommand::Call { address, method, data, max_time } => {
            let session = Session::open(address, &cli.conn, &cli.descriptors).await?;
            let outcome = call::call(&session, method, data.as_deref(), *max_time).await?;
            for reply in &outcome.replies {
                render::stdout(&format!("{reply}\n"));
            }
            if outcome.status != 0 {
                eprintln!("{}", outcome.error_text());
            }
            Ok(outcome.exit_code())
        }
        GrpcCommand::Scaffold { address, method, output, data } => {
            let session = Session::open(address, &cli.conn, &cli.descriptors).await?;
            let method = session.method(method)?;
            let request = data.as_deref().map(|text| call::request_template(&method.input(), text)).transpose()?;
            let cwd = std::env::current_dir().unwrap_or_default();
            let script_dir = match output.as_deref().and_then(Path::parent) {
                Some(dir) if !dir.as_os_str().is_empty() => cwd.join(dir),
                _ => cwd,
            };
            let source = scaffold::script(&scaffold::ScaffoldInput {
                address,
                method: &method,
                conn: &cli.conn,
                descriptors: &cli.descriptors,
                script_dir: &script_dir,
                request,
            });
            match output {
                Some(path) => {
                    let write_err = |e: std::io::Error| GrpcCmdError::WriteFile {
                        path: path.display().to_string(),
                        cause: e.to_string(),
                    };
                    std::fs::create_dir_all(&script_dir).map_err(write_err)?;
                    std::fs::write(path, source).map_err(write_err)?;
                    eprintln!("wrote {}; run it with: stampede run {}", path.display(), path.display());
                }
                None => render::stdout(&source),
            }
            Ok(0)
        }
    }
}
