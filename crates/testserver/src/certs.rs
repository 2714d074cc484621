//! Certificates generated at start-up for TLS and mTLS tests: a CA, a server certificate for
//! `localhost`/`127.0.0.1`/`::1`, and a client certificate signed by the same CA, with the
//! client key also in two password-protected forms (PKCS#8 `ENCRYPTED PRIVATE KEY`, and the
//! legacy OpenSSL `Proc-Type: 4,ENCRYPTED` form that k6's `tls.password` decrypts).
//!
//! Keys are ECDSA P-256 (what rcgen generates with ring). Nothing here is secret: the salt
//! and IVs of the encrypted keys are derived from the key itself, so no RNG is needed.

use std::io;
use std::path::Path;

use md5::{Digest, Md5};
use pkcs8::pkcs5::pbes2;
use pkcs8::{LineEnding, PrivateKeyInfo};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};

use crate::legacy_pem::encrypt_legacy_pem;

/// Password protecting [`TestCerts::client_key_pkcs8_encrypted_pem`] and
/// [`TestCerts::client_key_legacy_encrypted_pem`].
pub const CLIENT_KEY_PASSWORD: &str = "stampede-secret";

/// DER of the OID prime256v1 (1.2.840.10045.3.1.7), wrapped as SEC1's `[0] parameters`.
const P256_PARAMETERS: &[u8] = &[0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// Failure to build the test certificates.
#[derive(Debug, thiserror::Error)]
pub enum CertError {
    /// rcgen could not generate a key or sign a certificate.
    #[error("certificate generation failed: {0}")]
    Generate(#[from] rcgen::Error),
    /// A private key could not be re-encoded or encrypted.
    #[error("private key encryption failed: {0}")]
    Encrypt(String),
}

impl From<CertError> for io::Error {
    fn from(e: CertError) -> Self {
        io::Error::other(e)
    }
}

/// PEM-encoded CA, server and client certificates and keys (all PEM strings end in `\n`).
#[derive(Clone, Debug)]
pub struct TestCerts {
    /// The CA certificate that signed both the server and the client certificates.
    pub ca_cert_pem: String,
    /// Server certificate (SANs `localhost`, `127.0.0.1`, `::1`).
    pub server_cert_pem: String,
    /// Server private key (PKCS#8 `PRIVATE KEY`).
    pub server_key_pem: String,
    /// Client certificate (CN `stampede-test-client`, extended key usage clientAuth).
    pub client_cert_pem: String,
    /// Client private key, unencrypted (PKCS#8 `PRIVATE KEY`).
    pub client_key_pem: String,
    /// Client private key as PKCS#8 `ENCRYPTED PRIVATE KEY` (PBKDF2-SHA256, AES-256-CBC),
    /// password [`CLIENT_KEY_PASSWORD`].
    pub client_key_pkcs8_encrypted_pem: String,
    /// Client private key as legacy `EC PRIVATE KEY` with `Proc-Type: 4,ENCRYPTED` and
    /// `DEK-Info: AES-128-CBC,…`, password [`CLIENT_KEY_PASSWORD`].
    pub client_key_legacy_encrypted_pem: String,
    /// The password of both encrypted client keys.
    pub client_key_password: String,
    pub(crate) ca_cert_der: Vec<u8>,
    pub(crate) server_cert_der: Vec<u8>,
    pub(crate) server_key_der: Vec<u8>,
}

impl TestCerts {
    /// Generates a fresh CA, server and client certificate set.
    pub fn generate() -> Result<Self, CertError> {
        let ca_key = KeyPair::generate()?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
        ca_params.distinguished_name.push(DnType::CommonName, "Stampede Test CA");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages =
            vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
        let ca_cert = ca_params.self_signed(&ca_key)?;
        let issuer = Issuer::from_params(&ca_params, &ca_key);

        let server_key = KeyPair::generate()?;
        let mut server_params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned(), "::1".to_owned()])?;
        server_params.distinguished_name.push(DnType::CommonName, "localhost");
        server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server_cert = server_params.signed_by(&server_key, &issuer)?;

        let client_key = KeyPair::generate()?;
        let mut client_params = CertificateParams::new(Vec::<String>::new())?;
        client_params.distinguished_name.push(DnType::CommonName, "stampede-test-client");
        client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let client_cert = client_params.signed_by(&client_key, &issuer)?;

        let client_der = client_key.serialize_der();
        Ok(Self {
            ca_cert_pem: ca_cert.pem(),
            server_cert_pem: server_cert.pem(),
            server_key_pem: server_key.serialize_pem(),
            client_cert_pem: client_cert.pem(),
            client_key_pem: client_key.serialize_pem(),
            client_key_pkcs8_encrypted_pem: encrypt_pkcs8(&client_der)?,
            client_key_legacy_encrypted_pem: encrypt_legacy(&client_der)?,
            client_key_password: CLIENT_KEY_PASSWORD.to_owned(),
            ca_cert_der: ca_cert.der().to_vec(),
            server_cert_der: server_cert.der().to_vec(),
            server_key_der: server_key.serialize_der(),
        })
    }

    /// Writes every PEM into `dir` (created if missing): `ca.pem`, `server.pem`,
    /// `server.key`, `client.pem`, `client.key`, `client.pkcs8-encrypted.key`,
    /// `client.legacy-encrypted.key`.
    pub fn write_to(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, pem) in [
            ("ca.pem", &self.ca_cert_pem),
            ("server.pem", &self.server_cert_pem),
            ("server.key", &self.server_key_pem),
            ("client.pem", &self.client_cert_pem),
            ("client.key", &self.client_key_pem),
            ("client.pkcs8-encrypted.key", &self.client_key_pkcs8_encrypted_pem),
            ("client.legacy-encrypted.key", &self.client_key_legacy_encrypted_pem),
        ] {
            std::fs::write(dir.join(name), pem)?;
        }
        Ok(())
    }
}

/// 16 bytes derived from the key and a label (salts and IVs; uniqueness is all that matters).
fn derived_bytes(key_der: &[u8], label: &[u8]) -> [u8; 16] {
    Md5::new().chain_update(key_der).chain_update(label).finalize().into()
}

fn encrypt_pkcs8(pkcs8_der: &[u8]) -> Result<String, CertError> {
    let err = |e: &dyn std::fmt::Display| CertError::Encrypt(e.to_string());
    let info = PrivateKeyInfo::try_from(pkcs8_der).map_err(|e| err(&e))?;
    let salt = derived_bytes(pkcs8_der, b"salt");
    let iv = derived_bytes(pkcs8_der, b"iv");
    let params = pbes2::Parameters::pbkdf2_sha256_aes256cbc(2048, &salt, &iv).map_err(|e| err(&e))?;
    let doc = info.encrypt_with_params(params, CLIENT_KEY_PASSWORD).map_err(|e| err(&e))?;
    let pem = doc.to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF).map_err(|e| err(&e))?;
    Ok(pem.to_string())
}

fn encrypt_legacy(pkcs8_der: &[u8]) -> Result<String, CertError> {
    let info = PrivateKeyInfo::try_from(pkcs8_der).map_err(|e| CertError::Encrypt(e.to_string()))?;
    let sec1 = sec1_with_p256_parameters(info.private_key)
        .ok_or_else(|| CertError::Encrypt("unexpected EC private key encoding".into()))?;
    encrypt_legacy_pem("EC PRIVATE KEY", &sec1, CLIENT_KEY_PASSWORD, derived_bytes(pkcs8_der, b"legacy-iv"))
}

/// Reads one DER TLV at the start of `buf`: (tag, header length, total length).
fn read_tlv(buf: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *buf.first()?;
    let first = *buf.get(1)? as usize;
    let (header, len) = if first < 0x80 {
        (2, first)
    } else {
        let n = first & 0x7f;
        let bytes = buf.get(2..2 + n)?;
        (2 + n, bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize))
    };
    (buf.len() >= header + len).then_some((tag, header, header + len))
}

fn der_len(len: usize) -> Vec<u8> {
    if len < 0x80 {
        vec![len as u8]
    } else if len < 0x100 {
        vec![0x81, len as u8]
    } else {
        vec![0x82, (len >> 8) as u8, len as u8]
    }
}

/// SEC1 `ECPrivateKey` as found inside PKCS#8 omits the curve; OpenSSL's traditional format
/// (and Go's `x509.ParseECPrivateKey`) needs it, so insert `[0] prime256v1` after the key.
fn sec1_with_p256_parameters(sec1: &[u8]) -> Option<Vec<u8>> {
    let (tag, header, total) = read_tlv(sec1)?;
    if tag != 0x30 {
        return None;
    }
    let mut rest = &sec1[header..total];
    let mut body = Vec::with_capacity(total + P256_PARAMETERS.len());
    let mut inserted = false;
    while !rest.is_empty() {
        let (tag, _, len) = read_tlv(rest)?;
        if tag == 0xa0 {
            inserted = true;
        }
        if tag == 0xa1 && !inserted {
            body.extend_from_slice(P256_PARAMETERS);
            inserted = true;
        }
        body.extend_from_slice(&rest[..len]);
        rest = &rest[len..];
    }
    if !inserted {
        body.extend_from_slice(P256_PARAMETERS);
    }
    let mut out = vec![0x30];
    out.extend(der_len(body.len()));
    out.extend(body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_all_pems() {
        let c = TestCerts::generate().unwrap();
        assert!(c.ca_cert_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(c.server_key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(c.client_key_pkcs8_encrypted_pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assert!(
            c.client_key_legacy_encrypted_pem
                .starts_with("-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,")
        );
    }

    #[test]
    fn pkcs8_encrypted_key_decrypts_to_the_client_key() {
        let c = TestCerts::generate().unwrap();
        let (label, doc) = pkcs8::SecretDocument::from_pem(&c.client_key_pkcs8_encrypted_pem).unwrap();
        assert_eq!(label, "ENCRYPTED PRIVATE KEY");
        let enc = pkcs8::EncryptedPrivateKeyInfo::try_from(doc.as_bytes()).unwrap();
        let plain = enc.decrypt(CLIENT_KEY_PASSWORD).unwrap();
        let (_, expected) = pkcs8::SecretDocument::from_pem(&c.client_key_pem).unwrap();
        assert_eq!(plain.as_bytes(), expected.as_bytes());
    }

    #[test]
    fn inserts_curve_parameters_into_sec1() {
        // SEQUENCE { INTEGER 1, OCTET STRING(1 byte), [1] { BIT STRING } }
        let sec1 = [0x30, 0x0b, 0x02, 0x01, 0x01, 0x04, 0x01, 0xaa, 0xa1, 0x03, 0x03, 0x01, 0x00];
        let out = sec1_with_p256_parameters(&sec1).unwrap();
        assert_eq!(out[1] as usize, 0x0b + P256_PARAMETERS.len());
        assert_eq!(&out[7..8], &[0xaa]);
        assert_eq!(&out[8..8 + P256_PARAMETERS.len()], P256_PARAMETERS);
        assert_eq!(&out[8 + P256_PARAMETERS.len()..], &[0xa1, 0x03, 0x03, 0x01, 0x00]);
    }
}
