//! The models' structs decode through [`deserialize_struct!`](crate::deserialize_struct!) rather than serde's derive: the
//! derive writes a field enum with its own visitor, a `visit_seq` and a `visit_map` per struct,
//! and type-checking those is most of what a big crate costs to compile. JSON objects need
//! only `visit_map`, with the key matched as a `&str` (borrowed from the input when it can be).
//! Decoding stays serde's as the derive does it: the same errors (`missing field`,
//! `duplicate field`, `expected struct Name`), unknown keys skipped, a struct's fixed tag
//! ignored on the way in (the derive ignores it too), and an error's field path still read
//! from the parser's position (`json_path.rs`).

use std::borrow::Cow;
use std::fmt;

/// An object's key: borrowed when the input has it unescaped, owned otherwise (escapes, a
/// reader, a `serde_json::Value`), so that matching it allocates only when it must.
pub struct Key<'de>(pub Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> serde::de::Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(value.to_string())))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// `deserialize_struct!(Name { a, b("bWire") } default { c } nullable { d } rest e(V))`:
/// `Deserialize` for the struct `Name` from a JSON object. Each group lists fields by name,
/// with their wire name when it is not the field's own; the groups after the first are
/// optional, in this order:
/// - the first, the required fields: absent is an error (`missing field `a``);
/// - `default`: absent is the field type's default (an `Option`'s `None`);
/// - `nullable`: `Option<Option<T>>` fields, absent `None`, `null` `Some(None)`;
/// - `rest`: the field (a map of `V` by key) that takes every other key; without it, other
///   keys are skipped unread.
///
/// A key given twice is an error for a declared field (`duplicate field `a``); in `rest` the
/// last value stays.
#[macro_export]
#[doc(hidden)]
macro_rules! deserialize_struct {
    (
        $name:ident { $($req:ident $(($req_wire:literal))?),* $(,)? }
        $(default { $($opt:ident $(($opt_wire:literal))?),* $(,)? })?
        $(nullable { $($nul:ident $(($nul_wire:literal))?),* $(,)? })?
        $(rest $rest:ident($value:ty))?
    ) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                // The visitor is an item of the client crate (the orphan rule: neither serde's
                // trait nor a type of this crate would do), local to this function so that its
                // name, which no model's (Pascal case, without `_`) can be, shadows nothing.
                struct __Visitor;

                impl<'v> ::serde::de::Visitor<'v> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'v>>(self, mut map: __A) -> ::std::result::Result<$name, __A::Error> {
                        $(let mut $req = ::std::option::Option::None;)*
                        $($(let mut $opt = ::std::option::Option::None;)*)?
                        $($(let mut $nul = ::std::option::Option::None;)*)?
                        $(let mut $rest = ::std::collections::BTreeMap::<::std::string::String, $value>::new();)?
                        while let ::std::option::Option::Some(key) = map.next_key::<$crate::struct_de::Key<'v>>()? {
                            // Each arm is one call of a generic helper, and the `?` is taken once: per
                            // field, that is a fraction of the code an inline check-and-assign is.
                            let step = match key.as_str() {
                                $($crate::deserialize_struct!(@wire $req $(($req_wire))?) => {
                                    $crate::struct_de::take(&mut map, &mut $req, $crate::deserialize_struct!(@wire $req $(($req_wire))?))
                                })*
                                $($($crate::deserialize_struct!(@wire $opt $(($opt_wire))?) => {
                                    $crate::struct_de::take(&mut map, &mut $opt, $crate::deserialize_struct!(@wire $opt $(($opt_wire))?))
                                })*)?
                                // The value is read as an `Option`: `null` is `Some(None)`, not absent.
                                $($($crate::deserialize_struct!(@wire $nul $(($nul_wire))?) => {
                                    $crate::struct_de::take(&mut map, &mut $nul, $crate::deserialize_struct!(@wire $nul $(($nul_wire))?))
                                })*)?
                                _ => $crate::deserialize_struct!(@other map key $($rest)?),
                            };
                            step?;
                        }
                        // One test per required field, in order: the error names the first one absent.
                        $(let ::std::option::Option::Some($req) = $req else {
                            return ::std::result::Result::Err(<__A::Error as ::serde::de::Error>::missing_field(
                                $crate::deserialize_struct!(@wire $req $(($req_wire))?),
                            ));
                        };)*
                        ::std::result::Result::Ok($name {
                            $($req,)*
                            $($($opt: ::std::option::Option::unwrap_or_default($opt),)*)?
                            $($($nul,)*)?
                            $($rest,)?
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@wire $field:ident) => { ::std::stringify!($field) };
    (@wire $field:ident($wire:literal)) => { $wire };
    (@other $map:ident $key:ident) => {
        $map.next_value::<::serde::de::IgnoredAny>().map(|_| ())
    };
    (@other $map:ident $key:ident $rest:ident) => {
        $map.next_value().map(|value| {
            $rest.insert($key.0.into_owned(), value);
        })
    };
}

/// A declared field's value, once: a second one is serde's `duplicate field` error.
pub fn take<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

#[cfg(test)]
mod tests;
