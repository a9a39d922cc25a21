//! Unions without a `serde_json::Value` tree: a union's `Deserialize` takes the value as raw
//! JSON text (`raw`) and decodes the text by a variant's type. A tagged union reads its tag
//! from the text (`tag`) and decodes it once; an untagged one tries its variants in turn
//! (`untagged.rs`). Variants whose type has no tag field are written through `WithTag`, which
//! adds the tag in front of the fields without building a tree either. A variant that does
//! not decode names the path inside it (`from_text`), which a fresh deserializer would
//! otherwise lose, from the parser's position in the variant's text (`json_path.rs`). Every
//! union level counts against the limits of the outermost one (`Level`): how deep its value
//! nests, and how much of it the variants may read.

// runtime: if raw
use serde_json::value::RawValue;

/// The value as raw JSON text, which borrows nothing from the input and is not parsed further.
pub fn raw<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Box<RawValue>, D::Error> {
    serde::Deserialize::deserialize(deserializer)
}

thread_local! {
    static LEVELS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// The bytes the variants of the outermost union's value may still read (`Level::read`);
    /// `None` once they ran out, which every level around the one that found out then reports.
    static LEFT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

// runtime: if untagged
thread_local! {
    /// How many union levels this thread has entered, ever (wrapping): an attempt that leaves it
    /// unchanged met no union inside (`entered`).
    static ENTERED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The count of union levels entered on this thread so far (see `ENTERED`).
pub fn entered() -> usize {
    ENTERED.try_with(std::cell::Cell::get).unwrap_or(0)
}
// runtime: end

/// How deep a union's value may nest, as deep as `serde_json` lets a body nest.
const MAX_DEPTH: usize = 128;

/// How many times over the variants of a union's value may read it, all levels together.
///
/// A value whose unions each take their first variant reads every byte once per union around
/// it, and unions nest at most `MAX_DEPTH` levels: so valid values read it at most that many
/// times over (one 100 unions deep, 1 MB at the bottom, reads 100 MB), and this budget refuses
/// none of them, however deep. What it refuses is retrying: an untagged union whose variant
/// fails only at its end tries the next one, which reads the same text again, and so does
/// every union inside it, twice per level (30 levels: 2^30 reads of the leaf). Such a value
/// spends the budget after a few levels, so a hostile body costs at most what the deepest
/// valid one does. Real ones retry a part of the body now and then (a `DeletedCustomer` after
/// the `Customer` it is not), a pass each, far below it.
const PASSES: usize = MAX_DEPTH;

/// The error of a union whose value nests deeper than `MAX_DEPTH`.
fn too_deep() -> String {
    format!("a union's value is nested more than {MAX_DEPTH} levels")
}

/// The error of a union whose variants read its value more than `PASSES` times over.
fn over_budget() -> String {
    format!("a union's value takes more than {PASSES} passes over its text to decode")
}

/// One union level being decoded. A union decodes its variant with a deserializer of its own,
/// whose nesting limit starts over, so nothing else bounds the stack a value of unions nested
/// in unions takes (valid ones 2000 deep overflowed a 2 MiB stack): the outermost union checks
/// that its whole value nests at most `MAX_DEPTH` levels (`text_within`, a linear scan), and
/// the unions inside it, being parts of that value, are bounded by it. The outermost also starts
/// the budget of `PASSES` its variants and those of every union inside it read from, whatever
/// started the decode (the client's `decode_json`, a webhook's payload, a caller's
/// `serde_json::from_str`): no state outlives it, so no decode needs to reset any. Left when
/// dropped.
pub struct Level;

impl Level {
    /// The level of a union whose value is `text`; the error of a value too deep when it is the
    /// outermost.
    pub fn enter(text: &str) -> Result<Self, String> {
        // Without the thread's counter (it is being torn down), every level checks.
        let outermost = LEVELS
            .try_with(|l| l.replace(l.get() + 1) == 0)
            .unwrap_or(true);
        // runtime: if untagged
        let _ = ENTERED.try_with(|e| e.set(e.get().wrapping_add(1)));
        // runtime: end
        let level = Level;
        if outermost {
            if !text_within(text, MAX_DEPTH) {
                return Err(too_deep());
            }
            let _ = LEFT.try_with(|l| l.set(Some(text.len().saturating_mul(PASSES))));
        }
        Ok(level)
    }

    /// Counts a variant's read of `text` against the budget: the error once it is spent.
    pub fn read(&self, text: &[u8]) -> Result<(), String> {
        let left = LEFT.try_with(|l| {
            let left = l.get().and_then(|left| left.checked_sub(text.len()));
            l.set(left);
            left
        });
        match left {
            Ok(None) => Err(over_budget()),
            // Without the thread's budget, nothing to count against.
            Ok(Some(_)) | Err(_) => Ok(()),
        }
    }

    // runtime: if untagged
    /// Whether the budget ran out: a variant that failed then failed for it (an error from a
    /// union inside), and the union must not try another but pass the error on.
    pub fn spent(&self) -> bool {
        LEFT.try_with(|l| l.get().is_none()).unwrap_or(false)
    }
    // runtime: end
}

impl Drop for Level {
    fn drop(&mut self) {
        let _ = LEVELS.try_with(|l| l.set(l.get().saturating_sub(1)));
    }
}

/// The error of a variant decoded from `text` (its own slice of the body): its message
/// prefixed with the path inside the variant that the parser's position falls in (see
/// `json_path.rs`), joined to the path its message carries (from a union inside this one),
/// its position left out: it counts in the variant's text, not the body, and the outer
/// deserializer adds its own (for this error, raised after the union's value was read: the
/// union's value itself). A union around this one, and the client's decode error, fold it
/// into their own path the same way.
fn folded(text: &[u8], error: &serde_json::Error) -> String {
    let at = crate::json_path::error_path(text, error);
    let message = crate::json_path::without_position(error);
    match crate::json_path::full_path(&at, &message) {
        (path, rest) if path.is_empty() => rest,
        (path, rest) => format!("in `{path}`: {rest}"),
    }
}

/// The error of a union whose value `text` failed with `error` (see `folded`), noted for
/// the path of the level around it (`json_path::value_failed`).
pub fn failed_with(text: &[u8], error: &serde_json::Error) -> String {
    failed(text, folded(text, error))
}

/// The error `message` of a union whose value `text` failed, noted for the path of the level
/// around it (`json_path::value_failed`).
pub fn failed(text: &[u8], message: String) -> String {
    crate::json_path::value_failed(text, &message);
    message
}

/// Whether the JSON `text` nests at most `limit` levels of `[`/`{`: brackets counted, strings
/// skipped, in one pass (text that is not JSON is left to the parser to refuse).
fn text_within(text: &str, limit: usize) -> bool {
    let bytes = text.as_bytes();
    // Each level opens with a bracket, so few enough of them, counted without telling strings
    // apart (which can only count too many), need no scan: the count vectorises, where the
    // scan cost a tenth of a message's decode (2.3 KB, four unions).
    // (`[` and `{` differ in one bit only: one comparison finds both; bytes summed by chunks
    // of 64, whose count fits a byte, so that the compiler adds 32 at a time.)
    let opening: usize = bytes
        .chunks(64)
        .map(|chunk| {
            let n: u8 = chunk.iter().map(|&b| u8::from(b | 0x20 == b'{')).sum();
            usize::from(n)
        })
        .sum();
    if opening <= limit {
        return true;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => match string_at(text, i) {
                Some((_, _, end)) => {
                    i = end;
                    continue;
                }
                None => return true,
            },
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    return false;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    true
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

// runtime: end
// runtime: if tag
use std::borrow::Cow;

/// The string value of the `name` property of the JSON object `raw` (the first such property
/// whose value is a string); `None` when `raw` is no object, has no such property, or its
/// value is not a string. A tag without escapes is borrowed, not copied.
///
/// The text is walked byte by byte, not parsed: `raw` is valid JSON, so strings, brackets and
/// separators are all there is to tell apart, and the walk costs a fraction of a serde parse
/// (which would check every string's UTF-8 again). Only a key or tag written with escapes is
/// decoded. A loop, no recursion: nested values are skipped by counting brackets; text that is
/// not JSON (never a `RawValue`) has no tag rather than a guessed one.
pub fn tag<'r>(raw: &'r RawValue, name: &str) -> Option<Cow<'r, str>> {
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

/// The variant `T` of a tagged union read as raw JSON `text` (see [`Level`]). Each level
/// decodes its variant once, failing or not: the path of a failure is read from the parser's
/// position, not by decoding again.
pub fn from_text<T: serde::de::DeserializeOwned, E: serde::de::Error>(text: &str) -> Result<T, E> {
    let bytes = text.as_bytes();
    let level = Level::enter(text).map_err(|e| E::custom(failed(bytes, e)))?;
    level.read(bytes).map_err(|e| E::custom(failed(bytes, e)))?;
    // A slice reader, not a `str` one: the client decodes bodies with one, and each model's
    // decoder is compiled once per reader.
    serde_json::from_slice(bytes).map_err(|e| E::custom(failed_with(bytes, &e)))
}

/// `tagged!(Name("type") { A("a"), B("b" | "c") boxed, C("d") with_tag } Serialize if feature("x"))`:
/// `Serialize` and `Deserialize` for the enum `Name`, a union told apart by its `type` property,
/// whose variants (each holding one value) have the tag values listed, and whose
/// `Unknown(serde_json::Value)` takes any other (or none), as sent. `boxed`: the variant holds
/// its value in a `Box`. `with_tag`: the variant's type has no tag field, so it is written
/// with the tag (its first value) in front (`WithTag`). A variant may carry `#[cfg]`s.
/// `Serialize if feature("x")`, when given, compiles the `Serialize` impl only with that
/// feature (`#[cfg(feature = "x")]`).
///
/// Decoding reads the tag from the raw JSON text (`raw`, `tag`) and decodes that text once, by
/// the variant's type (`from_text`); encoding writes the variant's value as it is.
#[macro_export]
#[doc(hidden)]
macro_rules! tagged {
    (
        $name:ident($tag:literal) {
            $($(#[$cfg:meta])* $variant:ident($first:literal $(| $also:literal)*) $($mode:ident)*),* $(,)?
        }
        $(Serialize if $key:ident($value:literal))?
    ) => {
        $(#[cfg($key = $value)])?
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                match self {
                    $($(#[$cfg])* Self::$variant(value) => $crate::tagged!(@write value serializer $tag $first $($mode)*),)*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let raw = $crate::tagged::raw(deserializer)?;
                let text = raw.get();
                match $crate::tagged::tag(&raw, $tag).as_deref() {
                    $($(#[$cfg])* ::std::option::Option::Some($first $(| $also)*) => {
                        $crate::tagged::from_text(text).map($crate::tagged!(@build $name $variant $($mode)*))
                    })*
                    // The slice reader every model decodes with (see `from_text`).
                    _ => ::serde_json::from_slice(text.as_bytes()).map($name::Unknown).map_err(::serde::de::Error::custom),
                }
            }
        }
    };
    (@write $value:ident $serializer:ident $tag:literal $first:literal $(boxed)? with_tag) => {
        ::serde::Serialize::serialize(
            &$crate::tagged::WithTag { tag: $crate::tagged::Tag($tag, $first), value: $value },
            $serializer,
        )
    };
    (@write $value:ident $serializer:ident $tag:literal $first:literal $(boxed)?) => {
        ::serde::Serialize::serialize($value, $serializer)
    };
    (@build $name:ident $variant:ident boxed $(with_tag)?) => {
        |value| $name::$variant(::std::boxed::Box::new(value))
    };
    (@build $name:ident $variant:ident $(with_tag)?) => { $name::$variant };
}

// runtime: end
// runtime: if with_tag
/// A variant's value written with the union's tag in front of its own fields.
#[derive(serde::Serialize)]
pub struct WithTag<'a, T: serde::Serialize> {
    #[serde(flatten)]
    pub tag: Tag,
    #[serde(flatten)]
    pub value: &'a T,
}

/// One property, `name: value`.
pub struct Tag(pub &'static str, pub &'static str);

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
mod tests;
