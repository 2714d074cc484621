//! `import x from "https://..."` is fetched over HTTPS at init, as k6 does; here from a loopback
//! HTTPS server whose CA is trusted through `SSL_CERT_FILE`.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;

/// Serves `body` for every request on 127.0.0.1 with the test CA's server certificate.
fn https_server(certs: &testserver::TestCerts, body: &'static str) -> u16 {
    let cert = rustls_pemfile::certs(&mut certs.server_cert_pem.as_bytes()).collect::<Result<Vec<_>, _>>().unwrap();
    let key = rustls_pemfile::private_key(&mut certs.server_key_pem.as_bytes()).unwrap().unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(cert, key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, stream);
            let mut buf = [0u8; 4096];
            let _ = tls.read(&mut buf);
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/javascript\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(response.as_bytes());
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    port
}

#[test]
fn https_module_is_fetched_and_evaluated() {
    let certs = testserver::TestCerts::generate().unwrap();
    let port = https_server(&certs, "export function greet(n) { return 'hello ' + n; }\n");
    let dir = common::script_dir(
        "s.js",
        &format!(
            "import {{ greet }} from 'https://localhost:{port}/lib/index.js';\nexport const options = {{ iterations: 1 }};\nexport default function () {{ console.log(greet('remote')); }}\n"
        ),
    );
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &certs.ca_cert_pem).unwrap();
    let out = std::process::Command::new(common::stampede_bin())
        .args(["run", "-q", "--log-format=raw", "s.js"])
        .current_dir(dir.path())
        .env("SSL_CERT_FILE", &ca)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("hello remote"), "{stderr}");
}

#[test]
fn jslib_utils_resolve_offline() {
    let dir = common::script_dir(
        "s.js",
        "import { randomIntBetween, uuidv4 } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';\nexport const options = { iterations: 1 };\nexport default function () { const n = randomIntBetween(3, 3); console.log('n=' + n + ' uuid=' + uuidv4().length); }\n",
    );
    let run = common::stampede(dir.path(), &["run", "-q", "--log-format=raw", "s.js"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("n=3 uuid=36"), "{}", run.stderr);
}
