//! Streaming methods of `stampede.test.v1.Echo`: each response stream is fed by a task
//! through a channel, so "hang" can wait for the client to go away instead of leaking.

use prost::Message as _;
use tonic::{Code, Response, Status, Streaming};

use super::call::{Call, sleep_ms};
use super::control;
use super::echo::{EchoStream, echo_response, finish_unary};
use super::{ResponseTx, channel_stream, die_after_flush, hang};
use crate::pb::stampede::test::v1::{Action, Control, EchoRequest, EchoResponse, StreamRequest, StreamSummary};

type Tx = ResponseTx<EchoResponse>;

/// Ends a response stream the way `control` says (status, cancel, hang, die, or OK with
/// `control`'s trailers).
async fn end_stream(tx: &Tx, control: &Control, call: &Call) {
    let trailers = match control::trailers(control, call) {
        Ok(t) => t,
        Err(status) => {
            let _ = tx.send(Err(status)).await;
            return;
        }
    };
    let ending = match Action::try_from(control.action).unwrap_or(Action::Unspecified) {
        Action::Cancel => Some(Status::cancelled("cancelled by the test server")),
        Action::Hang => {
            hang(tx, call).await;
            return;
        }
        Action::Die => {
            die_after_flush(tx, call).await;
            return;
        }
        Action::Unspecified | Action::Finish => control::failure(control, trailers.clone())
            .or_else(|| (!trailers.is_empty()).then(|| Status::with_metadata(Code::Ok, "", trailers))),
    };
    if let Some(status) = ending {
        let _ = tx.send(Err(status)).await;
    }
}

/// `ServerStream`: `count` echoes, `interval_ms` apart (after `control.sleep_ms`), then the
/// ending `control` asks for. Response headers come from `control` too.
pub(crate) fn server_stream(call: Call, request: StreamRequest) -> Result<Response<EchoStream>, Status> {
    let control = request.control.unwrap_or_default();
    let headers = control::headers(&control, &call)?;
    let (tx, stream) = channel_stream();
    tokio::spawn(async move {
        sleep_ms(control.sleep_ms.into()).await;
        for seq in 0..request.count.max(0) {
            if seq > 0 {
                sleep_ms(request.interval_ms.into()).await;
            }
            let reply = echo_response(&call, request.payload.clone(), &control, seq);
            if tx.send(Ok(reply)).await.is_err() {
                return; // client went away
            }
        }
        end_stream(&tx, &control, &call).await;
    });
    let mut response = Response::new(stream);
    *response.metadata_mut() = headers;
    Ok(response)
}

/// `ClientStream`: counts requests until the client half-closes, or until a request whose
/// `control` ends the call; the last `control` received shapes the reply.
pub(crate) async fn client_stream(
    call: Call,
    mut inbound: Streaming<EchoRequest>,
) -> Result<Response<StreamSummary>, Status> {
    let mut summary = StreamSummary { metadata: call.metadata_map(), ..Default::default() };
    let mut control = Control::default();
    while let Some(request) = inbound.message().await? {
        summary.count += 1;
        if let Some(payload) = &request.payload {
            summary.payload_bytes += payload.encoded_len() as i64;
            summary.texts.push(payload.f_string.clone());
        }
        if let Some(c) = request.control {
            control = c;
            if control::ends_stream(&control) {
                break;
            }
        }
    }
    sleep_ms(control.sleep_ms.into()).await;
    control::act(&control, &call).await?;
    summary.filler = control::filler(control.response_bytes);
    finish_unary(&control, &call, summary)
}

/// `Bidi`: echoes each request as it arrives (`seq` counts from 0); a request's `control`
/// is applied after its echo (sleep before it, ending after it).
pub(crate) fn bidi(call: Call, mut inbound: Streaming<EchoRequest>) -> Response<EchoStream> {
    let (tx, stream) = channel_stream();
    tokio::spawn(async move {
        let mut seq = 0;
        loop {
            let request = tokio::select! {
                () = tx.closed() => return,
                message = inbound.message() => message,
            };
            let request = match request {
                Ok(Some(request)) => request,
                Ok(None) => return, // client half-closed: finish OK
                Err(status) => {
                    let _ = tx.send(Err(status)).await;
                    return;
                }
            };
            let control = request.control.unwrap_or_default();
            sleep_ms(control.sleep_ms.into()).await;
            let reply = echo_response(&call, request.payload, &control, seq);
            seq += 1;
            if tx.send(Ok(reply)).await.is_err() {
                return;
            }
            if control::ends_stream(&control) {
                end_stream(&tx, &control, &call).await;
                return;
            }
        }
    });
    Response::new(stream)
}
