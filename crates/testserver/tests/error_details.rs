//! Failures requested through `Control`: status code, message, rich details, trailers.

use crate::support;

use prost::Message as _;
use testserver::pb::google::rpc;
use testserver::pb::stampede::test::v1::{Control, DetailKind, EchoRequest, TestDetail, echo_client::EchoClient};
use testserver::{ServerConfig, TestServer, UNKNOWN_DETAIL_TYPE_URL};
use tonic::Code;

#[tokio::test]
async fn failure_carries_code_message_details_and_trailers() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let control = Control {
        status_code: Code::FailedPrecondition as i32,
        status_message: "précondition".into(),
        details: vec![
            DetailKind::ErrorInfo as i32,
            DetailKind::BadRequest as i32,
            DetailKind::TestDetail as i32,
            DetailKind::Unknown as i32,
        ],
        error_info: Some(rpc::ErrorInfo {
            reason: "QUOTA".into(),
            domain: "example.com".into(),
            metadata: [("k".to_owned(), "v".to_owned())].into(),
        }),
        trailers: [("x-t".to_owned(), "tv".to_owned())].into(),
        ..Default::default()
    };
    let status = client.echo(EchoRequest { payload: None, control: Some(control) }).await.unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert_eq!(status.message(), "précondition");
    assert_eq!(status.metadata().get("x-t").unwrap(), "tv");

    let details = rpc::Status::decode(status.details()).unwrap();
    assert_eq!(details.code, Code::FailedPrecondition as i32);
    assert_eq!(details.details.len(), 4);
    let info = rpc::ErrorInfo::decode(details.details[0].value.as_slice()).unwrap();
    assert_eq!(info.reason, "QUOTA");
    let bad = rpc::BadRequest::decode(details.details[1].value.as_slice()).unwrap();
    assert_eq!(bad.field_violations[0].description, "précondition");
    assert_eq!(details.details[2].type_url, "type.googleapis.com/stampede.test.v1.TestDetail");
    let custom = TestDetail::decode(details.details[2].value.as_slice()).unwrap();
    assert_eq!(custom.retry_after_ms, 250);
    assert_eq!(details.details[3].type_url, UNKNOWN_DETAIL_TYPE_URL);
}

#[tokio::test]
async fn plain_failure_has_no_details() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let status = client
        .echo(EchoRequest {
            payload: None,
            control: Some(Control { status_code: 5, status_message: "not here".into(), ..Default::default() }),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "not here");
    assert!(status.details().is_empty());
}
