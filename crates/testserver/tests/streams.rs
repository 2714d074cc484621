//! Every streaming kind: RouteGuide's classic streams and the Echo service's controllable
//! stream endings (status, cancel, hang, die).

use crate::support;

use std::time::Duration;

use futures::StreamExt as _;
use testserver::methods::ECHO_BIDI;
use testserver::pb::routeguide::{Point, Rectangle, RouteNote, route_guide_client::RouteGuideClient};
use testserver::pb::stampede::test::v1::{
    Action, Control, EchoRequest, Payload, StreamRequest, echo_client::EchoClient,
};
use testserver::{FEATURES, ServerConfig, TestServer};
use tonic::Code;

fn point(lat: i32, lon: i32) -> Point {
    Point { latitude: lat, longitude: lon }
}

fn text_request(text: &str, control: Option<Control>) -> EchoRequest {
    EchoRequest { payload: Some(Payload { f_string: text.into(), ..Default::default() }), control }
}

#[tokio::test]
async fn route_guide_streams() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = RouteGuideClient::new(support::plaintext_channel(&server).await);

    let all = Rectangle { lo: Some(point(400_000_000, -750_000_000)), hi: Some(point(420_000_000, -730_000_000)) };
    let mut features = client.list_features(all).await.unwrap().into_inner();
    let mut names = Vec::new();
    while let Some(f) = features.message().await.unwrap() {
        names.push(f.name);
    }
    assert_eq!(names.len(), FEATURES.len());

    let (lat0, lon0, _) = FEATURES[0];
    let (lat1, lon1, _) = FEATURES[1];
    let route = futures::stream::iter(vec![point(lat0, lon0), point(1, 1), point(lat1, lon1)]);
    let summary = client.record_route(route).await.unwrap().into_inner();
    assert_eq!(summary.point_count, 3);
    assert_eq!(summary.feature_count, 2);
    assert!(summary.distance > 0);

    let note = |msg: &str| RouteNote { location: Some(point(5, 5)), message: msg.into() };
    let notes = futures::stream::iter(vec![note("first"), note("second")]);
    let replies: Vec<_> =
        client.route_chat(notes).await.unwrap().into_inner().map(|r| r.unwrap().message).collect().await;
    assert_eq!(replies, ["first"]);
}

#[tokio::test]
async fn server_stream_sends_count_messages_then_ends_ok() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let replies: Vec<_> = client
        .server_stream(StreamRequest {
            count: 3,
            interval_ms: 1,
            payload: Some(Payload { f_string: "s".into(), ..Default::default() }),
            control: None,
        })
        .await
        .unwrap()
        .into_inner()
        .collect()
        .await;
    let seqs: Vec<_> = replies.into_iter().map(|r| r.unwrap().seq).collect();
    assert_eq!(seqs, [0, 1, 2]);
}

#[tokio::test]
async fn server_stream_ends_with_requested_status() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let mut stream = client
        .server_stream(StreamRequest {
            count: 2,
            control: Some(Control {
                status_code: Code::Internal as i32,
                status_message: "internal!".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(stream.message().await.unwrap().is_some());
    assert!(stream.message().await.unwrap().is_some());
    let status = stream.message().await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(status.message(), "internal!");
}

#[tokio::test]
async fn server_stream_cancel_returns_cancelled() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let mut stream = client
        .server_stream(StreamRequest {
            count: 1,
            control: Some(Control { action: Action::Cancel as i32, ..Default::default() }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(stream.message().await.unwrap().is_some());
    assert_eq!(stream.message().await.unwrap_err().code(), Code::Cancelled);
}

#[tokio::test]
async fn hanging_stream_only_ends_at_the_client_deadline() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let mut request = tonic::Request::new(StreamRequest {
        count: 1,
        control: Some(Control { action: Action::Hang as i32, ..Default::default() }),
        ..Default::default()
    });
    request.set_timeout(Duration::from_millis(300));
    let mut stream = client.server_stream(request).await.unwrap().into_inner();
    assert!(stream.message().await.unwrap().is_some());
    let err = stream.message().await.unwrap_err();
    assert!(matches!(err.code(), Code::DeadlineExceeded | Code::Cancelled), "{err:?}");
}

#[tokio::test]
async fn die_drops_the_connection_mid_stream() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let mut stream = client
        .server_stream(StreamRequest {
            count: 1,
            control: Some(Control { action: Action::Die as i32, ..Default::default() }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(stream.message().await.unwrap().is_some());
    let err = stream.message().await.unwrap_err();
    assert_ne!(err.code(), Code::Ok);
    // The server itself keeps serving new connections.
    let mut fresh = EchoClient::new(support::plaintext_channel(&server).await);
    fresh.echo(EchoRequest::default()).await.unwrap();
}

#[tokio::test]
async fn client_stream_counts_until_half_close() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let requests =
        futures::stream::iter(vec![text_request("a", None), text_request("b", None), text_request("c", None)]);
    let summary = client.client_stream(requests).await.unwrap().into_inner();
    assert_eq!(summary.count, 3);
    assert_eq!(summary.texts, ["a", "b", "c"]);
    assert!(summary.payload_bytes > 0);
}

#[tokio::test]
async fn client_stream_fails_at_a_control_status() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let fail =
        Control { status_code: Code::ResourceExhausted as i32, status_message: "enough".into(), ..Default::default() };
    let requests = futures::stream::iter(vec![text_request("a", None), text_request("b", Some(fail))]);
    let status = client.client_stream(requests).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert_eq!(status.message(), "enough");
}

#[tokio::test]
async fn bidi_echoes_each_message_and_finishes_on_request() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let finish = Control { action: Action::Finish as i32, ..Default::default() };
    // The third message is never read: the server finishes after the second.
    let requests = futures::stream::iter(vec![text_request("one", None), text_request("two", Some(finish))])
        .chain(futures::stream::pending());
    let replies: Vec<_> = client
        .bidi(requests)
        .await
        .unwrap()
        .into_inner()
        .map(|r| {
            let r = r.unwrap();
            (r.seq, r.payload.unwrap().f_string)
        })
        .collect()
        .await;
    assert_eq!(replies, [(0, "one".to_owned()), (1, "two".to_owned())]);
    assert_eq!(server.requests().count(ECHO_BIDI), 1);
}

#[tokio::test]
async fn bidi_ends_when_the_client_half_closes() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let requests = futures::stream::iter(vec![text_request("x", None)]);
    let replies: Vec<_> = client.bidi(requests).await.unwrap().into_inner().collect().await;
    assert_eq!(replies.len(), 1);
    assert!(replies[0].is_ok());
}
