//! The gRPC test server: RouteGuide, QuickPizza and a kitchen-sink echo service, with
//! reflection, health, TLS and mTLS — the server Stampede's tests, examples and benchmarks
//! run k6 scripts against.
//!
//! # Starting it
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use testserver::{ServerConfig, TestServer};
//! let server = TestServer::start(ServerConfig::default()).await?; // 127.0.0.1:<free port>
//! println!("connect to {}", server.target());                    // e.g. "127.0.0.1:41234"
//! assert_eq!(server.requests().count("/quickpizza.GRPC/Status"), 0);
//! server.shutdown();
//! # Ok(()) }
//! ```
//!
//! * [`TestServer::start`] runs on the caller's tokio runtime;
//!   [`TestServer::start_in_background`] on its own thread (synchronous tests, CLI);
//!   [`serve_forever`] binds a given address for a `stampede testserver` command; from a
//!   checkout: `cargo run -p stampede-testserver --example serve -- --port 50051 [--tls|--mtls]
//!   [--no-reflection] [--cert-dir DIR]`.
//! * [`ServerConfig`]: `tls` ([`TlsMode::Plaintext`] default, [`TlsMode::Tls`],
//!   [`TlsMode::MutualTls`]), `reflection` (on; [`ReflectionVersions`] picks v1, v1alpha or
//!   both), `health` (on), `record_metadata` (on), `certs` (reuse), `cert_dir` (write PEMs).
//! * [`TestServer::requests`] → [`RequestLog`]: per-method counts (full method paths, see
//!   [`methods`]) and the last request's metadata ([`SeenRequest::user_agent`]).
//! * Protos ship in [`PROTO_DIR`]; in a k6 script:
//!   `client.load([PROTO_DIR], 'quickpizza.proto')` (plaintext: `connect(addr, {plaintext: true})`).
//!
//! # Services (fully-qualified method names)
//!
//! | Method | Kind | Proto file (under `PROTO_DIR`) |
//! |---|---|---|
//! | `/routeguide.RouteGuide/GetFeature` | unary | `route_guide.proto` |
//! | `/routeguide.RouteGuide/ListFeatures` | server stream | `route_guide.proto` |
//! | `/routeguide.RouteGuide/RecordRoute` | client stream | `route_guide.proto` |
//! | `/routeguide.RouteGuide/RouteChat` | bidi stream | `route_guide.proto` |
//! | `/quickpizza.GRPC/Status` | unary | `quickpizza.proto` |
//! | `/quickpizza.GRPC/RatePizza` | unary | `quickpizza.proto` |
//! | `/stampede.test.v1.Echo/Echo` | unary | `stampede/test/v1/echo.proto` |
//! | `/stampede.test.v1.Echo/ServerStream` | server stream | `stampede/test/v1/echo.proto` |
//! | `/stampede.test.v1.Echo/ClientStream` | client stream | `stampede/test/v1/echo.proto` |
//! | `/stampede.test.v1.Echo/Bidi` | bidi stream | `stampede/test/v1/echo.proto` |
//! | `/stampede.test.v1.Echo/Ping` | unary (`Empty` → `Empty`) | `stampede/test/v1/echo.proto` |
//! | `/legacy.LegacySvc/Echo` | unary, proto2 | `legacy.proto` |
//! | `/probe.v1.Probe/{Echo,Fail,Info,Big,EchoString,EchoInt64,EchoEmpty,EchoTimestamp,NotImplemented}` | unary | `probe/v1/probe.proto` |
//! | `/probe.v1.Probe/ServerStream`, `/ClientStream`, `/Bidi` | server / client / bidi stream | `probe/v1/probe.proto` |
//! | `/side.v1.Side/Ping` | unary | `side/v1/side.proto` (imports `common/v1/common.proto`) |
//! | `/grpc.health.v1.Health/Check`, `/Watch` | health | via reflection |
//! | `/grpc.reflection.v1.ServerReflection/ServerReflectionInfo` (and `v1alpha`) | reflection | — |
//!
//! **RouteGuide** — feature database [`FEATURES`] (10 points, E7 degrees). `GetFeature`
//! returns the feature at a point or `{name: "", location: <point>}`; `ListFeatures` streams
//! features inside the rectangle (corners in any order); `RecordRoute` replies
//! `{pointCount, featureCount, distance (m), elapsedTime (s)}` on half-close; `RouteChat`
//! answers each note with the notes sent earlier *on the same call* to the same location.
//!
//! **QuickPizza** — `Status` → `{ready: true}`. `RatePizza` → `{starsRating}`: 1 if any
//! ingredient is "pineapple" (any case), else `1 + (sum of the bytes of all ingredients and
//! the dough) % 5` — e.g. `{ingredients: ['cheese','tomato'], dough: 'thin'}` → 2.
//!
//! **Legacy** — echoes a proto2 `legacy.Legacy` (required `req`, optional `b` default "dflt").
//!
//! **Probe** — the service the k6 gRPC behaviour spec was recorded against, so its
//! observations can be replayed: `Echo` returns the `Everything` message unchanged; `Fail`
//! fails with `code`/`message` (0 = OK), `trailers`, `binaryTrailer` (`x-bin-trailer-bin` =
//! 00 ff 10), `withDetails` (`common.v1.ErrDetail{reason: "because", retryAfterMs: 250}`),
//! `withUnknownDetail` (`unknown.v1.Mystery`); `Info` sleeps `sleepMs`, sends `headers`,
//! `trailers`, `binaryHeader` (`x-bin-header-bin` = 01 02 fe) and reports
//! `{metadata, peer, deadlineRemainingS, method}`; `Big` returns `size` bytes and the
//! received payload length; `EchoString` → `"hey " + s`; `EchoInt64` → 2 × n;
//! `EchoEmpty`/`EchoTimestamp` echo; `NotImplemented` → UNIMPLEMENTED "Method not
//! implemented!". `ServerStream` sends `count` messages `{str: "msg-<i>", i32: i}`
//! `intervalMs` apart, then hangs (`hang`), fails (`failCode`, `failMessage`,
//! `withDetails`) or ends OK, with `trailers`; `ClientStream` → `{count, texts (each str),
//! metadata, deadlineRemainingS}`; `Bidi` answers `{text: "echo:" + text, seq, big, color}`
//! and ends OK after a message with `close`, or fails after one with `failCode`.
//! `side.v1.Side/Ping` echoes a `common.v1.Ping`.
//!
//! **Echo (kitchen sink)** — `EchoRequest{payload, control}`. `payload` is a `Payload`
//! with a field of every kind (all scalars, enum `Kind`, nested `Nested`, repeated, maps
//! keyed by string/int32/int64/uint32/uint64/sint32/fixed64/bool, oneof `choice`, proto3
//! `optional`, Timestamp, Duration, Any, all wrappers, Struct/Value/ListValue, FieldMask,
//! Empty, `json_name` "customJson"). The reply `EchoResponse` has `payload` (unchanged),
//! `filler`, `seq`, `metadata` (request metadata seen; binary values as `hex:` + hex
//! digits), `method`, `deadlineRemainingS` (-1 without deadline) and `peer`.
//!
//! `control` (all optional; JSON names as a k6 script writes them):
//!
//! | Field | Effect |
//! |---|---|
//! | `statusCode`, `statusMessage` | fail with this gRPC code/message (0 = succeed) |
//! | `details: ['DETAIL_KIND_ERROR_INFO', 'DETAIL_KIND_BAD_REQUEST', 'DETAIL_KIND_TEST_DETAIL', 'DETAIL_KIND_UNKNOWN']` | attach `google.rpc.Status` details: `google.rpc.ErrorInfo` (`errorInfo` or reason "TEST_FAILURE", domain "stampede.test"), `google.rpc.BadRequest`, `stampede.test.v1.TestDetail {reason: <message>, retryAfterMs: 250}`, and an Any of type [`UNKNOWN_DETAIL_TYPE_URL`] no proto defines (k6 then reports `error` as `{}`) |
//! | `sleepMs` | wait before answering (server stream: before the first message; bidi: before echoing that request) |
//! | `responseBytes` | `filler` gets exactly N bytes of `'x'` (max 64 MiB) |
//! | `echoMetadata: true` | copy request metadata (incl. `-bin` keys; not `user-agent`, `te`, `content-type`, `grpc-*`) into response headers **and** trailers |
//! | `headers`, `trailers` (`{key: value}`) | extra response headers / trailers (trailers also on failures) |
//! | `binaryHeaders`, `binaryTrailers` (`{'x-k-bin': base64}`) | binary ones (keys must end in `-bin`) |
//! | `action: 'ACTION_CANCEL'` | fail with CANCELLED (k6 streams report that as code 2 "canceled by client (k6)") |
//! | `action: 'ACTION_HANG'` | never answer / never end — until the client cancels or its deadline passes (then DEADLINE_EXCEEDED) |
//! | `action: 'ACTION_DIE'` | drop the TCP connection without a status (k6 streams: code 14 "error reading from server: EOF") |
//! | `action: 'ACTION_FINISH'` | streams: end OK now (bidi: without waiting for the client's half-close) |
//!
//! Streaming variants:
//! * `ServerStream(StreamRequest{count, intervalMs, payload, control})`: `count` echoes
//!   (`seq` 0..count-1) `intervalMs` apart, then the end `control` asks for (status, cancel,
//!   hang, die; otherwise OK with `control.trailers`). Response headers from `control.headers`.
//! * `ClientStream(stream EchoRequest)` → `StreamSummary{count, payloadBytes, texts (each
//!   payload.fString), metadata, filler}` when the client half-closes; a request whose
//!   `control` has a status or action ends the call right after it.
//! * `Bidi(stream EchoRequest)`: echoes each request (`seq` counts from 0); a request's
//!   `control` is applied after its echo; ends OK when the client half-closes.
//!
//! Requests above 8 MiB are rejected with RESOURCE_EXHAUSTED "grpc: received message larger
//! than max (N vs. 8388608)" (the grpc-go wording; for client-streaming calls tonic's own
//! OUT_OF_RANGE text remains). Replies are not size-limited by the server. No `date` header
//! is sent, so response headers are identical from run to run.
//!
//! Metadata controls, honoured by **every** method of every service:
//! `x-sleep-ms: <ms>` (delay), `x-fail-code: <code>` + `x-fail-message: <text>` (fail).
//!
//! # Health, reflection, TLS
//!
//! Health reports SERVING for `""` and each of `routeguide.RouteGuide`, `quickpizza.GRPC`,
//! `stampede.test.v1.Echo`, `legacy.LegacySvc`, `probe.v1.Probe`, `side.v1.Side`, and
//! NOT_SERVING for `svc.down`. Reflection lists those services, `grpc.health.v1.Health`
//! and the reflection service itself, and serves every shipped file (incl. `google/rpc/*`).
//!
//! TLS servers expose [`TestServer::certs`] ([`TestCerts`]): CA, server certificate
//! (`localhost`, `127.0.0.1`, `::1`), client certificate and key, and the client key
//! encrypted with [`CLIENT_KEY_PASSWORD`] as PKCS#8 (`ENCRYPTED PRIVATE KEY`, which k6
//! rejects: "encrypted pkcs8 formatted key is not supported") and as legacy OpenSSL PEM
//! (`Proc-Type: 4,ENCRYPTED`, which k6's `tls.password` decrypts). [`TestCerts::write_to`]
//! writes them as files. A mutual-TLS server fails the handshake of clients without a
//! certificate signed by the CA.

mod certs;
mod config;
mod conn;
mod http2;
mod legacy_pem;
pub mod methods;
pub mod pb;
mod request_log;
mod routes;
mod server;
mod services;
mod size_limit;
mod tls;

pub use certs::{CLIENT_KEY_PASSWORD, CertError, TestCerts};
pub use config::{ReflectionVersions, ServerConfig, TlsMode};
pub use request_log::{RequestLog, SeenRequest};
pub use server::{TestServer, serve_forever};
pub use services::control::UNKNOWN_DETAIL_TYPE_URL;
pub use services::route_guide::FEATURES;

/// Absolute path of the directory holding the shipped `.proto` files, for
/// `client.load([PROTO_DIR], 'quickpizza.proto')`.
pub const PROTO_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/proto");
