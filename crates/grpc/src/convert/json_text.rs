//! A small JSON reader that keeps every token's byte position and raw spelling.
//!
//! Only the error path uses it: when a request does not convert, the request is serialised with
//! `JSON.stringify` (as k6 does) and decoded again from that text, so error messages carry the same
//! `(line L:C)` position and raw token text as Go's protojson. The input is always the output of
//! `JSON.stringify`, hence valid JSON; malformed input is still reported, never a panic.

use std::borrow::Cow;

/// One JSON value with the byte range of its token (for arrays/objects, the opening bracket).
#[derive(Debug)]
pub(super) struct Node<'a> {
    /// Byte offset of the value's first token.
    pub(super) pos: usize,
    /// Raw token text as written (`{` / `[` for containers).
    pub(super) raw: &'a str,
    /// Byte offset of the closing bracket of a container (= `pos` for scalars).
    pub(super) close: usize,
    /// The parsed value.
    pub(super) kind: NodeKind<'a>,
}

/// The parsed content of a [`Node`].
#[derive(Debug)]
pub(super) enum NodeKind<'a> {
    Null,
    Bool(bool),
    Number(f64),
    String(Cow<'a, str>),
    /// A string Go's decoder refuses (a lone surrogate escape); holds the syntax error text.
    BadString(String),
    Array(Vec<Node<'a>>),
    Object(Vec<Entry<'a>>),
}

/// An object member: its name token and value.
#[derive(Debug)]
pub(super) struct Entry<'a> {
    pub(super) key_pos: usize,
    pub(super) key_raw: &'a str,
    pub(super) key: Cow<'a, str>,
    pub(super) value: Node<'a>,
}

/// Nesting deeper than this is refused (the converter has the same limit).
const MAX_DEPTH: usize = super::MAX_DEPTH + 2;

/// Why JSON text could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum ParseError {
    /// Malformed JSON at this byte offset.
    Syntax(usize),
    /// Nested deeper than the converter's limit.
    TooDeep,
}

/// Parses `text` into a tree.
pub(super) fn parse(text: &str) -> Result<Node<'_>, ParseError> {
    let mut p = Parser { s: text, i: 0, too_deep: false };
    let node = p.value(0).map_err(|pos| if p.too_deep { ParseError::TooDeep } else { ParseError::Syntax(pos) })?;
    p.ws();
    if p.i != text.len() {
        return Err(ParseError::Syntax(p.i));
    }
    Ok(node)
}

/// Go's `Position`: 1-based line and column (in characters) of a byte offset.
pub(super) fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let before = &text[..pos.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let last = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    (line, last.chars().count() + 1)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
    too_deep: bool,
}

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        let b = self.s.as_bytes();
        while self.i < b.len() && matches!(b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, usize> {
        self.ws();
        let pos = self.i;
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return Err(pos);
        }
        let kind = match self.peek().ok_or(pos)? {
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let key_pos = self.i;
                        let key = self.string()?.0;
                        let key_raw = &self.s[key_pos..self.i];
                        self.ws();
                        if self.peek() != Some(b':') {
                            return Err(self.i);
                        }
                        self.i += 1;
                        let value = self.value(depth + 1)?;
                        entries.push(Entry { key_pos, key_raw, key, value });
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.i),
                        }
                    }
                }
                let close = self.i - 1;
                return Ok(Node { pos, raw: "{", close, kind: NodeKind::Object(entries) });
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.i),
                        }
                    }
                }
                let close = self.i - 1;
                return Ok(Node { pos, raw: "[", close, kind: NodeKind::Array(items) });
            }
            b'"' => match self.string()? {
                (_, Some(bad)) => NodeKind::BadString(bad),
                (s, None) => NodeKind::String(s),
            },
            b't' => self.literal("true", NodeKind::Bool(true))?,
            b'f' => self.literal("false", NodeKind::Bool(false))?,
            b'n' => self.literal("null", NodeKind::Null)?,
            _ => {
                let b = self.s.as_bytes();
                while self.i < b.len() && matches!(b[self.i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    self.i += 1;
                }
                NodeKind::Number(self.s[pos..self.i].parse().map_err(|_| pos)?)
            }
        };
        Ok(Node { pos, raw: &self.s[pos..self.i], close: pos, kind })
    }

    fn literal(&mut self, word: &str, kind: NodeKind<'a>) -> Result<NodeKind<'a>, usize> {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(kind)
        } else {
            Err(self.i)
        }
    }

    /// A string token at the cursor; borrowed when it has no escapes. A lone surrogate escape
    /// becomes U+FFFD and also yields Go's error text for it (Go refuses such strings).
    fn string(&mut self) -> Result<(Cow<'a, str>, Option<String>), usize> {
        let start = self.i;
        if self.peek() != Some(b'"') {
            return Err(start);
        }
        self.i += 1;
        let body = self.i;
        let b = self.s.as_bytes();
        while self.i < b.len() && b[self.i] != b'"' && b[self.i] != b'\\' {
            self.i += 1;
        }
        if self.peek() == Some(b'"') {
            self.i += 1;
            return Ok((Cow::Borrowed(&self.s[body..self.i - 1]), None));
        }
        let mut out = String::from(&self.s[body..self.i]);
        let mut bad = None;
        loop {
            let rest = &self.s[self.i..];
            let mut chars = rest.char_indices();
            let (_, c) = chars.next().ok_or(self.i)?;
            match c {
                '"' => {
                    self.i += 1;
                    return Ok((Cow::Owned(out), bad));
                }
                '\\' => {
                    let (_, e) = chars.next().ok_or(self.i)?;
                    self.i += 2;
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let hi = self.hex4()?;
                            if (0xD800..0xE000).contains(&hi) {
                                let next = &self.s.as_bytes()[self.i..];
                                let follow = &next[..next.len().min(6)];
                                let lo = next
                                    .strip_prefix(b"\\u")
                                    .and_then(|h| std::str::from_utf8(h.get(..4)?).ok())
                                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                                if let Some(lo @ 0xDC00..0xE000) = lo.filter(|_| hi < 0xDC00) {
                                    self.i += 6;
                                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                    continue;
                                }
                                if bad.is_none() {
                                    let shown = String::from_utf8_lossy(follow);
                                    bad = Some(format!("invalid escape code {shown:?} in string"));
                                }
                                out.push('\u{FFFD}');
                                continue;
                            }
                            out.push(char::from_u32(hi).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.i - 2),
                    }
                }
                c => {
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, usize> {
        let digits = self.s.get(self.i..self.i + 4).ok_or(self.i)?;
        let v = u32::from_str_radix(digits, 16).map_err(|_| self.i)?;
        self.i += 4;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_raw_tokens() {
        let text = r#"{"a":[1,"x\"y"],"b":{"c":null}}"#;
        let node = parse(text).unwrap();
        let NodeKind::Object(entries) = &node.kind else { panic!() };
        assert_eq!(entries[0].key_raw, "\"a\"");
        assert_eq!(entries[0].key_pos, 1);
        let NodeKind::Array(items) = &entries[0].value.kind else { panic!() };
        assert_eq!(items[1].raw, r#""x\"y""#);
        assert!(matches!(&items[1].kind, NodeKind::String(s) if s == "x\"y"));
        assert_eq!(entries[1].value.raw, "{");
        assert_eq!(line_col(text, entries[1].key_pos), (1, 17));
        assert_eq!(line_col("\"é\",x", 5), (1, 5));
    }

    #[test]
    fn surrogates() {
        let node = parse(r#""\ud83d\ude00""#).unwrap();
        assert!(matches!(&node.kind, NodeKind::String(s) if s == "\u{1F600}"));
        let node = parse(r#"["x\ud800",1]"#).unwrap();
        let NodeKind::Array(items) = &node.kind else { panic!() };
        assert!(matches!(&items[0].kind, NodeKind::BadString(e) if e == r#"invalid escape code "\",1]" in string"#));
    }

    #[test]
    fn malformed_is_an_error() {
        assert!(parse("{\"a\"").is_err());
        assert!(parse("[1,]").is_err());
        assert!(parse("1 2").is_err());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(parse(&deep).unwrap_err(), ParseError::TooDeep);
    }
}
