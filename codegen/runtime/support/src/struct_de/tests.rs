use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Every kind of field, as the generator writes them.
#[derive(Debug, Clone, PartialEq)]
struct Message {
    text: String,
    channel_id: u32,
    note: Option<String>,
    kind: Kind,
    cleared: Option<Option<String>>,
    reply: Option<Box<Message>>,
    maybe: Option<u8>,
}

deserialize_struct!(Message { text, channel_id("channelId") } default { note, kind, reply, maybe } nullable { cleared });

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
enum Kind {
    #[default]
    #[serde(rename = "FILE")]
    File,
}

/// `Message` by serde's derive, as the generator wrote it before: the reference.
mod derived {
    use super::Kind;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct Message {
        pub text: String,
        #[serde(rename = "channelId")]
        pub channel_id: u32,
        #[serde(default)]
        pub note: Option<String>,
        #[serde(default)]
        pub kind: Kind,
        #[serde(default, deserialize_with = "nullable")]
        pub cleared: Option<Option<String>>,
        #[serde(default)]
        pub reply: Option<Box<Message>>,
        pub maybe: Option<u8>,
    }

    fn nullable<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

impl From<derived::Message> for Message {
    fn from(d: derived::Message) -> Self {
        Message {
            text: d.text,
            channel_id: d.channel_id,
            note: d.note,
            kind: d.kind,
            cleared: d.cleared,
            reply: d.reply.map(|r| Box::new(Message::from(*r))),
            maybe: d.maybe,
        }
    }
}

/// What the macro's `Message` and the derived one make of `text`: the same value or the same
/// error, position included.
fn same_as_derive(text: &str) -> Result<Message, String> {
    let ours = serde_json::from_str::<Message>(text).map_err(|e| e.to_string());
    let derived = serde_json::from_str::<derived::Message>(text)
        .map(Message::from)
        .map_err(|e| e.to_string());
    assert_eq!(ours, derived, "{text}");
    ours
}

#[test]
fn decodes_as_the_derive_does() {
    let full = same_as_derive(
        r#"{"text":"hi","channelId":7,"note":"n","kind":"FILE","cleared":null,"maybe":null,
            "reply":{"text":"re","channelId":8,"cleared":"c"}}"#,
    )
    .unwrap();
    assert_eq!(full.cleared, Some(None));
    assert_eq!(full.maybe, None);
    let reply = full.reply.unwrap();
    assert_eq!(
        (reply.text.as_str(), reply.channel_id, reply.cleared),
        ("re", 8, Some(Some("c".to_string())))
    );
    let bare = same_as_derive(r#"{"channelId":1,"text":""}"#).unwrap();
    assert_eq!((bare.note, bare.cleared, bare.reply), (None, None, None));
}

#[test]
fn errors_are_the_derives_word_for_word() {
    for (text, error) in [
        (
            r#"{"text":"hi"}"#,
            "missing field `channelId` at line 1 column 13",
        ),
        (r#"{"channelId":1}"#, "missing field `text`"),
        // Both absent: the first declared is named, as by the derive.
        ("{}", "missing field `text`"),
        (
            r#"{"text":"a","text":"b","channelId":1}"#,
            "duplicate field `text`",
        ),
        (
            r#"{"text":"a","channelId":1,"note":null,"note":"x"}"#,
            "duplicate field `note`",
        ),
        (
            r#"{"text":"a","channelId":1,"cleared":null,"cleared":null}"#,
            "duplicate field `cleared`",
        ),
        (
            r#"{"text":null,"channelId":1}"#,
            "invalid type: null, expected a string",
        ),
        (
            r#"{"text":"a","channelId":-1}"#,
            "invalid value: integer `-1`, expected u32",
        ),
        (
            r#"{"text":"a","channelId":1,"kind":"LINK"}"#,
            "unknown variant `LINK`",
        ),
        (
            r#"{"text":"a","channelId":1,"reply":{"text":"b"}}"#,
            "missing field `channelId`",
        ),
        (
            "\"text\"",
            "invalid type: string \"text\", expected struct Message",
        ),
        ("7", "invalid type: integer `7`, expected struct Message"),
        ("null", "invalid type: null, expected struct Message"),
        (
            r#"{"text":"a","channelId":1"#,
            "EOF while parsing an object",
        ),
        (r#"{"text":"a" "channelId":1}"#, "expected `,` or `}`"),
        (r#"{7:1}"#, "key must be a string"),
    ] {
        let got = same_as_derive(text).unwrap_err();
        assert!(got.starts_with(error), "{text}: {got}");
    }
}

#[test]
fn unknown_keys_of_any_shape_are_skipped_and_escaped_keys_match() {
    let text = r#"{"x":{"text":5,"deep":[[{"a":null}]]},"te\u0078t":"hi","y":[1,"2",{}],
        "channel\u0049d":3,"\u006eote":"n","z":-1.5e300,"w":true}"#;
    let m = same_as_derive(text).unwrap();
    assert_eq!(
        (m.text.as_str(), m.channel_id, m.note.as_deref()),
        ("hi", 3, Some("n"))
    );
    // Escaped or not, a key given twice is one field given twice.
    let twice = same_as_derive(r#"{"text":"a","te\u0078t":"b","channelId":1}"#).unwrap_err();
    assert!(twice.starts_with("duplicate field `text`"), "{twice}");
    // Close is not equal: no prefix, case or trailing-space match.
    let close = same_as_derive(r#"{"Text":"a","text ":"b","tex":"c","channelId":1}"#).unwrap_err();
    assert!(close.starts_with("missing field `text`"), "{close}");
}

/// Through every input serde_json reads: keys borrowed (a slice, a `&Value`), copied (a
/// reader, an escape) or owned (a `Value` taken by value).
#[test]
fn keys_that_are_not_borrowed_match_too() {
    let text = r#"{"text":"hi","channelId":2,"note":"n","cleared":null,"unknown":{"a":1}}"#;
    let expected = serde_json::from_str::<Message>(text).unwrap();
    let from_reader: Message = serde_json::from_reader(text.as_bytes()).unwrap();
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let from_ref = Message::deserialize(&value).unwrap();
    let from_value: Message = serde_json::from_value(value).unwrap();
    let from_slice: Message = serde_json::from_slice(text.as_bytes()).unwrap();
    for decoded in [from_reader, from_ref, from_value, from_slice] {
        assert_eq!(decoded, expected);
    }
    let error = serde_json::from_reader::<_, Message>(r#"{"channelId":2}"#.as_bytes()).unwrap_err();
    assert!(
        error.to_string().starts_with("missing field `text`"),
        "{error}"
    );
    let error = serde_json::from_value::<Message>(serde_json::json!({"text": "a"})).unwrap_err();
    assert_eq!(error.to_string(), "missing field `channelId`");
}

/// The path of the error as the client's decode error reads it from the parser's position.
fn path_of<T: DeserializeOwned + Debug>(text: &str) -> (String, String) {
    let e = serde_json::from_str::<T>(text).unwrap_err();
    let path = crate::json_path::error_path(text.as_bytes(), &e);
    (path, e.to_string())
}

#[test]
fn the_path_tracker_sees_every_key() {
    let (path, message) = path_of::<Message>(
        r#"{"text":"a","channelId":1,"reply":{"text":"b","channelId":2,"reply":{"te\u0078t":5}}}"#,
    );
    assert_eq!(path, "reply.reply.text");
    assert!(
        message.starts_with("invalid type: integer `5`"),
        "{message}"
    );
    let (path, _) =
        path_of::<Vec<Message>>(r#"[{"text":"a","channelId":1},{"text":"a","channelId":true}]"#);
    assert_eq!(path, "[1].channelId");
}

/// An object with additional properties, and a struct inside one.
#[derive(Debug, PartialEq)]
struct Open {
    name: Option<String>,
    rest: BTreeMap<String, Inner>,
}

deserialize_struct!(Open {} default { name } rest rest(Inner));

#[derive(Debug, PartialEq)]
struct Inner {
    size: u8,
}

deserialize_struct!(Inner { size });

#[test]
fn other_keys_go_to_the_rest_last_value_kept_and_named_in_errors() {
    let open: Open =
        serde_json::from_str(r#"{"a":{"size":1},"name":"n","b":{"size":2},"a":{"size":3}}"#)
            .unwrap();
    assert_eq!(open.name.as_deref(), Some("n"));
    let sizes: Vec<(&str, u8)> = open
        .rest
        .iter()
        .map(|(k, v)| (k.as_str(), v.size))
        .collect();
    assert_eq!(sizes, [("a", 3), ("b", 2)]);
    let escaped: Open = serde_json::from_str(r#"{"n\u0061me":"x","k\u00e9y":{"size":4}}"#).unwrap();
    assert_eq!(escaped.name.as_deref(), Some("x"));
    assert_eq!(escaped.rest.keys().collect::<Vec<_>>(), ["k\u{e9}y"]);
    // A declared field is still declared once.
    let twice = serde_json::from_str::<Open>(r#"{"name":"a","name":"b"}"#).unwrap_err();
    assert!(
        twice.to_string().starts_with("duplicate field `name`"),
        "{twice}"
    );
    let (path, message) = path_of::<Vec<Open>>(r#"[{},{"k":{"size":1},"j":{"size":"big"}}]"#);
    assert_eq!(path, "[1].j.size");
    assert!(
        message.starts_with("invalid type: string \"big\", expected u8"),
        "{message}"
    );
    let (path, message) = path_of::<Open>(r#"{"k":{}}"#);
    assert_eq!(path, "k");
    assert!(message.starts_with("missing field `size`"), "{message}");
    let empty: Open = serde_json::from_str("{}").unwrap();
    assert_eq!(
        empty,
        Open {
            name: None,
            rest: BTreeMap::new()
        }
    );
}

/// A struct whose names are those the macro uses itself: they are its own, not the model's
/// (the generator's type names are Pascal case, never `__A` or `__D`).
#[derive(Debug, PartialEq)]
struct Visitor {
    map: u8,
    key: u8,
    value: u8,
    wire: u8,
    deserializer: Option<u8>,
    r#type: Option<String>,
    a: Option<u8>,
    f: Option<u8>,
}

deserialize_struct!(Visitor { map, key, value, wire } default { deserializer, r#type("type"), a("A"), f });

/// Named like the macro's type parameters.
#[derive(Debug, PartialEq)]
struct D {}

#[derive(Debug, PartialEq)]
struct A {
    a: u8,
}

deserialize_struct!(A { a });

deserialize_struct!(D {} default {} nullable {});

#[test]
fn names_the_macro_uses_are_free_for_models() {
    let v: Visitor = serde_json::from_str(
        r#"{"map":1,"key":2,"value":3,"wire":4,"deserializer":5,"type":"t","A":6,"f":7}"#,
    )
    .unwrap();
    assert_eq!(
        v,
        Visitor {
            map: 1,
            key: 2,
            value: 3,
            wire: 4,
            deserializer: Some(5),
            r#type: Some("t".into()),
            a: Some(6),
            f: Some(7)
        }
    );
    let missing = serde_json::from_str::<Visitor>(r#"{"map":1,"key":2,"value":3}"#).unwrap_err();
    assert!(
        missing.to_string().starts_with("missing field `wire`"),
        "{missing}"
    );
    assert_eq!(serde_json::from_str::<D>("{}").unwrap(), D {});
    assert_eq!(serde_json::from_str::<A>(r#"{"a":1}"#).unwrap(), A { a: 1 });
    let array = serde_json::from_str::<D>("[]").unwrap_err();
    assert!(
        array
            .to_string()
            .starts_with("invalid type: sequence, expected struct D"),
        "{array}"
    );
}

/// A struct with a fixed tag: serde's derive ignores the tag on the way in (a union checks
/// it), whatever its value, and so does the macro.
#[derive(Debug, PartialEq)]
struct File {
    file_id: String,
}

deserialize_struct!(File { file_id("fileId") });

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename = "FILE")]
struct DerivedFile {
    #[serde(rename = "fileId")]
    file_id: String,
}

#[test]
fn a_fixed_tag_is_ignored_on_the_way_in_as_by_the_derive() {
    for text in [
        r#"{"type":"FILE","fileId":"f"}"#,
        r#"{"fileId":"f"}"#,
        r#"{"type":"LINK","fileId":"f"}"#,
        r#"{"type":7,"fileId":"f","type":null}"#,
        r#"{"type":"FILE"}"#,
    ] {
        let ours = serde_json::from_str::<File>(text)
            .map(|f| f.file_id)
            .map_err(|e| e.to_string());
        let derived = serde_json::from_str::<DerivedFile>(text)
            .map(|f| f.file_id)
            .map_err(|e| e.to_string());
        assert_eq!(ours, derived, "{text}");
    }
}

#[test]
fn deep_recursion_is_serde_jsons_limit_not_a_crash() {
    let depth = 1000;
    let mut text = String::new();
    for _ in 0..depth {
        text.push_str(r#"{"text":"a","channelId":1,"reply":"#);
    }
    text.push_str("null");
    text.push_str(&"}".repeat(depth));
    let error = serde_json::from_str::<Message>(&text).unwrap_err();
    assert!(
        error.to_string().starts_with("recursion limit exceeded"),
        "{error}"
    );
}

/// No required field: the macro's check of the required ones is empty.
#[derive(Debug, PartialEq)]
struct Optional {
    note: Option<String>,
}

deserialize_struct!(Optional {} default { note });

#[test]
fn a_struct_without_required_fields_decodes_from_an_empty_object() {
    assert_eq!(
        serde_json::from_str::<Optional>("{}").unwrap(),
        Optional { note: None }
    );
    assert_eq!(
        serde_json::from_str::<Optional>(r#"{"note":"a"}"#).unwrap(),
        Optional {
            note: Some("a".into())
        }
    );
    let err = serde_json::from_str::<Optional>(r#"{"note":"a","note":"b"}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("duplicate field `note`"),
        "{err}"
    );
}
