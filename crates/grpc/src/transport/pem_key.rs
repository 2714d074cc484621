//! Client private keys from PEM, including encrypted ones: legacy OpenSSL encryption
//! (`Proc-Type: 4,ENCRYPTED` + `DEK-Info`, DES/3DES/AES-CBC with an MD5 key derivation) and PKCS#8
//! `ENCRYPTED PRIVATE KEY` (PBES2). k6 only reads the legacy form; both are accepted here.

use aes::{Aes128, Aes192, Aes256};
use base64::Engine;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockDecryptMut, KeyIvInit};
use des::{Des, TdesEde3};
use md5::{Digest, Md5};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs1KeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer};

const PARSE_FAILED: &str = "failed to append certificate from PEM: tls: failed to parse private key";
const WRONG_PASSWORD: &str = "x509: decryption password incorrect";

/// One PEM block: label, `Key: value` headers, decoded body.
struct PemBlock {
    label: String,
    headers: Vec<(String, String)>,
    der: Vec<u8>,
}

/// Reads the first private-key block of `pem` and decrypts it with `password` when it is
/// encrypted. Errors are k6's texts where k6 has them.
pub(crate) fn private_key(pem: &str, password: Option<&str>) -> Result<PrivateKeyDer<'static>, String> {
    let password = password.filter(|p| !p.is_empty());
    let Some(block) = first_key_block(pem) else {
        return Err(if password.is_some() {
            "failed to decode PEM key".to_owned()
        } else {
            "failed to append certificate from PEM: tls: failed to find any PEM data in key input".to_owned()
        });
    };
    let legacy_encrypted = block.headers.iter().any(|(k, v)| k == "Proc-Type" && v.contains("ENCRYPTED"));
    if block.label == "ENCRYPTED PRIVATE KEY" {
        let password = password.ok_or(PARSE_FAILED)?;
        let info = pkcs8::EncryptedPrivateKeyInfo::try_from(block.der.as_slice())
            .map_err(|e| format!("failed to decode the encrypted PKCS#8 key: {e}"))?;
        let doc = info.decrypt(password).map_err(|_| WRONG_PASSWORD.to_owned())?;
        return Ok(PrivatePkcs8KeyDer::from(doc.as_bytes().to_vec()).into());
    }
    let der = match (legacy_encrypted, password) {
        (true, None) => return Err(PARSE_FAILED.to_owned()),
        (true, Some(pw)) => decrypt_legacy(&block, pw)?,
        (false, Some(_)) => return Err("x509: no DEK-Info header in block".to_owned()),
        (false, None) => block.der,
    };
    match block.label.as_str() {
        "RSA PRIVATE KEY" => Ok(PrivatePkcs1KeyDer::from(der).into()),
        "EC PRIVATE KEY" => Ok(PrivateSec1KeyDer::from(der).into()),
        "PRIVATE KEY" => Ok(PrivatePkcs8KeyDer::from(der).into()),
        _ => Err(PARSE_FAILED.to_owned()),
    }
}

fn first_key_block(pem: &str) -> Option<PemBlock> {
    let mut lines = pem.lines().map(str::trim);
    loop {
        let line = lines.next()?;
        let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut headers = Vec::new();
        let mut body = String::new();
        for line in lines.by_ref() {
            if line == end {
                break;
            }
            match line.split_once(": ") {
                Some((k, v)) if body.is_empty() => headers.push((k.to_owned(), v.to_owned())),
                _ => body.push_str(line),
            }
        }
        if !label.ends_with("PRIVATE KEY") {
            continue;
        }
        let der = base64::engine::general_purpose::STANDARD.decode(body).ok()?;
        return Some(PemBlock { label: label.to_owned(), headers, der });
    }
}

fn decrypt_legacy(block: &PemBlock, password: &str) -> Result<Vec<u8>, String> {
    let dek = block
        .headers
        .iter()
        .find(|(k, _)| k == "DEK-Info")
        .map(|(_, v)| v.as_str())
        .ok_or("x509: no DEK-Info header in block")?;
    let (alg, iv_hex) = dek.split_once(',').ok_or("x509: malformed DEK-Info header")?;
    let iv = hex_decode(iv_hex.trim()).ok_or("x509: malformed DEK-Info IV")?;
    let key_len = match alg {
        "DES-CBC" => 8,
        "DES-EDE3-CBC" | "AES-192-CBC" => 24,
        "AES-128-CBC" => 16,
        "AES-256-CBC" => 32,
        other => return Err(format!("x509: unknown encryption mode {other}")),
    };
    if iv.len() < 8 {
        return Err("x509: malformed DEK-Info IV".to_owned());
    }
    let key = openssl_bytes_to_key(password.as_bytes(), &iv[..8], key_len);
    let mut buf = block.der.clone();
    let plain_len = match alg {
        "DES-CBC" => decrypt::<Des>(&key, &iv, &mut buf),
        "DES-EDE3-CBC" => decrypt::<TdesEde3>(&key, &iv, &mut buf),
        "AES-128-CBC" => decrypt::<Aes128>(&key, &iv, &mut buf),
        "AES-192-CBC" => decrypt::<Aes192>(&key, &iv, &mut buf),
        _ => decrypt::<Aes256>(&key, &iv, &mut buf),
    }
    .ok_or(WRONG_PASSWORD)?;
    buf.truncate(plain_len);
    // A wrong password decrypts to noise that usually fails the padding check; when the padding
    // happens to look right, the DER SEQUENCE tag catches it.
    if buf.first() != Some(&0x30) {
        return Err(WRONG_PASSWORD.to_owned());
    }
    Ok(buf)
}

fn decrypt<C>(key: &[u8], iv: &[u8], buf: &mut [u8]) -> Option<usize>
where
    C: cbc::cipher::BlockDecrypt + cbc::cipher::BlockCipher + cbc::cipher::KeyInit,
{
    let dec = cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?;
    dec.decrypt_padded_mut::<Pkcs7>(buf).ok().map(<[u8]>::len)
}

/// OpenSSL's `EVP_BytesToKey` with MD5 and one iteration, as legacy PEM encryption uses.
fn openssl_bytes_to_key(password: &[u8], salt: &[u8], len: usize) -> Vec<u8> {
    let mut key = Vec::with_capacity(len + 16);
    let mut prev: Vec<u8> = Vec::new();
    while key.len() < len {
        let mut h = Md5::new();
        h.update(&prev);
        h.update(password);
        h.update(salt);
        prev = h.finalize().to_vec();
        key.extend_from_slice(&prev);
    }
    key.truncate(len);
    key
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_to_key_matches_openssl() {
        // `openssl enc -des-ede3-cbc -P -S 0102030405060708 -pass pass:secret -md md5`
        let key = openssl_bytes_to_key(b"secret", &[1, 2, 3, 4, 5, 6, 7, 8], 24);
        assert_eq!(key.len(), 24);
        assert_eq!(key[..16], openssl_bytes_to_key(b"secret", &[1, 2, 3, 4, 5, 6, 7, 8], 16)[..]);
    }

    // One P-256 key, plain and encrypted by `openssl ec -des3|-aes256 -passout pass:secret`.
    const PLAIN: &str = "-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIKu69UjRt/YXgb4mgGMNn77ETnGZr97dhEkljBkWYJojoAoGCCqGSM49
AwEHoUQDQgAE8MrPYU+xIAj/Vtkn2koCnvu/wQ3qkOXyzZfBbYuS4Dk/1aj9vhzy
6aMcjqFBRysqnrI7WicQ1JBjphmC3avtcA==
-----END EC PRIVATE KEY-----
";
    const DES3: &str = "-----BEGIN EC PRIVATE KEY-----
Proc-Type: 4,ENCRYPTED
DEK-Info: DES-EDE3-CBC,2B56B8C79A44542C

qhgvNRQhZFTZqtpwCJLjbt0rG2aPKDwWCi3kL5K7I5SD7Od9IXJG+nmDLjezfLI1
XBNzX3/VfwtO3f5rQqnyk6TVHytJ6PZX2REnKMGCpKVFuGMspFAFcIaACEFjQAIv
SN3L+cW6MpKlSJNoMF0BeJj4XbbLw1dfHc6P7ZFeH7w=
-----END EC PRIVATE KEY-----
";
    const AES256: &str = "-----BEGIN EC PRIVATE KEY-----
Proc-Type: 4,ENCRYPTED
DEK-Info: AES-256-CBC,98115A400BFFBC9D0A15F0172F38E39B

2kWqRLSb8wA2w327WbfQ7qa6+q7tUpvquxC4CKOobZoqmI9p3H2ItbFxec1smWTU
vUajS2FLi5NV7FiV2Hj+jyIbR+6q7pgZemYIz/WyzBQT68Ti2jvxTRgA2eGr3QLv
+bZhlGMVxRjvVf61Gr8RLxuTW5vl7BzPXpit5IN/6O0=
-----END EC PRIVATE KEY-----
";

    fn der(key: PrivateKeyDer<'static>) -> Vec<u8> {
        key.secret_der().to_vec()
    }

    #[test]
    fn legacy_3des_and_aes_keys_decrypt_to_the_plain_key() {
        let plain = der(private_key(PLAIN, None).unwrap());
        assert_eq!(der(private_key(DES3, Some("secret")).unwrap()), plain);
        assert_eq!(der(private_key(AES256, Some("secret")).unwrap()), plain);
        assert_eq!(private_key(DES3, Some("wrong")).unwrap_err(), "x509: decryption password incorrect");
        assert!(matches!(private_key(DES3, Some("secret")).unwrap(), PrivateKeyDer::Sec1(_)));
    }

    #[test]
    fn errors_without_pem() {
        assert_eq!(
            private_key("nothing", None).unwrap_err(),
            "failed to append certificate from PEM: tls: failed to find any PEM data in key input"
        );
        assert_eq!(private_key("", Some("pw")).unwrap_err(), "failed to decode PEM key");
    }
}
