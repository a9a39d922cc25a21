//! Untagged unions without serde's buffer: serde's `#[serde(untagged)]` reads the value into
//! its `Content` tree and tries each variant on it, and a union inside a variant buffers its
//! part again, per attempt; a recursive union whose variants fail only at their end costs
//! twice as much per level (30 levels: hours). Here the union takes its value as raw JSON text
//! (`tagged::raw`), skips the variants whose type cannot take a value of its kind (an object,
//! a string...: Stripe's expandable fields, an id or the object, make one attempt), and
//! decodes the text by each remaining variant in order, the first that decodes winning, as
//! serde's; none: `Unknown`, the value as sent. Each attempt counts against the budget of the
//! outermost union (`tagged::Level`), so a hostile body ends in an error instead of
//! exponential work.

/// `untagged!(Name { A = OBJECT, B = STRING | NULL })`: `Deserialize` for the enum `Name`
/// whose variants `A`, `B` (each holding one value) are tried in this order on the kinds of
/// JSON value listed (`OBJECT`, `ARRAY`, `STRING`, `NUMBER`, `BOOL`, `NULL`, or `ANY`), and
/// whose `Unknown(serde_json::Value)` takes what none decodes. A variant may carry `#[cfg]`s.
#[macro_export]
#[doc(hidden)]
macro_rules! untagged {
    ($name:ident { $($(#[$cfg:meta])* $variant:ident = $($kind:ident)|+),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                // An item, so that it is compiled once, not per deserializer.
                const VARIANTS: &[$crate::untagged::Variant<$name>] = &[$(
                    $(#[$cfg])*
                    $crate::untagged::Variant(
                        $($crate::untagged!(@kind $kind))|+,
                        |text| ::serde_json::from_slice(text).map($name::$variant),
                    ),
                )*];
                $crate::untagged::deserialize(deserializer, VARIANTS, $name::Unknown)
            }
        }
    };
    (@kind OBJECT) => { 1 };
    (@kind ARRAY) => { 2 };
    (@kind STRING) => { 4 };
    (@kind NUMBER) => { 8 };
    (@kind BOOL) => { 16 };
    (@kind NULL) => { 32 };
    (@kind ANY) => { 63 };
}

/// One variant of an untagged union `T`: the kinds of value its type can take (the bits of
/// `kind`) and how it decodes from the value's text.
pub struct Variant<T>(pub u8, pub fn(&[u8]) -> Result<T, serde_json::Error>);

/// The union `T` of `variants`, from the value `deserializer` holds: only the reading of the
/// raw text is compiled per deserializer.
pub fn deserialize<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    variants: &[Variant<T>],
    unknown: fn(serde_json::Value) -> T,
) -> Result<T, D::Error> {
    let raw = crate::tagged::raw(deserializer)?;
    decode(raw.get(), variants, unknown).map_err(serde::de::Error::custom)
}

/// The first of `variants` that takes the kind of `value` (JSON text) and decodes it; else
/// `unknown` of the value as sent. An error only when the value nests too deep or the budget
/// ran out, here or in a union inside (see `tagged::Level`); named at its place in `value`.
fn decode<T>(
    value: &str,
    variants: &[Variant<T>],
    unknown: fn(serde_json::Value) -> T,
) -> Result<T, String> {
    let text = value.as_bytes();
    let level = crate::tagged::Level::enter(value).map_err(|e| crate::tagged::failed(text, e))?;
    let kind = kind(text);
    let note = crate::json_path::saved();
    // Whether the next attempt counts against the budget: the first does, and one after an
    // attempt that met a union inside. An attempt that failed without meeting one read the
    // text at most once, and a union makes at most one such attempt per variant, so those are
    // not what makes retries exponential; counting them would refuse plain valid values (a
    // recursive union taking its second variant at each of 64 levels).
    let mut counts = true;
    for Variant(kinds, variant) in variants {
        if kinds & kind == 0 {
            continue;
        }
        if counts {
            level
                .read(text)
                .map_err(|e| crate::tagged::failed(text, e))?;
        }
        let entered = crate::tagged::entered();
        match variant(text) {
            Ok(value) => return Ok(value),
            Err(e) if level.spent() => return Err(crate::tagged::failed_with(text, &e)),
            // Not this variant: the next one, as serde's untagged enums do. A union inside that
            // failed left its note (`json_path::value_failed`), which a later error of this
            // body with the same message, just after a value of the same text, would be taken
            // for: the note goes back to what it was.
            Err(_) => {
                counts = crate::tagged::entered() != entered;
                crate::json_path::restore(&note);
            }
        }
    }
    serde_json::from_slice(text)
        .map(unknown)
        .map_err(|e| crate::tagged::failed_with(text, &e))
}

/// The kind of the JSON value `text`, one bit of [`Variant`]'s, by its first byte (a raw
/// value has no space around it, but a caller's may).
fn kind(text: &[u8]) -> u8 {
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'{') => 1,
        Some(b'[') => 2,
        Some(b'"') => 4,
        Some(b'-' | b'0'..=b'9') => 8,
        Some(b't' | b'f') => 16,
        Some(b'n') => 32,
        // Not JSON (never a raw value): every variant may say so.
        _ => 63,
    }
}

#[cfg(test)]
mod tests;
