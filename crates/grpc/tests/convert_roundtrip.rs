//! The spec's verified echo of a request with (nearly) every field kind, in unary and stream form.

use crate::support;

use support::echo;

const EVERYTHING: &str = "probe.v1.Everything";

const FULL_REQUEST: &str = r#"{i32:-5, i64:'9007199254740993', u64:'18446744073709551615', s32:-7, f64:'42', fl:0.1, db:1.5, flag:true,
str:'héllo', raw:'AQID/w==', color:'GREEN', inner:{text:'in',num:3}, nums:[1,2,3], inners:[{text:'a'},{num:2}],
counts:{a:1,b:2}, byId:{'7':{text:'seven'}}, choiceMsg:{text:'chosen'}, ts:'2024-01-02T03:04:05.123456789Z',
dur:'1.5s', any:{'@type':'type.googleapis.com/probe.v1.Inner',text:'packed',num:9}, wstr:'wrapped', wi64:'123',
st:{a:1,b:[true,null,'x']}, val:3.25, lv:[1,'two'], fm:'a.b,cD', optI32:0, snakeCaseField:'camel', customJson:11,
colors:['RED',2,'COLOR_UNSPECIFIED'], empty:{}, wbool:false, u32:4294967295, ping:{text:'p',seq:5}, sf32:-1,
raws:['AA==','_-8']}"#;

#[test]
fn full_request_echoes_as_k6_prints_it() {
    let expected = concat!(
        r#"{"any":{"@type":"type.googleapis.com/probe.v1.Inner","num":9,"text":"packed"},"byId":{"7":{"num":0,"text":"seven"}},"#,
        r#""choiceMsg":{"num":0,"text":"chosen"},"color":"GREEN","colors":["RED","GREEN","COLOR_UNSPECIFIED"],"counts":{"a":1,"b":2},"#,
        r#""customJson":11,"db":1.5,"dur":"1.500s","empty":{},"f64":"42","fl":0.1,"flag":true,"fm":"a.b,cD","i32":-5,"#,
        r#""i64":"9007199254740993","inner":{"num":3,"text":"in"},"inners":[{"num":0,"text":"a"},{"num":2,"text":""}],"lv":[1,"two"],"#,
        r#""nums":[1,2,3],"optI32":0,"ping":{"seq":"5","text":"p"},"raw":"AQID/w==","raws":["AA==","/+8="],"s32":-7,"sf32":-1,"#,
        r#""snakeCaseField":"camel","st":{"a":1,"b":[true,null,"x"]},"str":"héllo","ts":"2024-01-02T03:04:05.123456789Z","#,
        r#""u32":4294967295,"u64":"18446744073709551615","val":3.25,"wbool":false,"wi64":"123","wstr":"wrapped"}"#
    );
    assert_eq!(echo(FULL_REQUEST, EVERYTHING, true), expected);
}

#[test]
fn empty_request_in_unary_mode_shows_every_non_oneof_field() {
    let expected = concat!(
        r#"{"any":null,"byId":{},"color":"COLOR_UNSPECIFIED","colors":[],"counts":{},"customJson":0,"db":0,"dur":null,"#,
        r#""empty":null,"f64":"0","fl":0,"flag":false,"fm":null,"i32":0,"i64":"0","inner":null,"inners":[],"lv":null,"#,
        r#""nums":[],"ping":null,"raw":"","raws":[],"s32":0,"sf32":0,"snakeCaseField":"","st":null,"str":"","ts":null,"#,
        r#""u32":0,"u64":"0","val":null,"wbool":null,"wi64":null,"wstr":null}"#
    );
    assert_eq!(echo("{}", EVERYTHING, true), expected);
}

#[test]
fn stream_mode_omits_defaults() {
    assert_eq!(echo("{}", EVERYTHING, false), "{}");
    assert_eq!(echo("{str:'msg-0', i32:0, nums:[], inner:null}", EVERYTHING, false), r#"{"str":"msg-0"}"#);
    assert_eq!(
        echo("{text:'echo:a', seq:1, big:'9007199254740993', color:'RED'}", "probe.v1.BidiMsg", false),
        r#"{"big":"9007199254740993","color":"RED","seq":1,"text":"echo:a"}"#
    );
    // A set oneof member and a set proto3 optional are present even at zero.
    assert_eq!(echo("{choiceNum:0, optI32:0}", EVERYTHING, false), r#"{"choiceNum":0,"optI32":0}"#);
}

#[test]
fn key_order_is_field_declaration_order() {
    let out = support::with_ctx(|ctx| {
        let msg =
            grpc::convert::js_to_message(&ctx, &support::eval(&ctx, "{str:'s', i32:1}"), &support::desc(EVERYTHING))
                .unwrap();
        let v =
            grpc::convert::message_to_js(&ctx, &msg, &grpc::convert::ToJsOptions { emit_unpopulated: false }).unwrap();
        ctx.json_stringify(v).unwrap().unwrap().to_string().unwrap()
    });
    assert_eq!(out, r#"{"i32":1,"str":"s"}"#);
}
