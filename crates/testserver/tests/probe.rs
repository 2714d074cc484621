//! probe.v1.Probe and side.v1.Side: the services the k6 behaviour spec was recorded against.

use crate::support;

use futures::StreamExt as _;
use prost::Message as _;
use testserver::pb::common::v1::{ErrDetail, Ping};
use testserver::pb::google::rpc;
use testserver::pb::probe::v1::{
    BidiMsg, BigRequest, Everything, FailRequest, InfoRequest, StreamRequest, probe_client::ProbeClient,
};
use testserver::pb::side::v1::side_client::SideClient;
use testserver::{ServerConfig, TestServer};
use tonic::Code;

#[tokio::test]
async fn wrapper_methods_transform_their_input() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = ProbeClient::new(support::plaintext_channel(&server).await);
    assert_eq!(client.echo_string("John".to_owned()).await.unwrap().into_inner(), "hey John");
    assert_eq!(client.echo_int64(21).await.unwrap().into_inner(), 42);
    let ts = prost_types::Timestamp { seconds: 1_588_748_889, nanos: 0 };
    assert_eq!(client.echo_timestamp(ts).await.unwrap().into_inner(), ts);
    client.echo_empty(()).await.unwrap();
    let status = client.not_implemented(()).await.unwrap_err();
    assert_eq!(status.code(), Code::Unimplemented);
    let echoed = client.echo(Everything { str: "x".into(), ..Default::default() }).await.unwrap().into_inner();
    assert_eq!(echoed.str, "x");
}

#[tokio::test]
async fn fail_attaches_details_and_trailers() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = ProbeClient::new(support::plaintext_channel(&server).await);
    let status = client
        .fail(FailRequest {
            code: 9,
            message: "precond".into(),
            with_details: true,
            with_unknown_detail: true,
            trailers: [("x-t".to_owned(), "tv".to_owned())].into(),
            binary_trailer: true,
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert_eq!(status.metadata().get("x-t").unwrap(), "tv");
    assert_eq!(
        status.metadata().get_bin("x-bin-trailer-bin").unwrap().to_bytes().unwrap().as_ref(),
        [0x00, 0xff, 0x10]
    );
    let details = rpc::Status::decode(status.details()).unwrap();
    let detail = ErrDetail::decode(details.details[0].value.as_slice()).unwrap();
    assert_eq!(detail.reason, "because");
    assert_eq!(detail.retry_after_ms, 250);
    assert_eq!(details.details[1].type_url, "type.googleapis.com/unknown.v1.Mystery");
}

#[tokio::test]
async fn info_and_big_report_the_request() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = ProbeClient::new(support::plaintext_channel(&server).await);
    let mut request = tonic::Request::new(InfoRequest {
        headers: [("x-h".to_owned(), "hv".to_owned())].into(),
        trailers: [("x-t".to_owned(), "tv".to_owned())].into(),
        binary_header: true,
        ..Default::default()
    });
    request.metadata_mut().insert("x-req", "r".parse().unwrap());
    let response = client.info(request).await.unwrap();
    assert_eq!(response.metadata().get("x-h").unwrap(), "hv");
    assert_eq!(response.metadata().get("x-t").unwrap(), "tv");
    assert!(response.metadata().get_bin("x-bin-header-bin").is_some());
    let info = response.into_inner();
    assert_eq!(info.method, "/probe.v1.Probe/Info");
    assert_eq!(info.metadata.get("x-req").map(String::as_str), Some("r"));
    assert_eq!(info.deadline_remaining_s, -1.0);

    let big = client.big(BigRequest { size: 2048, payload: vec![0; 10] }).await.unwrap().into_inner();
    assert_eq!(big.payload.len(), 2048);
    assert_eq!(big.received, 10);
}

#[tokio::test]
async fn streams_follow_the_probe_conventions() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = ProbeClient::new(support::plaintext_channel(&server).await);
    let mut stream = client
        .server_stream(StreamRequest {
            count: 2,
            fail_code: 13,
            fail_message: "internal!".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let first = stream.message().await.unwrap().unwrap();
    assert_eq!((first.str.as_str(), first.i32), ("msg-0", 0));
    let second = stream.message().await.unwrap().unwrap();
    assert_eq!((second.str.as_str(), second.i32), ("msg-1", 1));
    let status = stream.message().await.unwrap_err();
    assert_eq!((status.code(), status.message()), (Code::Internal, "internal!"));

    let texts = futures::stream::iter(["a", "b"].map(|t| Everything { str: t.into(), ..Default::default() }));
    let summary = client.client_stream(texts).await.unwrap().into_inner();
    assert_eq!(summary.count, 2);
    assert_eq!(summary.texts, ["a", "b"]);

    let msgs = futures::stream::iter(vec![
        BidiMsg { text: "a".into(), seq: 1, big: 9_007_199_254_740_993, ..Default::default() },
        BidiMsg { text: "b".into(), seq: 2, close: true, ..Default::default() },
    ])
    .chain(futures::stream::pending());
    let replies: Vec<_> = client.bidi(msgs).await.unwrap().into_inner().map(|r| r.unwrap()).collect().await;
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[0].text, "echo:a");
    assert_eq!(replies[0].big, 9_007_199_254_740_993);
    assert_eq!(replies[1].seq, 2);
}

#[tokio::test]
async fn side_ping_echoes() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = SideClient::new(support::plaintext_channel(&server).await);
    let ping = Ping { text: "p".into(), seq: 5 };
    assert_eq!(client.ping(ping.clone()).await.unwrap().into_inner(), ping);
}
