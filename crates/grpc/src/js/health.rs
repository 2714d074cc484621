//! `client.healthCheck(service?)` and the `HealthCheck*` constants — features of k6 releases after
//! v1.1.0, kept for scripts written for them. The call is `grpc.health.v1.Health/Check`; its
//! descriptor is embedded so it works even when the script never loaded `health.proto`.

use std::rc::Rc;
use std::sync::OnceLock;

use prost_reflect::{DescriptorPool, DynamicMessage, Value as PbValue};
use protox::file::{File, FileResolver};
use rquickjs::{Coerced, Ctx, FromJs, Object, Value};
use script::api::throw_go_error;

use super::client::{ClientState, MethodEntry};
use super::params::CallParams;

/// Names of the `HealthCheck*` constants, indexed by their value (the `ServingStatus` numbers).
pub(crate) const STATUS_NAMES: [&str; 4] = ["Unknown", "Serving", "NotServing", "ServiceUnknown"];

/// The health method's path.
pub(crate) const CHECK_PATH: &str = "/grpc.health.v1.Health/Check";

const HEALTH_FILE: &str = "grpc/health/v1/health.proto";
const HEALTH_PROTO: &str = r#"
syntax = "proto3";
package grpc.health.v1;
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse {
  enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
  ServingStatus status = 1;
}
service Health {
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
  rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse);
}
"#;

struct Embedded;

impl FileResolver for Embedded {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        if name == HEALTH_FILE {
            File::from_source(name, HEALTH_PROTO)
        } else {
            Err(protox::Error::file_not_found(name))
        }
    }
}

/// The embedded `grpc.health.v1` descriptors (compiled once per process).
pub(crate) fn health_pool() -> &'static DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut compiler = protox::Compiler::with_file_resolver(Embedded);
        match compiler.open_file(HEALTH_FILE) {
            Ok(_) => compiler.descriptor_pool(),
            // The embedded source is fixed; an empty pool makes healthCheck report it clearly.
            Err(_) => DescriptorPool::new(),
        }
    })
}

fn check_method(state: &ClientState) -> Option<Rc<MethodEntry>> {
    state.method(CHECK_PATH).or_else(|| {
        health_pool()
            .get_service_by_name("grpc.health.v1.Health")
            .and_then(|s| s.methods().find(|m| m.name() == "Check"))
            .map(|m| Rc::new(MethodEntry::new(&m)))
    })
}

/// The `healthCheck` native: a unary Check call, answered like `invoke`.
pub(super) fn health_check<'js>(
    ctx: &Ctx<'js>,
    state: &ClientState,
    service: Option<Value<'js>>,
) -> rquickjs::Result<Object<'js>> {
    let conn = super::invoke::preflight_connection(ctx, state).map_err(|text| throw_go_error(ctx, &text))?;
    let method =
        check_method(state).ok_or_else(|| throw_go_error(ctx, "the embedded grpc.health.v1 descriptor is unusable"))?;
    let mut request = DynamicMessage::new(method.input.clone());
    if let Some(service) = service.filter(|v| !v.is_undefined() && !v.is_null()) {
        let name = Coerced::<String>::from_js(ctx, service)?.0;
        request
            .try_set_field_by_name("service", PbValue::String(name))
            .map_err(|e| throw_go_error(ctx, &e.to_string()))?;
    }
    super::invoke::call_blocking(ctx, state, conn, method, request.into(), CallParams::default())
}
