//! `grpc.Stream`: not supported yet. The constructor throws; the client's natives already carry
//! its shared state so a stream implementation can reach the client's connection and methods.

use std::rc::Rc;

use rquickjs::function::Rest;
use rquickjs::{Ctx, Object, Value};
use script::api::throw_go_error;

use super::client::ClientState;

/// Hooks stream support into a client's natives (nothing yet: streams are not implemented).
pub(super) fn attach<'js>(
    _ctx: &Ctx<'js>,
    _natives: &Object<'js>,
    _state: Rc<ClientState>,
) -> rquickjs::Result<()> {
    Ok(())
}

/// `new grpc.Stream(client, url, params)`.
pub(super) fn new_stream<'js>(
    ctx: Ctx<'js>,
    _args: Rest<Value<'js>>,
) -> rquickjs::Result<Value<'js>> {
    Err(throw_go_error(&ctx, "streams are not supported yet"))
}
