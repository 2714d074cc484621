//! `k6/crypto` and the `crypto` global against outputs captured from k6 v1.1.0.

use rquickjs::{Context, Runtime};

/// Runs `body` with `crypto` bound to the module object (the global `crypto` object is
/// installed too, reachable as `globalThis.webcrypto`) and returns the printed lines.
fn run(body: &str) -> Vec<String> {
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        script::modules::crypto::install_globals(&ctx).unwrap();
        let global: rquickjs::Value<'_> = ctx.globals().get("crypto").unwrap();
        ctx.globals().set("webcrypto", global).unwrap();
        let module = script::modules::crypto::build(&ctx).unwrap();
        ctx.globals().set("k6crypto", module).unwrap();
        let prelude = r#"
            var lines = [];
            var crypto = k6crypto;
            function show(r) { return r instanceof ArrayBuffer ? 'AB[' + new Uint8Array(r).join(',') + ']' : r; }
            function t(label, f) {
              try { var r = f(); lines.push(label + ' ' + typeof r + ' ' + show(r)); }
              catch (e) { lines.push(label + ' THROW ' + String(e)); }
            }
        "#;
        ctx.eval::<(), _>(format!("{prelude}\n{body}")).unwrap();
        ctx.eval::<Vec<String>, _>("lines").unwrap()
    })
}

fn check(body: &str, expected: &str) {
    let got: Vec<String> = run(body).into_iter().map(|l| l.trim_end().to_owned()).collect();
    let want: Vec<&str> = expected.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(got, want);
}

#[test]
fn exports_match_k6() {
    check(
        "lines.push(Object.keys(crypto).sort().join(','))",
        "createHMAC,createHash,hexEncode,hmac,md4,md5,randomBytes,ripemd160,sha1,sha256,sha384,sha512,sha512_224,sha512_256",
    );
}

#[test]
fn one_shot_digests_and_encodings() {
    check(
        r#"
        for (const a of ['md4','md5','sha1','sha256','sha384','sha512','sha512_224','sha512_256','ripemd160']) {
          t(a, () => crypto[a]('hello', 'hex'));
        }
        t('b64', () => crypto.sha256('hello', 'base64'));
        t('b64url', () => crypto.sha256('hello?', 'base64url'));
        t('b64rawurl', () => crypto.sha256('hello?', 'base64rawurl'));
        t('bin', () => crypto.md5('hello', 'binary'));
        t('ab', () => crypto.md5(new Uint8Array([1,2]).buffer, 'hex'));
        t('u8', () => crypto.md5(new Uint8Array([1,2]), 'hex'));
        t('hexdigest', () => crypto.sha1('', 'hex'));
        t('s1', () => crypto.sha256('hello', 'hex', 'extra'));
        "#,
        "
        md4 string 866437cb7a794bce2b727acc0362ee27
        md5 string 5d41402abc4b2a76b9719d911017c592
        sha1 string aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d
        sha256 string 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
        sha384 string 59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f
        sha512 string 9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043
        sha512_224 string fe8509ed1fb7dcefc27e6ac1a80eddbec4cb3d2c6fe565244374061c
        sha512_256 string e30d87cfa2a75db545eac4d61baf970366a8357c7f72fa95b52d0accb698f13a
        ripemd160 string 108f07b8382412612c048d07d13f814118445acd
        b64 string LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=
        b64url string tFz2Rmny-NpsbMLbAynsGjfQZ7mrdkDAKc_UTrS_koo=
        b64rawurl string tFz2Rmny-NpsbMLbAynsGjfQZ7mrdkDAKc_UTrS_koo
        bin object AB[93,65,64,42,188,75,42,118,185,113,157,145,16,23,197,146]
        ab string 0cb988d042a7f28dd5fe2b55b3f5ac7a
        u8 string 0cb988d042a7f28dd5fe2b55b3f5ac7a
        hexdigest string da39a3ee5e6b4b0d3255bfef95601890afd80709
        s1 string 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
        ",
    );
}

#[test]
fn digest_errors_match_k6() {
    check(
        r#"
        t('bogus', () => crypto.md5('hello', 'bogus'));
        t('noenc', () => crypto.md5('hello'));
        t('num', () => crypto.md5(12, 'hex'));
        t('null', () => crypto.md5(null, 'hex'));
        t('obj', () => crypto.md5({}, 'hex'));
        t('s2', () => crypto.sha256(new Int16Array([1]), 'hex'));
        "#,
        "
        bogus THROW GoError: invalid output encoding: bogus
        noenc THROW GoError: invalid output encoding:
        num THROW GoError: md5 failed: invalid type int64, expected string, []byte or ArrayBuffer
        null THROW GoError: md5 failed: invalid type <nil>, expected string, []byte or ArrayBuffer
        obj THROW GoError: md5 failed: invalid type map[string]interface {}, expected string, []byte or ArrayBuffer
        s2 THROW GoError: sha256 failed: invalid type []int16, expected string, []byte or ArrayBuffer
        ",
    );
}

#[test]
fn hmac_matches_k6() {
    check(
        r#"
        t('hmac', () => crypto.hmac('sha256', 'key', 'data', 'hex'));
        t('hmac-ab', () => crypto.hmac('sha256', new Uint8Array([1]).buffer, new Uint8Array([2]).buffer, 'base64'));
        t('hmac-bad', () => crypto.hmac('sha3', 'key', 'data', 'hex'));
        t('hmac-md4', () => crypto.hmac('md4', 'key', 'data', 'hex'));
        t('hmac-ripemd', () => crypto.hmac('ripemd160', 'key', 'data', 'hex'));
        t('hmac-SHA256', () => crypto.hmac('SHA256', 'key', 'data', 'hex'));
        t('h1', () => crypto.hmac('sha256', 'key', 12, 'hex'));
        t('h2', () => crypto.hmac('sha256', 12, 'data', 'hex'));
        t('h3', () => crypto.hmac('sha256', 'key', 'data', 'bogus'));
        t('h5', () => crypto.hmac('sha256', 'key', 'data', 'binary').byteLength);
        t('h6', () => crypto.hmac('sha256', null, 'data', 'hex'));
        "#,
        "
        hmac string 5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0
        hmac-ab string bDToT1fUqZQMlisVKs+9KPtvePIJDKHc4EHDagfNV+4=
        hmac-bad THROW GoError: invalid algorithm: sha3
        hmac-md4 string c2652d1b2872572984742fe9fcfa2a56
        hmac-ripemd string ce21db67993ef780d55c61bde46dcf53ecf0e138
        hmac-SHA256 THROW GoError: invalid algorithm: SHA256
        h1 THROW GoError: invalid type int64, expected string, []byte or ArrayBuffer
        h2 THROW GoError: invalid type int64, expected string, []byte or ArrayBuffer
        h3 THROW GoError: invalid output encoding: bogus
        h5 number 32
        h6 THROW GoError: invalid type <nil>, expected string, []byte or ArrayBuffer
        ",
    );
}

#[test]
fn streaming_hashers_keep_state_across_digests() {
    check(
        r#"
        t('ch', () => { const h = crypto.createHash('sha1'); h.update('a'); h.update('b'); return h.digest('hex'); });
        t('ch2', () => { const h = crypto.createHash('sha1'); h.update('ab'); const x = h.digest('hex'); h.update('c'); return x + ' ' + h.digest('hex'); });
        t('chkeys', () => { const h = crypto.createHash('sha1'); return Object.keys(h).join(',') + '|' + typeof h.update + typeof h.digest; });
        t('chret', () => { const h = crypto.createHash('sha1'); return String(h.update('a')); });
        t('chmac', () => { const h = crypto.createHMAC('sha256', 'key'); h.update('da'); h.update('ta'); return h.digest('hex'); });
        t('chmacbad', () => crypto.createHMAC('x', 'key'));
        t('chbad', () => crypto.createHash('nope'));
        t('digest-none', () => { const h = crypto.createHash('md5'); h.update('x'); return h.digest(); });
        t('digest-bin', () => { const h = crypto.createHash('md5'); h.update('x'); return h.digest('binary'); });
        t('c1', () => { const h = crypto.createHash('md5'); h.update(12); return h.digest('hex'); });
        t('c2', () => { const h = crypto.createHash('md5'); h.update(new Uint8Array([1,2]).buffer); return h.digest('base64'); });
        t('c3', () => { const h = crypto.createHash('md5'); h.update('x', 'ignored'); return h.digest('base64rawurl'); });
        t('c4', () => { const h = crypto.createHMAC('md5', 12); h.update('x'); return h.digest('hex'); });
        t('c5', () => { const h = crypto.createHash('md5'); return h.digest('hex'); });
        t('c9', () => { const h = crypto.createHash('md5'); h.update('a'); return h.digest('hex') + h.digest('hex'); });
        "#,
        "
        ch string da23614e02469a0d7c7bd1bdab5c9c474b1904dc
        ch2 string da23614e02469a0d7c7bd1bdab5c9c474b1904dc a9993e364706816aba3e25717850c26c9cd0d89d
        chkeys string digest,update|functionfunction
        chret string undefined
        chmac string 5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0
        chmacbad THROW GoError: invalid algorithm: x
        chbad THROW GoError: invalid algorithm: nope
        digest-none THROW GoError: invalid output encoding:
        digest-bin object AB[157,212,228,97,38,140,128,52,245,200,86,78,21,92,103,166]
        c1 THROW GoError: invalid type int64, expected string, []byte or ArrayBuffer
        c2 string DLmI0EKn8o3V/itVs/Wseg==
        c3 string ndTkYSaMgDT1yFZOFVxnpg
        c4 THROW GoError: invalid type int64, expected string, []byte or ArrayBuffer
        c5 string d41d8cd98f00b204e9800998ecf8427e
        c9 string 0cc175b9c0f1b6a831c399e2697726610cc175b9c0f1b6a831c399e269772661
        ",
    );
}

#[test]
fn random_bytes_and_hex_encode() {
    check(
        r#"
        t('rb', () => crypto.randomBytes(4).byteLength);
        t('rb0', () => crypto.randomBytes(0).byteLength);
        t('rbneg', () => crypto.randomBytes(-1));
        t('rbstr', () => crypto.randomBytes('3').byteLength);
        t('r1', () => crypto.randomBytes(1.7).byteLength);
        t('r2', () => crypto.randomBytes());
        t('r3', () => crypto.randomBytes('abc'));
        t('huge', () => crypto.randomBytes(2 ** 40));
        t('he', () => crypto.hexEncode('hi'));
        t('he2', () => crypto.hexEncode(new Uint8Array([1,255]).buffer));
        t('x1', () => crypto.hexEncode(12));
        t('x3', () => crypto.hexEncode(new Uint8Array([1,2])));
        t('distinct', () => crypto.hexEncode(crypto.randomBytes(16)) !== crypto.hexEncode(crypto.randomBytes(16)));
        "#,
        "
        rb number 4
        rb0 THROW GoError: invalid size
        rbneg THROW GoError: invalid size
        rbstr number 3
        r1 number 1
        r2 THROW GoError: invalid size
        r3 THROW GoError: invalid size
        huge THROW GoError: invalid size: randomBytes(1099511627776) asks for more than 1073741824 bytes
        he string 6869
        he2 string 01ff
        x1 THROW GoError: invalid type int64, expected string, []byte or ArrayBuffer
        x3 string 0102
        distinct boolean true
        ",
    );
}

#[test]
fn crypto_global_random_values_and_uuid() {
    check(
        r#"
        t('gvr', () => webcrypto.getRandomValues(new Uint8Array(3)).length);
        t('gvr2', () => { const a = new Uint32Array(2); const r = webcrypto.getRandomValues(a); return r === a; });
        t('gvrf', () => webcrypto.getRandomValues(new Float32Array(2)));
        t('gvrbig', () => webcrypto.getRandomValues(new Uint8Array(65537)));
        t('gvrab', () => webcrypto.getRandomValues(new ArrayBuffer(2)));
        t('gvrnone', () => webcrypto.getRandomValues());
        t('gvr64k', () => webcrypto.getRandomValues(new Uint8Array(65536)).length);
        t('gvr-bi', () => webcrypto.getRandomValues(new BigInt64Array(2)).length);
        t('gvr-i16', () => webcrypto.getRandomValues(new Int16Array(2)).length);
        t('gvr-dv', () => webcrypto.getRandomValues(new DataView(new ArrayBuffer(2))));
        t('filled', () => { const a = webcrypto.getRandomValues(new Uint8Array(64)); return a.some((x) => x !== 0); });
        t('sub', () => { const b = new Uint8Array(8); webcrypto.getRandomValues(b.subarray(2, 4)); return b[0] + b[1] + b[4] + b[5] + b[6] + b[7]; });
        t('uuid', () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(webcrypto.randomUUID()));
        "#,
        "
        gvr number 3
        gvr2 boolean true
        gvrf THROW GoError: TypeMismatchError: typedArray parameter isn't a TypedArray instance
        gvrbig THROW GoError: QuotaExceededError: typedArray parameter is too big; maximum length is 65536
        gvrab THROW GoError: TypeMismatchError: typedArray parameter isn't a TypedArray instance
        gvrnone THROW GoError: TypeMismatchError: typedArray parameter isn't a TypedArray instance
        gvr64k number 65536
        gvr-bi THROW GoError: TypeMismatchError: typedArray parameter isn't a TypedArray instance
        gvr-i16 number 2
        gvr-dv THROW GoError: TypeMismatchError: typedArray parameter isn't a TypedArray instance
        filled boolean true
        sub number 0
        uuid boolean true
        ",
    );
}
