//! Dialer and TLS options: how k6 normalises them (`tlsVersion` string → `{min, max}`, unknown
//! system tags dropped and the rest sorted, percentages in segments as fractions) and which
//! values it rejects while decoding. Expected values are k6 v1.1.0 `inspect` output.

use engine::inspect::inspect_json;
use engine::options::{decode_options, parse_env};
use serde_json::json;

#[test]
fn renders_like_k6() {
    let d = decode_options(&json!({
        "tlsVersion": "tls1.2", "dns": {"ttl": "5000", "select": "first"}, "executionSegment": "50%",
        "executionSegmentSequence": "0,50%,1", "blockHostnames": ["*.a.com"], "hosts": {"a.com": "1.2.3.4:80"},
        "systemTags": ["url", "vu", "bogus"], "summaryTrendStats": ["avg"], "tlsCipherSuites": ["TLS_AES_128_GCM_SHA256"],
        "ext": {"loadimpact": {"name": "x"}}, "userAgent": "", "httpDebug": "full", "minIterationDuration": 0,
        "paused": false, "throw": true
    }))
    .unwrap();
    let expected = r#"{"paused":false,"vus":null,"duration":null,"iterations":null,"stages":null,"scenarios":null,"executionSegment":"0:1/2","executionSegmentSequence":"0,1/2,1","noSetup":null,"setupTimeout":null,"noTeardown":null,"teardownTimeout":null,"rps":null,"dns":{"ttl":"5000","select":"first","policy":null},"maxRedirects":null,"userAgent":"","batch":null,"batchPerHost":null,"httpDebug":"full","insecureSkipTLSVerify":null,"tlsCipherSuites":["TLS_AES_128_GCM_SHA256"],"tlsVersion":{"min":"tls1.2","max":"tls1.2"},"tlsAuth":null,"throw":true,"thresholds":null,"blacklistIPs":null,"blockHostnames":["*.a.com"],"hosts":{"a.com":"1.2.3.4:80"},"noConnectionReuse":null,"noVUConnectionReuse":null,"minIterationDuration":"0s","ext":{"loadimpact":{"name":"x"}},"summaryTrendStats":["avg"],"summaryTimeUnit":null,"systemTags":["url","vu"],"tags":null,"metricSamplesBufferSize":null,"noCookiesReset":null,"discardResponseBodies":null}"#;
    assert_eq!(serde_json::to_string(&inspect_json(&d.options)).unwrap(), expected);
}

#[test]
fn rejects_like_k6() {
    let cases = [
        (
            json!({"tlsVersion": "tls1.9"}),
            "parsing options from script got error while parsing \"\\\"tlsVersion\\\":\": json: cannot unmarshal string into Go struct field Options.tlsVersion of type lib.tlsVersionsFields",
        ),
        (json!({"tlsCipherSuites": ["bogus"]}), "unknown cipher suite 'bogus'"),
        (json!({"blockHostnames": ["a.*.com"]}), "invalid hostname pattern 'a.*.com'"),
        (
            json!({"hosts": {"a.com": 5}}),
            "parsing options from script got error while parsing \"\": json: cannot unmarshal number into Go struct field Options.hosts of type string",
        ),
        (json!({"dns": {"select": "x"}}), "x does not belong to DNSSelect values"),
        (json!({"dns": {"ttl": 5000}}), "json: cannot unmarshal float64 into Go value of type null.String"),
    ];
    for (v, text) in cases {
        let err = decode_options(&v).unwrap_err();
        assert_eq!(err.to_string(), text, "{v}");
        assert_eq!(err.exit_code(), 104);
    }
    assert!(decode_options(&json!({"blockHostnames": ["é*"]})).is_err());
}

#[test]
fn env_forms() {
    let env = parse_env([
        ("K6_TLS_VERSION", "tls1.3"),
        ("K6_SYSTEM_TAGS", "url,bogus,status"),
        ("K6_DNS", "ttl=1m,policy=onlyIPv4"),
    ])
    .unwrap();
    assert_eq!(env.options.tls_version, Some(json!({"min": "tls1.3", "max": "tls1.3"})));
    assert_eq!(env.options.system_tags, Some(vec!["status".to_string(), "url".to_string()]));
    assert_eq!(env.options.dns.policy.as_deref(), Some("onlyIPv4"));
    assert!(parse_env([("K6_DNS", "select=nope")]).is_err());
}
