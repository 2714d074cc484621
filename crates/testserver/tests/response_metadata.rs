//! Response headers and trailers on successful unary calls: custom, binary and echoed.

use crate::support;

use testserver::pb::stampede::test::v1::{Control, EchoRequest, StreamRequest, echo_client::EchoClient};
use testserver::{ServerConfig, TestServer};
use tonic::metadata::MetadataValue;

#[tokio::test]
async fn custom_headers_and_trailers_arrive_on_success() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let control = Control {
        headers: [("x-h".to_owned(), "hv".to_owned())].into(),
        trailers: [("x-t".to_owned(), "tv".to_owned())].into(),
        binary_headers: [("x-hb-bin".to_owned(), vec![1, 2, 0xfe])].into(),
        binary_trailers: [("x-tb-bin".to_owned(), vec![0, 0xff])].into(),
        ..Default::default()
    };
    let response = client.echo(EchoRequest { payload: None, control: Some(control) }).await.unwrap();
    let headers = response.metadata();
    assert_eq!(headers.get("x-h").unwrap(), "hv");
    assert_eq!(headers.get_bin("x-hb-bin").unwrap().to_bytes().unwrap().as_ref(), [1, 2, 0xfe]);
    // tonic merges a unary reply's trailers into its metadata.
    assert_eq!(headers.get("x-t").unwrap(), "tv");
    assert_eq!(headers.get_bin("x-tb-bin").unwrap().to_bytes().unwrap().as_ref(), [0, 0xff]);
}

#[tokio::test]
async fn server_stream_ends_with_custom_trailers() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let control = Control {
        headers: [("x-h".to_owned(), "hv".to_owned())].into(),
        trailers: [("x-t".to_owned(), "tv".to_owned())].into(),
        binary_trailers: [("x-tb-bin".to_owned(), vec![0, 0xff])].into(),
        ..Default::default()
    };
    let response =
        client.server_stream(StreamRequest { count: 1, control: Some(control), ..Default::default() }).await.unwrap();
    assert_eq!(response.metadata().get("x-h").unwrap(), "hv");
    let mut stream = response.into_inner();
    let mut received = 0;
    while stream.message().await.unwrap().is_some() {
        received += 1;
    }
    assert_eq!(received, 1);
    let trailers = stream.trailers().await.unwrap().unwrap();
    assert_eq!(trailers.get("x-t").unwrap(), "tv");
    assert_eq!(trailers.get_bin("x-tb-bin").unwrap().to_bytes().unwrap().as_ref(), [0, 0xff]);
}

#[tokio::test]
async fn echo_metadata_copies_request_metadata_to_headers() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let mut request = tonic::Request::new(EchoRequest {
        payload: None,
        control: Some(Control { echo_metadata: true, ..Default::default() }),
    });
    request.metadata_mut().insert("x-req", "r".parse().unwrap());
    request.metadata_mut().insert_bin("x-data-bin", MetadataValue::from_bytes(&[7, 8]));
    let response = client.echo(request).await.unwrap();
    assert_eq!(response.metadata().get("x-req").unwrap(), "r");
    assert_eq!(response.metadata().get_bin("x-data-bin").unwrap().to_bytes().unwrap().as_ref(), [7, 8]);
    assert!(response.metadata().get("user-agent").is_none());
}

#[tokio::test]
async fn no_date_header_so_outputs_are_reproducible() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let ok = client.echo(EchoRequest::default()).await.unwrap();
    assert!(ok.metadata().get("date").is_none());
    let failed = client
        .echo(EchoRequest { payload: None, control: Some(Control { status_code: 5, ..Default::default() }) })
        .await
        .unwrap_err();
    assert!(failed.metadata().get("date").is_none());
}

#[tokio::test]
async fn response_bytes_sets_filler_size() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let reply = client
        .echo(EchoRequest { payload: None, control: Some(Control { response_bytes: 1000, ..Default::default() }) })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reply.filler.len(), 1000);
}

#[tokio::test]
async fn invalid_header_key_is_rejected() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let status = client
        .echo(EchoRequest {
            payload: None,
            control: Some(Control { binary_headers: [("no-suffix".to_owned(), vec![1])].into(), ..Default::default() }),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
}
