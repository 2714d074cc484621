//! Unary end-of-call actions requested through `Control`: cancel, hang.

use crate::support;

use testserver::pb::stampede::test::v1::{Control, EchoRequest, echo_client::EchoClient};
use testserver::{ServerConfig, TestServer};
use tonic::Code;

#[tokio::test]
async fn cancel_action_returns_cancelled() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let status = client
        .echo(EchoRequest {
            payload: None,
            control: Some(Control {
                action: testserver::pb::stampede::test::v1::Action::Cancel as i32,
                ..Default::default()
            }),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Cancelled);
}

#[tokio::test]
async fn hang_ends_at_the_client_deadline() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let mut request = tonic::Request::new(EchoRequest {
        payload: None,
        control: Some(Control {
            action: testserver::pb::stampede::test::v1::Action::Hang as i32,
            ..Default::default()
        }),
    });
    request.set_timeout(std::time::Duration::from_millis(200));
    let status = client.echo(request).await.unwrap_err();
    assert!(matches!(status.code(), Code::DeadlineExceeded | Code::Cancelled), "{status:?}");
}
