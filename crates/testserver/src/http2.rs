//! The HTTP/2 serving loop: one hyper connection task per accepted connection, routing
//! requests to the gRPC services.
//!
//! tonic's transport server is not used because it cannot switch off hyper's automatic
//! `date` response header: that header would show up in k6's `response.headers` (and in
//! `trailers` for trailers-only replies) with a value changing every second, making outputs
//! of otherwise identical runs differ. Serving the connections here also lets each request
//! carry its connection's [`ConnInfo`] (peer address, kill switch) in its extensions.

use futures::{Stream, StreamExt as _};
use hyper::body::Incoming;
use hyper::server::conn::http2;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tonic::service::Routes;

use crate::conn::{Conn, ConnInfo};
use crate::size_limit;

/// Serves every connection `incoming` yields until it ends.
pub(crate) async fn serve(routes: Routes, incoming: impl Stream<Item = Conn>) {
    let routes = routes.prepare();
    let mut incoming = std::pin::pin!(incoming);
    while let Some(conn) = incoming.next().await {
        tokio::spawn(serve_connection(conn, routes.clone()));
    }
}

async fn serve_connection(conn: Conn, routes: Routes) {
    let info: ConnInfo = conn.info().clone();
    let service = hyper::service::service_fn(move |mut request: http::Request<Incoming>| {
        request.extensions_mut().insert(info.clone());
        let mut routes = routes.clone();
        async move {
            let mut response = tower_service::Service::call(&mut routes, request).await?;
            size_limit::rewrite(response.headers_mut());
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let mut builder = http2::Builder::new(TokioExecutor::new());
    builder.auto_date_header(false);
    // A connection ends with an error when the client vanishes or the kill switch fires;
    // either way there is nobody left to tell.
    let _ = builder.serve_connection(TokioIo::new(conn), service).await;
}
