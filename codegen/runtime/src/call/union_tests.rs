//! The client's decode errors of bodies with unions (`decode_json`, with the support crate's
//! `tagged.rs`, `untagged.rs` and `json_path.rs`): what a union's failed attempt notes must not
//! place a later error.

use serde::Deserialize;
use support::untagged;

/// A union as the generator writes one.
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
        let raw = support::tagged::raw(deserializer)?;
        let text = raw.get();
        match support::tagged::tag(&raw, "type").as_deref() {
            Some("FILE") => support::tagged::from_text(text).map(Inner::File),
            _ => Ok(Inner::Unknown),
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct Extra {
    _extra: serde_json::Value,
    #[serde(rename = "fileId")]
    _file_id: String,
}

#[derive(Debug, serde::Deserialize)]
struct ExtraHolder {
    _s: Extra,
}

/// The path `decode_json` gives the error of `body`, on a thread of its own after `before`
/// ran there (so that nothing another test left on this thread counts).
fn decode_path_after(before: fn(), body: &'static str) -> String {
    std::thread::spawn(move || {
        before();
        let secrets = crate::redact::Secrets::new(Vec::new());
        match crate::call::decode_json::<ExtraHolder>(200, body.as_bytes(), &secrets) {
            Err(crate::Error::Decode(e)) => e.to_string(),
            other => format!("not a decode error: {other:?}"),
        }
    })
    .join()
    .unwrap_or_default()
}

/// A union that failed with no level around it to take its note (at the top here) must not
/// give a later body's error, with the same message just after a value of the same text, that
/// value's place: each body's decode starts without notes.
#[test]
fn a_union_s_failure_left_alone_does_not_place_a_later_body_s_error() {
    // `_extra` holds the text the failed union had; the error is `_s`'s missing `fileId`.
    let body = r#"{"_s":{"_extra":{"type":"FILE"}}}"#;
    let clean = decode_path_after(|| {}, body);
    let after_failure = decode_path_after(
        || {
            assert!(serde_json::from_str::<Inner>(r#"{"type":"FILE"}"#).is_err());
        },
        body,
    );
    assert!(
        clean.contains("`_s`") && !clean.contains("_extra`"),
        "{clean}"
    );
    assert_eq!(after_failure, clean);
}

/// A tagged union (tag `kind`) as the generator writes one, whose `TA` needs a `v`.
#[derive(Debug)]
enum Tagged {
    Ta(Ta),
    Unknown,
}

#[derive(Debug, Deserialize)]
struct Ta {
    _v: i64,
}

impl<'de> Deserialize<'de> for Tagged {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = support::tagged::raw(deserializer)?;
        match support::tagged::tag(&raw, "kind").as_deref() {
            Some("TA") => support::tagged::from_text(raw.get()).map(Tagged::Ta),
            _ => Ok(Tagged::Unknown),
        }
    }
}

#[derive(Debug, Deserialize)]
struct HasTagged {
    _t: Tagged,
}

#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
enum Either {
    HasTagged(#[serde(skip)] HasTagged),
    Unknown(serde_json::Value),
}

untagged!(Either { HasTagged = OBJECT });

/// An object that needs a `_v` of its own, and takes any `_t`.
#[derive(Debug, Deserialize)]
struct NeedsV {
    _v: i64,
    _t: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct Around {
    _u: Option<Either>,
    _w: Option<NeedsV>,
}

/// The path and message of the client's decode error for `body` as an `Around`.
fn client_error(body: &str) -> (String, String) {
    match crate::call::decode_json::<Around>(200, body.as_bytes(), &Default::default()) {
        Err(crate::Error::Decode(e)) => (e.path.clone(), e.message().to_string()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_attempt_that_recovered_leaves_no_note_for_a_later_error() {
    // `_u`'s attempt fails inside the tagged union on `{"kind":"TA"}` (missing `_v`); `_w`
    // misses a `_v` of its own, its error raised just after the same text as its last value:
    // the note the attempt left behind gave `_w`'s error the place `_w._t`.
    let alone = client_error(r#"{"_w":{"_t":{"kind":"TA"}}}"#);
    let after = client_error(r#"{"_u":{"_t":{"kind":"TA"}},"_w":{"_t":{"kind":"TA"}}}"#);
    assert_eq!(after.0, alone.0, "{after:?} / {alone:?}");
    assert!(after.1.contains("missing field `_v`"), "{after:?}");
}
