//! Open string enums: the models module declares each enum (its variants and their docs, so the
//! source and rustdoc read like any enum) and has [`string_enum!`](crate::string_enum!) write the same five impls for
//! all of them, instead of spelling them out per enum.

use std::fmt;
use std::marker::PhantomData;

/// `string_enum!(Name, Variant("WIRE"), ...)` implements, for an enum of unit variants plus
/// `Unknown(String)`, `as_str` (the wire value),
/// `From<&str>`, `Display` and serde as a JSON string. Values the list does not name become
/// `Unknown` and are written back as they came.
/// `@read` writes all but `Serialize`, and `@write` that alone, for an enum the client only
/// receives, whose `Serialize` is compiled only with the crate's `serialize` feature.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    ($name:ident $(, $variant:ident($wire:literal))* $(,)?) => {
        $crate::string_enum!(@read $name $(, $variant($wire))*);
        $crate::string_enum!(@write $name);
    };
    (@write $name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    (@read $name:ident $(, $variant:ident($wire:literal))* $(,)?) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::open_enum::from_wire(deserializer)
            }
        }
    };
}

/// Reads a JSON string into any `From<&str>` type without owning it first: known values
/// allocate nothing. Shared by every enum, so it is compiled once per target type only.
pub fn from_wire<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer.deserialize_str(WireVisitor(PhantomData))
}

struct WireVisitor<T>(PhantomData<T>);

impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for WireVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

#[cfg(test)]
mod tests {
    /// A direction.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Direction {
        /// `IN`
        #[default]
        Incoming,
        /// `OUT`
        Outgoing,
        /// A value this version of the crate does not know, kept as sent.
        Unknown(String),
    }

    string_enum!(Direction, Incoming("IN"), Outgoing("OUT"));

    #[test]
    fn known_values_map_both_ways() {
        assert_eq!(Direction::from("OUT"), Direction::Outgoing);
        assert_eq!(Direction::Incoming.as_str(), "IN");
        assert_eq!(Direction::Outgoing.to_string(), "OUT");
        assert_eq!(Direction::default(), Direction::Incoming);
        assert_eq!(
            serde_json::to_string(&Direction::Outgoing).unwrap(),
            "\"OUT\""
        );
        assert_eq!(
            serde_json::from_str::<Direction>("\"IN\"").unwrap(),
            Direction::Incoming
        );
    }

    #[test]
    fn unknown_values_round_trip_as_sent() {
        let value: Direction = serde_json::from_str("\"SIDEWAYS\\u0021\"").unwrap();
        assert_eq!(value, Direction::Unknown("SIDEWAYS!".to_string()));
        assert_eq!(value.as_str(), "SIDEWAYS!");
        assert_eq!(serde_json::to_string(&value).unwrap(), "\"SIDEWAYS!\"");
        let from_value: Direction = serde_json::from_value(serde_json::json!("X")).unwrap();
        assert_eq!(from_value, Direction::Unknown("X".to_string()));
    }

    /// An enum the client only receives: `@read` alone, `@write` where `serialize` is on.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Mood {
        Calm,
        Unknown(String),
    }

    string_enum!(@read Mood, Calm("calm"));

    /// The same enum's `Serialize`, written apart as a crate with `serialize` has it.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Written {
        Loud,
        Unknown(String),
    }

    string_enum!(@read Written, Loud("loud"));
    string_enum!(@write Written);

    #[test]
    fn read_and_write_arms_split_the_impls() {
        let mood: Mood = serde_json::from_str("\"calm\"").unwrap();
        assert_eq!(mood, Mood::Calm);
        assert_eq!(Mood::from("tired").as_str(), "tired");
        assert_eq!(Mood::Calm.to_string(), "calm");
        let written: Written = serde_json::from_str("\"odd\"").unwrap();
        assert_eq!(serde_json::to_string(&written).unwrap(), "\"odd\"");
        assert_eq!(serde_json::to_string(&Written::Loud).unwrap(), "\"loud\"");
    }

    #[test]
    fn non_strings_are_errors() {
        assert!(serde_json::from_str::<Direction>("1").is_err());
        assert!(serde_json::from_str::<Direction>("null").is_err());
    }
}
