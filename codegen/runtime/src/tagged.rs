//! Tagged unions without a `serde_json::Value` tree: a union's `Deserialize` takes the value as
//! raw JSON text, reads the tag from it (`tag`) and decodes the text once, by the variant's
//! type. Variants whose type has no tag field are written through `WithTag`, which adds the
//! tag in front of the fields without building a tree either. A variant that does not decode
//! names the path inside it (`from_text`, `from_value`), which a fresh deserializer would
//! otherwise lose.

// runtime: if raw
use std::borrow::Cow;
use std::fmt;

use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The value as raw JSON text, which borrows nothing from the input and is not parsed further.
pub(crate) fn raw<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Box<RawValue>, D::Error> {
    serde::Deserialize::deserialize(deserializer)
}

/// The string value of the `name` property of the JSON object `raw`; `None` when `raw` is no
/// object, has no such property, or its value is not a string. Other properties are skipped
/// without being decoded; a tag without escapes is borrowed, not copied.
pub(crate) fn tag<'r>(raw: &'r RawValue, name: &str) -> Option<Cow<'r, str>> {
    // A slice reader, as everywhere (see `from_text`).
    let mut de = serde_json::Deserializer::from_slice(raw.get().as_bytes());
    serde::Deserializer::deserialize_any(&mut de, Seek { name })
        .ok()
        .flatten()
}

struct Seek<'n> {
    name: &'n str,
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key_seed(Text)? {
            if found.is_none() && key.as_deref() == Some(self.name) {
                found = map.next_value_seed(Text)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A string, borrowed when the input allows it; `None` for any other JSON value.
struct Text;

impl<'de> serde::de::DeserializeSeed<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(value.to_string())))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
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

    fn error_of<T: serde::de::DeserializeOwned + fmt::Debug>(text: &str) -> (String, String) {
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
