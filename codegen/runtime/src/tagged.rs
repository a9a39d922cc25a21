//! Tagged unions without a `serde_json::Value` tree: a union's `Deserialize` takes the value as
//! raw JSON text, reads the tag from it (`tag`) and decodes the text once, by the variant's
//! type. Variants whose type has no tag field are written through `WithTag`, which adds the
//! tag in front of the fields without building a tree either. A variant that does not decode
//! names the path inside it (`from_text`, `from_value`), which a fresh deserializer would
//! otherwise lose.

// runtime: if raw
use std::borrow::Cow;

use serde_json::value::RawValue;

/// The value as raw JSON text, which borrows nothing from the input and is not parsed further.
pub(crate) fn raw<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Box<RawValue>, D::Error> {
    serde::Deserialize::deserialize(deserializer)
}

/// The string value of the `name` property of the JSON object `raw` (the first such property
/// whose value is a string); `None` when `raw` is no object, has no such property, or its
/// value is not a string. A tag without escapes is borrowed, not copied.
///
/// The text is walked byte by byte, not parsed: `raw` is valid JSON, so strings, brackets and
/// separators are all there is to tell apart, and the walk costs a fraction of a serde parse
/// (which would check every string's UTF-8 again). Only a key or tag written with escapes is
/// decoded. A loop, no recursion: nested values are skipped by counting brackets; text that is
/// not JSON (never a `RawValue`) has no tag rather than a guessed one.
pub(crate) fn tag<'r>(raw: &'r RawValue, name: &str) -> Option<Cow<'r, str>> {
    scan(raw.get(), name)
}

fn scan<'r>(text: &'r str, name: &str) -> Option<Cow<'r, str>> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at += 1;
    loop {
        at = skip_space(bytes, at);
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let (key, key_escaped, end) = string_at(text, at)?;
        at = skip_space(bytes, end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(bytes, at + 1);
        if bytes.get(at) == Some(&b'"') && unescaped(key, key_escaped)?.as_ref() == name {
            let (value, escaped, _) = string_at(text, at)?;
            return unescaped(value, escaped);
        }
        at = skip_space(bytes, skip_value(text, at)?);
        if bytes.get(at) != Some(&b',') {
            return None;
        }
        at += 1;
    }
}

/// A string as the text spells it between its quotes, decoded if it has escapes (a `"` or
/// `\` in a key is always escaped, so a name with one is never matched by its raw text).
fn unescaped(spelled: &str, escaped: bool) -> Option<Cow<'_, str>> {
    if !escaped {
        return Some(Cow::Borrowed(spelled));
    }
    let quoted = format!("\"{spelled}\"");
    serde_json::from_slice::<String>(quoted.as_bytes())
        .ok()
        .map(Cow::Owned)
}

fn skip_space(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The string opening at `at`: its text between the quotes (escapes as written), whether it
/// has escapes, and where it ends (after the closing quote). (A plain loop: it measured faster
/// here than `position` or testing eight bytes at a time, the strings in tagged values being
/// short.)
fn string_at(text: &str, at: usize) -> Option<(&str, bool, usize)> {
    let bytes = text.as_bytes();
    let start = at + 1;
    let mut i = start;
    let mut escaped = false;
    loop {
        match *bytes.get(i)? {
            b'"' => return Some((text.get(start..i)?, escaped, i + 1)),
            // A backslash and the character it escapes (`\"` too); `\u0041` goes on as text.
            b'\\' => {
                escaped = true;
                i += 2;
            }
            _ => i += 1,
        }
    }
}

/// Where the value starting at `at` ends.
fn skip_value(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.get(at)? {
        b'"' => string_at(text, at).map(|(_, _, end)| end),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = string_at(text, i)?.2;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        // A number, `true`, `false` or `null`: up to what follows it.
        _ => {
            let rest = bytes.get(at..)?;
            let end = rest
                .iter()
                .position(|&b| b <= b' ' || b == b',' || b == b'}' || b == b']');
            Some(at + end.unwrap_or(rest.len()))
        }
    }
}

// runtime: end
// runtime: if raw|value
/// The error of a variant `T` that did not decode (`first`), from decoding it `again` with the
/// path tracked, so that it names where inside the variant it went wrong: `in `fileId`:
/// <message>`, which a union around this one, and the client's decode error, fold into their
/// own path. Only a failure pays for the tracking (it allocates for every key).
fn traced<'de, T, D, E>(again: D, first: &serde_json::Error) -> E
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de, Error = serde_json::Error>,
    E: serde::de::Error,
{
    match serde_path_to_error::deserialize::<_, T>(again) {
        Err(e) => E::custom(folded(&e.path().to_string(), e.inner())),
        Ok(_) => E::custom(without_position(first)),
    }
}

/// `error`'s message prefixed with `path` joined to the path its message carries (from a
/// union inside this one), its position left out: it counts in the variant's text, not the
/// body, and the outer deserializer adds its own.
fn folded(path: &str, error: &serde_json::Error) -> String {
    let message = without_position(error);
    let (inner, rest) = split_path(&message);
    let path = match (path, inner) {
        (".", None) => return rest.to_string(),
        (".", Some(inner)) => inner.to_string(),
        (outer, None) => outer.to_string(),
        (outer, Some(inner)) if inner.starts_with('[') => format!("{outer}{inner}"),
        (outer, Some(inner)) => format!("{outer}.{inner}"),
    };
    format!("in `{path}`: {rest}")
}

fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if error.line() == 0 {
        return message;
    }
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&suffix) {
        Some(rest) => rest.to_string(),
        None => message,
    }
}

// runtime: end
// runtime: if raw|value
/// A message of [`folded`] as its path and the rest; `None` and all of it for others.
/// (`call.rs` has the same, for the client's decode error: it has no `tagged.rs` without
/// unions.)
fn split_path(message: &str) -> (Option<&str>, &str) {
    message
        .strip_prefix("in `")
        .and_then(|m| m.split_once("`: "))
        .map_or((None, message), |(path, rest)| (Some(path), rest))
}

// runtime: end
// runtime: if raw
/// The variant `T` of a union read as raw JSON `text` (see [`traced`]).
pub(crate) fn from_text<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    text: &str,
) -> Result<T, E> {
    // A slice reader, not a `str` one: the client decodes bodies with one, and each model's
    // decoder is compiled once per reader.
    let bytes = text.as_bytes();
    serde_json::from_slice(bytes).map_err(|first| {
        traced::<T, _, E>(&mut serde_json::Deserializer::from_slice(bytes), &first)
    })
}

// runtime: end
// runtime: if value
/// The variant `T` of a union read as a `serde_json::Value` (see [`traced`]); borrowed, so
/// that it is still there to be decoded again.
pub(crate) fn from_value<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: &serde_json::Value,
) -> Result<T, E> {
    T::deserialize(value).map_err(|first| traced::<T, _, E>(value, &first))
}

// runtime: end
// runtime: if with_tag
/// A variant's value written with the union's tag in front of its own fields.
#[derive(serde::Serialize)]
pub(crate) struct WithTag<'a, T: serde::Serialize> {
    #[serde(flatten)]
    pub tag: Tag,
    #[serde(flatten)]
    pub value: &'a T,
}

/// One property, `name: value`.
pub(crate) struct Tag(pub &'static str, pub &'static str);

impl serde::Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}
// runtime: end

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        RawValue::from_string(text.to_string()).unwrap()
    }

    #[test]
    fn the_tag_is_found_wherever_it_is() {
        let first = raw(r#"{"type": "FILE", "nested": {"type": "NO"}, "list": [1, {"a": null}]}"#);
        assert_eq!(tag(&first, "type").as_deref(), Some("FILE"));
        let last = raw(r#"{"nested": {"type": "NO"}, "n": 1.5, "type": "LOCATION"}"#);
        assert_eq!(tag(&last, "type").as_deref(), Some("LOCATION"));
        assert!(matches!(tag(&last, "type"), Some(Cow::Borrowed(_))));
        let escaped = raw(r#"{"ty\u0070e": "F\u0049LE"}"#);
        assert_eq!(tag(&escaped, "type").as_deref(), Some("FILE"));
    }

    #[test]
    fn no_string_tag_is_none() {
        for text in [
            r#"{"type": 3}"#,
            r#"{"type": null}"#,
            r#"{"kind": "FILE"}"#,
            r#"{"type": {"a": 1}}"#,
            "[1, 2]",
            "\"FILE\"",
            "7",
            "null",
        ] {
            assert_eq!(tag(&raw(text), "type"), None, "{text}");
        }
    }

    #[test]
    fn the_tag_is_read_past_any_value() {
        for text in [
            r#"{"type":"FILE","fileId":"1"}"#,
            " \n{ \t\"type\" \r\n:  \"FILE\" }",
            r#"{"a":{"type":"NO","b":[{"type":"NO"}]},"c":["}","]",{"d":"\"{"}],"type":"FILE"}"#,
            r#"{"ty":"NO","types":"NO","a":"\"type\"","n":-1.5e3,"t":true,"f":null,"type":"FILE"}"#,
            r#"{"a\"type":"NO","\"type\"":"NO","type":"FILE"}"#,
            r#"{"n":[1,2.5,[],{}],"e":[],"o":{},"type":"FILE"}"#,
        ] {
            assert_eq!(tag(&raw(text), "type").as_deref(), Some("FILE"), "{text}");
            assert!(matches!(tag(&raw(text), "type"), Some(Cow::Borrowed(_))));
        }
        assert_eq!(tag(&raw(r#"{"type":""}"#), "type").as_deref(), Some(""));
        assert_eq!(tag(&raw(r#"{"type":"é"}"#), "type").as_deref(), Some("é"));
    }

    #[test]
    fn the_first_string_of_that_name_is_the_tag() {
        for (text, found) in [
            (r#"{"type":"FILE","type":"LOCATION"}"#, "FILE"),
            (r#"{"type":3,"type":"FILE"}"#, "FILE"),
            (r#"{"type":[],"type":{"type":"NO"},"type":"FILE"}"#, "FILE"),
            (
                r#"{"type":null,"ty\u0070e":"F\u0049LE","type":"NO"}"#,
                "FILE",
            ),
        ] {
            assert_eq!(tag(&raw(text), "type").as_deref(), Some(found), "{text}");
        }
    }

    #[test]
    fn escaped_keys_and_tags_are_decoded() {
        for (text, name, found) in [
            (r#"{"a\u0041":1, "type":"FILE"}"#, "type", "FILE"),
            (r#"{"type":"\u00e9\n"}"#, "type", "é\n"),
            (r#"{"type":"A\"B\\"}"#, "type", "A\"B\\"),
            (r#"{"a\"b":"X"}"#, "a\"b", "X"),
            (r#"{"a\\b":"X"}"#, "a\\b", "X"),
            (r#"{"\ud83d\ude00":"X"}"#, "😀", "X"),
        ] {
            assert_eq!(tag(&raw(text), name).as_deref(), Some(found), "{text}");
        }
        // Spelled alike, meant otherwise: `\b` is a backspace, not a backslash and a `b`.
        assert_eq!(tag(&raw(r#"{"a\b":"X"}"#), "a\\b"), None);
    }

    #[test]
    fn text_that_is_not_json_has_no_tag_and_does_not_panic() {
        for text in [
            "",
            "{",
            r#"{"type""#,
            r#"{"type":"#,
            r#"{"type":"FILE"#,
            r#"{"a":[}"#,
            r#"{"a":"\"#,
            r#"{"a":1"#,
            r#"{"a":1 "type":"FILE"}"#,
            r#"{"a" 1,"type":"FILE"}"#,
            r#"{"a":}},"type":"FILE"}"#,
            "{]]",
            r#"{"type":"\uZZZZ"}"#,
        ] {
            assert_eq!(scan(text, "type"), None, "{text}");
        }
    }

    /// `tag` against what a union decoded through a `serde_json::Value` reads (`Value::get`),
    /// on objects without repeated keys, where the two must agree.
    #[test]
    fn the_walk_finds_what_a_parse_finds() {
        let nested = serde_json::json!({
            "z": [{"type": "NO"}, "}", {"a": [[], {}, "\\", "\"]"]}],
            "m": {"type": "NO", "x": [1, -2.5e-3, true, false, null]},
            "type": "FI\"LE",
            "zz": "after",
        });
        for text in [
            &serde_json::to_string(&nested).unwrap(),
            &serde_json::to_string_pretty(&nested).unwrap(),
            r#"{ "type" : "FILE" , "n" : [1, {"type": "NO"}] }"#,
            r#"{"fileId":"1","type":"FILE"}"#,
            r#"{"fileId":"1","type":7}"#,
            r#"{"type":"\u00e9"}"#,
            r#"{"a\"type\"":"NO","type":"YES"}"#,
            r#"{"m":{"type":"NO"}}"#,
            r#"[{"type":"NO"}]"#,
            r#""type""#,
            "[]",
            "{}",
            "null",
        ] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let parsed = value.get("type").and_then(serde_json::Value::as_str);
            assert_eq!(tag(&raw(text), "type").as_deref(), parsed, "{text}");
        }
    }

    #[derive(serde::Serialize)]
    struct File {
        #[serde(rename = "fileId")]
        file_id: String,
    }

    /// A union as the generator writes one: raw (`Outer`, `Inner`) or through a `Value`.
    #[derive(Debug)]
    enum Inner {
        File(File2),
        Unknown,
    }

    #[derive(Debug, serde::Deserialize)]
    struct File2 {
        #[serde(rename = "fileId")]
        _file_id: String,
    }

    impl<'de> serde::Deserialize<'de> for Inner {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let raw = super::raw(deserializer)?;
            let text = raw.get();
            match tag(&raw, "type").as_deref() {
                Some("FILE") => from_text(text).map(Inner::File),
                _ => Ok(Inner::Unknown),
            }
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Holder {
        _inner: Vec<Inner>,
    }

    #[derive(Debug)]
    enum Outer {
        Holder(Holder),
    }

    impl<'de> serde::Deserialize<'de> for Outer {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = serde_json::Value::deserialize(deserializer)?;
            from_value(&value).map(Outer::Holder)
        }
    }

    fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> (String, String) {
        let mut de = serde_json::Deserializer::from_str(text);
        let e = serde_path_to_error::deserialize::<_, T>(&mut de).unwrap_err();
        (e.path().to_string(), e.into_inner().to_string())
    }

    #[test]
    fn a_variant_names_the_path_inside_it_through_nested_unions() {
        let (path, message) =
            error_of::<Vec<Inner>>(r#"[{"type":"FILE","fileId":"a"},{"type":"FILE","fileId":7}]"#);
        assert_eq!(path, "[1]");
        assert!(
            message.starts_with(
                "in `fileId`: invalid type: integer `7`, expected a string at line 1 column "
            ),
            "{message}"
        );
        let (path, message) =
            error_of::<Outer>(r#"{"_inner":[{"type":"X"},{"type":"FILE","fileId":null}]}"#);
        assert_eq!(path, ".");
        assert_eq!(
            message,
            "in `_inner[1].fileId`: invalid type: null, expected a string"
        );
        let (_, message) = error_of::<Vec<Inner>>(r#"[{"type":"FILE"}]"#);
        assert!(
            message.starts_with("missing field `fileId` at line 1"),
            "{message}"
        );
    }

    #[test]
    fn with_tag_writes_the_tag_first() {
        let file = File {
            file_id: "7".to_string(),
        };
        let text = serde_json::to_string(&WithTag {
            tag: Tag("type", "FILE"),
            value: &file,
        })
        .unwrap();
        assert_eq!(text, r#"{"type":"FILE","fileId":"7"}"#);
    }
}
