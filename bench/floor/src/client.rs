//! The floor's gRPC client, as the benchmark's definition has it: hyper's HTTP/2 client connection
//! under `tonic::client::Grpc`, with the transport settings Stampede uses (windows, frame and send
//! buffer sizes, no adaptive window, `TCP_NODELAY`, the same `user-agent` and `grpc-timeout`).
//! Replies get the check Stampede gives them ([`grpc::transport::Reply`]), requests are encoded
//! by prost from a `DynamicMessage`. Writes are coalesced as Stampede's transport did while it ran
//! on hyper ([`CoalescingIo`]): one `writev` per call instead of two, so the floor stays what it
//! was in earlier reports.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Buf;
use http::header::{HeaderValue, USER_AGENT};
use http::uri::PathAndQuery;
use hyper::body::Incoming;
use hyper::client::conn::http2::{self, SendRequest};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use prost::Message;
use prost_reflect::{DynamicMessage, MessageDescriptor};
use tonic::Status;
use tonic::body::Body;
use tonic::client::Grpc;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

use crate::coalesce::CoalescingIo;

/// One HTTP/2 connection with tonic's client on it.
pub(crate) struct FloorClient {
    grpc: Grpc<Service>,
}

impl FloorClient {
    pub(crate) async fn connect(address: &str) -> FloorClient {
        let tcp = tokio::net::TcpStream::connect(address).await.expect("dial");
        tcp.set_nodelay(true).expect("TCP_NODELAY");
        let (sender, connection) = http2::Builder::new(TokioExecutor::new())
            .timer(TokioTimer::new())
            .initial_stream_window_size(256 * 1024)
            .initial_connection_window_size(512 * 1024)
            .adaptive_window(false)
            .max_frame_size(16 * 1024)
            .max_send_buf_size(64 * 1024)
            .max_header_list_size(16 * 1024 * 1024)
            .handshake::<_, Body>(TokioIo::new(CoalescingIo::new(tcp)))
            .await
            .expect("HTTP/2 handshake");
        tokio::spawn(connection);
        let origin = format!("http://{address}").parse().expect("origin");
        let user_agent = HeaderValue::from_static(grpc::transport::GRPC_USER_AGENT);
        FloorClient { grpc: Grpc::with_origin(Service { sender, user_agent }, origin) }
    }

    /// One unary call; `Ok` when the server answered OK with a reply that checks.
    pub(crate) async fn unary(
        &self,
        path: &'static str,
        request: DynamicMessage,
        response: MessageDescriptor,
        timeout: Duration,
    ) -> Result<(), Status> {
        let mut grpc = self.grpc.clone();
        grpc.ready().await.map_err(|e| Status::unavailable(e.to_string()))?;
        let mut req = tonic::Request::new(request);
        req.set_timeout(timeout);
        grpc.unary(req, PathAndQuery::from_static(path), FloorCodec(response)).await.map(drop)
    }
}

/// hyper's `SendRequest` as the tower service tonic runs on, stamping the `user-agent`.
#[derive(Clone)]
struct Service {
    sender: SendRequest<Body>,
    user_agent: HeaderValue,
}

impl tower_service::Service<http::Request<Body>> for Service {
    type Response = http::Response<Incoming>;
    type Error = hyper::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.sender.poll_ready(cx)
    }

    fn call(&mut self, mut req: http::Request<Body>) -> Self::Future {
        req.headers_mut().insert(USER_AGENT, self.user_agent.clone());
        Box::pin(self.sender.send_request(req))
    }
}

/// Requests encoded by prost; replies checked against their descriptor, as Stampede does.
#[derive(Clone)]
struct FloorCodec(MessageDescriptor);

impl Codec for FloorCodec {
    type Encode = DynamicMessage;
    type Decode = grpc::transport::Reply;
    type Encoder = FloorCodec;
    type Decoder = FloorCodec;

    fn encoder(&mut self) -> Self::Encoder {
        self.clone()
    }

    fn decoder(&mut self) -> Self::Decoder {
        self.clone()
    }
}

impl Encoder for FloorCodec {
    type Item = DynamicMessage;
    type Error = Status;

    fn encode(&mut self, item: DynamicMessage, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.reserve(item.encoded_len());
        item.encode_raw(dst);
        Ok(())
    }
}

impl Decoder for FloorCodec {
    type Item = grpc::transport::Reply;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Self::Item>, Status> {
        let bytes = src.copy_to_bytes(src.remaining());
        grpc::transport::Reply::new(&self.0, bytes).map(Some).map_err(|e| Status::internal(e.to_string()))
    }
}
