//! Unary replies are checked on arrival and decoded only when read: a reply is accepted exactly
//! when protobuf decoding accepts it, and reads back as what decoding gives.

use bytes::Bytes;
use grpc::transport::Reply;
use prost::Message;
use prost_reflect::{DynamicMessage, MessageDescriptor, ReflectMessage};

use crate::transport_support::{desc, echo_pool, json, message};

/// A reply with every field kind of the kitchen-sink payload set.
const RICH: &str = r#"{"payload": {
    "fDouble": 1.5, "fFloat": 2.5, "fInt32": -3, "fInt64": "-4", "fUint32": 5, "fUint64": "6",
    "fSint32": -7, "fSint64": "-8", "fFixed32": 9, "fFixed64": "10", "fSfixed32": -11, "fSfixed64": "-12",
    "fBool": true, "fString": "héllo", "fBytes": "AQID", "kind": "KIND_ONE", "nested": {"text": "n", "num": 7},
    "rInt32": [1, -2, 300], "rInt64": ["1", "-2"], "rDouble": [0.5, 1e300], "rBool": [true, false],
    "rString": ["a", ""], "rBytes": ["AA=="], "rKind": ["KIND_ONE", "KIND_TWO"], "rNested": [{"text": "x"}, {}],
    "mString": {"a": "b", "": "e"}, "mInt32": {"-1": {"num": 2}}, "mInt64": {"9": "nine"}, "mUint32": {"3": "4"},
    "mUint64": {"5": true}, "mSint32": {"-6": 0.25}, "mFixed64": {"7": "AQ=="}, "mBool": {"true": "t"},
    "mKind": {"k": "KIND_TWO"}, "cString": "chosen"}}"#;

/// `Reply::new` must agree with protobuf decoding on every input.
fn assert_agrees(desc: &MessageDescriptor, bytes: &[u8]) -> bool {
    let decoded = DynamicMessage::decode(desc.clone(), bytes);
    match Reply::new(desc, Bytes::copy_from_slice(bytes)) {
        Ok(reply) => {
            let expected = decoded.unwrap_or_else(|e| panic!("accepted {bytes:?}, which protobuf refuses: {e}"));
            let read = reply.message().expect("an accepted reply decodes when read");
            assert_eq!(json(&read), json(&expected), "reads back as decoded: {bytes:?}");
            true
        }
        Err(e) => {
            let refused = decoded.expect_err("refused only what protobuf refuses");
            assert_eq!(e.to_string(), refused.to_string(), "with protobuf's own error text");
            false
        }
    }
}

#[test]
fn a_reply_with_every_field_kind_reads_back_whole() {
    let pool = echo_pool();
    let reply = message(&pool, "EchoResponse", RICH);
    let bytes = reply.encode_to_vec();
    assert!(assert_agrees(&reply.descriptor(), &bytes));
    let read = Reply::new(&reply.descriptor(), Bytes::from(bytes)).unwrap().message().unwrap();
    assert_eq!(json(&read)["payload"]["mString"]["a"], "b");
    assert_eq!(json(&read)["payload"]["fString"], "héllo");
}

#[test]
fn malformed_replies_are_refused_with_protobufs_error() {
    let pool = echo_pool();
    let desc = desc(&pool, "Payload");
    let cases: &[&[u8]] = &[
        &[0x72, 0x05, b'a'],       // f_string longer than what follows
        &[0x72, 0x02, 0xff, 0xfe], // f_string not UTF-8
        &[0x70, 0x01],             // f_string sent as a varint
        &[0x18],                   // f_int32 without its value
        &[0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // varint too long
        &[0x00, 0x01],             // field number 0
        &[0x8a, 0x01, 0x03, 0x0a, 0x05], // nested message cut short
        &[0x1f],                   // wire type 7
        &[0xa3, 0x01],             // a group where none is declared
    ];
    for bytes in cases {
        assert!(!assert_agrees(&desc, bytes), "{bytes:?} is refused");
    }
}

#[test]
fn unusual_but_valid_encodings_are_accepted() {
    let pool = echo_pool();
    let desc = desc(&pool, "Payload");
    let cases: &[&[u8]] = &[
        &[],
        &[0xa0, 0x01, 0x01, 0xa0, 0x01, 0x02],       // r_int32 unpacked
        &[0xa2, 0x01, 0x03, 0x01, 0x02, 0x03],       // r_int32 packed
        &[0x18, 0x01, 0x18, 0x02],                   // a singular field twice: the last wins
        &[0xf8, 0x07, 0x05],                         // unknown varint field 127
        &[0xfa, 0x07, 0x02, 0x01, 0x02],             // unknown length-delimited field
        &[0xfb, 0x07, 0xfc, 0x07],                   // unknown group (decoded at once)
        &[0xf2, 0x01, 0x04, 0x0a, 0x00, 0x12, 0x00], // m_string entry with empty key and value
        &[0xf2, 0x01, 0x02, 0x1a, 0x00],             // m_string entry with an unknown field
    ];
    for bytes in cases {
        assert!(assert_agrees(&desc, bytes), "{bytes:?} is accepted");
    }
}

/// Every single-byte change, and every cut, of a rich reply: accepted exactly when protobuf accepts it.
#[test]
fn every_corruption_of_a_reply_gets_protobufs_verdict() {
    let pool = echo_pool();
    let reply = message(&pool, "EchoResponse", RICH);
    let desc = reply.descriptor();
    let bytes = reply.encode_to_vec();
    let mut accepted = 0;
    let mut refused = 0;
    for cut in 0..bytes.len() {
        let verdict = assert_agrees(&desc, &bytes[..cut]);
        if verdict { accepted += 1 } else { refused += 1 }
    }
    for i in 0..bytes.len() {
        for value in [0x00, 0x01, 0x07, 0x0a, 0x7f, 0x80, 0xc3, 0xff, bytes[i] ^ 0x08] {
            let mut changed = bytes.clone();
            changed[i] = value;
            if assert_agrees(&desc, &changed) { accepted += 1 } else { refused += 1 }
        }
    }
    assert!(accepted > 100 && refused > 100, "both verdicts are exercised: {accepted} accepted, {refused} refused");
}
