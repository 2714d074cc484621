//! Streaming methods of `probe.v1.Probe`.

use tonic::{Code, Response, Status, Streaming};

use super::call::{Call, code_from_i32, sleep_ms};
use super::probe::{ascii_metadata, probe_failure};
use super::{ResponseStream, channel_stream, hang};
use crate::pb::probe::v1::{BidiMsg, Everything, StreamRequest, StreamSummary};

/// Response stream of `ServerStream`.
pub(crate) type ProbeStream = ResponseStream<Everything>;
/// Response stream of `Bidi`.
pub(crate) type BidiStream = ResponseStream<BidiMsg>;

/// `ServerStream`: `count` messages `{str: "msg-<i>", i32: i}`, `interval_ms` apart; then
/// hangs (`hang`), fails (`fail_code`, `fail_message`, `with_details`) or ends OK, with
/// `trailers` either way.
pub(crate) fn server_stream(call: Call, req: StreamRequest) -> Response<ProbeStream> {
    let (tx, stream) = channel_stream();
    tokio::spawn(async move {
        for i in 0..req.count.max(0) {
            if i > 0 {
                sleep_ms(req.interval_ms.into()).await;
            }
            let msg = Everything { str: format!("msg-{i}"), i32: i, ..Default::default() };
            if tx.send(Ok(msg)).await.is_err() {
                return;
            }
        }
        if req.hang {
            hang(&tx, &call).await;
            return;
        }
        let trailers = ascii_metadata(&req.trailers);
        let ending = if req.fail_code != 0 {
            Some(probe_failure(
                code_from_i32(req.fail_code.into()),
                &req.fail_message,
                trailers,
                req.with_details,
                false,
            ))
        } else if !trailers.is_empty() {
            Some(Status::with_metadata(Code::Ok, "", trailers))
        } else {
            None
        };
        if let Some(status) = ending {
            let _ = tx.send(Err(status)).await;
        }
    });
    Response::new(stream)
}

/// `ClientStream`: counts messages until half-close and reports their `str` fields.
pub(crate) async fn client_stream(
    call: Call,
    mut inbound: Streaming<Everything>,
) -> Result<Response<StreamSummary>, Status> {
    let mut summary = StreamSummary { metadata: call.metadata_map(), ..Default::default() };
    while let Some(msg) = inbound.message().await? {
        summary.count += 1;
        summary.texts.push(msg.str);
    }
    summary.deadline_remaining_s = call.deadline_remaining_s();
    Ok(Response::new(summary))
}

/// `Bidi`: answers each message with `{text: "echo:<text>", seq, big, color}`; after a
/// message with `close` it ends OK, after one with `fail_code` it fails with that code.
pub(crate) fn bidi(mut inbound: Streaming<BidiMsg>) -> Response<BidiStream> {
    let (tx, stream) = channel_stream();
    tokio::spawn(async move {
        loop {
            let msg = tokio::select! {
                () = tx.closed() => return,
                msg = inbound.message() => msg,
            };
            let msg = match msg {
                Ok(Some(msg)) => msg,
                Ok(None) => return,
                Err(status) => {
                    let _ = tx.send(Err(status)).await;
                    return;
                }
            };
            let reply = BidiMsg {
                text: format!("echo:{}", msg.text),
                seq: msg.seq,
                big: msg.big,
                color: msg.color,
                ..Default::default()
            };
            if tx.send(Ok(reply)).await.is_err() {
                return;
            }
            if msg.fail_code != 0 {
                let status = Status::new(code_from_i32(msg.fail_code.into()), "bidi failure");
                let _ = tx.send(Err(status)).await;
                return;
            }
            if msg.close {
                return;
            }
        }
    });
    Response::new(stream)
}
