//! `stampede.test.v1.Echo`: the kitchen-sink service. Unary handlers live here; the
//! streaming ones are in [`super::echo_stream`].

use tonic::{Request, Response, Status, Streaming};

use super::call::{Call, Shared, sleep_ms};
use super::control;
use super::echo_stream;
use super::trailers::ExtraTrailers;
use crate::methods::{ECHO_BIDI, ECHO_CLIENT_STREAM, ECHO_ECHO, ECHO_PING, ECHO_SERVER_STREAM};
use crate::pb::stampede::test::v1::echo_server::Echo;
use crate::pb::stampede::test::v1::{Control, EchoRequest, EchoResponse, Payload, StreamRequest, StreamSummary};

/// Boxed response stream of the streaming methods.
pub(crate) type EchoStream = super::ResponseStream<EchoResponse>;

/// Implementation of the `Echo` service.
#[derive(Clone, Debug)]
pub(crate) struct EchoService {
    pub(crate) shared: Shared,
}

/// Builds the reply echoing `payload` for message `seq` of `call`.
pub(crate) fn echo_response(call: &Call, payload: Option<Payload>, control: &Control, seq: i32) -> EchoResponse {
    EchoResponse {
        payload,
        filler: control::filler(control.response_bytes),
        seq,
        metadata: call.metadata_map(),
        method: call.method.to_owned(),
        deadline_remaining_s: call.deadline_remaining_s(),
        peer: call.peer(),
    }
}

/// Turns a finished handler's reply into a response with `control`'s headers and trailers,
/// or its failure.
pub(crate) fn finish_unary<T>(control: &Control, call: &Call, reply: T) -> Result<Response<T>, Status> {
    let trailers = control::trailers(control, call)?;
    if let Some(status) = control::failure(control, trailers.clone()) {
        return Err(status);
    }
    let mut response = Response::new(reply);
    *response.metadata_mut() = control::headers(control, call)?;
    if !trailers.is_empty() {
        response.extensions_mut().insert(ExtraTrailers(trailers));
    }
    Ok(response)
}

#[tonic::async_trait]
impl Echo for EchoService {
    async fn echo(&self, request: Request<EchoRequest>) -> Result<Response<EchoResponse>, Status> {
        let call = self.shared.begin(ECHO_ECHO, &request).await?;
        let EchoRequest { payload, control } = request.into_inner();
        let control = control.unwrap_or_default();
        sleep_ms(control.sleep_ms.into()).await;
        control::act(&control, &call).await?;
        let reply = echo_response(&call, payload, &control, 0);
        finish_unary(&control, &call, reply)
    }

    type ServerStreamStream = EchoStream;

    async fn server_stream(&self, request: Request<StreamRequest>) -> Result<Response<EchoStream>, Status> {
        let call = self.shared.begin(ECHO_SERVER_STREAM, &request).await?;
        echo_stream::server_stream(call, request.into_inner())
    }

    async fn client_stream(&self, request: Request<Streaming<EchoRequest>>) -> Result<Response<StreamSummary>, Status> {
        let call = self.shared.begin(ECHO_CLIENT_STREAM, &request).await?;
        echo_stream::client_stream(call, request.into_inner()).await
    }

    type BidiStream = EchoStream;

    async fn bidi(&self, request: Request<Streaming<EchoRequest>>) -> Result<Response<EchoStream>, Status> {
        let call = self.shared.begin(ECHO_BIDI, &request).await?;
        Ok(echo_stream::bidi(call, request.into_inner()))
    }

    async fn ping(&self, request: Request<()>) -> Result<Response<()>, Status> {
        self.shared.begin(ECHO_PING, &request).await?;
        Ok(Response::new(()))
    }
}
