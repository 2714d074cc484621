//! The small commands: `version`, `inspect`, `testserver`, `demo`, and the error line all commands
//! share.

use std::sync::Arc;

use script::log::{Level, LogFormat, Logger};

use crate::cli::{GlobalArgs, InspectArgs, TestserverArgs};
use crate::run::exit::ExitCode;

/// Logs an error line the way k6 does (`level=error msg="..."`).
pub(crate) fn log_error(message: &str) {
    Logger::stderr(LogFormat::Text, false).log(Level::Error, message, &[]);
}

/// `stampede version`.
pub(crate) fn version(json: bool) -> i32 {
    let version = env!("CARGO_PKG_VERSION");
    if json {
        println!("{}", serde_json::json!({ "version": format!("v{version}"), "k6_compatible": "v1.1.0" }));
    } else {
        println!("stampede v{version} (runs k6 v1.1.0 scripts)");
    }
    0
}

/// `stampede inspect [--execution-requirements] SCRIPT`: the script's options as JSON on stdout.
pub(crate) fn inspect(global: &GlobalArgs, args: &InspectArgs) -> i32 {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            log_error(&e.to_string());
            return ExitCode::GENERIC;
        }
    };
    runtime.block_on(async {
        let logger = Arc::new(Logger::stderr(LogFormat::Text, false));
        let registry = metrics::Registry::new();
        let (samples, _rx) = metrics::sample_channel();
        let mut env: Vec<(String, String)> = Vec::new();
        if args.runtime.include_system_env_vars.unwrap_or(false) {
            env.extend(std::env::vars());
        }
        match crate::cli::env_flags(&args.runtime) {
            Ok(flags) => env.extend(flags),
            Err(e) => {
                log_error(&e.to_string());
                return ExitCode::GENERIC;
            }
        }
        if !std::path::Path::new(&args.script).is_file() {
            log_error(&format!("The moduleSpecifier \"{}\" couldn't be found on local disk.", args.script));
            return ExitCode::GENERIC;
        }
        let program = match script::Program::new(script::ProgramConfig {
            script: args.script.clone().into(),
            env,
            samples,
            registry,
            logger: logger.clone(),
            extra_modules: crate::protocols::modules(),
        }) {
            Ok(p) => p,
            Err(e) => {
                log_error(&e.to_string());
                return ExitCode::GENERIC;
            }
        };
        let Ok(pool) = script::VuPool::new(program, 1) else {
            log_error("could not start a VU thread");
            return ExitCode::GENERIC;
        };
        let info = match pool.spawn_vu(0, 0, true).await {
            Ok((vu, info)) => {
                drop(vu);
                info
            }
            Err(e) => {
                logger.log(Level::Error, &e.message, &[("hint", "script exception")]);
                return e.exit_code();
            }
        };
        pool.shutdown();
        let value: serde_json::Value =
            info.options_json.as_deref().and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default();
        let decoded = match engine::options::decode_options(&value) {
            Ok(d) => d,
            Err(e) => {
                log_error(&e.to_string());
                return e.exit_code();
            }
        };
        let out = if args.execution_requirements {
            let env = match crate::cli::parse_env(std::env::vars()) {
                Ok(e) => e,
                Err(e) => {
                    log_error(&e.to_string());
                    return e.exit_code();
                }
            };
            let config_file = match global.config.as_deref().map(|p| {
                std::fs::read_to_string(p)
                    .map_err(|e| e.to_string())
                    .and_then(|t| engine::options::decode_config_file(p, &t).map_err(|e| e.to_string()))
            }) {
                Some(Err(e)) => {
                    log_error(&e);
                    return ExitCode::INVALID_CONFIG;
                }
                Some(Ok(d)) => Some(d),
                None => None,
            };
            let layers =
                engine::options::ConfigLayers { config_file, script: Some(decoded), env, cli: Default::default() };
            let consolidated = match engine::options::consolidate(&layers) {
                Ok(c) => c,
                Err(e) => {
                    log_error(&e.to_string());
                    return e.exit_code();
                }
            };
            if let Err(e) = engine::options::validate(&consolidated.options, &info.exported_functions) {
                log_error(&e.to_string());
                return e.exit_code();
            }
            match engine::inspect::execution_requirements_json(&consolidated.options) {
                Ok(v) => v,
                Err(e) => {
                    log_error(&e.to_string());
                    return ExitCode::INVALID_CONFIG;
                }
            }
        } else {
            engine::inspect::inspect_json(&decoded.options)
        };
        println!("{}", engine::inspect::to_go_json_pretty(&out));
        0
    })
}

/// `stampede testserver`: serves the test services until interrupted.
pub(crate) fn testserver(args: &TestserverArgs) -> i32 {
    let mut cfg = if args.mtls {
        testserver::ServerConfig::mutual_tls()
    } else if args.tls {
        testserver::ServerConfig::tls()
    } else {
        testserver::ServerConfig::plaintext()
    };
    if args.no_reflection {
        cfg = cfg.without_reflection();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            log_error(&e.to_string());
            return ExitCode::GENERIC;
        }
    };
    runtime.block_on(async {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], args.port));
        match testserver::TestServer::start_on(addr, cfg).await {
            Ok(server) => {
                println!("test server listening on {}", server.addr);
                println!("protos: {}", testserver::PROTO_DIR);
                if let Some(certs) = &server.certs {
                    let dir = std::env::temp_dir().join(format!("stampede-testserver-{}", server.addr.port()));
                    if certs.write_to(&dir).is_ok() {
                        println!("certificates: {}", dir.display());
                    }
                }
                let _ = tokio::signal::ctrl_c().await;
                server.shutdown();
                0
            }
            Err(e) => {
                log_error(&format!("could not start the test server on {addr}: {e}"));
                ExitCode::GENERIC
            }
        }
    })
}

/// `stampede demo`: runs the bundled example against an embedded test server.
pub(crate) fn demo(demo_args: &crate::cli::DemoArgs) -> i32 {
    let server = match testserver::TestServer::start_in_background(testserver::ServerConfig::plaintext()) {
        Ok(s) => s,
        Err(e) => {
            log_error(&format!("could not start the embedded test server: {e}"));
            return ExitCode::GENERIC;
        }
    };
    let dir = match tempfile_dir() {
        Ok(d) => d,
        Err(e) => {
            log_error(&e.to_string());
            return ExitCode::GENERIC;
        }
    };
    let script = dir.join("demo.js");
    if let Err(e) = std::fs::write(&script, include_str!("../../../examples/demo.js")) {
        log_error(&e.to_string());
        return ExitCode::GENERIC;
    }
    let mut args =
        vec!["stampede".to_string(), "run".to_string(), "-e".to_string(), format!("GRPC_ADDR={}", server.addr)];
    if let Some(vus) = demo_args.vus {
        args.extend(["--vus".to_string(), vus.to_string()]);
    }
    if let Some(duration) = &demo_args.duration {
        args.extend(["--duration".to_string(), duration.clone()]);
    }
    args.push(script.display().to_string());
    let parsed = match crate::cli::parse_args(args) {
        Ok(p) => p,
        Err(e) => {
            log_error(&e.to_string());
            return ExitCode::GENERIC;
        }
    };
    let code = match parsed.command {
        Some(crate::cli::Command::Run(run_args)) => match crate::run::RunRequest::from_cli(&parsed.global, &run_args) {
            Ok(req) => crate::run::run(req),
            Err((code, message)) => {
                log_error(&message);
                code
            }
        },
        _ => ExitCode::GENERIC,
    };
    server.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
    code
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("stampede-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
