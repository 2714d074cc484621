//! The `k6/net/grpc` JavaScript module: `Client`, `Stream`, the status constants and the gRPC
//! metrics, glued onto the JS-free parts of this crate (proto loading, transport, reflection,
//! JS<->protobuf conversion).
//!
//! The module object is built by a small JS factory (`module.js`) over natives: the status
//! constants are made in JS (one frozen object per code, so `res.status === grpc.StatusOK` is an
//! identity test as in k6) and handed to the natives, which put them in each `Response`;
//! everything else is Rust.
//! Protos are parsed once per test and shared read-only by all VUs; each client keeps its own
//! method table (descriptor lookups by name, per-method tag cache) and one connection. As in k6,
//! `Any` type URLs resolve against every type any client of the run loaded or reflected, plus
//! k6's built-in types (`type_registry`, `builtin_types`). `--http-debug` logging lives in
//! `http_debug`.
//!
//! Beyond k6 v1.1.0 (features of later k6 releases, kept because scripts written for newer k6 use
//! them): `client.healthCheck(service?)` and the `HealthCheckUnknown`, `HealthCheckServing`,
//! `HealthCheckNotServing`, `HealthCheckServiceUnknown` constants.
//!
//! Where k6 1.1.0 has a defect, this module does the right thing instead: `connect()` again closes
//! the old connection, deadline-exceeded calls are recorded (status tag `4`), `-bin` metadata
//! accepts an `ArrayBuffer` as well as a `Uint8Array`, `loadProtoset('')` throws instead of
//! crashing. Stampede additions: the `grpc_reqs` and `grpc_req_failed` metrics (see
//! [`EXTRA_METRICS_ENV`]).

mod builtin_types;
mod client;
mod connect;
mod duration;
mod gofmt;
mod health;
mod http_debug;
mod invoke;
mod lazy_message;
mod load;
mod mapping;
mod metadata;
mod metrics;
mod params;
mod protocache;
mod reflect;
mod response;
mod status;
mod stream;
mod tags;
mod type_registry;

use rquickjs::{Ctx, Function, Object};

pub use metrics::EXTRA_METRICS_ENV;

/// The import specifier scripts use.
pub const SPECIFIER: &str = "k6/net/grpc";

const MODULE_JS: &str = include_str!("module.js");

/// The `k6/net/grpc` module for [`script::ProgramConfig::extra_modules`].
pub fn module() -> (&'static str, script::ModuleBuilder) {
    (SPECIFIER, build)
}

fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> {
    metrics::GrpcMetrics::for_program(&script::api::vu(ctx).program);
    let factory: Function<'js> = script::api::eval_factory(ctx, "k6/net/grpc", MODULE_JS)?;
    let natives = Object::new(ctx.clone())?;
    natives.set("newClient", Function::new(ctx.clone(), client::new_client)?)?;
    natives.set("newStream", Function::new(ctx.clone(), stream::new_stream)?)?;
    natives.set("useStatuses", Function::new(ctx.clone(), response::use_statuses)?)?;
    let names = status::CODE_NAMES.to_vec();
    let health = health::STATUS_NAMES.to_vec();
    factory.call((natives, names, health))
}
