//! The models' constructors: `new` of each struct and `From` of each union's variants. The
//! models module declares every type itself (fields, variants and their docs, so the source
//! and rustdoc read like any Rust); these macros write the bodies that would otherwise list
//! every optional field, or repeat one `impl` per variant.
// runtime: if default_new

/// `default_new!(Name)`: `Name::new()` for a struct whose fields are all optional: its
/// `Default`.
#[macro_export]
#[doc(hidden)]
macro_rules! default_new {
    ($name:ident) => {
        impl $name {
            /// A value with every optional field unset.
            pub fn new() -> Self {
                ::core::default::Default::default()
            }
        }
    };
}
// runtime: end
// runtime: if unset

/// `unset!(Self { fields }, others)`: the struct literal of `new`, `fields` set from the
/// variables of their names and each of the `others` at its default (`None` for an optional
/// field), so that `new` lists only what it sets.
#[macro_export]
#[doc(hidden)]
macro_rules! unset {
    (Self { $($set:ident),* } $(, $field:ident)* $(,)?) => {
        Self { $($set,)* $($field: ::core::default::Default::default()),* }
    };
}
// runtime: end
// runtime: if new_by_name

/// `new_by_name!(Name, Required { fields }, others)`: `Name::new(required: Required)` for a
/// struct whose required fields are taken by name (two of them have one type, so positional
/// arguments could be swapped): `fields` from `required`, each of the `others` at its default.
#[macro_export]
#[doc(hidden)]
macro_rules! new_by_name {
    ($name:ident, $required:ident { $($set:ident),* } $(, $field:ident)* $(,)?) => {
        impl $name {
            /// A value with the required fields; optional fields start unset.
            pub fn new(required: $required) -> Self {
                Self { $($set: required.$set,)* $($field: ::core::default::Default::default()),* }
            }
        }
    };
}
// runtime: end
// runtime: if variant_from

/// `variant_from!(Union, Variant(Type), ...; boxed Variant(Type), ...)`: `From<Type>` for
/// the union, the value in its variant (in a `Box` for the variants after `boxed`).
#[macro_export]
#[doc(hidden)]
macro_rules! variant_from {
    ($union:ident $(, $variant:ident($inner:ty))* $(; boxed $($boxed:ident($boxed_inner:ty)),+)?) => {
        $(
            impl ::core::convert::From<$inner> for $union {
                fn from(value: $inner) -> Self {
                    Self::$variant(value)
                }
            }
        )*
        $($(
            impl ::core::convert::From<$boxed_inner> for $union {
                fn from(value: $boxed_inner) -> Self {
                    Self::$boxed(::std::boxed::Box::new(value))
                }
            }
        )+)?
    };
}
// runtime: end

#[cfg(test)]
mod tests {
    #[derive(Debug, Default, PartialEq)]
    struct Empty {
        a: Option<u8>,
    }

    default_new!(Empty);

    #[derive(Debug, PartialEq)]
    struct Message {
        text: String,
        count: u8,
        note: Option<String>,
        extra: std::collections::BTreeMap<String, u8>,
    }

    struct MessageRequired {
        text: String,
        count: u8,
    }

    impl Message {
        fn positional(text: impl Into<String>, count: u8) -> Self {
            let text = text.into();
            unset!(Self { text, count }, note, extra)
        }
    }

    new_by_name!(Message, MessageRequired { text, count }, note, extra);

    #[derive(Debug, PartialEq)]
    enum Union {
        Message(Box<Message>),
        Empty(Empty),
    }

    variant_from!(Union, Empty(Empty); boxed Message(Message));

    #[test]
    fn constructors_set_what_they_name_and_default_the_rest() {
        assert_eq!(Empty::new(), Empty { a: None });
        let expected = Message {
            text: "hi".to_string(),
            count: 2,
            note: None,
            extra: Default::default(),
        };
        assert_eq!(Message::positional("hi", 2), expected);
        assert_eq!(
            Message::new(MessageRequired {
                text: "hi".to_string(),
                count: 2
            }),
            expected
        );
        assert_eq!(Union::from(Empty::new()), Union::Empty(Empty { a: None }));
        assert_eq!(
            Union::from(Message::positional("hi", 2)),
            Union::Message(Box::new(expected))
        );
    }
}
