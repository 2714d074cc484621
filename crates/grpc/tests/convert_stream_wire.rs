//! Stream replies decoded straight from their wire bytes (`stream_reply_to_js`) give exactly what
//! decoding into a `DynamicMessage` and rendering it in stream mode gives: the same keys in the same
//! order, the same values, the same decode failures — for every field kind, and for the
//! non-canonical encodings (repeated records, merges, out-of-order fields) that take the fallback.

use crate::support;

use grpc::convert::{ToJsOptions, js_to_message, message_to_js, stream_reply_to_js};
use prost::Message;
use prost_reflect::{DynamicMessage, MessageDescriptor};
use support::{desc, eval, pool, sorted_json, with_ctx};

const EVERYTHING: &str = "probe.v1.Everything";

/// `JSON.stringify` of the wire path's value (key order kept), or `ERR: <decode error>`.
fn wire(bytes: &[u8], desc: &MessageDescriptor) -> String {
    with_ctx(|ctx| match stream_reply_to_js(&ctx, bytes, desc).expect("no JS failure") {
        Ok(v) => ctx.json_stringify(v).expect("stringify").expect("a value").to_string().expect("utf-8"),
        Err(e) => format!("ERR: {e}"),
    })
}

/// The same through `DynamicMessage::decode` and `message_to_js` in stream mode.
fn reference(bytes: &[u8], desc: &MessageDescriptor) -> String {
    match DynamicMessage::decode(desc.clone(), bytes) {
        Err(e) => format!("ERR: {e}"),
        Ok(msg) => with_ctx(|ctx| {
            let v = message_to_js(&ctx, &msg, &ToJsOptions { emit_unpopulated: false }).expect("renders");
            ctx.json_stringify(v).expect("stringify").expect("a value").to_string().expect("utf-8")
        }),
    }
}

/// The wire bytes of request `src` as a message of type `name`.
fn encoded(src: &str, name: &str) -> Vec<u8> {
    let desc = desc(name);
    with_ctx(|ctx| {
        js_to_message(&ctx, &eval(&ctx, src), &desc).unwrap_or_else(|e| panic!("{src}: {e}")).encode_to_vec()
    })
}

fn assert_same(bytes: &[u8], name: &str) -> String {
    let desc = desc(name);
    let got = wire(bytes, &desc);
    assert_eq!(got, reference(bytes, &desc), "bytes {bytes:?}");
    got
}

#[test]
fn every_field_kind_renders_as_the_dynamic_message_path() {
    let cases = [
        r#"{i32:-5, i64:'9007199254740993', u64:'18446744073709551615', s32:-7, f64:'42', fl:0.1, db:1.5, flag:true,
        str:'héllo', raw:'AQID/w==', color:'GREEN', inner:{text:'in',num:3}, nums:[1,2,3], inners:[{text:'a'},{num:2}],
        counts:{b:2,a:1}, byId:{'7':{text:'seven'},'-1':{}}, choiceMsg:{text:'chosen'}, ts:'2024-01-02T03:04:05.123456789Z',
        dur:'1.5s', any:{'@type':'type.googleapis.com/probe.v1.Inner',text:'packed',num:9}, wstr:'wrapped', wi64:'123',
        st:{a:1,b:[true,null,'x']}, val:3.25, lv:[1,'two'], fm:'a.b,cD', optI32:0, snakeCaseField:'camel', customJson:11,
        colors:['RED',2,'COLOR_UNSPECIFIED'], empty:{}, wbool:false, u32:4294967295, ping:{text:'p',seq:5}, sf32:-1,
        raws:['AA==','_-8']}"#,
        "{}",
        "{i32: 0, str: '', flag: false, db: 0, i64: '0', raw: '', colors: [], counts: {}}",
        "{choiceStr: ''}",
        "{choiceNum: 0, optI32: 0}",
        "{inner: {}, inners: [{}, {}]}",
        "{fl: 'NaN', db: '-Infinity', color: 7}",
        "{any: {}, val: null, st: {}}",
    ];
    for src in cases {
        assert_same(&encoded(src, EVERYTHING), EVERYTHING);
    }
    let summary = "{count: 2, texts: ['a', '', 'ü'], metadata: {'b': '2', 'a': '', '': 'x'}, deadlineRemainingS: -1}";
    let got = assert_same(&encoded(summary, "probe.v1.StreamSummary"), "probe.v1.StreamSummary");
    assert_eq!(got, r#"{"count":2,"texts":["a","","ü"],"metadata":{"":"x","a":"","b":"2"},"deadlineRemainingS":-1}"#);
}

#[test]
fn recorded_k6_stream_messages_match() {
    let pool = pool();
    for line in include_str!("fixtures/convert/k6_echo_stream.jsonl").lines().filter(|l| !l.trim().is_empty()) {
        let (method, src, status, expected): (String, String, i32, String) = serde_json::from_str(line).unwrap();
        if status != 0 {
            continue;
        }
        let (service, name) = method.rsplit_once('/').unwrap();
        let method = pool.get_service_by_name(service).and_then(|s| s.methods().find(|m| m.name() == name)).unwrap();
        let got = with_ctx(|ctx| {
            let bytes = js_to_message(&ctx, &eval(&ctx, &src), &method.input()).unwrap().encode_to_vec();
            let v = stream_reply_to_js(&ctx, &bytes, &method.output()).unwrap().unwrap();
            sorted_json(&ctx, v)
        });
        assert_eq!(got, expected, "{src}");
    }
}

#[test]
fn non_canonical_encodings_merge_as_protobuf_does() {
    let cat = |a: &str, b: &str| [encoded(a, EVERYTHING), encoded(b, EVERYTHING)].concat();
    // A singular field twice (last wins), a message twice (merged), a repeated field split up.
    let got = assert_same(
        &cat("{i32: 1, inner: {text: 'a'}, nums: [1]}", "{i32: 2, inner: {num: 3}, nums: [2]}"),
        EVERYTHING,
    );
    assert_eq!(got, r#"{"i32":2,"inner":{"text":"a","num":3},"nums":[1,2]}"#);
    // Two members of one oneof: the last one stays.
    assert_eq!(assert_same(&cat("{choiceStr: 'x'}", "{choiceNum: 3}"), EVERYTHING), r#"{"choiceNum":3}"#);
    // Duplicate map keys: the last entry wins, keys sorted.
    let got = assert_same(&cat("{counts: {b: 1, a: 1}}", "{counts: {a: 5}}"), EVERYTHING);
    assert_eq!(got, r#"{"counts":{"a":5,"b":1}}"#);
    let summary = |src| encoded(src, "probe.v1.StreamSummary");
    let bytes = [summary("{metadata: {a: '1', c: '3'}}"), summary("{metadata: {a: '2', b: ''}}")].concat();
    assert_eq!(assert_same(&bytes, "probe.v1.StreamSummary"), r#"{"metadata":{"a":"2","b":"","c":"3"}}"#);
}

#[test]
fn hand_made_records_decode_as_protobuf_does() {
    let cases: [&[u8]; 9] = [
        // `nums` unpacked, and packed in two blocks.
        &[104, 1, 104, 2],
        &[106, 1, 7, 106, 2, 8, 9],
        // An empty packed block: no items, so no field.
        &[106, 0],
        // Explicit zero values of proto3 scalars are unpopulated.
        &[8, 0, 74, 0],
        // An unknown field (number 99, varint) between known ones.
        &[8, 1, 152, 6, 5, 74, 1, b'x'],
        // Fields out of number order.
        &[74, 1, b'x', 8, 1],
        // Invalid UTF-8 in a string, a truncated record, a wrong wire type.
        &[74, 1, 0xff],
        &[74, 5, b'x'],
        &[74 - 2, 1],
    ];
    for bytes in cases {
        assert_same(bytes, EVERYTHING);
    }
    assert_eq!(wire(&[106, 0], &desc(EVERYTHING)), "{}");
    assert!(wire(&[74, 1, 0xff], &desc(EVERYTHING)).starts_with("ERR: "));
}

#[test]
fn well_known_reply_types_render_whole() {
    let empty = pool().get_message_by_name("google.protobuf.Empty").unwrap();
    assert_eq!(wire(&encoded("{i32: 4}", EVERYTHING), &empty), "{}");
    let wrapper = pool().get_message_by_name("google.protobuf.StringValue").unwrap();
    assert_eq!(wire(&[10, 2, b'h', b'i'], &wrapper), r#""hi""#);
}
