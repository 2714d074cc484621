//! Compiles the shipped .proto files with protox (no protoc needed), generates the tonic/prost
//! code from the resulting descriptor set, and writes that set to OUT_DIR for server reflection.

use std::path::PathBuf;

const PROTOS: &[&str] = &[
    "route_guide.proto",
    "quickpizza.proto",
    "legacy.proto",
    "stampede/test/v1/echo.proto",
    "google/rpc/status.proto",
    "probe/v1/probe.proto",
    "side/v1/side.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let proto_dir = manifest.join("proto");
    println!("cargo:rerun-if-changed={}", proto_dir.display());

    let files: Vec<PathBuf> = PROTOS.iter().map(|p| proto_dir.join(p)).collect();
    let fds = protox::compile(&files, [&proto_dir])?;

    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("descriptor_set.bin"), prost::Message::encode_to_vec(&fds))?;

    tonic_prost_build::configure().build_server(true).build_client(true).compile_fds(fds)?;

    // The service generator qualifies every RPC type with `super::`, which is wrong for
    // wrapper types prost maps to primitives (probe.v1's `EchoInt64` uses Int64Value).
    let probe = out_dir.join("probe.v1.rs");
    let code = std::fs::read_to_string(&probe)?;
    std::fs::write(&probe, code.replace("super::i64", "i64"))?;
    Ok(())
}
