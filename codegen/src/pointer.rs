//! JSON pointers (RFC 6901): the place of every node the generator looks at.

use std::fmt;

/// A place in a spec document: the file it is in and the pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// File index in the resolver's document list (0 is the root spec).
    pub doc: usize,
    /// Escaped pointer, e.g. `/components/schemas/Foo`; empty for the root.
    pub pointer: String,
}

impl Place {
    pub fn root(doc: usize) -> Self {
        Place { doc, pointer: String::new() }
    }

    /// The place of a child key or index.
    pub fn join(&self, segment: &str) -> Self {
        let mut pointer = String::with_capacity(self.pointer.len() + segment.len() + 1);
        pointer.push_str(&self.pointer);
        pointer.push('/');
        if segment.contains(['~', '/']) {
            pointer.push_str(&escape(segment));
        } else {
            pointer.push_str(segment);
        }
        Place { doc: self.doc, pointer }
    }

    pub fn index(&self, i: usize) -> Self {
        self.join(&i.to_string())
    }

    /// The unescaped last segment, if any.
    pub fn last(&self) -> Option<String> {
        self.pointer.rsplit_once('/').map(|(_, s)| unescape(s))
    }

    /// Unescaped segments.
    pub fn segments(&self) -> Vec<String> {
        if self.pointer.is_empty() {
            return Vec::new();
        }
        self.pointer.split('/').skip(1).map(unescape).collect()
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.pointer)
    }
}

pub fn escape(segment: &str) -> String {
    if !segment.contains(['~', '/']) {
        return segment.to_string();
    }
    segment.replace('~', "~0").replace('/', "~1")
}

pub fn unescape(segment: &str) -> String {
    if !segment.contains('~') {
        return segment.to_string();
    }
    // One pass, as `replace("~1", "/")` then `replace("~0", "~")` read it (two substring
    // searches per segment were most of looking up GitHub's `/paths/~1…` places).
    let mut out = String::with_capacity(segment.len());
    let mut rest = segment;
    while let Some(i) = rest.find('~') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let after = rest.get(i + 1..).unwrap_or_default();
        match after.as_bytes().first() {
            Some(b'1') => out.push('/'),
            Some(b'0') => out.push('~'),
            _ => {
                out.push('~');
                rest = after;
                continue;
            }
        }
        rest = after.get(1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `root.pointer(pointer)` without an allocation per segment (the IR looks up every schema
/// place this way, many times): a segment is unescaped only when it holds a `~`.
pub fn lookup<'v>(root: &'v serde_json::Value, pointer: &str) -> Option<&'v serde_json::Value> {
    use serde_json::Value;
    if pointer.is_empty() {
        return Some(root);
    }
    let rest = pointer.strip_prefix('/')?;
    let mut at = root;
    for segment in rest.split('/') {
        let owned;
        let segment = if segment.contains('~') {
            owned = unescape(segment);
            owned.as_str()
        } else {
            segment
        };
        at = match at {
            Value::Object(map) => member(map, segment)?,
            // As serde_json reads an index: no sign, no leading zero.
            Value::Array(list) => {
                if segment.starts_with('+') || (segment.starts_with('0') && segment.len() != 1) {
                    return None;
                }
                list.get(segment.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(at)
}

/// `map.get(key)`, with a small object's keys compared in order instead: a schema object has
/// a handful of keys, and hashing the key (serde_json's maps use SipHash) cost more than
/// comparing them. The same member either way, as an object's keys are distinct.
pub fn member<'v>(map: &'v serde_json::Map<String, serde_json::Value>, key: &str) -> Option<&'v serde_json::Value> {
    const SCANNED: usize = 12;
    if map.len() <= SCANNED {
        return map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v);
    }
    map.get(key)
}

/// `value.get(key)` through [`member`]: the member of an object, `None` for anything else.
pub fn field<'v>(value: &'v serde_json::Value, key: &str) -> Option<&'v serde_json::Value> {
    value.as_object().and_then(|map| member(map, key))
}

/// Percent-decoding for pointers that come from URI fragments (`#/paths/~1a%7Bb%7D`).
pub fn percent_decode(s: &str) -> String {
    // Most fragments have no escape: a copy, not a byte-by-byte rebuild (every `$ref` is
    // decoded each time it is followed).
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let p = Place::root(0).join("paths").join("/a/{b}").join("x~y");
        assert_eq!(p.pointer, "/paths/~1a~1{b}/x~0y");
        assert_eq!(p.segments(), vec!["paths", "/a/{b}", "x~y"]);
        assert_eq!(p.last().as_deref(), Some("x~y"));
    }

    #[test]
    fn lookup_reads_pointers_as_serde_json_does() {
        let v = serde_json::json!({"a/b": {"c~d": [1, {"": 2}]}, "": {"x": 3}, "0": [4]});
        for p in ["", "/", "/a~1b", "/a~1b/c~0d", "/a~1b/c~0d/1/", "/a~1b/c~0d/01", "/a~1b/c~0d/+1", "/a~1b/c~0d/9", "//x", "/0/0", "x", "/a/b"] {
            assert_eq!(lookup(&v, p), v.pointer(p), "{p}");
        }
    }

    #[test]
    fn a_member_is_the_one_get_finds() {
        let small = serde_json::json!({"a": 1, "ab": 2, "": 3});
        let big: serde_json::Map<String, serde_json::Value> = (0..40).map(|i| (format!("k{i}"), serde_json::json!(i))).collect();
        for key in ["a", "ab", "", "b", "A"] {
            assert_eq!(member(small.as_object().unwrap(), key), small.get(key), "{key}");
            assert_eq!(field(&small, key), small.get(key), "{key}");
        }
        assert_eq!(field(&serde_json::json!(["a"]), "a"), None);
        for key in ["k0", "k39", "k40", ""] {
            assert_eq!(member(&big, key), big.get(key), "{key}");
        }
    }

    /// Every string of up to 6 characters over `~`, `0`, `1`, `/`, `a` and `é` unescapes as
    /// the two replacements did.
    #[test]
    fn unescaping_in_one_pass_is_the_two_replacements() {
        let alphabet = ["~", "0", "1", "/", "a", "é"];
        let mut level = vec![String::new()];
        for _ in 0..6 {
            level = level.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            for s in &level {
                assert_eq!(unescape(s), s.replace("~1", "/").replace("~0", "~"), "{s:?}");
            }
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("~1a%7Bb%7D"), "~1a{b}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%4"), "%4");
    }
}
