//! The tower service tonic's client runs on: one hyper HTTP/2 connection, no pooling, no
//! reconnects (k6 makes one connection per `connect`). It also stamps the `user-agent`, which k6
//! users cannot override through metadata.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::header::{HeaderValue, USER_AGENT};
use hyper::body::Incoming;
use hyper::client::conn::http2::SendRequest;
use tonic::body::Body;

/// A cloneable handle that sends requests on one HTTP/2 connection.
#[derive(Clone)]
pub(crate) struct H2Service {
    sender: SendRequest<Body>,
    user_agent: HeaderValue,
}

impl H2Service {
    pub(crate) fn new(sender: SendRequest<Body>, user_agent: HeaderValue) -> Self {
        Self { sender, user_agent }
    }
}

impl tower_service::Service<http::Request<Body>> for H2Service {
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
