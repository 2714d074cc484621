//! Runs a k6 script's `setup()` in one real VU with `k6/net/grpc` registered, against the real
//! test server, and hands back what `setup()` returned plus every sample recorded.

#![allow(dead_code, unreachable_pub, missing_docs)]

use std::sync::Arc;

use metrics::{Registry, TagSet};
use script::{CallOutput, Phase, Program, ProgramConfig, VuPool};
use testserver::{ServerConfig, TestServer};
use tokio_util::sync::CancellationToken;

/// One recorded sample.
#[derive(Debug, Clone)]
pub struct Seen {
    pub metric: String,
    pub tags: TagSet,
    pub value: f64,
}

impl Seen {
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key)
    }
}

/// What a run produced.
pub struct Run {
    /// `setup()`'s return value as JSON, or the error text.
    pub output: Result<serde_json::Value, String>,
    pub samples: Vec<Seen>,
    pub registry: Registry,
}

impl Run {
    /// The JSON `setup()` returned; panics with the error otherwise.
    pub fn json(&self) -> &serde_json::Value {
        match &self.output {
            Ok(v) => v,
            Err(e) => panic!("setup() failed: {e}"),
        }
    }

    pub fn samples_of(&self, metric: &str) -> Vec<&Seen> {
        self.samples.iter().filter(|s| s.metric == metric).collect()
    }
}

/// A plaintext test server with reflection and health.
pub fn server() -> TestServer {
    TestServer::start_in_background(ServerConfig::default()).expect("test server starts")
}

/// Replaces `ADDR` and `PROTO_DIR` in `src`.
pub fn script_for(server: &TestServer, src: &str) -> String {
    src.replace("ADDR", &server.addr.to_string()).replace("PROTO_DIR", testserver::PROTO_DIR)
}

/// What stream scripts start with: the gRPC module and a `client` that loaded the echo service.
pub const ECHO_CLIENT: &str = "import grpc from 'k6/net/grpc';\nconst client = new grpc.Client();\nclient.load(['PROTO_DIR'], 'stampede/test/v1/echo.proto');\n";

/// [`script_for`] of [`ECHO_CLIENT`] followed by `body`.
pub fn echo_script(server: &TestServer, body: &str) -> String {
    script_for(server, &format!("{ECHO_CLIENT}{body}"))
}

/// Runs `src`'s init context and `setup()`.
pub fn run_setup(src: &str) -> Run {
    run_setup_with(src, Vec::new(), None)
}

/// Runs with `__ENV` entries and consolidated options.
pub fn run_setup_with(src: &str, env: Vec<(String, String)>, options: Option<serde_json::Value>) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("script.js");
    std::fs::write(&path, src).expect("script written");
    let registry = Registry::new();
    let (samples, receiver) = metrics::sample_channel();
    let program = Program::new(ProgramConfig {
        script: path,
        env,
        samples,
        registry: registry.clone(),
        logger: Arc::new(script::log::Logger::discard()),
        extra_modules: vec![grpc::module()],
    })
    .expect("program");
    if let Some(options) = options {
        program.set_options_json(options);
    }
    let pool = VuPool::new(program.clone(), 1).expect("vu pool");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let output = runtime.block_on(async {
        let (vu, _info) = pool.spawn_vu(1, 1, true).await.map_err(|e| e.to_string())?;
        let out = vu.call(Phase::Setup, "setup", None, CancellationToken::new()).await.map_err(|e| e.to_string());
        pool.flush_samples().await;
        drop(vu);
        out
    });
    pool.shutdown();
    program.close_samples();
    let samples = receiver
        .try_iter()
        .flatten()
        .map(|s| Seen { metric: registry.metric(s.metric).name.to_string(), tags: s.tags, value: s.value })
        .collect();
    let output = output.and_then(|o| match o {
        CallOutput::Json(Some(j)) => serde_json::from_str(&j).map_err(|e| e.to_string()),
        CallOutput::Json(None) => Ok(serde_json::Value::Null),
        other => Err(format!("unexpected output {other:?}")),
    });
    Run { output, samples, registry }
}
