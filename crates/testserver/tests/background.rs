//! A server on its own thread serves synchronous callers and stops on shutdown.

use crate::support;

use testserver::pb::quickpizza::{StatusRequest, grpc_client::GrpcClient};
use testserver::{ServerConfig, TestServer};

#[test]
fn background_server_serves_and_shuts_down() {
    let server = TestServer::start_in_background(ServerConfig::default()).unwrap();
    let addr = server.addr;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let mut client = GrpcClient::new(support::plaintext_channel(&server).await);
        assert!(client.status(StatusRequest {}).await.unwrap().into_inner().ready);
    });
    assert_eq!(server.requests().total(), 1);
    server.shutdown();
    // The port no longer accepts connections.
    assert!(std::net::TcpStream::connect(addr).is_err());
}
