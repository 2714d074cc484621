//! `client.invoke()` and `client.asyncInvoke()`: k6's pre-flight checks in k6's order (§4.5), the
//! call itself, its metrics, and the `Response`. Every RPC outcome is a Response; only pre-flight
//! problems throw (`invoke`) or reject (`asyncInvoke`).

use std::rc::Rc;
use std::time::{Duration, Instant};

use prost_reflect::MessageDescriptor;
use rquickjs::{Coerced, Ctx, Exception, FromJs, Object, Persistent, Promise, Value};
use script::VuState;
use script::api::{block_on, throw_go_error, vu};

use super::client::{ClientConn, ClientState, MethodEntry};
use super::http_debug::CallDebug;
use super::mapping::request_from_js;
use super::params::{CallParams, parse_call_params};
use super::response::response_object;
use super::status;
use crate::transport::{CallError, Request, UnaryResult};
use metrics::TagSet;

/// How long a call ended by its VU's deadline waits for the hard stop that the same deadline
/// triggers (the two timers fire independently).
const HARD_STOP_GRACE: Duration = Duration::from_secs(1);

/// A call that passed the pre-flight checks.
struct Prepared {
    conn: Rc<ClientConn>,
    method: Rc<MethodEntry>,
    request: Request,
    params: CallParams,
}

/// Why a call did not start.
enum Refused {
    /// Thrown as is, even by `asyncInvoke` (a `TypeError`).
    Throw(rquickjs::Error),
    /// k6's text: thrown by `invoke`, the rejection of `asyncInvoke`.
    Go(String),
}

/// The connection, or k6's error texts for init context and no connection.
pub(super) fn preflight_connection(ctx: &Ctx<'_>, state: &ClientState) -> Result<Rc<ClientConn>, String> {
    if vu(ctx).in_init() {
        return Err("invoking RPC methods in the init context is not supported".to_owned());
    }
    state.connection().ok_or_else(|| "no gRPC connection, you must call connect first".to_owned())
}

/// The arguments of `invoke`/`asyncInvoke`, as the script passed them.
pub(super) struct InvokeArgs<'js> {
    /// `arguments.length` of the script's call.
    pub(super) given: usize,
    /// The method name.
    pub(super) url: Value<'js>,
    /// The request value.
    pub(super) request: Value<'js>,
    /// The call params.
    pub(super) params: Value<'js>,
}

fn prepare<'js>(ctx: &Ctx<'js>, state: &ClientState, args: InvokeArgs<'js>) -> Result<Prepared, Refused> {
    let conn = preflight_connection(ctx, state).map_err(Refused::Go)?;
    let given = args.given;
    // Go receives `undefined`/`null` as an empty string.
    let url = if args.url.is_undefined() || args.url.is_null() {
        String::new()
    } else {
        Coerced::<String>::from_js(ctx, args.url).map_err(Refused::Throw)?.0
    };
    if url.is_empty() {
        return Err(Refused::Go("method to invoke cannot be empty".to_owned()));
    }
    let method = state.method(&url).ok_or_else(|| {
        let path = if url.starts_with('/') { url.clone() } else { format!("/{url}") };
        Refused::Go(format!("method {} not found in file descriptors", super::gofmt::go_quote(&path)))
    })?;
    let params = parse_call_params(&args.params)
        .map_err(|e| Refused::Go(format!("invalid GRPC's client.invoke() parameters: {e}")))?;
    if given < 2 {
        return Err(Refused::Go("request cannot be nil".to_owned()));
    }
    let request_value = args.request;
    if request_value.is_null() || request_value.is_undefined() {
        return Err(Refused::Throw(Exception::throw_type(ctx, "Cannot convert undefined or null to object")));
    }
    let request = request_from_js(ctx, &request_value, &method.input).map_err(|e| Refused::Go(e.to_string()))?;
    Ok(Prepared { conn, method, request, params })
}

/// The `invoke` native.
pub(super) fn invoke<'js>(ctx: &Ctx<'js>, state: &ClientState, args: InvokeArgs<'js>) -> rquickjs::Result<Object<'js>> {
    let prepared = match prepare(ctx, state, args) {
        Ok(p) => p,
        Err(Refused::Throw(e)) => return Err(e),
        Err(Refused::Go(text)) => return Err(throw_go_error(ctx, &text)),
    };
    call_blocking(ctx, state, prepared.conn, prepared.method, prepared.request, prepared.params)
}

/// Runs a unary call on the VU (suspending only its coroutine) and builds its Response.
pub(super) fn call_blocking<'js>(
    ctx: &Ctx<'js>,
    state: &ClientState,
    conn: Rc<ClientConn>,
    method: Rc<MethodEntry>,
    request: Request,
    params: CallParams,
) -> rquickjs::Result<Object<'js>> {
    let vu = vu(ctx);
    let base_tags = vu.tags();
    let spec = CallSpec::new(&method, &params, state, &vu);
    // Boxed: held by value, the call's future and its copies would take a few KiB of every VU's
    // coroutine stack, touched on each call and so kept resident for the whole test.
    let mut result = block_on(ctx, Box::pin(spec.run(&conn, &method, request)));
    if result.is_ok() && vu.deadline().is_some_and(|d| Instant::now() >= d) {
        // The VU's deadline ended the call: in k6 that is the iteration's interruption (no
        // Response, no sample). The hard stop is due at the same instant; wait for it.
        if let Err(e) = block_on(ctx, tokio::time::sleep(HARD_STOP_GRACE)) {
            result = Err(e);
        }
    }
    let result = match result {
        // As in k6, a call cut off with its VU's iteration leaves no sample, only its bytes.
        Ok(result) => result,
        Err(e) => {
            conn.report_bytes(&vu);
            return Err(e);
        }
    };
    finish(ctx, state, &vu, &conn, &method, &params, base_tags, result)
}

/// The `asyncInvoke` native: a Promise settled on the VU's event loop.
pub(super) fn async_invoke<'js>(
    ctx: &Ctx<'js>,
    state: &Rc<ClientState>,
    args: InvokeArgs<'js>,
) -> rquickjs::Result<Promise<'js>> {
    let (promise, resolve, reject) = ctx.promise()?;
    let prepared = match prepare(ctx, state, args) {
        Ok(p) => p,
        Err(Refused::Throw(e)) => return Err(e),
        Err(Refused::Go(text)) => {
            reject.call::<_, ()>((text,))?;
            return Ok(promise);
        }
    };
    let vu = vu(ctx);
    let base_tags = vu.tags();
    let resolve = Persistent::save(ctx, resolve);
    let Prepared { conn, method, request, params } = prepared;
    let state = state.clone();
    let work = {
        let conn = conn.clone();
        let method = method.clone();
        let spec = CallSpec::new(&method, &params, &state, &vu);
        async move { spec.run(&conn, &method, request).await }
    };
    script::api::spawn(ctx, work, move |ctx, result| {
        let vu = script::api::vu(ctx);
        let response = finish(ctx, &state, &vu, &conn, &method, &params, base_tags, result)?;
        resolve.restore(ctx)?.call::<_, ()>((response,))
    });
    Ok(promise)
}

/// A call's result, and whether it reached the wire (k6 records no sample for calls grpc-go
/// refuses locally, such as invalid metadata).
struct Outcome {
    result: UnaryResult,
    attempted: bool,
}

/// What a unary call needs besides the request, taken from the params before the call starts
/// (an `asyncInvoke` runs after the params object may have changed).
struct CallSpec {
    metadata: Result<tonic::metadata::MetadataMap, String>,
    timeout: Duration,
    reply: MessageDescriptor,
    debug: Option<CallDebug>,
}

impl CallSpec {
    fn new(method: &MethodEntry, params: &CallParams, state: &ClientState, vu: &VuState) -> Self {
        // k6 derives the call's context from the VU's, so the VU's deadline (end of the
        // scenario plus gracefulStop) caps the call's.
        let mut timeout = params.unary_timeout();
        if let Some(deadline) = vu.deadline() {
            timeout = timeout.min(deadline.saturating_duration_since(Instant::now()));
        }
        let debug = state.debug_mode(&vu.program).map(|mode| CallDebug::new(vu.program.logger.clone(), mode));
        Self {
            metadata: params.metadata.to_map(),
            timeout,
            debug,
            // As k6 does, a discarded reply is decoded as `google.protobuf.Empty`: no fields are
            // built for it.
            reply: if params.discard_response {
                empty_descriptor().unwrap_or_else(|| method.output.clone())
            } else {
                method.output.clone()
            },
        }
    }

    async fn run(self, conn: &ClientConn, method: &MethodEntry, request: Request) -> Outcome {
        let metadata = match self.metadata {
            Ok(m) => m,
            // grpc-go fails such a call locally with Internal.
            Err(text) => return Outcome { result: local_failure(status::INTERNAL, text), attempted: false },
        };
        if let Some(debug) = &self.debug {
            let logged = request.message(&method.input).ok();
            debug.sent(&method.path, conn.conn.remote_addr(), &metadata, &conn.user_agent, logged.as_ref());
        }
        let mut result = match conn.conn.unary(&method.path, request, self.reply, metadata, Some(self.timeout)).await {
            Ok(result) => result,
            Err(CallError::Closed) => {
                local_failure(status::UNAVAILABLE, "grpc: the client connection is closing".to_owned())
            }
            Err(e) => local_failure(status::INTERNAL, e.to_string()),
        };
        if result.status != 0 && result.elapsed >= self.timeout {
            // The server gave up at the same deadline (tonic servers answer Cancelled "Timeout
            // expired") and its answer won the race: grpc-go reports the client's own deadline.
            result.status = status::DEADLINE_EXCEEDED;
            result.status_message = "context deadline exceeded".to_owned();
            result.details = None;
        }
        if let Some(debug) = &self.debug {
            debug.received(&result);
        }
        Outcome { result, attempted: true }
    }
}

fn empty_descriptor() -> Option<MessageDescriptor> {
    static EMPTY: std::sync::OnceLock<Option<MessageDescriptor>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| prost_reflect::DescriptorPool::global().get_message_by_name("google.protobuf.Empty")).clone()
}

fn local_failure(code: i32, message: String) -> UnaryResult {
    UnaryResult {
        status: code,
        status_message: message,
        message: None,
        details: None,
        headers: Vec::new(),
        trailers: Vec::new(),
        elapsed: Duration::ZERO,
    }
}

/// Byte counters, metrics and the Response of a finished call.
fn finish<'js>(
    ctx: &Ctx<'js>,
    state: &ClientState,
    vu: &VuState,
    conn: &ClientConn,
    method: &MethodEntry,
    params: &CallParams,
    base_tags: TagSet,
    outcome: Outcome,
) -> rquickjs::Result<Object<'js>> {
    conn.report_bytes(vu);
    let result = outcome.result;
    // k6 drops the samples of calls that end once the VU's deadline has passed (an
    // `asyncInvoke` settling as the iteration is being interrupted).
    let past_deadline = vu.deadline().is_some_and(|d| Instant::now() >= d);
    if outcome.attempted && !past_deadline {
        let metrics = state.metrics(&vu.program);
        let system = metrics.system_tags(&vu.program);
        let tags = method.tags.rpc_tags(
            system,
            base_tags,
            method,
            &conn.address,
            conn.conn.remote_addr().ip(),
            result.status,
            &params.tags,
        );
        metrics.record_rpc(vu, result.elapsed.as_secs_f64() * 1000.0, result.status == 0, tags);
    }
    response_object(ctx, result, method, params.discard_response, state)
}
