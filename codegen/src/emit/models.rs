//! `models.rs`: one Rust type per IR type, sorted by name so the file is stable.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, doc_lit, item_text};
use super::Ctx;
use crate::ir::{Enum, EnumRepr, Struct, Ty, TypeDef, TypeId, TypeKind};
use crate::plan::models::{ArgTy, FieldDecode, NewForm, SerdeArg, StructPlan, UnionPlan, VariantPlan};
use crate::plan::rust_ty::RustTy;
use crate::plan::crate_uses::ModelUses;
use crate::plan::{FieldForm, TypePlan};

/// The models module in pieces, so that [`super::split`] can lay it out: its docs and imports,
/// and the types in name order (each emitted by [`item`], without its `cfg`).
pub struct Parts<'a> {
    pub head: TokenStream,
    pub types: Vec<(TypeId, &'a str)>,
}

/// The Rust item of one type (nothing for a type the plan omits).
pub fn item(ctx: &Ctx<'_>, id: TypeId) -> TokenStream {
    let Some(t) = ctx.api.types.get(id.0) else { return quote!() };
    match (&t.kind, ctx.plan.type_plan(id)) {
        (_, Some(TypePlan::Omitted)) => quote!(),
        (TypeKind::Struct(s), Some(TypePlan::Struct(plan))) => structure(ctx, id, t, s, plan),
        (TypeKind::Enum(e), Some(TypePlan::Other)) => enumeration(ctx, id, t, e),
        (TypeKind::Union(ir), Some(TypePlan::Union(plan))) => union(ctx, id, t, ir, plan),
        (TypeKind::Alias(ty), _) => alias(ctx, t, ty),
        // The plan is built from the same types: a mismatch would be a bug, and emits nothing.
        _ => quote!(),
    }
}

pub fn models<'a>(ctx: &Ctx<'a>, bytes: bool) -> Parts<'a> {
    let mut types: Vec<(TypeId, &'a str)> = ctx.api.types.iter().enumerate().map(|(i, t)| (TypeId(i), t.name.as_str())).collect();
    types.sort_by(|a, b| a.1.cmp(b.1));
    let imports = imports(&ModelUses { bytes, ..ctx.plan.crate_uses.models() });
    let doc = MODELS_DOC;
    let head = quote! {
        #(#![doc = #doc])*
        #imports
    };
    Parts { head, types }
}

/// The support crate's items that models using `model_uses` import.
pub fn imports(model_uses: &ModelUses) -> TokenStream {
    let base64 = model_uses.bytes.then(|| quote!(#[doc(inline)] pub use support::base64_text::Base64;));
    // The support crate's macros the models use, in one `use`.
    let made = model_uses.constructors;
    let macros: Vec<proc_macro2::Ident> = [
        (model_uses.open_enums, "string_enum"),
        (made.default_new, "default_new"),
        (made.unset, "unset"),
        (made.new_by_name, "new_by_name"),
        (made.variant_from, "variant_from"),
        (model_uses.struct_de, "deserialize_struct"),
        (model_uses.tagged, "tagged"),
        (model_uses.untagged, "untagged"),
    ]
    .into_iter()
    .filter(|(used, _)| *used)
    .map(|(_, name)| format_ident!("{}", name))
    .collect();
    let support = format_ident!("{}", crate::reserved::SUPPORT);
    let macros = match macros.as_slice() {
        [] => None,
        [one] => Some(quote!(use #support::#one;)),
        many => Some(quote!(use #support::{#(#many),*};)),
    };
    quote! {
        #base64
        #macros
    }
}

/// The docs of the models module, line by line.
pub const MODELS_DOC: &[&str] = &[
    " The request and response bodies of the API, and the types they contain.",
    "",
    " Structs are `#[non_exhaustive]`: build them with `new` (which takes the required",
    " fields) and set optional fields afterwards, so that fields the API adds later do not",
    " break your code. Enums keep values this version does not know in `Unknown`.",
];

fn type_docs(t: &TypeDef) -> Vec<TokenStream> {
    doc_attrs(&item_text(&t.docs, &format!("The {} schema.", code(&t.hint))))
}

fn structure(ctx: &Ctx<'_>, id: TypeId, t: &TypeDef, s: &Struct, plan: &StructPlan) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let here = quote!();
    // One stream, extended with what each field moves in: interpolating a stream in `quote!`
    // copies it, token by token, at every level it is interpolated at.
    let mut fields = TokenStream::new();
    let mut params = Vec::new();
    // What `new` sets from its arguments, and the fields it leaves at their default.
    let mut inits = Vec::new();
    let mut unset = Vec::new();
    // `unset!` takes field names only: the `impl Into` arguments are converted first.
    let mut converts = Vec::new();
    let mut set = Vec::new();
    // The fields as `deserialize_struct!` lists them: required, defaulted, nullable.
    let (mut required, mut defaulted, mut nullable) = (Vec::new(), Vec::new(), Vec::new());
    for p in &plan.fields {
        let Some(f) = s.fields.get(p.source) else { continue };
        let ident = format_ident!("{}", p.name);
        let field_ty = ctx.rust(&p.ty, &here);
        match p.arg {
            Some(ArgTy::IntoString) => {
                let into = ctx.std.path("Into");
                params.push(quote!(#ident: impl #into<#field_ty>));
                inits.push(quote!(#ident: #ident.into()));
                set.push(ident.clone());
                converts.push(quote!(let #ident = #ident.into();));
            }
            Some(ArgTy::Plain) => {
                params.push(quote!(#ident: #field_ty));
                inits.push(quote!(#ident));
                set.push(ident.clone());
            }
            None => unset.push(ident.clone()),
        }
        let wire = &p.wire;
        let entry = if p.name == p.wire { quote!(#ident) } else { quote!(#ident(#wire)) };
        match p.decode() {
            FieldDecode::Required => required.push(entry),
            FieldDecode::Default => defaulted.push(entry),
            FieldDecode::Nullable => nullable.push(entry),
        }
        let serde_args: Vec<TokenStream> = p.serde.iter().map(|a| serde_arg(ctx, a)).collect();
        let serde = super::gate::serde_attr(ctx, id, &serde_args);
        let mut text = item_text(&f.docs, &code(&p.wire));
        if p.form == FieldForm::Fixed {
            text.push_str("\n\nAlways the default value: `new` sets it.");
        }
        if p.form == FieldForm::OptionOption {
            text.push_str("\n\n`None`: not sent; `Some(None)`: sent as `null`; `Some(Some(value))`: sent.");
        }
        fields.extend(doc_attrs(&text));
        fields.extend(serde);
        fields.extend(quote!(pub #ident:));
        fields.extend(field_ty);
        fields.extend(quote!(,));
    }
    let mut rest = quote!();
    if let Some((additional, ty)) = &plan.additional {
        let ident = format_ident!("{}", additional);
        // `deserialize_struct!` puts every other key in it; serde writes its entries in line.
        let values = match ty {
            RustTy::Map(values) => ctx.rust(values, &here),
            other => ctx.rust(other, &here),
        };
        rest = quote!(rest #ident(#values));
        let ty = ctx.rust(ty, &here);
        let flatten = super::gate::serde_attr(ctx, id, &[quote!(flatten)]);
        fields.extend(quote! {
            /// Properties beyond the declared fields.
            #flatten
            pub #ident: #ty,
        });
        unset.push(ident);
    }
    let eq = plan.eq.then(|| quote!(Eq,));
    // Nothing required: the empty value is a natural default.
    let default = plan.default.then(|| quote!(Default,));
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
    let new_doc = doc_lit(&new_doc);
    let new_fn = if params.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let mut container = Vec::new();
    let tag_docs = match &plan.tag {
        Some(tag) => {
            let (wire, value) = (&tag.wire, &tag.value);
            let text = doc_lit(&format!(" Its {} property is always {}: serde writes it.", code(wire), code(value)));
            container.push(quote!(tag = #wire, rename = #value));
            quote!(#[doc = ""] #[doc = #text])
        }
        None => quote!(),
    };
    if plan.camel_case {
        container.push(quote!(rename_all = "camelCase"));
    }
    let (serialize, container) = super::gate::derive_serialize(ctx, id, &container);
    let mut required_struct = quote!();
    let mut by_name = None;
    if let Some(required) = &plan.required {
        // Arguments of one type could be swapped silently: `new` takes them by name.
        let required = format_ident!("{}", required);
        let args: Vec<&crate::plan::models::FieldPlan> = plan.args.iter().filter_map(|i| plan.fields.get(*i)).collect();
        let names: Vec<_> = args.iter().map(|f| format_ident!("{}", f.name)).collect();
        let tys = args.iter().map(|f| ctx.rust(&f.ty, &here));
        let docs = args.iter().map(|f| doc_lit(&format!(" [`{}::{}`].", t.name, f.name)));
        let doc = doc_lit(&format!(" The required fields of [`{}`], by name: two of them have the same type.", t.name));
        required_struct = quote! {
            #[doc = #doc]
            #[derive(Debug, Clone)]
            pub struct #required {
                #( #[doc = #docs] pub #names: #tys, )*
            }
        };
        // `new` takes each field from the argument, and lists the others once.
        by_name = Some(quote!(new_by_name!(#name, #required { #(#names),* } #(, #unset)*);));
    }
    // Without required fields the struct is its `Default`: `default_new!` writes the `new` that
    // returns it.
    let new = if plan.new_form() == NewForm::Default {
        quote!(default_new!(#name);)
    } else if let Some(by_name) = by_name {
        by_name
    } else {
        // `unset!` writes the fields `new` leaves unset, so that it lists only what it sets.
        let body = match plan.new_form() {
            NewForm::Unset => quote!(#(#converts)* unset!(Self { #(#set),* } #(, #unset)*)),
            _ => quote!(Self { #(#inits),* }),
        };
        quote! {
            impl #name {
                #[doc = #new_doc]
                #new_fn
                pub fn new(#(#params),*) -> Self {
                    #body
                }
            }
        }
    };
    let fields = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, fields);
    let defaulted = (!defaulted.is_empty()).then(|| quote!(default { #(#defaulted),* }));
    let nullable = (!nullable.is_empty()).then(|| quote!(nullable { #(#nullable),* }));
    quote! {
        #(#docs)*
        #tag_docs
        #lenient
        #[derive(Debug, Clone, #default PartialEq, #eq #serialize)]
        #[non_exhaustive]
        #container
        pub struct #name #fields

        deserialize_struct!(#name { #(#required),* } #defaulted #nullable #rest);

        #new

        #required_struct
    }
}

fn serde_arg(ctx: &Ctx<'_>, arg: &SerdeArg) -> TokenStream {
    match arg {
        SerdeArg::Rename(wire) => quote!(rename = #wire),
        SerdeArg::SkipNone => {
            let is_none = ctx.std.is_none();
            quote!(skip_serializing_if = #is_none)
        }
    }
}

fn enumeration(ctx: &Ctx<'_>, id: TypeId, t: &TypeDef, e: &Enum) -> TokenStream {
    let serialize = super::gate::serialize_impl(ctx, id);
    match e.repr {
        EnumRepr::String => string_enum(ctx, t, e, serialize),
        EnumRepr::Integer | EnumRepr::Json => value_enum(ctx, t, e, serialize),
    }
}

/// Integer enums and enums of mixed JSON values: the same open shape, compared by value.
fn value_enum(ctx: &Ctx<'_>, t: &TypeDef, e: &Enum, serialize: Option<TokenStream>) -> TokenStream {
    let result = ctx.std.path("Result");
    let default_trait = ctx.std.path("Default");
    let from = ctx.std.path("From");
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let idents: Vec<_> = e.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let variant_docs = e.variants.iter().map(|v| doc_lit(&format!(" {}", code(&v.value.to_string()))));
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

                #serialize
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

        #serialize
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

/// The enum itself, with its docs, and the runtime's `string_enum!` for its impls.
fn string_enum(ctx: &Ctx<'_>, t: &TypeDef, e: &Enum, serialize: Option<TokenStream>) -> TokenStream {
    let string = ctx.std.path("String");
    let default_trait = ctx.std.path("Default");
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let idents: Vec<_> = e.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| doc_lit(&format!(" {}", code(w))));
    let default_attrs: Vec<TokenStream> =
        (0..idents.len()).map(|i| if e.default == Some(i) { quote!(#[default]) } else { quote!() }).collect();
    let derive_default = e.default.is_some().then(|| quote!(#default_trait,));
    // A received-only enum's `Serialize` is the macro's arm of its own, under its `cfg`.
    let impls = match serialize {
        None => quote!(string_enum!(#name, #( #idents(#wires) ),*);),
        Some(cfg) => quote! {
            string_enum!(@read #name, #( #idents(#wires) ),*);
            #cfg
            string_enum!(@write #name);
        },
    };
    quote! {
        #(#docs)*
        #[derive(Debug, Clone, #derive_default PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #default_attrs #idents, )*
            /// A value this version of the crate does not know, kept as sent.
            Unknown(#string),
        }

        #impls
    }
}

fn union(ctx: &Ctx<'_>, id: TypeId, t: &TypeDef, ir: &crate::ir::Union, u: &UnionPlan) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let docs = type_docs(t);
    let here = quote!();
    let idents: Vec<_> = u.variants.iter().map(|v| format_ident!("{}", v.name)).collect();
    let inner_tys: Vec<_> = u.variants.iter().map(|v| ctx.rust(&v.inner, &here)).collect();
    let tys: Vec<_> = u.variants.iter().map(|v| ctx.rust(&v.ty(), &here)).collect();
    let variant_docs: Vec<proc_macro2::Literal> = u
        .variants
        .iter()
        .zip(&inner_tys)
        .map(|(v, ty)| match v.tag_values.as_slice() {
            [] => format!(" A `{}`.", ty.to_string().replace(' ', "")),
            values => format!(" {}", values.iter().map(|v| code(v)).collect::<Vec<_>>().join(", ")),
        })
        .map(|text| doc_lit(&text))
        .collect();
    // An expansion variant is compiled only with its object's type (see `FeaturePlan::variant`).
    let cfgs: Vec<Option<TokenStream>> =
        ir.variants.iter().map(|v| super::gate::variant(ctx, ctx.plan.features.variant(id, v))).collect();
    // `From` each named variant's type, written by `variant_from!` (boxed ones after `; boxed`);
    // a gated variant's in an invocation of its own under its `cfg`.
    let named: Vec<(&VariantPlan, &proc_macro2::Ident, &TokenStream)> = u
        .from_variants()
        .filter(|(i, _)| cfgs.get(*i).is_some_and(Option::is_none))
        .filter_map(|(i, v)| Some((v, idents.get(i)?, inner_tys.get(i)?)))
        .collect();
    let plain = named.iter().filter(|(v, _, _)| !v.boxed).map(|(_, ident, ty)| quote!(, #ident(#ty)));
    let in_box: Vec<TokenStream> = named.iter().filter(|(v, _, _)| v.boxed).map(|(_, ident, ty)| quote!(#ident(#ty))).collect();
    let in_box = (!in_box.is_empty()).then(|| quote!(; boxed #(#in_box),*));
    let gated_from = u.from_variants().filter_map(|(i, v)| {
        let cfg = cfgs.get(i)?.as_ref()?;
        let (ident, ty) = (idents.get(i)?, inner_tys.get(i)?);
        Some(if v.boxed { quote!(#cfg variant_from!(#name; boxed #ident(#ty));) } else { quote!(#cfg variant_from!(#name, #ident(#ty));) })
    });
    let from_impls = (!named.is_empty()).then(|| quote!(variant_from!(#name #(#plain)* #in_box);));
    let from_impls = quote!(#from_impls #(#gated_from)*);
    // Which variants are boxed was decided with all of them there: a build without some may
    // leave a large one unboxed beside small ones.
    let size_lint = cfgs.iter().any(Option::is_some).then(|| quote!(#[allow(clippy::large_enum_variant)]));
    let Some(tag) = u.tag.as_ref().filter(|_| !u.untagged()) else {
        // `untagged!` tries the variants in this order, each on the kinds of value its type takes.
        let attempts = u.order.iter().filter_map(|i| Some((u.variants.get(*i)?, idents.get(*i)?, cfgs.get(*i)?))).map(|(v, ident, cfg)| {
            let kinds = v.kinds.names().into_iter().map(|k| format_ident!("{}", k));
            quote!(#cfg #ident = #(#kinds)|*)
        });
        let (serialize, untagged) = super::gate::derive_serialize(ctx, id, &[quote!(untagged)]);
        return quote! {
            #(#docs)*
            #[derive(Debug, Clone, PartialEq, #serialize)]
            #untagged
            #[non_exhaustive]
            #size_lint
            pub enum #name {
                #( #[doc = #variant_docs] #cfgs #idents(#tys), )*
                /// A value that matches none of the variants, kept as sent.
                Unknown(serde_json::Value),
            }

            untagged!(#name { #(#attempts),* });

            #from_impls
        };
    };
    // `tagged!` writes both impls: each variant's tag values, whether it is boxed, and whether
    // its own type has no tag field (`with_tag`: the tag goes in front of its fields).
    let tagged_variants = u.variants.iter().zip(&idents).zip(&cfgs).map(|((v, ident), cfg)| {
        let values = &v.tag_values;
        let boxed = v.boxed.then(|| quote!(boxed));
        let with_tag = (!v.writes_tag).then(|| quote!(with_tag));
        quote!(#cfg #ident(#(#values)|*) #boxed #with_tag)
    });
    // A union the client only receives: its `Serialize` only with the `serialize` feature.
    let serialize = crate::plan::features::SERIALIZE;
    let write = ctx.plan.serialize_gated(id).then(|| quote!(Serialize if feature(#serialize)));
    let doc_tag = doc_lit(&format!(" Which variant a value is depends on its {} property.", code(tag)));
    quote! {
        #(#docs)*
        ///
        #[doc = #doc_tag]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #size_lint
        pub enum #name {
            #( #[doc = #variant_docs] #cfgs #idents(#tys), )*
            /// A kind this version of the crate does not know, kept as sent.
            Unknown(serde_json::Value),
        }

        tagged!(#name(#tag) { #(#tagged_variants),* } #write);

        #from_impls
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

