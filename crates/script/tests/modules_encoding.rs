//! `k6/encoding` against outputs captured from k6 v1.1.0: every line below is what the same
//! call printed there.

use rquickjs::{Context, Runtime};

/// Runs `body` with `encoding` (the module object) and a `t(label, fn)` printer in scope and
/// returns the printed lines.
fn run(body: &str) -> Vec<String> {
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let module = script::modules::encoding::build(&ctx).unwrap();
        ctx.globals().set("encoding", module).unwrap();
        let prelude = r#"
            var lines = [];
            var b64encode = encoding.b64encode, b64decode = encoding.b64decode;
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
fn exports_exactly_the_two_functions() {
    check("lines.push(Object.keys(encoding).sort().join(','))", "b64decode,b64encode");
}

#[test]
fn b64encode_alphabets_and_inputs() {
    check(
        r#"
        t('e1', () => b64encode('hello?>'));
        t('e2', () => b64encode('hello?>', 'rawstd'));
        t('e3', () => b64encode('hello?>', 'url'));
        t('e4', () => b64encode('hello?>', 'rawurl'));
        t('e5', () => b64encode('hello', 'bogus'));
        t('e6', () => b64encode(new Uint8Array([250, 251, 255]).buffer, 'url'));
        t('e7', () => b64encode(new Uint8Array([250, 251, 255])));
        t('e11', () => b64encode('é'));
        t('e15', () => b64encode('', 'std'));
        t('e16', () => b64encode('hi', ''));
        t('e17', () => b64encode('hi', null));
        t('c2', () => b64encode(new Uint8ClampedArray([1])));
        t('c3', () => b64encode(new Uint8Array([1,2,3]).subarray(1)));
        "#,
        "
        e1 string aGVsbG8/Pg==
        e2 string aGVsbG8/Pg
        e3 string aGVsbG8_Pg==
        e4 string aGVsbG8_Pg
        e5 string aGVsbG8=
        e6 string -vv_
        e7 string +vv/
        e11 string w6k=
        e15 string
        e16 string aGk=
        e17 string aGk=
        c2 string AQ==
        c3 string AgM=
        ",
    );
}

#[test]
fn b64encode_rejects_other_types_with_go_type_names() {
    check(
        r#"
        t('e8', () => b64encode(123));
        t('e9', () => b64encode());
        t('e10', () => b64encode(null));
        t('e12', () => b64encode({a:1}));
        t('e13', () => b64encode([1,2]));
        t('e14', () => b64encode(new DataView(new ArrayBuffer(2))));
        t('a', () => b64encode(new Int8Array([1,-1])));
        t('b', () => b64encode(new Uint16Array([1,2])));
        t('c', () => b64encode(new Float32Array([1])));
        t('d', () => b64encode(1.5));
        t('e', () => b64encode(true));
        t('f', () => b64encode(() => 1));
        t('w', () => b64encode(new String('hi')));
        t('x', () => b64encode(10n));
        "#,
        "
        e8 THROW GoError: invalid type int64, expected string, []byte or ArrayBuffer
        e9 THROW GoError: invalid type <nil>, expected string, []byte or ArrayBuffer
        e10 THROW GoError: invalid type <nil>, expected string, []byte or ArrayBuffer
        e12 THROW GoError: invalid type map[string]interface {}, expected string, []byte or ArrayBuffer
        e13 THROW GoError: invalid type []interface {}, expected string, []byte or ArrayBuffer
        e14 THROW GoError: invalid type map[string]interface {}, expected string, []byte or ArrayBuffer
        a THROW GoError: invalid type []int8, expected string, []byte or ArrayBuffer
        b THROW GoError: invalid type []uint16, expected string, []byte or ArrayBuffer
        c THROW GoError: invalid type []float32, expected string, []byte or ArrayBuffer
        d THROW GoError: invalid type float64, expected string, []byte or ArrayBuffer
        e THROW GoError: invalid type bool, expected string, []byte or ArrayBuffer
        f THROW GoError: invalid type func(sobek.FunctionCall) sobek.Value, expected string, []byte or ArrayBuffer
        w THROW GoError: invalid type map[string]interface {}, expected string, []byte or ArrayBuffer
        x THROW GoError: invalid type *big.Int, expected string, []byte or ArrayBuffer
        ",
    );
}

#[test]
fn b64decode_formats_and_alphabets() {
    check(
        r#"
        t('d1', () => b64decode('aGVsbG8/Pg=='));
        t('d2', () => b64decode('aGVsbG8/Pg==', 'std', 's'));
        t('d3', () => b64decode('aGVsbG8/Pg', 'rawstd', 's'));
        t('d4', () => b64decode('aGVsbG8_Pg==', 'url', 's'));
        t('d5', () => b64decode('aGVsbG8_Pg', 'rawurl', 's'));
        t('d9', () => b64decode('aGVsbG8/Pg==', 'bogus', 's'));
        t('d10', () => b64decode('aGVsbG8/Pg==', '', 's'));
        t('d11', () => b64decode('aGVsbG8/Pg==', 'std', 'x'));
        t('d12', () => b64decode('+v8=', 'std', 's'));
        t('d13', () => b64decode(''));
        t('d14', () => b64decode());
        t('d15', () => b64decode('aGVs\nbG8=', 'std', 's'));
        t('d16', () => b64decode('aGVsbG8=', undefined, 's'));
        t('d17', () => b64decode('aGVsbA==', 'std', 's'));
        t('d18', () => b64decode('aGVsbB==', 'std', 's'));
        t('d20', () => b64decode('aGk=', 'STD', 's'));
        t('g', () => b64decode(null, 'std', 's'));
        t('h', () => b64decode(1234, 'std', 's'));
        t('i', () => b64decode('aGk=', 'std', null));
        t('j', () => b64decode('aGk=', 'std', 'S'));
        t('o', () => b64decode('aGk=\r\n', 'std', 's'));
        t('s', () => b64decode({toString(){return 'aGk='}}, 'std', 's'));
        "#,
        "
        d1 object AB[104,101,108,108,111,63,62]
        d2 string hello?>
        d3 string hello?>
        d4 string hello?>
        d5 string hello?>
        d9 string hello?>
        d10 string hello?>
        d11 object AB[104,101,108,108,111,63,62]
        d12 string \u{fffd}\u{fffd}
        d13 object AB[]
        d14 object AB[]
        d15 string hello
        d16 string hello
        d17 string hell
        d18 string hell
        d20 string hi
        g string
        h string \u{fffd}m\u{fffd}
        i object AB[104,105]
        j object AB[104,105]
        o string hi
        s string hi
        ",
    );
}

#[test]
fn b64decode_errors_carry_go_offsets() {
    check(
        r#"
        t('d6', () => b64decode('aGVsbG8/Pg', 'std', 's'));
        t('d7', () => b64decode('aGVsbG8/Pg==', 'rawstd', 's'));
        t('d8', () => b64decode('!!!', 'std', 's'));
        t('d19', () => b64decode(new Uint8Array([97,71,86,115]).buffer, 'std', 's'));
        t('k', () => b64decode('a', 'std', 's'));
        t('l', () => b64decode('aGk', 'std', 's'));
        t('m', () => b64decode('aGk=x', 'std', 's'));
        t('n', () => b64decode('aG k=', 'std', 's'));
        t('p', () => b64decode('aGk=', 'rawstd', 's'));
        t('q', () => b64decode('====', 'std', 's'));
        t('r', () => b64decode('aGk=', 'rawurl', 's'));
        t('name', () => { try { b64decode('!'); } catch (e) { return e.name + ' ' + (e instanceof Error); } });
        "#,
        "
        d6 THROW GoError: illegal base64 data at input byte 8
        d7 THROW GoError: illegal base64 data at input byte 10
        d8 THROW GoError: illegal base64 data at input byte 0
        d19 THROW GoError: illegal base64 data at input byte 0
        k THROW GoError: illegal base64 data at input byte 0
        l THROW GoError: illegal base64 data at input byte 0
        m THROW GoError: illegal base64 data at input byte 4
        n THROW GoError: illegal base64 data at input byte 2
        p THROW GoError: illegal base64 data at input byte 3
        q THROW GoError: illegal base64 data at input byte 0
        r THROW GoError: illegal base64 data at input byte 3
        name string GoError true
        ",
    );
}
