//! A base64 decoder with Go's `encoding/base64` semantics, because `k6/encoding` exposes them:
//! `\r` and `\n` are skipped anywhere, non-zero trailing bits are accepted (Go's encodings are
//! not strict), and errors carry Go's byte offset (`illegal base64 data at input byte N`),
//! which scripts see verbatim.

/// A base64 alphabet with or without `=` padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Alphabet {
    url: bool,
    padded: bool,
}

impl Alphabet {
    /// `+/` with padding (Go's `StdEncoding`).
    pub(crate) const STD: Alphabet = Alphabet { url: false, padded: true };
    /// `+/` without padding (`RawStdEncoding`).
    pub(crate) const RAW_STD: Alphabet = Alphabet { url: false, padded: false };
    /// `-_` with padding (`URLEncoding`).
    pub(crate) const URL: Alphabet = Alphabet { url: true, padded: true };
    /// `-_` without padding (`RawURLEncoding`).
    pub(crate) const RAW_URL: Alphabet = Alphabet { url: true, padded: false };

    fn value(self, c: u8) -> Option<u8> {
        match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' if !self.url => Some(62),
            b'/' if !self.url => Some(63),
            b'-' if self.url => Some(62),
            b'_' if self.url => Some(63),
            _ => None,
        }
    }

    /// Encodes `bytes` in this alphabet.
    pub(crate) fn encode(self, bytes: &[u8]) -> String {
        use base64::Engine as _;
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        match (self.url, self.padded) {
            (false, true) => STANDARD.encode(bytes),
            (false, false) => STANDARD_NO_PAD.encode(bytes),
            (true, true) => URL_SAFE.encode(bytes),
            (true, false) => URL_SAFE_NO_PAD.encode(bytes),
        }
    }

    /// Decodes `src`; the error is the byte offset Go reports.
    pub(crate) fn decode(self, src: &[u8]) -> Result<Vec<u8>, usize> {
        let mut out = Vec::with_capacity(src.len() / 4 * 3 + 3);
        let mut si = 0;
        while si < src.len() {
            let (next, done) = self.decode_quantum(src, si, &mut out)?;
            si = next;
            if done {
                break;
            }
        }
        Ok(out)
    }

    /// One group of up to four symbols starting at `si`: returns the next offset and whether
    /// the input ended (padding seen).
    fn decode_quantum(self, src: &[u8], mut si: usize, out: &mut Vec<u8>) -> Result<(usize, bool), usize> {
        let mut buf = [0u8; 4];
        let mut len = 4;
        let mut j = 0;
        let mut ended = false;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok((si, true));
                }
                if j == 1 || self.padded {
                    return Err(si - j);
                }
                len = j;
                ended = true;
                break;
            }
            let c = src[si];
            si += 1;
            if let Some(v) = self.value(c) {
                buf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if !self.padded || c != b'=' {
                return Err(si - 1);
            }
            // Padding: the quantum (and the input) ends here.
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    si = skip_newlines(src, si);
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            si = skip_newlines(src, si);
            if si < src.len() {
                return Err(si);
            }
            len = j;
            ended = true;
            break;
        }
        let val = (u32::from(buf[0]) << 18) | (u32::from(buf[1]) << 12) | (u32::from(buf[2]) << 6) | u32::from(buf[3]);
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..len - 1]);
        Ok((si, ended))
    }
}

fn skip_newlines(src: &[u8], mut si: usize) -> usize {
    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
        si += 1;
    }
    si
}

#[cfg(test)]
mod tests {
    use super::Alphabet;

    #[test]
    fn decodes_like_go() {
        assert_eq!(Alphabet::STD.decode(b"aGVsbG8/Pg==").unwrap(), b"hello?>");
        assert_eq!(Alphabet::RAW_URL.decode(b"aGVsbG8_Pg").unwrap(), b"hello?>");
        assert_eq!(Alphabet::STD.decode(b"aGVs\nbG8=").unwrap(), b"hello");
        assert_eq!(Alphabet::STD.decode(b"aGk=\r\n").unwrap(), b"hi");
        // Go's encodings are not strict: non-zero trailing bits decode.
        assert_eq!(Alphabet::STD.decode(b"aGVsbB==").unwrap(), b"hell");
        assert_eq!(Alphabet::STD.decode(b"").unwrap(), b"");
    }

    #[test]
    fn error_offsets_match_go() {
        // Offsets observed with k6 v1.1.0.
        assert_eq!(Alphabet::STD.decode(b"aGVsbG8/Pg"), Err(8));
        assert_eq!(Alphabet::RAW_STD.decode(b"aGVsbG8/Pg=="), Err(10));
        assert_eq!(Alphabet::STD.decode(b"!!!"), Err(0));
        assert_eq!(Alphabet::STD.decode(b"a"), Err(0));
        assert_eq!(Alphabet::STD.decode(b"aGk"), Err(0));
        assert_eq!(Alphabet::STD.decode(b"aGk=x"), Err(4));
        assert_eq!(Alphabet::STD.decode(b"aG k="), Err(2));
        assert_eq!(Alphabet::RAW_STD.decode(b"aGk="), Err(3));
        assert_eq!(Alphabet::STD.decode(b"===="), Err(0));
        assert_eq!(Alphabet::RAW_URL.decode(b"aGk="), Err(3));
    }
}
