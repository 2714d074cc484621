//! All integration tests of this crate in one test binary: one link instead of one per file,
//! which keeps a clean build small on disk and quick to link.

mod js_common;
mod js_stream_support;
#[path = "fixtures/convert/support.rs"]
mod support;
mod transport_support;

mod convert_errors;
mod convert_fast_path;
mod convert_k6_echo;
mod convert_request_wire;
mod convert_roundtrip;
mod convert_status;
mod convert_stream_wire;
mod convert_wkt;
mod js_any_registry;
mod js_async_invoke;
mod js_connect_options;
mod js_health_check;
mod js_load_protoset;
mod js_metadata;
mod js_metric_tags;
mod js_preflight;
mod js_reconnect;
mod js_reflection;
mod js_request_field_names;
mod js_response_message;
mod js_seed;
mod js_status_constants;
mod js_stream_bidi;
mod js_stream_client;
mod js_stream_constructor;
mod js_stream_errors;
mod js_stream_handler_throws;
mod js_stream_handlers;
mod js_stream_lifetime;
mod js_stream_metadata;
mod js_stream_scale;
mod js_stream_server;
mod js_stream_warnings;
mod js_stream_writes;
mod js_unary_outcomes;
mod protos_load;
mod protos_protoset;
mod transport_connect_errors;
mod transport_limits;
mod transport_reflection;
mod transport_reflection_metadata;
mod transport_reply;
mod transport_stream;
mod transport_tls;
mod transport_unary;
