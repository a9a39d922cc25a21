//! `models.rs`: one Rust type per IR type, sorted by name so the file is stable.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, item_text};
use super::Ctx;
use crate::plan::FieldForm;
use crate::ir::{Enum, EnumRepr, Scalar, Struct, Ty, TypeDef, TypeId, TypeKind, Union};

pub fn models(ctx: &Ctx<'_>, bytes: bool) -> TokenStream {
    let mut types: Vec<(TypeId, &TypeDef)> = ctx.api.types.iter().enumerate().map(|(i, t)| (TypeId(i), t)).collect();
    types.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let items = types.into_iter().map(|(id, t)| super::gate::items(super::gate::ty(ctx, id), match &t.kind {
        TypeKind::Struct(s) => structure(ctx, id, t, s),
        TypeKind::Enum(e) => enumeration(ctx, t, e),
        TypeKind::Union(u) => union(ctx, t, u),
        TypeKind::Alias(ty) => alias(ctx, t, ty),
    }));
    let nullable_helper = ctx.api.types.iter().any(|t| matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| FieldForm::of(t, f) == FieldForm::OptionOption))).then(|| {
        let result = ctx.std.path("Result");
        let option = ctx.std.path("Option");
        quote! {
            /// Reads a field that may be absent (`None`, by `default`), `null` (`Some(None)`)
            /// or a value (`Some(Some(value))`).
            fn nullable<'de, D, T>(deserializer: D) -> #result<#option<#option<T>>, D::Error>
            where
                D: serde::Deserializer<'de>,
                T: serde::Deserialize<'de>,
            {
                <#option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
            }
        }
    });
    let base64 = bytes.then(base64_type);
    quote! {
        //! The request and response bodies of the API, and the types they contain.
        //!
        //! Structs are `#[non_exhaustive]`: build them with `new` (which takes the required
        //! fields) and set optional fields afterwards, so that fields the API adds later do not
        //! break your code. Enums keep values this version does not know in `Unknown`.
        #(#items)*
        #nullable_helper
        #base64
    }
}

fn type_docs(t: &TypeDef) -> Vec<TokenStream> {
    doc_attrs(&item_text(&t.docs, &format!("The {} schema.", code(&t.hint))))
}

fn structure(ctx: &Ctx<'_>, id: TypeId, t: &TypeDef, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let option = ctx.std.path("Option");
    let boxed = ctx.std.path("Box");
    let here = quote!();
    let mut fields = Vec::new();
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for f in &s.fields {
        let ident = format_ident!("{}", f.name);
        let mut ty = ctx.ty(&f.ty, &here);
        if f.boxed {
            ty = quote!(#boxed<#ty>);
        }
        // The plan decides the field's form; this prints it.
        let form = FieldForm::of(t, f);
        let mut serde_args = Vec::new();
        if f.name != f.wire {
            let wire = &f.wire;
            serde_args.push(quote!(rename = #wire));
        }
        let field_ty = match form {
            FieldForm::Fixed => {
                serde_args.push(quote!(default));
                inits.push(quote!(#ident: ::core::default::Default::default()));
                ty
            }
            FieldForm::OptionOption => {
                // Absent, `null` and a value are three different things to the API (a PATCH
                // that clears a field sends `null`): `None`, `Some(None)`, `Some(Some(v))`.
                let is_none = ctx.std.is_none();
                serde_args.push(quote!(default, deserialize_with = "nullable", skip_serializing_if = #is_none));
                inits.push(quote!(#ident: None));
                quote!(#option<#option<#ty>>)
            }
            FieldForm::Option => {
                let is_none = ctx.std.is_none();
                serde_args.push(quote!(default, skip_serializing_if = #is_none));
                inits.push(quote!(#ident: None));
                quote!(#option<#ty>)
            }
            FieldForm::NullableArg => {
                params.push(quote!(#ident: #option<#ty>));
                inits.push(quote!(#ident));
                quote!(#option<#ty>)
            }
            FieldForm::Arg if f.ty == Ty::Scalar(Scalar::String) => {
                let into = ctx.std.path("Into");
                params.push(quote!(#ident: impl #into<#ty>));
                inits.push(quote!(#ident: #ident.into()));
                ty
            }
            FieldForm::Arg => {
                params.push(quote!(#ident: #ty));
                inits.push(quote!(#ident));
                ty
            }
        };
        let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
        let mut text = item_text(&f.docs, &code(&f.wire));
        if f.fixed {
            text.push_str("\n\nAlways the default value: `new` sets it.");
        }
        if form == FieldForm::OptionOption {
            text.push_str("\n\n`None`: not sent; `Some(None)`: sent as `null`; `Some(Some(value))`: sent.");
        }
        let docs = doc_attrs(&text);
        fields.push(quote! {
            #(#docs)*
            #serde
            pub #ident: #field_ty,
        });
    }
    if let Some(values) = &s.additional {
        let ident = format_ident!("{}", s.additional_name);
        let ty = ctx.ty(&Ty::Map(Box::new(values.clone())), &here);
        fields.push(quote! {
            /// Properties beyond the declared fields.
            #[serde(flatten)]
            pub #ident: #ty,
        });
        inits.push(quote!(#ident: ::core::default::Default::default()));
    }
    let eq = ctx.is_eq(&Ty::Named(id)).then(|| quote!(Eq,));
    // Nothing required: the empty value is a natural default.
    let default = params.is_empty().then(|| quote!(Default,));
    let lenient = t.error_only.then(|| {
        quote! {
            ///
            /// Every field is optional: error bodies vary between endpoints and gateways.
        }
    });
    let new_doc = if params.is_empty() {
        " A value with every optional field unset.".to_string()
    } else {
        " A value with the required fields; optional fields start unset.".to_string()
    };
    let new_fn = if params.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        #(#docs)*
        #lenient
        #[derive(Debug, Clone, #default PartialEq, #eq serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = #new_doc]
            #new_fn
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

fn enumeration(ctx: &Ctx<'_>, t: &TypeDef, e: &Enum) -> TokenStream {
    match e.repr {
        EnumRepr::String => string_enum(ctx, t, e),
        EnumRepr::Integer | EnumRepr::Json => value_enum(ctx, t, e),
    }
}

/// Integer enums and enums of mixed JSON values: the same open shape, compared by value.
fn value_enum(ctx: &Ctx<'_>, t: &TypeDef, e: &Enum) -> TokenStream {
    let result = ctx.std.path("Result");
    let default_trait = ctx.std.path("Default");
    let from = ctx.std.path("From");
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let idents: Vec<_> = e.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let variant_docs = e.variants.iter().map(|v| format!(" {}", code(&v.value.to_string())));
    let default_attrs: Vec<TokenStream> =
        (0..idents.len()).map(|i| if e.default == Some(i) { quote!(#[default]) } else { quote!() }).collect();
    let derive_default = e.default.is_some().then(|| quote!(#default_trait,));
    if e.repr == EnumRepr::Integer {
        let values: Vec<i64> = e.variants.iter().filter_map(|v| v.value.as_i64()).collect();
        if values.len() == idents.len() {
            return quote! {
                #(#docs)*
                #[derive(Debug, Clone, Copy, #derive_default PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #( #[doc = #variant_docs] #default_attrs #idents, )*
                    /// A value this version of the crate does not know, kept as sent.
                    Unknown(i64),
                }

                impl #name {
                    /// The value as it appears on the wire.
                    pub fn value(self) -> i64 {
                        match self {
                            #( Self::#idents => #values, )*
                            Self::Unknown(value) => value,
                        }
                    }
                }

                impl #from<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #values => Self::#idents, )*
                            other => Self::Unknown(other),
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        self.value().fmt(f)
                    }
                }

                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                        i64::deserialize(deserializer).map(Self::from)
                    }
                }
            };
        }
    }
    let values: Vec<TokenStream> = e.variants.iter().map(|v| json_literal(&v.value)).collect();
    let scalars: Vec<TokenStream> = e.variants.iter().map(|v| scalar_literal(&v.value)).collect();
    quote! {
        #(#docs)*
        #[derive(Debug, Clone, #derive_default PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #default_attrs #idents, )*
            /// A value this version of the crate does not know, kept as sent.
            Unknown(serde_json::Value),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn to_value(&self) -> serde_json::Value {
                match self {
                    #( Self::#idents => #values, )*
                    Self::Unknown(value) => value.clone(),
                }
            }
        }

        impl #from<serde_json::Value> for #name {
            fn from(value: serde_json::Value) -> Self {
                #( if value == #scalars { return Self::#idents; } )*
                Self::Unknown(value)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                self.to_value().serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                serde_json::Value::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// A scalar JSON value as a Rust literal that `serde_json::Value` compares with.
fn scalar_literal(value: &serde_json::Value) -> TokenStream {
    match value {
        serde_json::Value::Bool(b) => quote!(#b),
        serde_json::Value::String(s) => quote!(#s),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => quote!(#i),
            (_, Some(u), _) => quote!(#u),
            (_, _, Some(f)) => quote!(#f),
            _ => quote!(serde_json::Value::Null),
        },
        _ => quote!(serde_json::Value::Null),
    }
}

/// A scalar JSON value as an expression building it.
fn json_literal(value: &serde_json::Value) -> TokenStream {
    match value {
        serde_json::Value::Bool(b) => quote!(serde_json::Value::Bool(#b)),
        serde_json::Value::String(s) => quote!(serde_json::Value::from(#s)),
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => quote!(serde_json::Value::from(#i)),
            (_, Some(u), _) => quote!(serde_json::Value::from(#u)),
            (_, _, Some(f)) => quote!(serde_json::Value::from(#f)),
            _ => quote!(serde_json::Value::Null),
        },
        _ => quote!(serde_json::Value::Null),
    }
}

fn string_enum(ctx: &Ctx<'_>, t: &TypeDef, e: &Enum) -> TokenStream {
    let string = ctx.std.path("String");
    let result = ctx.std.path("Result");
    let default_trait = ctx.std.path("Default");
    let from = ctx.std.path("From");
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let idents: Vec<_> = e.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" {}", code(w)));
    let default_attrs: Vec<TokenStream> =
        (0..idents.len()).map(|i| if e.default == Some(i) { quote!(#[default]) } else { quote!() }).collect();
    let derive_default = e.default.is_some().then(|| quote!(#default_trait,));
    quote! {
        #(#docs)*
        #[derive(Debug, Clone, #derive_default PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #default_attrs #idents, )*
            /// A value this version of the crate does not know, kept as sent.
            Unknown(#string),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl #from<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#idents, )*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

fn union(ctx: &Ctx<'_>, t: &TypeDef, u: &Union) -> TokenStream {
    let result = ctx.std.path("Result");
    let from = ctx.std.path("From");
    let string = ctx.std.path("String");
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let here = quote!();
    let idents: Vec<_> = u.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let boxed = ctx.std.path("Box");
    let inner_tys: Vec<_> = u.variants.iter().map(|v| ctx.ty(&v.ty, &here)).collect();
    let tys: Vec<_> = u
        .variants
        .iter()
        .zip(&inner_tys)
        .map(|(v, t)| if v.boxed { quote!(#boxed<#t>) } else { t.clone() })
        .collect();
    let wrap = |v: &crate::ir::UnionVariant, e: TokenStream| if v.boxed { quote!(#boxed::new(#e)) } else { e };
    let variant_docs: Vec<String> = u
        .variants
        .iter()
        .map(|v| match v.tag_values.as_slice() {
            [] => format!(" A `{}`.", ctx.ty(&v.ty, &here).to_string().replace(' ', "")),
            values => format!(" {}", values.iter().map(|v| code(v)).collect::<Vec<_>>().join(", ")),
        })
        .collect();
    let from_impls = u.variants.iter().zip(&idents).zip(&inner_tys).filter(|((v, _), _)| matches!(v.ty, Ty::Named(_))).map(|((v, ident), ty)| {
        let value = wrap(v, quote!(value));
        quote! {
            impl #from<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#ident(#value)
                }
            }
        }
    });
    // `From` impls only make sense when each variant type appears once (aliases resolved:
    // two schemas that are both strings are one Rust type).
    let unique = {
        let mut seen: Vec<String> = u.variants.iter().map(|v| ctx.ty(&ctx.resolve_alias(&v.ty), &here).to_string()).collect();
        seen.sort();
        seen.windows(2).all(|w| w[0] != w[1])
    };
    let from_impls: Vec<TokenStream> = if unique { from_impls.collect() } else { Vec::new() };
    let Some(tag) = &u.tag else {
        return quote! {
            #(#docs)*
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #( #[doc = #variant_docs] #idents(#tys), )*
                /// A value that matches none of the variants, kept as sent.
                Unknown(serde_json::Value),
            }
            #(#from_impls)*
        };
    };
    let decode_arms = u.variants.iter().zip(&idents).map(|(v, ident)| {
        let values = &v.tag_values;
        let build = if v.boxed { quote!(|v| Self::#ident(#boxed::new(v))) } else { quote!(Self::#ident) };
        quote! {
            Some(#(#values)|*) => serde_json::from_value(value).map(#build).map_err(serde::de::Error::custom),
        }
    });
    let encode_arms = u.variants.iter().zip(&idents).map(|(v, ident)| {
        if carries_tag(ctx, &v.ty, tag) {
            quote!(Self::#ident(value) => value.serialize(serializer),)
        } else {
            // The variant's own type has no tag field: add it to what it writes.
            let tag_value = v.tag_values.first().cloned().unwrap_or_default();
            quote! {
                Self::#ident(value) => {
                    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
                    if let Some(object) = json.as_object_mut() {
                        object.insert(#string::from(#tag), serde_json::Value::from(#tag_value));
                    }
                    json.serialize(serializer)
                }
            }
        }
    });
    let doc_tag = format!(" Which variant a value is depends on its {} property.", code(tag));
    quote! {
        #(#docs)*
        ///
        #[doc = #doc_tag]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #idents(#tys), )*
            /// A kind this version of the crate does not know, kept as sent.
            Unknown(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                match self {
                    #(#encode_arms)*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match value.get(#tag).and_then(serde_json::Value::as_str) {
                    #(#decode_arms)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }

        #(#from_impls)*
    }
}

/// Whether a variant's type writes the tag property itself.
fn carries_tag(ctx: &Ctx<'_>, ty: &Ty, tag: &str) -> bool {
    match crate::ir::unaliased(ctx.api, ty).map(|id| &ctx.api.ty(id).kind) {
        Some(TypeKind::Struct(s)) => s.fields.iter().any(|f| f.wire == tag),
        _ => false,
    }
}

fn alias(ctx: &Ctx<'_>, t: &TypeDef, ty: &Ty) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let ty = ctx.ty(ty, &quote!());
    quote! {
        #(#docs)*
        pub type #name = #ty;
    }
}

/// The models module's type for `format: byte`: bytes in Rust, standard base64 on the wire.
fn base64_type() -> TokenStream {
    quote! {
        /// Bytes that travel as base64 text (`format: byte`).
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
        pub struct Base64(pub ::std::vec::Vec<u8>);

        const BASE64_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        impl Base64 {
            /// The standard base64 text of the bytes, with padding.
            pub fn encode(&self) -> ::std::string::String {
                let mut out = ::std::string::String::with_capacity(self.0.len().div_ceil(3) * 4);
                for chunk in self.0.chunks(3) {
                    let bits = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
                    for i in 0..4 {
                        if i <= chunk.len() {
                            out.push(char::from(BASE64_ALPHABET[(bits >> (18 - 6 * i)) as usize & 63]));
                        } else {
                            out.push('=');
                        }
                    }
                }
                out
            }

            /// The bytes of base64 text (standard or URL-safe alphabet, padding optional);
            /// `None` when it is not base64.
            pub fn decode(text: &str) -> ::std::option::Option<Self> {
                let mut out = ::std::vec::Vec::with_capacity(text.len() / 4 * 3);
                let (mut bits, mut count) = (0u32, 0);
                for c in text.trim_end_matches('=').bytes() {
                    let value = match c {
                        b'A'..=b'Z' => c - b'A',
                        b'a'..=b'z' => c - b'a' + 26,
                        b'0'..=b'9' => c - b'0' + 52,
                        b'+' | b'-' => 62,
                        b'/' | b'_' => 63,
                        _ => return None,
                    };
                    bits = bits << 6 | u32::from(value);
                    count += 6;
                    if count >= 8 {
                        count -= 8;
                        out.push((bits >> count) as u8);
                    }
                }
                Some(Base64(out))
            }
        }

        impl serde::Serialize for Base64 {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.encode())
            }
        }

        impl<'de> serde::Deserialize<'de> for Base64 {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Base64::decode(&text).ok_or_else(|| serde::de::Error::custom("not base64 text"))
            }
        }
    }
}
