//! Legacy OpenSSL "traditional" encrypted PEM (`Proc-Type: 4,ENCRYPTED` + `DEK-Info`), the
//! format Go's `x509.DecryptPEMBlock` (and so k6's `tls.password`) understands.
//!
//! Scheme: AES-128-CBC with PKCS#7 padding; the key is OpenSSL's `EVP_BytesToKey` with MD5,
//! one iteration, the password, and the first 8 bytes of the IV as salt. For 16 key bytes
//! that is a single `MD5(password || salt)`.

use aes::cipher::{BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest, Md5};

use crate::certs::CertError;

type Aes128CbcEnc = cbc::Encryptor<aes::Aes128>;

/// Encrypts `der` under `password` and wraps it in a PEM block of type `label` with the
/// legacy encryption headers. `iv` doubles as the key-derivation salt, as OpenSSL does.
pub(crate) fn encrypt_legacy_pem(label: &str, der: &[u8], password: &str, iv: [u8; 16]) -> Result<String, CertError> {
    let key: [u8; 16] = {
        let mut h = Md5::new();
        h.update(password.as_bytes());
        h.update(&iv[..8]);
        h.finalize().into()
    };
    let mut buf = vec![0u8; der.len() + 16];
    buf[..der.len()].copy_from_slice(der);
    let ciphertext = Aes128CbcEnc::new(&key.into(), &iv.into())
        .encrypt_padded_mut::<Pkcs7>(&mut buf, der.len())
        .map_err(|_| CertError::Encrypt("legacy PEM padding".into()))?;
    let body = base64_lines(ciphertext);
    Ok(format!(
        "-----BEGIN {label}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{}\n\n{body}-----END {label}-----\n",
        hex::encode_upper(iv)
    ))
}

/// Standard padded base64 in 64-column lines, each ending in `\n`.
fn base64_lines(data: &[u8]) -> String {
    let encoded = STANDARD.encode(data);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 64 + 1);
    for line in encoded.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes::cipher::BlockDecryptMut;

    type Aes128CbcDec = cbc::Decryptor<aes::Aes128>;

    #[test]
    fn base64_matches_known_vectors() {
        assert_eq!(base64_lines(b"f"), "Zg==\n");
        assert_eq!(base64_lines(b"fo"), "Zm8=\n");
        assert_eq!(base64_lines(b"foo"), "Zm9v\n");
        assert_eq!(base64_lines(&[0u8; 48]).lines().next().map(str::len), Some(64));
    }

    #[test]
    fn round_trips_with_openssl_key_derivation() {
        let iv = [7u8; 16];
        let pem = encrypt_legacy_pem("EC PRIVATE KEY", b"secret key bytes", "pw", iv).unwrap();
        assert!(pem.contains("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0707"));
        let b64: String = pem.lines().skip(4).take_while(|l| !l.starts_with("-----")).collect();
        let mut ct = STANDARD.decode(b64).unwrap();
        let key: [u8; 16] = Md5::new().chain_update(b"pw").chain_update(&iv[..8]).finalize().into();
        let pt = Aes128CbcDec::new(&key.into(), &iv.into()).decrypt_padded_mut::<Pkcs7>(&mut ct).unwrap();
        assert_eq!(pt, b"secret key bytes");
    }
}
