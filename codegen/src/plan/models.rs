//! Each model type's Rust form: struct fields with their exact types and serde attributes,
//! what `new` takes, derives; union variants and how the union is (de)serialized. The
//! models emitter prints this; the diff words it.

use super::rust_ty::{spell, Aliases, RustTy};
use super::types::FieldForm;
use crate::ir::{Api, EnumRepr, Field, Scalar, Struct, Ty, TypeDef, TypeId, TypeKind, Union};

/// What one named type becomes, by [`crate::ir::TypeId`].
#[derive(Debug, Clone, PartialEq)]
pub enum TypePlan {
    Struct(StructPlan),
    Union(UnionPlan),
    /// Enums and aliases: the IR says all there is.
    Other,
    /// A one-value enum that only fixed tags held: the structs write the value themselves
    /// ([`StructPlan::tag`]), so the crate has no such type.
    Omitted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructPlan {
    pub fields: Vec<FieldPlan>,
    /// The `additionalProperties` map field: its name and type.
    pub additional: Option<(String, RustTy)>,
    /// Derives `Default` (nothing is required).
    pub default: bool,
    pub eq: bool,
    /// The fields `new` takes, in order, by index into `fields`.
    pub args: Vec<usize>,
    /// A fixed tag written by serde (`#[serde(tag = wire, rename = value)]`) instead of a field.
    pub tag: Option<Tag>,
    /// Two arguments of `new` would have one type, so a swap would compile: `new` takes this
    /// struct of the required fields instead, whose literal names each one.
    pub required: Option<String>,
    /// `#[serde(rename_all = "camelCase")]`: most wire names are serde's camelCase of the
    /// field's name, so only the others carry a `rename` ([`SerdeArg::Rename`]).
    pub camel_case: bool,
}

/// A property that always has one string value: serde writes it on the way out and
/// `deserialize_struct!` skips it on the way in, as serde's derive did (a union checks it
/// before it picks the struct).
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub wire: String,
    pub value: String,
    /// The one-value enum the IR gives the field (through aliases).
    pub enum_id: TypeId,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlan {
    /// Its IR field, by index into the struct's `fields` (a fixed tag leaves a gap).
    pub source: usize,
    pub name: String,
    pub wire: String,
    pub form: FieldForm,
    /// The field's type, `Option` and `Box` included.
    pub ty: RustTy,
    /// The type `new` takes for it, when it is an argument.
    pub arg: Option<ArgTy>,
    pub serde: Vec<SerdeArg>,
}

/// How the struct's `Deserialize` (the runtime's `deserialize_struct!`) reads a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldDecode {
    /// Absent is an error (`missing field`).
    Required,
    /// Absent is the type's default: `None` for an `Option`, also for a required nullable
    /// field, which serde's derive read that way too.
    Default,
    /// `Option<Option<T>>`: absent `None`, `null` `Some(None)`.
    Nullable,
}

impl FieldPlan {
    pub fn decode(&self) -> FieldDecode {
        match self.form {
            FieldForm::Arg => FieldDecode::Required,
            FieldForm::OptionOption => FieldDecode::Nullable,
            FieldForm::Fixed | FieldForm::Option | FieldForm::NullableArg => FieldDecode::Default,
        }
    }
}

/// How `new` takes an argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgTy {
    /// The field's type as it is.
    Plain,
    /// `impl Into<String>`, converted by `new`.
    IntoString,
}

/// One argument of a field's `#[serde(...)]`, in the order they are written: what the
/// `Serialize` derive reads (decoding is [`FieldPlan::decode`]'s).
#[derive(Debug, Clone, PartialEq)]
pub enum SerdeArg {
    Rename(String),
    SkipNone,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionPlan {
    /// The tag property; `None`: untagged (the runtime's `untagged!` tries each variant in
    /// order).
    pub tag: Option<String>,
    pub variants: Vec<VariantPlan>,
    /// Every variant's type is distinct (aliases resolved), so `From<Variant>` impls exist
    /// for the named ones.
    pub distinct: bool,
    /// The order in which an untagged decode tries the variants (indices into `variants`):
    /// the spec's, except that those that take almost any text (a plain string, base64 bytes,
    /// an open string enum) come after the variants that check theirs (a date, a uuid), so
    /// that a uuid or a day is not taken as bytes because `format: byte` was listed first.
    /// Among themselves they keep the spec's order: an open enum takes any word, known or not.
    pub order: Vec<usize>,
}

impl UnionPlan {
    /// Written as an untagged union: no tag, or none of its variants left to match a tag
    /// against (expansions a selection did not keep).
    pub fn untagged(&self) -> bool {
        self.tag.is_none() || self.variants.is_empty()
    }
}

/// The kinds of JSON value a variant's type can decode from (bits, by `untagged!`'s names):
/// an untagged union skips a variant whose type cannot take the value's kind. It may only say
/// too much (`ANY` for what it cannot tell), never too little, or a value would skip the
/// variant that takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(u8);

impl Kinds {
    pub const OBJECT: Kinds = Kinds(1);
    pub const ARRAY: Kinds = Kinds(2);
    pub const STRING: Kinds = Kinds(4);
    pub const NUMBER: Kinds = Kinds(8);
    pub const BOOL: Kinds = Kinds(16);
    pub const NULL: Kinds = Kinds(32);
    pub const ANY: Kinds = Kinds(63);

    /// The names `untagged!` takes, `ANY` alone for all of them.
    pub fn names(self) -> Vec<&'static str> {
        if self == Kinds::ANY {
            return vec!["ANY"];
        }
        [(Kinds::OBJECT, "OBJECT"), (Kinds::ARRAY, "ARRAY"), (Kinds::STRING, "STRING"), (Kinds::NUMBER, "NUMBER"), (Kinds::BOOL, "BOOL"), (Kinds::NULL, "NULL")]
            .into_iter()
            .filter(|(k, _)| self.0 & k.0 != 0)
            .map(|(_, name)| name)
            .collect()
    }
}

/// What the Rust type of `ty` decodes from: a struct (`deserialize_struct!`) or map only an
/// object, a `Vec` or tuple an array, strings, dates, ids, bytes and string enums a string,
/// numbers and integer enums a number; a union (its `Unknown`), a `serde_json::Value` and
/// JSON enums anything. Through aliases as deep as spelling looks; past that, anything.
pub fn kinds(api: &Api, ty: &Ty) -> Kinds {
    let mut ty = ty;
    for _ in 0..super::rust_ty::MAX_ALIAS_DEPTH {
        let kind = match ty {
            Ty::Named(id) => match api.types.get(id.0).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => Kinds::OBJECT,
                Some(TypeKind::Enum(e)) => match e.repr {
                    EnumRepr::String => Kinds::STRING,
                    // An integer enum whose values all fit an `i64` reads one (see `emit::models`).
                    EnumRepr::Integer if e.variants.iter().all(|v| v.value.as_i64().is_some()) => Kinds::NUMBER,
                    EnumRepr::Integer | EnumRepr::Json => Kinds::ANY,
                },
                Some(TypeKind::Alias(inner)) => {
                    ty = inner;
                    continue;
                }
                Some(TypeKind::Union(_)) | None => Kinds::ANY,
            },
            Ty::Scalar(Scalar::Bool) => Kinds::BOOL,
            Ty::Scalar(Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64 | Scalar::F32 | Scalar::F64) => Kinds::NUMBER,
            Ty::Scalar(Scalar::String | Scalar::DateTime | Scalar::Date | Scalar::Uuid | Scalar::Bytes) => Kinds::STRING,
            Ty::List(_) | Ty::Tuple(_) => Kinds::ARRAY,
            Ty::Map(_) => Kinds::OBJECT,
            Ty::Any | Ty::Object => Kinds::ANY,
        };
        return kind;
    }
    Kinds::ANY
}

#[derive(Debug, Clone, PartialEq)]
pub struct VariantPlan {
    pub name: String,
    /// The payload's type without its `Box`.
    pub inner: RustTy,
    pub boxed: bool,
    /// A named model type: it gets a `From` impl when the union's types are distinct.
    pub named: bool,
    pub tag_values: Vec<String>,
    /// The payload's type writes the tag property itself; otherwise the union adds it.
    pub writes_tag: bool,
    /// The kinds of JSON value the payload's type decodes from.
    pub kinds: Kinds,
}

impl VariantPlan {
    pub fn ty(&self) -> RustTy {
        if self.boxed {
            self.inner.clone().boxed()
        } else {
            self.inner.clone()
        }
    }
}

impl UnionPlan {
    /// The variants with a `From` impl of their type, written by `variant_from!`.
    pub fn from_variants(&self) -> impl Iterator<Item = (usize, &VariantPlan)> {
        self.variants.iter().enumerate().filter(|(_, v)| self.distinct && v.named)
    }

    pub fn has_from_impls(&self) -> bool {
        self.from_variants().next().is_some()
    }
}

/// How a struct's `new` is written (the runtime's `constructors.rs` has the macros).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewForm {
    /// Nothing required: `default_new!`, its `Default`.
    Default,
    /// Every field is an argument: a plain struct literal.
    Literal,
    /// `unset!` fills the fields it does not take.
    Unset,
    /// The required fields come by name in the `Required` struct: `new_by_name!` writes `new`.
    ByName,
}

impl StructPlan {
    pub fn new_form(&self) -> NewForm {
        if self.default {
            NewForm::Default
        } else if self.required.is_some() {
            NewForm::ByName
        } else if self.additional.is_some() || self.fields.iter().any(|f| f.arg.is_none()) {
            NewForm::Unset
        } else {
            NewForm::Literal
        }
    }
}

/// The plans of every named type, in [`Api::types`] order.
pub fn plan_types(api: &Api, eq: &[bool]) -> Vec<TypePlan> {
    let mut plans: Vec<TypePlan> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| match &t.kind {
            TypeKind::Struct(s) => TypePlan::Struct(structure(api, t, s, eq.get(i).copied().unwrap_or(false), Aliases::Keep)),
            TypeKind::Union(u) => TypePlan::Union(union(api, u, Aliases::Keep)),
            TypeKind::Enum(_) | TypeKind::Alias(_) => TypePlan::Other,
        })
        .collect();
    omit_tags(api, &mut plans);
    plans
}

/// A tag enum goes when every use of it became a serde tag. A use through aliases (a repeated
/// inline enum is an alias of the first) counts for the enum they stand for: the aliases of an
/// enum that goes go with it, and so does an alias only tags use.
fn omit_tags(api: &Api, plans: &mut [TypePlan]) {
    let n = api.types.len();
    let target: Vec<usize> = (0..n).map(|i| crate::ir::unaliased(api, &Ty::Named(TypeId(i))).map_or(i, |t| t.0)).collect();
    // Uses as written, and uses counted for what they stand for.
    let (mut direct, mut uses) = (vec![0usize; n], vec![0usize; n]);
    let mut count = |ty: &Ty, of_alias: bool| {
        let mut stack = vec![ty];
        while let Some(ty) = stack.pop() {
            match ty {
                Ty::Named(id) => {
                    if let Some(d) = direct.get_mut(id.0) {
                        *d += 1;
                    }
                    // An alias's own target is no use of the enum: the alias's uses are.
                    if let (false, Some(u)) = (of_alias, target.get(id.0).and_then(|t| uses.get_mut(*t))) {
                        *u += 1;
                    }
                }
                Ty::List(inner) | Ty::Map(inner) => stack.push(inner),
                Ty::Tuple(items) => stack.extend(items),
                Ty::Scalar(_) | Ty::Any | Ty::Object => {}
            }
        }
    };
    for t in &api.types {
        match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.iter()).for_each(|ty| count(ty, false)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| count(&v.ty, false)),
            TypeKind::Alias(ty) => count(ty, true),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &api.operations {
        // Every type the operation names, multipart parts included (a part's enum equal to a
        // tag enum elsewhere is an alias of it, and keeps it).
        op.tys().into_iter().for_each(|ty| count(ty, false));
    }
    api.webhooks.payloads().into_iter().for_each(|ty| count(ty, false));
    if let Some(event) = api.webhooks.event {
        count(&Ty::Named(event), false);
    }
    let (mut direct_tags, mut tags) = (vec![0usize; n], vec![0usize; n]);
    for (t, plan) in api.types.iter().zip(plans.iter()) {
        let (TypeKind::Struct(s), TypePlan::Struct(StructPlan { tag: Some(tag), .. })) = (&t.kind, plan) else { continue };
        if let Some(n) = tags.get_mut(tag.enum_id.0) {
            *n += 1;
        }
        if let Some(Ty::Named(id)) = s.fields.iter().find(|f| f.wire == tag.wire).map(|f| &f.ty) {
            if let Some(n) = direct_tags.get_mut(id.0) {
                *n += 1;
            }
        }
    }
    let only_tags = |tags: &[usize], all: &[usize], i: usize| tags.get(i).is_some_and(|t| *t > 0 && Some(t) == all.get(i));
    for (i, plan) in plans.iter_mut().enumerate() {
        let alias = matches!(api.types.get(i).map(|t| &t.kind), Some(TypeKind::Alias(_)));
        if only_tags(&tags, &uses, target.get(i).copied().unwrap_or(i)) || (alias && only_tags(&direct_tags, &direct, i)) {
            *plan = TypePlan::Omitted;
        }
    }
}

/// The struct `s` (the named type `t`); `aliases` as the caller spells types.
pub fn structure(api: &Api, t: &TypeDef, s: &Struct, eq: bool, aliases: Aliases) -> StructPlan {
    let tag = if s.additional.is_some() { None } else { s.fields.iter().find_map(|f| tag(api, t, f)) };
    let fields: Vec<FieldPlan> =
        s.fields
            .iter()
            .enumerate()
            .filter(|(_, f)| tag.as_ref().is_none_or(|tag| tag.wire != f.wire))
            .map(|(i, f)| FieldPlan { source: i, ..field(api, t, f, aliases) })
            .collect();
    let args: Vec<usize> = fields.iter().enumerate().filter(|(_, f)| f.arg.is_some()).map(|(i, _)| i).collect();
    let additional = s.additional.as_ref().map(|values| (s.additional_name.clone(), RustTy::Map(Box::new(spell(api, values, aliases)))));
    let mut arg_types: Vec<String> = args
        .iter()
        .filter_map(|i| fields.get(*i))
        .map(|f| match f.arg {
            // `impl Into<String>` takes what a `String` argument takes.
            Some(ArgTy::IntoString) => "String".to_string(),
            _ => spell_field(api, s, f),
        })
        .collect();
    arg_types.sort();
    let swappable = arg_types.windows(2).any(|w| w[0] == w[1]);
    let required = (swappable && !s.required_name.is_empty()).then(|| s.required_name.clone());
    let mut fields = fields;
    // serde derives a name for the flattened map too: it must be one serde can derive.
    let camel_case = additional.as_ref().is_none_or(|(name, _)| serde_camel_case(name).is_some()) && rename_all_camel_case(&mut fields);
    StructPlan { default: args.is_empty(), eq, args, fields, additional, tag, required, camel_case }
}

/// Whether a struct-level `rename_all = "camelCase"` needs fewer `rename`s than none; if so,
/// the fields' renames are redone for it: a field keeps one only when serde's camelCase of
/// its name is not exactly its wire name.
fn rename_all_camel_case(fields: &mut [FieldPlan]) -> bool {
    let follows = |f: &FieldPlan| serde_camel_case(&f.name).is_some_and(|camel| camel == f.wire);
    let saved = fields.iter().filter(|f| f.name != f.wire && follows(f)).count();
    let added = fields.iter().filter(|f| f.name == f.wire && !follows(f)).count();
    if saved <= added {
        return false;
    }
    for f in fields.iter_mut() {
        f.serde.retain(|a| !matches!(a, SerdeArg::Rename(_)));
        if !follows(f) {
            f.serde.insert(0, SerdeArg::Rename(f.wire.clone()));
        }
    }
    true
}

/// The wire name serde gives a field under `rename_all = "camelCase"` (serde_derive's
/// `RenameRule::CamelCase`: `_` dropped and the next character upper-cased, then the first
/// lower-cased, ASCII only). `None` for names this does not mirror (raw or non-ASCII
/// identifiers): those keep their own `rename`.
pub fn serde_camel_case(name: &str) -> Option<String> {
    if name.is_empty() || name.starts_with("r#") || !name.is_ascii() {
        return None;
    }
    let mut pascal = String::with_capacity(name.len());
    let mut capitalize = true;
    for ch in name.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    let mut chars = pascal.chars();
    let first = chars.next()?;
    Some(first.to_ascii_lowercase().to_string() + chars.as_str())
}

/// The type of a field as the compiler sees it (aliases resolved).
fn spell_field(api: &Api, s: &Struct, f: &FieldPlan) -> String {
    match s.fields.iter().find(|x| x.name == f.name) {
        Some(x) => {
            let ty = spell(api, &x.ty, Aliases::Resolve);
            let ty = if x.boxed { ty.boxed() } else { ty };
            if f.form == FieldForm::NullableArg { ty.option() } else { ty }.to_string()
        }
        None => f.ty.to_string(),
    }
}

/// The field `f` as a serde tag: a fixed field holding a one-value string enum. (A struct
/// with an `additionalProperties` map keeps the field: the map would catch the tag.)
fn tag(api: &Api, owner: &TypeDef, f: &Field) -> Option<Tag> {
    if FieldForm::of(owner, f) != FieldForm::Fixed || f.boxed {
        return None;
    }
    let id = crate::ir::unaliased(api, &f.ty)?;
    let TypeKind::Enum(e) = &api.types.get(id.0)?.kind else { return None };
    match e.variants.as_slice() {
        [only] if e.repr == EnumRepr::String => Some(Tag { wire: f.wire.clone(), value: only.wire.clone(), enum_id: id }),
        _ => None,
    }
}

/// The field `f` of `owner` in its plan form ([`FieldForm`]).
pub fn field(api: &Api, owner: &TypeDef, f: &Field, aliases: Aliases) -> FieldPlan {
    let mut inner = spell(api, &f.ty, aliases);
    if f.boxed {
        inner = inner.boxed();
    }
    let form = FieldForm::of(owner, f);
    let mut serde = Vec::new();
    if f.name != f.wire {
        serde.push(SerdeArg::Rename(f.wire.clone()));
    }
    let (ty, arg) = match form {
        FieldForm::Fixed => {
            (inner, None)
        }
        FieldForm::OptionOption => {
            // Absent, `null` and a value are three different things to the API (a PATCH
            // that clears a field sends `null`): `None`, `Some(None)`, `Some(Some(v))`.
            serde.push(SerdeArg::SkipNone);
            (inner.option().option(), None)
        }
        FieldForm::Option => {
            serde.push(SerdeArg::SkipNone);
            (inner.option(), None)
        }
        FieldForm::NullableArg => (inner.option(), Some(ArgTy::Plain)),
        FieldForm::Arg if f.ty == Ty::Scalar(Scalar::String) => (inner, Some(ArgTy::IntoString)),
        FieldForm::Arg => (inner, Some(ArgTy::Plain)),
    };
    FieldPlan { source: 0, name: f.name.clone(), wire: f.wire.clone(), form, ty, arg, serde }
}

/// The union `u`; `aliases` as the caller spells types.
pub fn union(api: &Api, u: &Union, aliases: Aliases) -> UnionPlan {
    let variants = u
        .variants
        .iter()
        .map(|v| VariantPlan {
            name: v.name.clone(),
            inner: spell(api, &v.ty, aliases),
            boxed: v.boxed,
            // A union that is its own variant has `From<Self>` already (the standard one).
            named: matches!(v.ty, Ty::Named(_)) && !is_itself(api, &v.ty, u),
            tag_values: v.tag_values.clone(),
            writes_tag: u.tag.as_deref().is_some_and(|tag| carries_tag(api, &v.ty, tag)),
            kinds: kinds(api, &v.ty),
        })
        .collect();
    // Two schemas that are both strings are one Rust type: `From` impls would clash.
    let mut seen: Vec<String> = u.variants.iter().map(|v| spell(api, &v.ty, Aliases::Resolve).to_string()).collect();
    seen.sort();
    let distinct = seen.windows(2).all(|w| w[0] != w[1]);
    let mut order: Vec<usize> = (0..u.variants.len()).collect();
    order.sort_by_key(|i| u.variants.get(*i).is_some_and(|v| takes_any_text(api, &v.ty)));
    UnionPlan { tag: u.tag.clone(), variants, distinct, order }
}

/// Whether `ty` decodes from nearly any string: a `String`, `Base64` (whose letters most words
/// and ids are made of) or an open string enum (`Unknown`).
fn takes_any_text(api: &Api, ty: &Ty) -> bool {
    match crate::ir::unalias(api, ty) {
        Ty::Scalar(s) => matches!(s, Scalar::String | Scalar::Bytes),
        Ty::Named(id) => matches!(api.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String),
        _ => false,
    }
}

/// Whether `ty` is the union `u` itself (through aliases).
fn is_itself(api: &Api, ty: &Ty, u: &Union) -> bool {
    crate::ir::unaliased(api, ty).is_some_and(|id| matches!(&api.ty(id).kind, TypeKind::Union(other) if std::ptr::eq(other, u)))
}

/// Whether a variant's type writes the tag property itself.
fn carries_tag(api: &Api, ty: &Ty, tag: &str) -> bool {
    match crate::ir::unaliased(api, ty).map(|id| &api.ty(id).kind) {
        Some(TypeKind::Struct(s)) => s.fields.iter().any(|f| f.wire == tag),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{serde_camel_case, TypePlan};
    use crate::diagnostics::Diagnostics;

    /// The kinds of each variant of the union `U` of `variants` (JSON schemas), by name.
    fn kinds(variants: &str) -> Vec<(String, Vec<&'static str>)> {
        let text = format!(
            r##"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "components": {{"schemas": {{
                "U": {{"oneOf": {variants}}},
                "S": {{"type": "object", "required": ["a"], "properties": {{"a": {{"type": "string"}}}}}},
                "E": {{"type": "string", "enum": ["a", "b"]}},
                "I": {{"type": "integer", "enum": [1, 2]}},
                "J": {{"enum": [1, "a"]}},
                "T": {{"oneOf": [{{"$ref": "#/components/schemas/S"}}, {{"type": "integer"}}]}},
                "A": {{"type": "array", "items": {{"type": "string"}}}}}}}}}}"##
        );
        let mut diags = Diagnostics::default();
        let doc = crate::load::parse_document(text, std::path::Path::new("spec.json"), &mut diags).expect("parses");
        let (_, api, _) = crate::named_ir(doc, None, diags).unwrap_or_else(|d| panic!("{d}"));
        let plan = crate::plan::build(&api);
        let id = api.types.iter().position(|t| t.name == "U").expect("U");
        let Some(TypePlan::Union(u)) = plan.type_plan(crate::ir::TypeId(id)) else { panic!("U is no union") };
        u.variants.iter().map(|v| (v.name.clone(), v.kinds.names())).collect()
    }

    #[test]
    fn a_variant_s_kinds_are_what_its_type_decodes_from() {
        let found = kinds(
            r##"[{"$ref": "#/components/schemas/S"}, {"type": "string"}, {"type": "integer"}, {"type": "number"},
                {"type": "boolean"}, {"type": "array", "items": {"type": "integer"}}, {"$ref": "#/components/schemas/E"},
                {"$ref": "#/components/schemas/T"}, {"$ref": "#/components/schemas/A"}, {"type": "object", "additionalProperties": {"type": "integer"}},
                {"type": "string", "format": "date-time"}, {"$ref": "#/components/schemas/I"}, {"$ref": "#/components/schemas/J"}, {}]"##,
        );
        let mut by_kinds: Vec<(Vec<&str>, String)> = found.into_iter().map(|(name, kinds)| (kinds, name)).collect();
        by_kinds.sort();
        let names = |kinds: &[&str]| -> Vec<String> { by_kinds.iter().filter(|(k, _)| k == kinds).map(|(_, n)| n.clone()).collect() };
        // A union (its `Unknown`), a JSON enum and anything: every kind.
        assert_eq!(names(&["ANY"]).len(), 3, "{by_kinds:?}");
        // `S` and the map.
        assert_eq!(names(&["OBJECT"]).len(), 2, "{by_kinds:?}");
        // The list, and the alias of one.
        assert_eq!(names(&["ARRAY"]).len(), 2, "{by_kinds:?}");
        // The string, the date, the string enum.
        assert_eq!(names(&["STRING"]).len(), 3, "{by_kinds:?}");
        // The integer, the number, the integer enum.
        assert_eq!(names(&["NUMBER"]).len(), 3, "{by_kinds:?}");
        assert_eq!(names(&["BOOL"]).len(), 1, "{by_kinds:?}");
        assert_eq!(by_kinds.len(), 14);
    }

    #[test]
    fn camel_case_is_serde_derives() {
        // serde_derive's own cases, and the shapes the names module gives fields.
        for (name, wire) in [("outcome", "outcome"), ("very_tasty", "veryTasty"), ("a", "a"), ("z42", "z42")] {
            assert_eq!(serde_camel_case(name).as_deref(), Some(wire));
        }
        for (name, wire) in [("type_", "type"), ("in_", "in"), ("n1st", "n1st"), ("foo_bar_2", "fooBar2"), ("html_url", "htmlUrl")] {
            assert_eq!(serde_camel_case(name).as_deref(), Some(wire));
        }
        for name in ["", "r#type", "größe"] {
            assert_eq!(serde_camel_case(name), None, "{name}");
        }
        assert_eq!(serde_camel_case("__"), None, "serde_derive would panic on an empty name");
    }
}
