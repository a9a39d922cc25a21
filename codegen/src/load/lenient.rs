//! JSON trees from JSON or YAML text that keep going past numbers a JSON tree cannot hold
//! (`1e400`, `-9223372036854776000` in YAML, `.inf`): one such number costs its own keyword
//! or list item, with a note of its place, never the whole spec.
//!
//! Nesting is bounded by the parsers (serde_json and serde_yaml stop at 128 levels), so the
//! visitor's recursion is too.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::pointer::escape;

/// A number that could not be kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// JSON pointer of the number (its key or list item).
    pub pointer: String,
    pub message: String,
    /// What was done instead.
    pub fallback: String,
}

/// Parses JSON. Numbers too large for a float, and integers beyond 64 bits, are found by a
/// scan of the text first; when there are none, this is plain `serde_json`. (The loader runs
/// the scan beside the parse, through [`json_scanned`].)
#[cfg(test)]
pub fn json(text: &str) -> Result<(Value, Vec<Found>), serde_json::Error> {
    match mark_numbers(text) {
        None => serde_json::from_str(text).map(|v| (v, Vec::new())),
        Some(rewritten) => json_marked(&rewritten),
    }
}

/// [`json`] of text whose numbers were scanned already: `rewritten` is what the scan made
/// of it (`None`: nothing to mark, so `plain`, serde_json's parse of the text, is the tree).
pub fn json_scanned(plain: serde_json::Result<Value>, rewritten: Option<String>) -> Result<(Value, Vec<Found>), serde_json::Error> {
    match rewritten {
        None => plain.map(|v| (v, Vec::new())),
        Some(rewritten) => {
            // The plain tree was parsed beside the scan and is not the answer: freed before the
            // marked one is built, so that the two never live at once (GitHub's spec is 180 MB).
            drop(plain);
            json_marked(&rewritten)
        }
    }
}

/// The marks of numbers JSON cannot hold, as [`json`] looks for them (`None`: there are none),
/// and whether the text nests deeper than `max` levels of `[` and `{` outside strings: one
/// pass for both (two were as long as serde_json's parse of the text beside them).
pub fn scanned(text: &str, max: usize) -> (bool, Option<String>) {
    scan(text, max)
}

fn json_marked(rewritten: &str) -> Result<(Value, Vec<Found>), serde_json::Error> {
    let found = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(rewritten);
    let value = Seed { at: None, found: &found, marked: true }.deserialize(&mut de)?;
    de.end()?;
    Ok((value.unwrap_or(Value::Null), found.into_inner()))
}

/// Parses YAML into a JSON tree: keys become text (`200:` is `"200"`), tags are dropped,
/// and numbers JSON cannot hold are approximated or dropped.
pub fn yaml(text: &str) -> Result<(Value, Vec<Found>), serde_yaml::Error> {
    let found = RefCell::new(Vec::new());
    let value = Seed { at: None, found: &found, marked: false }.deserialize(serde_yaml::Deserializer::from_str(text))?;
    Ok((value.unwrap_or(Value::Null), found.into_inner()))
}

/// Marks a number token that serde_json would refuse or silently round: the text with each
/// such token turned into a string `"\u0000number:TOKEN"`, or `None` when there is none.
#[cfg(test)]
fn mark_numbers(text: &str) -> Option<String> {
    scan(text, usize::MAX).1
}

/// [`mark_numbers`], and whether `[`/`{` outside strings nest deeper than `max`.
fn scan(text: &str, max: usize) -> (bool, Option<String>) {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    let (mut depth, mut deep) = (0usize, false);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 2;
                    } else {
                        // Text inside the quotes (most of a spec): on to the next quote or
                        // escape at once.
                        i += 1 + bytes.get(i + 1..).map_or(0, |rest| rest.iter().position(|b| matches!(b, b'"' | b'\\')).unwrap_or(rest.len()));
                    }
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                deep |= depth > max;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    i += 1;
                }
                let token = &text[start..i];
                if needs_mark(token) {
                    let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
                    buf.push_str(&text[copied..start]);
                    buf.push_str("\"\\u0000number:");
                    buf.push_str(token);
                    buf.push('"');
                    copied = i;
                }
            }
            _ => i += 1,
        }
    }
    let Some(mut out) = out else { return (deep, None) };
    out.push_str(text.get(copied..).unwrap_or_default());
    (deep, Some(out))
}

fn needs_mark(token: &str) -> bool {
    let integer = !token.contains(['.', 'e', 'E']);
    if integer {
        token.parse::<i64>().is_err() && token.parse::<u64>().is_err() && token.parse::<f64>().is_ok()
    } else {
        token.parse::<f64>().is_ok_and(|f| !f.is_finite())
    }
}

const MARK: &str = "\u{0}number:";

/// One step of the path from the root to the node being read.
struct Seg<'s> {
    parent: Option<&'s Seg<'s>>,
    key: Key<'s>,
}

enum Key<'s> {
    Name(&'s str),
    Index(usize),
}

fn pointer(at: Option<&Seg>) -> String {
    let mut parts = Vec::new();
    let mut here = at;
    while let Some(seg) = here {
        parts.push(match &seg.key {
            Key::Name(k) => escape(k),
            Key::Index(i) => i.to_string(),
        });
        here = seg.parent;
    }
    parts.iter().rev().map(|p| format!("/{p}")).collect()
}

/// Reads one node; `None` is a number that had to be dropped.
#[derive(Clone, Copy)]
struct Seed<'s, 'f> {
    at: Option<&'s Seg<'s>>,
    found: &'f RefCell<Vec<Found>>,
    /// Strings starting with [`MARK`] are numbers marked by [`mark_numbers`].
    marked: bool,
}

impl Seed<'_, '_> {
    fn note(&self, message: String, fallback: &str) {
        self.found.borrow_mut().push(Found { pointer: pointer(self.at), message, fallback: fallback.to_string() });
    }

    fn float(&self, written: &dyn fmt::Display, f: f64) -> Option<Value> {
        match Number::from_f64(f) {
            Some(n) if f.is_finite() => Some(Value::Number(n)),
            _ => {
                self.note(format!("the number `{written}` is out of range for any number type"), "dropped");
                None
            }
        }
    }

    fn wide_integer(&self, written: &dyn fmt::Display, f: f64) -> Option<Value> {
        let value = self.float(written, f)?;
        self.note(format!("the integer `{written}` does not fit in 64 bits"), "kept as the nearest floating-point number");
        Some(value)
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Value::Number(v.into())))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Value::Number(v.into())))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
        Ok(match i64::try_from(v) {
            Ok(i) => Some(Value::Number(i.into())),
            Err(_) => self.wide_integer(&v, v as f64),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
        Ok(match u64::try_from(v) {
            Ok(u) => Some(Value::Number(u.into())),
            Err(_) => self.wide_integer(&v, v as f64),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(self.float(&v, v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        if self.marked {
            if let Some(token) = v.strip_prefix(MARK) {
                let f = token.parse::<f64>().unwrap_or(f64::INFINITY);
                let integer = !token.contains(['.', 'e', 'E']);
                return Ok(if integer && f.is_finite() { self.wide_integer(&token, f) } else { self.float(&token, f) });
            }
        }
        Ok(Some(Value::String(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if self.marked && v.starts_with(MARK) {
            return self.visit_str(&v);
        }
        Ok(Some(Value::String(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        let mut index = 0;
        loop {
            let seg = Seg { parent: self.at, key: Key::Index(index) };
            let Some(item) = seq.next_element_seed(Seed { at: Some(&seg), ..self })? else { break };
            items.extend(item);
            index += 1;
        }
        Ok(Some(Value::Array(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(KeySeed { seed: self })? {
            let seg = Seg { parent: self.at, key: Key::Name(&key) };
            let value = map.next_value_seed(Seed { at: Some(&seg), ..self })?;
            if let Some(value) = value {
                out.insert(key, value);
            }
        }
        Ok(Some(Value::Object(out)))
    }

    /// A YAML tag (`!foo value`): the value, untagged.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (_tag, contents): (de::IgnoredAny, _) = data.variant()?;
        contents.newtype_variant_seed(self)
    }
}

/// Reads a mapping key as text: YAML allows numbers and booleans (`200:` in responses),
/// which OpenAPI means as their text.
struct KeySeed<'s, 'f> {
    seed: Seed<'s, 'f>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_string())
    }

    fn visit_none<E>(self) -> Result<String, E> {
        Ok("null".to_string())
    }

    fn visit_bool<E>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i128<E>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u128<E>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E>(self, v: f64) -> Result<String, E> {
        Ok(serde_yaml::Number::from(v).to_string())
    }

    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        let value = self.seed.visit_seq(seq)?;
        Ok(value.map(|v| v.to_string()).unwrap_or_default())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        let value = self.seed.visit_map(map)?;
        Ok(value.map(|v| v.to_string()).unwrap_or_default())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let (_tag, contents): (de::IgnoredAny, _) = data.variant()?;
        contents.newtype_variant_seed(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`mark_numbers`] as it was before it counted nesting too and skipped runs of string
    /// text at once: one byte at a time.
    fn per_byte_mark_numbers(text: &str) -> Option<String> {
        let bytes = text.as_bytes();
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                b'-' | b'0'..=b'9' => {
                    let start = i;
                    while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                        i += 1;
                    }
                    let token = &text[start..i];
                    if needs_mark(token) {
                        let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
                        buf.push_str(&text[copied..start]);
                        buf.push_str("\"\\u0000number:");
                        buf.push_str(token);
                        buf.push('"');
                        copied = i;
                    }
                }
                _ => i += 1,
            }
        }
        let mut out = out?;
        out.push_str(text.get(copied..).unwrap_or_default());
        Some(out)
    }

    #[test]
    fn one_scan_finds_the_nesting_and_the_numbers_the_two_found() {
        let pieces = [
            "\"", "\\", "\\\"", "[", "{", "]", "}", "1", "-", "99999999999999999999999", "1e400", "1.5", " ", "a", "é", ",", ":",
            "\"text, [brackets] and 1e400\"",
        ];
        let mut state = 0x243f_6a88_85a3_08d3u64;
        let (mut deep, mut marked) = (0, 0);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 300) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
                if state % 7 == 0 {
                    text.push_str(&"[".repeat(40));
                }
            }
            let found = scanned(&text, super::super::MAX_NESTING);
            assert_eq!(found, (super::super::json_too_deep(&text), per_byte_mark_numbers(&text)), "{text:?}");
            deep += usize::from(found.0);
            marked += usize::from(found.1.is_some());
        }
        // Both answers of each are met often.
        assert!((100..19_900).contains(&deep) && (100..19_900).contains(&marked), "{deep} deep, {marked} marked");
        // At the limit and one past it, in and out of strings.
        let max = super::super::MAX_NESTING;
        for (text, deep) in [
            ("[".repeat(max), false),
            ("[".repeat(max + 1), true),
            (format!("{}\"[\"{}", "{".repeat(max), "]".repeat(max)), false),
            (format!("{}]{{[", "[".repeat(max)), true),
        ] {
            assert_eq!(scanned(&text, max).0, deep, "{text}");
            assert_eq!(super::super::json_too_deep(&text), deep, "{text}");
        }
    }

    #[test]
    fn json_numbers_out_of_range_cost_only_themselves() {
        let (v, found) = json(r#"{"a": 1e400, "b": [1, -1e400, 2], "c": -9223372036854776000, "d": "1e400", "e": 3}"#).unwrap();
        assert!(v.get("a").is_none(), "{v}");
        assert_eq!(v["b"], serde_json::json!([1, 2]));
        assert!(v["c"].as_f64().is_some_and(|f| f < -9.2e18), "{v}");
        assert_eq!(v["d"], "1e400");
        assert_eq!(v["e"], 3);
        let places: Vec<&str> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(places, ["/a", "/b/1", "/c"]);
    }

    #[test]
    fn plain_json_is_untouched() {
        assert!(mark_numbers(r#"{"a": -12, "b": 1.5e3, "s": "99999999999999999999999"}"#).is_none());
    }

    #[test]
    fn yaml_numbers_out_of_range_cost_only_themselves() {
        let text = "a: -9223372036854776000\nb: [1, 1e400]\nc: .inf\n200: ok\nd: !tag 5\n";
        let (v, found) = yaml(text).unwrap();
        assert!(v["a"].as_f64().is_some_and(|f| f < -9.2e18), "{v}");
        // serde_yaml reads a float literal beyond f64 as text: no number is invented.
        assert_eq!(v["b"][0], 1);
        assert!(!v["b"][1].is_number(), "{v}");
        assert!(v.get("c").is_none(), "{v}");
        assert_eq!(v["200"], "ok");
        assert_eq!(v["d"], 5);
        let places: Vec<&str> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(places, ["/a", "/c"]);
    }
}
