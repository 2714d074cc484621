//! Unary calls: one request, one response, every outcome returned as a [`UnaryResult`].

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::uri::PathAndQuery;
use prost_reflect::MessageDescriptor;
use tonic::Code;
use tonic::metadata::MetadataMap;

use super::codec::RequestCodec;
use super::connection::Connection;
use super::error::CallError;
use super::metadata::{metadata_pairs, set_timeout, strip_reserved};
use super::reply::Reply;
use super::request::Request;
use super::status::{Outcome, outcome, transport_outcome};

/// Everything k6 puts in a unary `Response`, plus the call's duration.
#[derive(Debug, Clone)]
pub struct UnaryResult {
    /// gRPC status code (0 = OK).
    pub status: i32,
    /// Status message (empty on OK).
    pub status_message: String,
    /// The reply, decoded when read; `None` when none arrived (the JS glue then shows a
    /// default-filled message, as k6 does on failure).
    pub message: Option<Reply>,
    /// Raw `grpc-status-details-bin` (a serialized `google.rpc.Status`), if the server sent one.
    pub details: Option<Bytes>,
    /// Response headers in wire order; binary values decoded and read as lossy UTF-8.
    pub headers: Vec<(String, String)>,
    /// Trailers without `grpc-status`/`grpc-message` (for a trailers-only response: all of its
    /// headers), same value rules as `headers`.
    pub trailers: Vec<(String, String)>,
    /// From the start of the call to its final status (also for deadline-exceeded calls).
    pub elapsed: Duration,
}

impl UnaryResult {
    fn from_outcome(outcome: Outcome, headers: Vec<(String, String)>, message: Option<Reply>) -> Self {
        Self {
            status: outcome.code,
            status_message: outcome.message,
            message,
            details: outcome.details,
            headers,
            trailers: outcome.trailers,
            elapsed: Duration::ZERO,
        }
    }
}

impl Connection {
    /// Calls `method_path` (`/package.Service/Method`) with one request and decodes one reply of
    /// type `response`. `timeout` is the call's deadline (sent as `grpc-timeout` and enforced
    /// locally); zero expires at once. Only a closed connection or a malformed path is an error.
    pub async fn unary(
        &self,
        method_path: &str,
        request: impl Into<Request>,
        response: MessageDescriptor,
        metadata: MetadataMap,
        timeout: Option<Duration>,
    ) -> Result<UnaryResult, CallError> {
        let request = request.into();
        if self.is_closed() {
            return Err(CallError::Closed);
        }
        let path = PathAndQuery::try_from(method_path).map_err(|_| CallError::InvalidMethod(method_path.to_owned()))?;
        let started = Instant::now();
        let size = request.encoded_len();
        let mut result = if size > self.max_send {
            let text = format!("trying to send message larger than max ({size} vs. {})", self.max_send);
            UnaryResult::from_outcome(Outcome::local(Code::ResourceExhausted, text), Vec::new(), None)
        } else {
            let call = self.unary_call(path, request, response, metadata, timeout);
            match timeout {
                Some(limit) if limit.is_zero() => deadline_result(),
                Some(limit) => tokio::time::timeout(limit, call).await.unwrap_or_else(|_| deadline_result()),
                None => call.await,
            }
        };
        result.elapsed = started.elapsed();
        Ok(result)
    }

    async fn unary_call(
        &self,
        path: PathAndQuery,
        request: Request,
        response: MessageDescriptor,
        metadata: MetadataMap,
        timeout: Option<Duration>,
    ) -> UnaryResult {
        let mut grpc = self.grpc();
        let mut req = tonic::Request::new(request);
        *req.metadata_mut() = strip_reserved(metadata);
        if let Some(limit) = timeout {
            set_timeout(&mut req, limit);
        }
        if let Err(err) = grpc.ready().await {
            return UnaryResult::from_outcome(transport_outcome(&err), Vec::new(), None);
        }
        // Server-streaming under the hood: it exposes headers, the message and trailers separately.
        let reply = match grpc.server_streaming(req, path, RequestCodec::checked(response)).await {
            Ok(reply) => reply,
            Err(status) => return UnaryResult::from_outcome(outcome(&status), Vec::new(), None),
        };
        let headers = metadata_pairs(reply.metadata());
        let mut stream = reply.into_inner();
        let message = match stream.message().await {
            Ok(Some(message)) => message,
            Ok(None) => {
                let trailers = trailer_pairs(&mut stream).await;
                let mut end = Outcome::local(Code::Unknown, "EOF");
                end.trailers = trailers;
                return UnaryResult::from_outcome(end, headers, None);
            }
            Err(status) => return UnaryResult::from_outcome(outcome(&status), headers, None),
        };
        let end = match stream.message().await {
            Ok(None) => Outcome { trailers: trailer_pairs(&mut stream).await, ..Outcome::local(Code::Ok, "") },
            Ok(Some(_)) => {
                Outcome::local(Code::Unknown, "grpc: client streaming protocol violation: get <nil>, want <EOF>")
            }
            Err(status) => outcome(&status),
        };
        UnaryResult::from_outcome(end, headers, Some(message))
    }
}

async fn trailer_pairs(stream: &mut tonic::Streaming<Reply>) -> Vec<(String, String)> {
    match stream.trailers().await {
        Ok(Some(map)) => metadata_pairs(&map),
        _ => Vec::new(),
    }
}

fn deadline_result() -> UnaryResult {
    UnaryResult::from_outcome(Outcome::deadline(), Vec::new(), None)
}
