//! `crypto.subtle` (digest and HMAC keys) against outputs captured from k6 v1.1.0.

use rquickjs::{Context, Promise, Runtime};

/// Runs the async `body` with the `crypto` global installed; returns the printed lines.
fn run(body: &str) -> Vec<String> {
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        script::modules::crypto::install_globals(&ctx).unwrap();
        let src = format!(
            r#"(async () => {{
              var lines = [];
              const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
              const enc = {{ encode: (s) => new Uint8Array(Array.from(s, (c) => c.charCodeAt(0))) }};
              async function t(label, f) {{
                try {{ const r = await f(); lines.push(label + ' ' + typeof r + ' ' + (r instanceof ArrayBuffer ? hex(r) : r)); }}
                catch (e) {{ lines.push(label + ' THROW ' + String(e) + ' ' + JSON.stringify(e)); }}
              }}
              {body}
              return lines;
            }})()"#
        );
        let promise: Promise<'_> = ctx.eval(src).unwrap();
        promise.finish::<Vec<String>>().unwrap()
    })
}

fn check(body: &str, expected: &str) {
    let want: Vec<&str> = expected.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    assert_eq!(run(body), want);
}

#[test]
fn digest_matches_k6() {
    check(
        r#"
        await t('d1', () => crypto.subtle.digest('SHA-256', enc.encode('hello')));
        await t('d2', () => crypto.subtle.digest({ name: 'SHA-1' }, enc.encode('hello').buffer));
        await t('d3', () => crypto.subtle.digest('sha-384', enc.encode('hello')));
        await t('d4', () => crypto.subtle.digest('MD5', enc.encode('hello')));
        await t('d5', () => crypto.subtle.digest('SHA-256', 'hello'));
        await t('d6', () => crypto.subtle.digest('SHA-512', new DataView(enc.encode('hi').buffer)));
        "#,
        r#"
        d1 object 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
        d2 object aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d
        d3 object 59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f
        d4 THROW NotSupportedError: algorithm "MD5" doesn't support (in implementation) operation "digest" {"name":"NotSupportedError","message":"algorithm \"MD5\" doesn't support (in implementation) operation \"digest\""}
        d5 THROW data must be an ArrayBuffer, TypedArray, or DataView {"message":"data must be an ArrayBuffer, TypedArray, or DataView"}
        d6 object 150a14ed5bea6cc731cf86c41566ac427a8db48ef1b9fd626664b3bfbb99071fa4c922f33dde38719b8c8354e2b7ab9d77e0e67fc12843920a712e73d558e197
        "#,
    );
}

#[test]
fn hmac_keys_match_k6() {
    check(
        r#"
        await t('k1', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: { name: 'SHA-256' } }, true, ['sign', 'verify']); return [k.type, k.extractable, JSON.stringify(k.algorithm), k.usages.join(','), Object.keys(k).join(',')].join(' '); });
        await t('s1', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']); return crypto.subtle.sign('HMAC', k, enc.encode('data')); });
        await t('v1', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign','verify']); const s = await crypto.subtle.sign({name:'HMAC'}, k, enc.encode('data')); return crypto.subtle.verify('HMAC', k, s, enc.encode('data')); });
        await t('v2', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-1' }, false, ['verify']); return crypto.subtle.verify('HMAC', k, new Uint8Array(20), enc.encode('data')); });
        await t('x1', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']); return crypto.subtle.exportKey('raw', k); });
        await t('x2', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']); return crypto.subtle.exportKey('raw', k); });
        await t('u1', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']); return crypto.subtle.sign('HMAC', k, enc.encode('data')); });
        await t('g1', async () => { const k = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']); return JSON.stringify(k.algorithm) + ' ' + (await crypto.subtle.exportKey('raw', k)).byteLength; });
        await t('g2', async () => JSON.stringify((await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 64 }, true, ['sign'])).algorithm));
        await t('g3', async () => crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, []));
        await t('g4', async () => { const k = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']); return k.type + k.usages + k.extractable; });
        await t('ks', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-1' }, true, ['verify','sign']); return k.usages.join(','); });
        "#,
        r#"
        k1 string secret true {"key_algorithm":{"algorithm":{"name":"HMAC"},"name":"HMAC"},"algorithm":{"name":"HMAC"},"name":"HMAC","hash":{"algorithm":{"name":"SHA-256"},"name":"SHA-256"},"length":24} sign,verify type,extractable,algorithm,usages
        s1 object 5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0
        v1 boolean true
        v2 boolean false
        x1 THROW InvalidAccessError: the key is not extractable {"name":"InvalidAccessError","message":"the key is not extractable"}
        x2 object 6b6579
        u1 THROW InvalidAccessError: key does not contain the 'sign' usage {"name":"InvalidAccessError","message":"key does not contain the 'sign' usage"}
        g1 string {"key_algorithm":{"algorithm":{"name":"HMAC"},"name":"HMAC"},"algorithm":{"name":"HMAC"},"name":"HMAC","hash":{"algorithm":{"name":"SHA-512"},"name":"SHA-512"},"length":1024} 128
        g2 string {"key_algorithm":{"algorithm":{"name":"HMAC"},"name":"HMAC"},"algorithm":{"name":"HMAC"},"name":"HMAC","hash":{"algorithm":{"name":"SHA-256"},"name":"SHA-256"},"length":64}
        g3 THROW SyntaxError: usages cannot not be empty for a secret or private CryptoKey {"name":"SyntaxError","message":"usages cannot not be empty for a secret or private CryptoKey"}
        g4 string secretsign,verifyfalse
        ks string verify,sign
        "#,
    );
}

#[test]
fn import_errors_match_k6() {
    check(
        r#"
        await t('i2', () => crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'MD5' }, false, ['sign']));
        await t('i3', () => crypto.subtle.importKey('raw', enc.encode('key'), { name: 'AES-FOO' }, false, ['sign']));
        await t('i4', () => crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['encrypt']));
        await t('i5', () => crypto.subtle.importKey('raw', 'key', { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
        await t('i6', () => crypto.subtle.importKey('raw', enc.encode('key'), 'HMAC', false, ['sign']));
        await t('i7', () => crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-1', length: 16 }, false, ['sign']));
        await t('s2', async () => { const k = await crypto.subtle.importKey('raw', enc.encode('key'), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']); return crypto.subtle.sign('AES-GCM', k, enc.encode('data')); });
        await t('e0', () => crypto.subtle.importKey('raw', new Uint8Array(0), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
        await t('enc', () => crypto.subtle.encrypt({ name: 'AES-GCM' }, null, enc.encode('x')));
        await t('sk', () => Object.keys(crypto.subtle).sort().join(','));
        "#,
        r#"
        i2 THROW NotSupportedError: algorithm "MD5" doesn't support (in implementation) operation "generateKey" {"name":"NotSupportedError","message":"algorithm \"MD5\" doesn't support (in implementation) operation \"generateKey\""}
        i3 THROW NotSupportedError: algorithm "AES-FOO" doesn't support (in implementation) operation "importKey" {"name":"NotSupportedError","message":"algorithm \"AES-FOO\" doesn't support (in implementation) operation \"importKey\""}
        i4 THROW SyntaxError: invalid key usage: encrypt {"name":"SyntaxError","message":"invalid key usage: encrypt"}
        i5 THROW OperationError: data is neither an ArrayBuffer, nor a TypedArray nor DataView {"name":"OperationError","message":"data is neither an ArrayBuffer, nor a TypedArray nor DataView"}
        i6 THROW SyntaxError: could not get hash from algorithm parameter {"name":"SyntaxError","message":"could not get hash from algorithm parameter"}
        i7 THROW DataError: key length cannot be different from the length of the imported data {"name":"DataError","message":"key length cannot be different from the length of the imported data"}
        s2 THROW NotSupportedError: algorithm "AES-GCM" doesn't support (in implementation) operation "sign" {"name":"NotSupportedError","message":"algorithm \"AES-GCM\" doesn't support (in implementation) operation \"sign\""}
        e0 THROW DataError: key length cannot be 0 {"name":"DataError","message":"key length cannot be 0"}
        enc THROW NotSupportedError: algorithm "AES-GCM" doesn't support (in implementation) operation "encrypt" {"name":"NotSupportedError","message":"algorithm \"AES-GCM\" doesn't support (in implementation) operation \"encrypt\""}
        sk string decrypt,deriveBits,deriveKey,digest,encrypt,exportKey,generateKey,importKey,sign,unwrapKey,verify,wrapKey
        "#,
    );
}

#[test]
fn jwk_round_trip_and_lazy_install() {
    check(
        r#"
        await t('lazy', () => Object.getOwnPropertyDescriptor(crypto, 'subtle').get !== undefined);
        await t('same', () => crypto.subtle === crypto.subtle);
        await t('jwk', async () => {
          const k = await crypto.subtle.importKey('raw', enc.encode('key!'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
          const j = await crypto.subtle.exportKey('jwk', k);
          const k2 = await crypto.subtle.importKey('jwk', j, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
          return JSON.stringify(j) + ' ' + hex(await crypto.subtle.exportKey('raw', k2));
        });
        "#,
        r#"
        lazy boolean true
        same boolean true
        jwk string {"kty":"oct","k":"a2V5IQ","alg":"HS256","ext":true,"key_ops":["sign"]} 6b657921
        "#,
    );
}
