//! The benchmark floor: N "VUs" as tasks on one current-thread runtime, each with its own HTTP/2
//! connection (hyper's client under tonic's `Grpc`, no JavaScript; see [`client`]), calling the
//! same method with the same request as the benchmark scripts, as fast as the server answers.
//!
//! Usage: `bench-floor ADDRESS VUS SECONDS small|large` — prints `{"rpcs": N, "seconds": S}`.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use prost_reflect::{DynamicMessage, MessageDescriptor};

mod client;
mod coalesce;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        eprintln!("usage: bench-floor ADDRESS VUS SECONDS small|large");
        std::process::exit(2);
    }
    let address = args[1].clone();
    let vus: usize = args[2].parse().expect("VUS is a number");
    let seconds: f64 = args[3].parse().expect("SECONDS is a number");
    let large = args[4] == "large";
    let pool = grpc::protos::load_protos(
        std::path::Path::new(testserver::PROTO_DIR),
        &[testserver::PROTO_DIR.to_string()],
        &["stampede/test/v1/echo.proto".to_string()],
    )
    .expect("test protos load");
    let request_desc = pool.get_message_by_name("stampede.test.v1.EchoRequest").expect("EchoRequest");
    let response_desc = pool.get_message_by_name("stampede.test.v1.EchoResponse").expect("EchoResponse");
    let request = build_request(&request_desc, large);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let local = tokio::task::LocalSet::new();
    let count = Rc::new(Cell::new(0u64));
    let started = Instant::now();
    local.block_on(&runtime, async {
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let mut tasks = Vec::new();
        for _ in 0..vus {
            let (address, request, response_desc, count) =
                (address.clone(), request.clone(), response_desc.clone(), count.clone());
            tasks.push(tokio::task::spawn_local(async move {
                let conn = client::FloorClient::connect(&address).await;
                while Instant::now() < deadline {
                    let r = conn
                        .unary(
                            "/stampede.test.v1.Echo/Echo",
                            request.clone(),
                            response_desc.clone(),
                            Duration::from_secs(120),
                        )
                        .await;
                    if r.is_ok() {
                        count.set(count.get() + 1);
                    }
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
    });
    println!("{}", serde_json::json!({ "rpcs": count.get(), "seconds": started.elapsed().as_secs_f64() }));
}

/// The benchmark request: a small message of mixed field types, or 100 KiB each way.
fn build_request(desc: &MessageDescriptor, large: bool) -> DynamicMessage {
    let json = if large {
        let blob = "x".repeat(100 * 1024);
        serde_json::json!({ "payload": { "fString": blob }, "control": { "responseBytes": 100 * 1024 } })
    } else {
        serde_json::json!({ "payload": {
            "fString": "stampede", "fInt64": "1234567890123", "rInt32": [1, 2, 3], "nested": { "text": "n", "num": 7 },
            "kind": "KIND_ONE", "mString": { "a": "b" }, "ts": "2024-01-02T03:04:05Z", "wInt32": 5, "fBytes": "AQID"
        } })
    };
    DynamicMessage::deserialize(desc.clone(), json).expect("benchmark request matches the proto")
}
