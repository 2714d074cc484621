//! Custom trailers on successful unary replies.
//!
//! tonic's unary handlers can only set response headers; their trailers always hold just
//! `grpc-status`. Tests need custom success trailers (k6 exposes them as
//! `response.trailers`), so a handler stores [`ExtraTrailers`] in the response extensions
//! and [`WithTrailers`], wrapped around the generated service, appends them to the trailers
//! frame of the HTTP/2 response.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::HeaderMap;
use http_body::{Body as HttpBody, Frame, SizeHint};
use tonic::Status;
use tonic::body::Body;
use tonic::metadata::MetadataMap;
use tonic::server::NamedService;

/// Trailers to append to a successful reply (put in `tonic::Response::extensions_mut`).
#[derive(Clone, Debug)]
pub(crate) struct ExtraTrailers(pub(crate) MetadataMap);

/// A generated tonic service whose replies may carry [`ExtraTrailers`].
#[derive(Clone, Debug)]
pub(crate) struct WithTrailers<S>(pub(crate) S);

impl<S: NamedService> NamedService for WithTrailers<S> {
    const NAME: &'static str = S::NAME;
}

impl<S, B> tower_service::Service<http::Request<B>> for WithTrailers<S>
where
    S: tower_service::Service<http::Request<B>, Response = http::Response<Body>, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let future = self.0.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            Ok(match response.extensions_mut().remove::<ExtraTrailers>() {
                None => response,
                Some(ExtraTrailers(extra)) => {
                    response.map(|inner| Body::new(TrailerBody { inner, extra: Some(extra.into_headers()) }))
                }
            })
        })
    }
}

/// Response body that merges extra headers into its trailers frame.
struct TrailerBody {
    inner: Body,
    extra: Option<HeaderMap>,
}

impl HttpBody for TrailerBody {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        let this = self.get_mut();
        let frame = ready!(Pin::new(&mut this.inner).poll_frame(cx));
        Poll::Ready(match frame {
            Some(Ok(frame)) => match frame.into_trailers() {
                Ok(mut trailers) => {
                    if let Some(extra) = this.extra.take() {
                        let mut last_key = None;
                        for (key, value) in extra {
                            if key.is_some() {
                                last_key = key;
                            }
                            if let Some(k) = &last_key {
                                trailers.append(k.clone(), value);
                            }
                        }
                    }
                    Some(Ok(Frame::trailers(trailers)))
                }
                Err(frame) => Some(Ok(frame)),
            },
            other => other,
        })
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
