//! `grpc.Stream` (k6 §6): client, server and bidirectional streaming over a connected `Client`.
//!
//! The JS side ([`stream.js`](self)) owns the stream object (`on`, `write`, `end`) and the
//! registered handlers; Rust owns the RPC. Keeping handlers in JS means Rust holds no JS value
//! beyond the `emit` function of each open stream, and that only inside the VU's event loop, so
//! an interrupted iteration drops it together with the RPC (which the transport then resets).
//!
//! - [`open`]: the constructor's checks with k6's texts, opening the RPC, the `grpc_streams`
//!   sample, and the natives behind `write`/`end`;
//! - [`session`]: one open stream's client-side state (writes, half-close, local failures);
//! - [`events`]: the reader that delivers `data`/`error`/`end` on the VU's event loop, in k6's
//!   order, and records the stream's metrics.
//!
//! Unlike k6 v1.1.0 (spec §11): a server's CANCELLED arrives as code 1 with the server's message;
//! a failed write cancels the RPC instead of leaving it running; an error is reported once; error
//! details are plain objects.

mod events;
mod open;
mod session;

use std::rc::Rc;

use rquickjs::function::This;
use rquickjs::{Ctx, Function, Object, Value};

use super::client::ClientState;

const STREAM_JS: &str = include_str!("stream.js");

/// The key under which the module's natives object caches the compiled `Stream` body.
const FACTORY_KEY: &str = "__streamBody";

/// Adds `openStream(url, params, emit, emitData)` to a client's natives.
pub(super) fn attach<'js>(ctx: &Ctx<'js>, natives: &Object<'js>, state: Rc<ClientState>) -> rquickjs::Result<()> {
    natives.set(
        "openStream",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>, url: Value<'js>, params: Value<'js>, emit: Function<'js>, data: Function<'js>| {
                open::open_stream(&ctx, &state, url, params, emit, data)
            },
        )?,
    )
}

/// `grpc.Stream(client, url, params)`, called as
/// `n.newStream(clientNatives, client, url, params, statusOf)`.
pub(super) fn new_stream<'js>(
    ctx: Ctx<'js>,
    natives: This<Object<'js>>,
    h: Value<'js>,
    client: Value<'js>,
    url: Value<'js>,
    params: Value<'js>,
    status_of: Value<'js>,
) -> rquickjs::Result<Value<'js>> {
    let body = match natives.0.get::<_, Option<Function<'js>>>(FACTORY_KEY)? {
        Some(body) => body,
        None => {
            let factory: Function<'js> = script::api::eval_factory(&ctx, "k6/net/grpc/stream", STREAM_JS)?;
            let body: Function<'js> = factory.call((status_of,))?;
            natives.0.set(FACTORY_KEY, body.clone())?;
            body
        }
    };
    body.call((h, client, url, params))
}
