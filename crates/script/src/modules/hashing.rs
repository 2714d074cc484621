//! Hash and HMAC state behind `k6/crypto`: the algorithm names k6 accepts, a streaming hasher
//! that can be digested repeatedly without being reset (k6's `Hasher.digest` leaves the state
//! as it was), and k6's output encodings.

use sha2::digest::DynDigest;

/// A digest algorithm by its k6 name (`md5`, `sha512_256`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md4,
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
    Sha512_224,
    Sha512_256,
    Ripemd160,
}

impl Algorithm {
    /// Every algorithm with its k6 name, in k6's export order.
    pub(crate) const ALL: [(&'static str, Algorithm); 9] = [
        ("md4", Algorithm::Md4),
        ("md5", Algorithm::Md5),
        ("sha1", Algorithm::Sha1),
        ("sha256", Algorithm::Sha256),
        ("sha384", Algorithm::Sha384),
        ("sha512", Algorithm::Sha512),
        ("sha512_224", Algorithm::Sha512_224),
        ("sha512_256", Algorithm::Sha512_256),
        ("ripemd160", Algorithm::Ripemd160),
    ];

    /// The algorithm for a k6 name (exact, lowercase), if any.
    pub(crate) fn from_name(name: &str) -> Option<Algorithm> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }

    fn new_digest(self) -> Box<dyn DynDigest> {
        match self {
            Algorithm::Md4 => Box::new(md4::Md4::default()),
            Algorithm::Md5 => Box::new(md5::Md5::default()),
            Algorithm::Sha1 => Box::new(sha1::Sha1::default()),
            Algorithm::Sha256 => Box::new(sha2::Sha256::default()),
            Algorithm::Sha384 => Box::new(sha2::Sha384::default()),
            Algorithm::Sha512 => Box::new(sha2::Sha512::default()),
            Algorithm::Sha512_224 => Box::new(sha2::Sha512_224::default()),
            Algorithm::Sha512_256 => Box::new(sha2::Sha512_256::default()),
            Algorithm::Ripemd160 => Box::new(ripemd::Ripemd160::default()),
        }
    }

    /// The HMAC block size in bytes.
    fn block_size(self) -> usize {
        match self {
            Algorithm::Sha384 | Algorithm::Sha512 | Algorithm::Sha512_224 | Algorithm::Sha512_256 => 128,
            _ => 64,
        }
    }

    /// One-shot digest of `data`.
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        let mut d = self.new_digest();
        d.update(data);
        d.finalize().into_vec()
    }
}

/// A streaming hash or HMAC (`createHash` / `createHMAC`).
pub(crate) struct Hasher {
    inner: Box<dyn DynDigest>,
    /// For HMAC: the algorithm and the key XOR opad, applied when digesting.
    outer: Option<(Algorithm, Vec<u8>)>,
}

impl Hasher {
    /// A plain hash.
    pub(crate) fn hash(alg: Algorithm) -> Self {
        Hasher { inner: alg.new_digest(), outer: None }
    }

    /// An HMAC keyed with `key` (RFC 2104).
    pub(crate) fn hmac(alg: Algorithm, key: &[u8]) -> Self {
        let block = alg.block_size();
        let mut k = if key.len() > block { alg.digest(key) } else { key.to_vec() };
        k.resize(block, 0);
        let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
        let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
        let mut inner = alg.new_digest();
        inner.update(&ipad);
        Hasher { inner, outer: Some((alg, opad)) }
    }

    /// Feeds more data.
    pub(crate) fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    /// The digest of everything fed so far; the state is kept, so more data can follow.
    pub(crate) fn digest(&self) -> Vec<u8> {
        let inner = self.inner.box_clone().finalize().into_vec();
        match &self.outer {
            None => inner,
            Some((alg, opad)) => {
                let mut outer = alg.new_digest();
                outer.update(opad);
                outer.update(&inner);
                outer.finalize().into_vec()
            }
        }
    }
}

/// k6's output encodings for digests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutputEncoding {
    Hex,
    Base64,
    Base64Url,
    Base64RawUrl,
    Binary,
}

impl OutputEncoding {
    /// Parses an encoding name; the error is k6's message.
    pub(crate) fn parse(name: &str) -> Result<Self, String> {
        match name {
            "hex" => Ok(OutputEncoding::Hex),
            "base64" => Ok(OutputEncoding::Base64),
            "base64url" => Ok(OutputEncoding::Base64Url),
            "base64rawurl" => Ok(OutputEncoding::Base64RawUrl),
            "binary" => Ok(OutputEncoding::Binary),
            other => Err(format!("invalid output encoding: {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        hex::encode(b)
    }

    #[test]
    fn digests_match_k6() {
        // Values printed by k6 v1.1.0 for 'hello'.
        let cases = [
            ("md4", "866437cb7a794bce2b727acc0362ee27"),
            ("md5", "5d41402abc4b2a76b9719d911017c592"),
            ("sha1", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),
            ("sha512_224", "fe8509ed1fb7dcefc27e6ac1a80eddbec4cb3d2c6fe565244374061c"),
            ("ripemd160", "108f07b8382412612c048d07d13f814118445acd"),
        ];
        for (name, want) in cases {
            assert_eq!(hex(&Algorithm::from_name(name).unwrap().digest(b"hello")), want, "{name}");
        }
        assert_eq!(Algorithm::from_name("SHA256"), None);
    }

    #[test]
    fn hmac_matches_k6_and_digest_does_not_reset() {
        let mut h = Hasher::hmac(Algorithm::Sha256, b"key");
        h.update(b"da");
        h.update(b"ta");
        assert_eq!(hex(&h.digest()), "5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0");
        assert_eq!(hex(&Hasher::hmac(Algorithm::Md4, b"key").tap(b"data")), "c2652d1b2872572984742fe9fcfa2a56");
        assert_eq!(
            hex(&Hasher::hmac(Algorithm::Sha512_224, b"key").tap(b"data")),
            "8b6657a9d03419b965477ba8149782c7d8e58ac4c79a9646e191c1d5"
        );
        let mut s = Hasher::hash(Algorithm::Sha1);
        s.update(b"ab");
        assert_eq!(hex(&s.digest()), "da23614e02469a0d7c7bd1bdab5c9c474b1904dc");
        s.update(b"c");
        assert_eq!(hex(&s.digest()), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn long_hmac_keys_are_hashed_first() {
        let key = vec![7u8; 200];
        let hashed = Algorithm::Sha256.digest(&key);
        assert_eq!(Hasher::hmac(Algorithm::Sha256, &key).tap(b"x"), Hasher::hmac(Algorithm::Sha256, &hashed).tap(b"x"));
    }

    impl Hasher {
        fn tap(mut self, data: &[u8]) -> Vec<u8> {
            self.update(data);
            self.digest()
        }
    }
}
