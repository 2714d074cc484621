//! Unary calls on every service, and what the request log records about them.

use crate::support;

use std::collections::HashMap;

use testserver::methods::{ECHO_ECHO, QUICKPIZZA_RATE_PIZZA, ROUTE_GUIDE_GET_FEATURE};
use testserver::pb::legacy::{Legacy, Sub, legacy_svc_client::LegacySvcClient};
use testserver::pb::quickpizza::{PizzaRatingRequest, StatusRequest, grpc_client::GrpcClient};
use testserver::pb::routeguide::{Point, route_guide_client::RouteGuideClient};
use testserver::pb::stampede::test::v1::{
    EchoRequest, Kind, Nested, Payload, echo_client::EchoClient, payload::Choice,
};
use testserver::{FEATURES, ServerConfig, TestServer};

fn full_payload() -> Payload {
    let nested = Nested {
        text: "in".into(),
        num: 3,
        kind: Kind::Two as i32,
        child: Some(Box::new(Nested { text: "child".into(), ..Default::default() })),
    };
    Payload {
        f_double: 1.5,
        f_float: 0.25,
        f_int32: -5,
        f_int64: 9_007_199_254_740_993,
        f_uint32: u32::MAX,
        f_uint64: u64::MAX,
        f_sint32: -7,
        f_sint64: -8,
        f_fixed32: 9,
        f_fixed64: 10,
        f_sfixed32: -11,
        f_sfixed64: -12,
        f_bool: true,
        f_string: "héllo".into(),
        f_bytes: vec![0, 1, 0xff],
        kind: Kind::One as i32,
        nested: Some(nested.clone()),
        r_int32: vec![1, 2, 3],
        r_int64: vec![-1, i64::MAX],
        r_double: vec![0.5],
        r_bool: vec![true, false],
        r_string: vec!["a".into(), "b".into()],
        r_bytes: vec![vec![1], vec![]],
        r_kind: vec![Kind::Two as i32, 7],
        r_nested: vec![nested.clone()],
        m_string: HashMap::from([("k".into(), "v".into())]),
        m_int32: HashMap::from([(7, nested.clone())]),
        m_int64: HashMap::from([(-1, "neg".into())]),
        m_uint32: HashMap::from([(1, 2)]),
        m_uint64: HashMap::from([(u64::MAX, true)]),
        m_sint32: HashMap::from([(-3, 0.5)]),
        m_fixed64: HashMap::from([(4, vec![4])]),
        m_bool: HashMap::from([(true, "yes".into())]),
        m_kind: HashMap::from([("x".into(), Kind::One as i32)]),
        choice: Some(Choice::CNested(nested)),
        o_int32: Some(0),
        o_string: None,
        o_bool: Some(false),
        o_kind: Some(Kind::Two as i32),
        ts: Some(prost_types::Timestamp { seconds: 1_704_164_645, nanos: 123_456_789 }),
        dur: Some(prost_types::Duration { seconds: 1, nanos: 500_000_000 }),
        any: Some(prost_types::Any {
            type_url: "type.googleapis.com/stampede.test.v1.Nested".into(),
            value: vec![0x0a, 0x01, b'p'],
        }),
        w_double: Some(2.5),
        w_float: Some(1.0),
        w_int64: Some(123),
        w_uint64: Some(456),
        w_int32: Some(-1),
        w_uint32: Some(1),
        w_bool: Some(false),
        w_string: Some("wrapped".into()),
        w_bytes: Some(vec![9]),
        st: Some(prost_types::Struct {
            fields: std::collections::BTreeMap::from([(
                "a".into(),
                prost_types::Value { kind: Some(prost_types::value::Kind::NumberValue(1.0)) },
            )]),
        }),
        val: Some(prost_types::Value { kind: Some(prost_types::value::Kind::StringValue("v".into())) }),
        lv: Some(prost_types::ListValue {
            values: vec![prost_types::Value { kind: Some(prost_types::value::Kind::BoolValue(true)) }],
        }),
        fm: Some(prost_types::FieldMask { paths: vec!["a.b".into(), "c_d".into()] }),
        empty: Some(()),
        r_ts: vec![prost_types::Timestamp::default()],
        m_value: HashMap::from([(
            "n".into(),
            prost_types::Value { kind: Some(prost_types::value::Kind::NullValue(0)) },
        )]),
        json_named: 11,
    }
}

#[tokio::test]
async fn echo_returns_every_field_kind_unchanged() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let payload = full_payload();
    let reply = client.echo(EchoRequest { payload: Some(payload.clone()), control: None }).await.unwrap().into_inner();
    assert_eq!(reply.payload, Some(payload));
    assert_eq!(reply.method, ECHO_ECHO);
    assert_eq!(reply.seq, 0);
    assert!(reply.filler.is_empty());
    assert!(reply.peer.starts_with("127.0.0.1:"), "{}", reply.peer);
    assert_eq!(reply.deadline_remaining_s, -1.0);
}

#[tokio::test]
async fn echo_reports_the_request_metadata_and_deadline() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = EchoClient::new(support::plaintext_channel(&server).await);
    let mut request = tonic::Request::new(EchoRequest::default());
    request.metadata_mut().insert("x-req", "r".parse().unwrap());
    request.metadata_mut().insert_bin("x-data-bin", tonic::metadata::MetadataValue::from_bytes(&[1, 2, 0xfe]));
    request.set_timeout(std::time::Duration::from_secs(30));
    let reply = client.echo(request).await.unwrap().into_inner();
    assert_eq!(reply.metadata.get("x-req").map(String::as_str), Some("r"));
    assert_eq!(reply.metadata.get("x-data-bin").map(String::as_str), Some("hex:0102fe"));
    assert!(reply.deadline_remaining_s > 0.0 && reply.deadline_remaining_s <= 30.0);
}

#[tokio::test]
async fn quickpizza_rates_deterministically_and_is_ready() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = GrpcClient::new(support::plaintext_channel(&server).await);
    let request = PizzaRatingRequest { ingredients: vec!["cheese".into(), "tomato".into()], dough: "thin".into() };
    let first = client.rate_pizza(request.clone()).await.unwrap().into_inner();
    let second = client.rate_pizza(request).await.unwrap().into_inner();
    assert_eq!(first.stars_rating, 2);
    assert_eq!(second, first);
    assert!(client.status(StatusRequest {}).await.unwrap().into_inner().ready);
    assert_eq!(server.requests().count(QUICKPIZZA_RATE_PIZZA), 2);
}

#[tokio::test]
async fn route_guide_finds_known_features_only() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = RouteGuideClient::new(support::plaintext_channel(&server).await);
    let (lat, lon, name) = FEATURES[0];
    let found = client.get_feature(Point { latitude: lat, longitude: lon }).await.unwrap().into_inner();
    assert_eq!(found.name, name);
    let missing = client.get_feature(Point { latitude: 1, longitude: 2 }).await.unwrap().into_inner();
    assert_eq!(missing.name, "");
    assert_eq!(missing.location, Some(Point { latitude: 1, longitude: 2 }));
    assert_eq!(server.requests().count(ROUTE_GUIDE_GET_FEATURE), 2);
}

#[tokio::test]
async fn legacy_echoes_proto2_messages() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = LegacySvcClient::new(support::plaintext_channel(&server).await);
    let msg = Legacy { a: Some(1), b: None, req: 3, r: vec![4, 5], sub: Some(Sub { x: Some(6) }) };
    let reply = client.echo(msg.clone()).await.unwrap().into_inner();
    assert_eq!(reply, msg);
    assert_eq!(reply.b(), "dflt");
}

#[tokio::test]
async fn request_log_remembers_the_user_agent() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .user_agent("k6-test/1.0")
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = GrpcClient::new(channel);
    client.status(StatusRequest {}).await.unwrap();
    let last = server.requests().last_request().unwrap();
    assert_eq!(last.method, "/quickpizza.GRPC/Status");
    assert!(last.user_agent().unwrap().starts_with("k6-test/1.0"));
    assert_eq!(server.requests().total(), 1);
}

#[tokio::test]
async fn metadata_controls_fail_any_method() {
    let server = TestServer::start(ServerConfig::default()).await.unwrap();
    let mut client = GrpcClient::new(support::plaintext_channel(&server).await);
    let mut request = tonic::Request::new(StatusRequest {});
    request.metadata_mut().insert("x-fail-code", "14".parse().unwrap());
    request.metadata_mut().insert("x-fail-message", "down".parse().unwrap());
    request.metadata_mut().insert("x-sleep-ms", "5".parse().unwrap());
    let status = client.status(request).await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::Unavailable);
    assert_eq!(status.message(), "down");
}
