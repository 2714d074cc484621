//! `grpc.Stream`: not supported yet — the constructor throws `streams are not supported yet`.
//!
//! The seam for the implementation: the JS `Stream(client, url, params)` calls
//! [`new_stream`] with the client's natives object (`undefined` when `client` is not a
//! `grpc.Client`), and [`attach`] runs for every client with its shared [`ClientState`], so it can
//! add a native (say `openStream`) to that object that reaches the client's connection
//! ([`ClientState::connection`]), its methods ([`ClientState::method`]) and its metric ids
//! ([`ClientState::metrics`]). Call params parse with [`super::params::parse_call_params`]
//! (streams use [`super::params::CallParams::stream_timeout`]).

use std::rc::Rc;

use rquickjs::function::Rest;
use rquickjs::{Ctx, Object, Value};
use script::api::throw_go_error;

use super::client::ClientState;

/// Hooks stream support into a client's natives (nothing yet).
pub(super) fn attach<'js>(_ctx: &Ctx<'js>, _natives: &Object<'js>, _state: Rc<ClientState>) -> rquickjs::Result<()> {
    Ok(())
}

/// `grpc.Stream(client, url, params)`, called as `newStream(natives, client, url, params)`.
pub(super) fn new_stream<'js>(ctx: Ctx<'js>, _args: Rest<Value<'js>>) -> rquickjs::Result<Value<'js>> {
    Err(throw_go_error(&ctx, "streams are not supported yet"))
}
