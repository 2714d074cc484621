//! Runs the test server from the command line:
//! `cargo run -p stampede-testserver --example serve -- [--port N] [--tls|--mtls]
//! [--no-reflection] [--reflection-v1-only|--reflection-v1alpha-only] [--cert-dir DIR]`.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use testserver::{PROTO_DIR, ReflectionVersions, ServerConfig, TlsMode};

fn parse_args() -> Result<(u16, ServerConfig), String> {
    let mut port = 0;
    let mut cfg = ServerConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args.next().and_then(|p| p.parse().ok()).ok_or("--port needs a number")?;
            }
            "--tls" => cfg.tls = TlsMode::Tls,
            "--mtls" => cfg.tls = TlsMode::MutualTls,
            "--no-reflection" => cfg.reflection = false,
            "--reflection-v1-only" => cfg.reflection_versions = ReflectionVersions::V1Only,
            "--reflection-v1alpha-only" => cfg.reflection_versions = ReflectionVersions::V1AlphaOnly,
            "--cert-dir" => cfg.cert_dir = Some(PathBuf::from(args.next().ok_or("--cert-dir needs a path")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok((port, cfg))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let (port, cfg) = match parse_args() {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let server = testserver::TestServer::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, port)), cfg).await?;
    println!("listening on {} (protos in {PROTO_DIR})", server.addr);
    tokio::signal::ctrl_c().await?;
    server.shutdown();
    Ok(())
}
