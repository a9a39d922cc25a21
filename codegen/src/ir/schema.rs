//! Schemas → IR types. Named schemas (anything a `$ref` points to) become one type each,
//! registered before conversion so that recursive schemas resolve; inline objects, enums
//! and unions become types named after where they stand.
//!
//! Lowering recurses into the schemas it meets. How deep one JSON document nests is bounded
//! by the loader; how deep `$ref`s chain is not, so types met more than [`DEFER_DEPTH`]
//! schemas deep are lowered later, from a worklist, instead of on the stack.

mod content;
mod keywords;
mod merge;

use keywords::*;
use merge::FieldSet;
pub(super) use content::Side;
pub(super) use keywords::{schema_docs, singular};

use std::collections::VecDeque;

use serde_json::{Map, Value};

use super::{Enum, EnumRepr, EnumVariant, Field, Struct, Ty, TypeDef, TypeId, TypeKind, Union, UnionVariant};
use crate::diagnostics::Diagnostics;
use crate::fast_hash::{FastMap, FastSet};
use crate::pointer::Place;
use crate::resolve::Resolver;

/// Schemas nested this deep (through `$ref`s too) defer the types they meet. Real specs
/// stay far below it, so they are lowered depth-first, in the order names follow.
const DEFER_DEPTH: usize = 64;

/// Hints longer than this (Stripe's longest is under 200) are replaced by one from the place.
const MAX_HINT: usize = 400;

/// Lists, maps and tuples one type may nest (`Vec<Vec<...>>`); far above real specs.
const MAX_TYPE_NESTING: usize = 32;

pub(super) struct Types<'r> {
    pub resolver: &'r Resolver,
    pub types: Vec<TypeDef>,
    by_place: FastMap<Place, TypeId>,
    /// How many calls of [`Types::ty`] are on the stack.
    depth: usize,
    /// Types registered but not lowered yet (met below [`DEFER_DEPTH`]).
    pending: VecDeque<(TypeId, Place)>,
    draining: bool,
    /// Lists, maps and tuples around the schema being lowered, inside the current type.
    wrappers: usize,
    /// Inline schemas whose kind is being computed: met again, they would recurse forever.
    inline_open: FastSet<Place>,
    merges: merge::Merges,
    /// Inline schemas already lowered, by content: a repeat becomes an alias.
    contents: content::Contents,
    /// Whether what is lowered now is an error response's body (set by the caller).
    pub side: Side,
}

/// How a field or parameter uses a type.
pub(super) struct Usage {
    pub ty: Ty,
    pub nullable: bool,
    /// Single enum value that is also the default: a fixed tag.
    pub fixed: bool,
    /// An array whose items must differ (`uniqueItems`).
    pub unique: bool,
}

impl<'r> Types<'r> {
    pub fn new(resolver: &'r Resolver) -> Self {
        Types {
            resolver,
            types: Vec::new(),
            by_place: FastMap::default(),
            depth: 0,
            pending: VecDeque::new(),
            draining: false,
            wrappers: 0,
            inline_open: FastSet::default(),
            merges: merge::Merges::default(),
            contents: content::Contents::default(),
            side: Side::Normal,
        }
    }

    /// Lowers the named types left for later, and those they meet in turn.
    fn drain(&mut self, diags: &mut Diagnostics) {
        if self.draining {
            return;
        }
        self.draining = true;
        while let Some((id, place)) = self.pending.pop_front() {
            self.lower_named(id, &place, diags);
        }
        self.draining = false;
    }

    /// Registers every `components/schemas` entry, in spec order, so that component
    /// schemas keep their names even when first met inline.
    pub fn components(&mut self, diags: &mut Diagnostics) {
        let base = Place::root(0).join("components").join("schemas");
        let Some(schemas) = self.resolver.get(&base).and_then(Value::as_object) else {
            return;
        };
        let names: Vec<String> = schemas.keys().cloned().collect();
        for name in names {
            self.named(&base.join(&name), diags);
            self.drain(diags);
        }
    }

    /// The type of `schema`, the node at `place`, with `hint` naming it if it needs a name.
    fn usage(&mut self, place: &Place, schema: &Value, hint: &str, diags: &mut Diagnostics) -> Usage {
        let nullable = self.is_nullable(place, schema);
        let fixed = is_fixed(schema);
        let unique = self.unique_items_of(place, schema);
        Usage { ty: self.ty_of(place, schema, hint, diags), nullable, fixed, unique }
    }

    /// Whether `schema`, the node at `place` (or the one its `$ref` names), says
    /// `uniqueItems: true`.
    pub fn unique_items_of(&self, place: &Place, schema: &Value) -> bool {
        let Some(obj) = schema.as_object() else { return false };
        if crate::pointer::member(obj, "uniqueItems").and_then(Value::as_bool) == Some(true) {
            return true;
        }
        // One `$ref` step only: chains of refs are as long as the spec likes.
        let target = crate::pointer::member(obj, "$ref").and_then(Value::as_str).and_then(|r| self.resolver.target_value(place, r).ok());
        target.and_then(|(_, t)| t.get("uniqueItems")).and_then(Value::as_bool) == Some(true)
    }

    pub fn ty(&mut self, place: &Place, hint: &str, diags: &mut Diagnostics) -> Ty {
        match self.resolver.get(place) {
            Some(schema) => self.ty_of(place, schema, hint, diags),
            None => Ty::Any,
        }
    }

    /// [`Types::ty`] of `schema`, the node at `place` (for a caller that holds it: no walk
    /// from the document's root to find it again).
    pub fn ty_of(&mut self, place: &Place, schema: &Value, hint: &str, diags: &mut Diagnostics) -> Ty {
        self.depth += 1;
        let ty = self.ty_here(place, schema, hint, diags);
        self.depth -= 1;
        if self.depth == 0 {
            self.drain(diags);
        }
        ty
    }

    /// The type inside a list, map or tuple. Such types nest in the Rust spelling itself
    /// (`Vec<Vec<...>>`), which the formatter parses recursively: beyond
    /// [`MAX_TYPE_NESTING`] the inner type is a JSON value.
    fn wrapped(&mut self, place: &Place, hint: &str, diags: &mut Diagnostics) -> Ty {
        if self.wrappers >= MAX_TYPE_NESTING {
            diags.warning(
                self.resolver.describe(place),
                format!("arrays, maps and tuples nested deeper than {MAX_TYPE_NESTING} levels inside one type"),
                "`serde_json::Value` for what is inside",
            );
            return Ty::Any;
        }
        self.wrappers += 1;
        let ty = self.ty(place, hint, diags);
        self.wrappers -= 1;
        ty
    }

    /// Runs `f` for a type of its own, whose spelling starts unwrapped.
    fn own_type<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let outer = std::mem::replace(&mut self.wrappers, 0);
        let out = f(self);
        self.wrappers = outer;
        out
    }

    fn ty_here(&mut self, place: &Place, schema: &Value, hint: &str, diags: &mut Diagnostics) -> Ty {
        let Some(obj) = schema.as_object() else {
            // `true`/`false` schemas (3.1): anything goes.
            return Ty::Any;
        };
        if let Some(reference) = crate::pointer::member(obj, "$ref").and_then(Value::as_str) {
            return match self.resolver.target(place, reference) {
                Ok(target) => self.named(&target, diags).map_or(Ty::Any, Ty::Named),
                Err(msg) => {
                    diags.error(self.resolver.describe(&place.join("$ref")), format!("unresolved reference {msg}"));
                    Ty::Any
                }
            };
        }
        self.inline(place, obj, hint, diags)
    }

    /// The type of a schema that has a name of its own (a `$ref` target).
    fn named(&mut self, place: &Place, diags: &mut Diagnostics) -> Option<TypeId> {
        if let Some(id) = self.by_place.get(place) {
            return Some(*id);
        }
        // Chains of refs: the name is the final definition's.
        let (place, schema) = self.resolver.follow(place, diags)?;
        if let Some(id) = self.by_place.get(&place) {
            return Some(*id);
        }
        let obj = schema.as_object()?;
        let hint = place.last().unwrap_or_else(|| "Root".to_string());
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            hint: hint.clone(),
            name: String::new(),
            origin: self.resolver.describe(&place),
            docs: docs(obj),
            kind: TypeKind::Alias(Ty::Any),
            error_only: false,
        });
        self.by_place.insert(place.clone(), id);
        if self.depth > DEFER_DEPTH {
            self.pending.push_back((id, place));
        } else {
            self.lower_named(id, &place, diags);
        }
        Some(id)
    }

    fn lower_named(&mut self, id: TypeId, place: &Place, diags: &mut Diagnostics) {
        let Some(obj) = self.resolver.get(place).and_then(Value::as_object) else { return };
        let hint = self.types[id.0].hint.clone();
        let kind = self.own_type(|t| match t.kind(place, obj, &hint, diags) {
            Some(kind) => kind,
            None => TypeKind::Alias(t.unnamed(place, obj, &hint, diags)),
        });
        self.types[id.0].kind = kind;
    }

    fn inline(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, diags: &mut Diagnostics) -> Ty {
        // A schema reached twice (a shared parameter, a merged `allOf` member) is one type.
        if let Some(id) = self.by_place.get(place) {
            return Ty::Named(*id);
        }
        let hint = component_hint(place).unwrap_or_else(|| hint.to_string());
        // Hints grow a word per level; through `allOf`s in other schemas the levels are as
        // many as the spec likes, and so would be the names.
        let hint = if hint.len() > MAX_HINT { place_hint(place) } else { hint };
        // A repeat of a schema lowered before is an alias of its type, named after where it
        // stands; what is inside is not lowered again, so a problem inside a repeated schema
        // is reported at its first place only. One still being lowered is not found: it is
        // recorded once it is done.
        let key = content::may_be_type(obj).then(|| self.contents.key(place.doc, self.side, obj));
        if let Some(first) = key.and_then(|key| self.contents.find(self.resolver, key, obj)) {
            let id = self.push(place, obj, &hint, TypeKind::Alias(Ty::Named(first)));
            self.by_place.insert(place.clone(), id);
            return Ty::Named(id);
        }
        if self.depth > DEFER_DEPTH {
            // Reached through `allOf` members in other schemas, inline schemas chain as
            // far as `$ref`s do: this one becomes a type of its own, lowered later.
            let id = self.push(place, obj, &hint, TypeKind::Alias(Ty::Any));
            self.by_place.insert(place.clone(), id);
            self.pending.push_back((id, place.clone()));
            if let Some(key) = key {
                self.contents.lowered(self.resolver, key, place, obj, id);
            }
            return Ty::Named(id);
        }
        // Only an `allOf` that leads back into its own member can bring a schema here
        // again before it is registered.
        if !self.inline_open.insert(place.clone()) {
            diags.warning(
                self.resolver.describe(place),
                "this schema contains itself through `allOf`",
                "`serde_json::Value` where it meets itself",
            );
            return Ty::Any;
        }
        let kind = self.own_type(|t| t.kind(place, obj, &hint, diags));
        self.inline_open.remove(place);
        match kind {
            Some(kind) => {
                let id = self.push(place, obj, &hint, kind);
                self.by_place.insert(place.clone(), id);
                if let Some(key) = key {
                    self.contents.lowered(self.resolver, key, place, obj, id);
                }
                Ty::Named(id)
            }
            None => self.unnamed(place, obj, &hint, diags),
        }
    }

    /// Schemas that need no type of their own: scalars, lists, maps, wrappers.
    fn unnamed(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, diags: &mut Diagnostics) -> Ty {
        for key in ["oneOf", "anyOf"] {
            if let Some(members) = crate::pointer::member(obj, key).and_then(Value::as_array) {
                if let Some(i) = members.iter().position(|m| !is_null_schema(m)) {
                    return self.ty(&place.join(key).index(i), hint, diags);
                }
            }
        }
        if let Some(tuple) = self.tuple(place, obj, hint, diags) {
            return tuple;
        }
        if let Some(items) = list_items(obj) {
            return match items {
                Some(items_key) => {
                    let item_hint = singular(hint);
                    Ty::List(Box::new(self.wrapped(&place.join(items_key), &item_hint, diags)))
                }
                None => Ty::List(Box::new(Ty::Any)),
            };
        }
        if let Some(map) = self.map_values(place, obj, hint, diags) {
            return map;
        }
        if let Some(all) = crate::pointer::member(obj, "allOf").and_then(Value::as_array) {
            // One meaningful member: the type is that member (metadata-only members add nothing).
            let typed: Vec<usize> = (0..all.len()).filter(|i| !is_metadata_only(&all[*i])).collect();
            if let [only] = typed[..] {
                return self.ty(&place.join("allOf").index(only), hint, diags);
            }
        }
        scalar(obj).map_or(Ty::Any, Ty::Scalar)
    }

    fn push(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, kind: TypeKind) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            hint: hint.to_string(),
            name: String::new(),
            origin: self.resolver.describe(place),
            docs: docs(obj),
            kind,
            error_only: false,
        });
        id
    }

    /// Schemas that need a type of their own: objects with properties, enums, unions, merges.
    fn kind(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, diags: &mut Diagnostics) -> Option<TypeKind> {
        if let Some(values) = enum_values(obj) {
            return self.enumeration(place, obj, values, diags);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(members) = crate::pointer::member(obj, key).and_then(Value::as_array) {
                let members: Vec<Place> = (0..members.len())
                    .map(|i| place.join(key).index(i))
                    .filter(|p| !self.resolver.get(p).is_some_and(is_null_schema))
                    .collect();
                if members.len() > 1 {
                    return Some(TypeKind::Union(self.union(place, obj, &members, hint, diags)));
                }
                // `oneOf: [X, {type: null}]` is a nullable X: no type of its own.
                return None;
            }
        }
        if crate::pointer::member(obj, "allOf").and_then(Value::as_array).is_some_and(|all| all.iter().filter(|m| !is_metadata_only(m)).count() > 1) {
            return Some(TypeKind::Struct(self.merged(place, obj, hint, diags)));
        }
        if crate::pointer::member(obj, "discriminator").is_some() && crate::pointer::member(obj, "properties").is_none() {
            diags.warning(
                self.resolver.describe(&place.join("discriminator")),
                "`discriminator` without `oneOf`/`anyOf` names no variants",
                "the schema is treated as a free-form object",
            );
        }
        let has_props = crate::pointer::member(obj, "properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
        if has_props {
            return Some(TypeKind::Struct(self.structure(place, obj, hint, diags)));
        }
        None
    }

    fn enumeration(&mut self, place: &Place, obj: &Map<String, Value>, values: Vec<Value>, diags: &mut Diagnostics) -> Option<TypeKind> {
        let values: Vec<Value> = values.into_iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            return None;
        }
        let repr = if values.iter().all(Value::is_string) {
            EnumRepr::String
        } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
            EnumRepr::Integer
        } else if values.iter().all(|v| v.is_string() || v.is_number() || v.is_boolean()) {
            EnumRepr::Json
        } else {
            diags.warning(
                self.resolver.describe(&place.join("enum")),
                "enum values that are objects or arrays are not turned into a Rust enum",
                "the schema's base type",
            );
            return None;
        };
        let mut variants: Vec<EnumVariant> = Vec::new();
        for value in values {
            if variants.iter().any(|v| v.value == value) {
                continue;
            }
            let wire = match &value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            variants.push(EnumVariant { wire, value, name: String::new() });
        }
        // A `const` is its own default: callers never have to set it.
        let default = crate::pointer::member(obj, "default").or_else(|| crate::pointer::member(obj, "const")).and_then(|d| variants.iter().position(|v| v.value == *d));
        Some(TypeKind::Enum(Enum { variants, default, repr }))
    }

    fn structure(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, diags: &mut Diagnostics) -> Struct {
        let mut fields = FieldSet::default();
        self.add_fields(place, obj, hint, &mut fields, diags);
        let additional = self.additional(place, obj, hint, diags);
        Struct { fields: fields.into_vec(), additional, additional_name: String::new(), required_name: String::new() }
    }

    fn add_fields(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, fields: &mut FieldSet, diags: &mut Diagnostics) {
        if let Some(props) = crate::pointer::member(obj, "properties").and_then(Value::as_object) {
            for (wire, schema) in props {
                let prop_place = place.join("properties").join(wire);
                let usage = self.usage(&prop_place, schema, &format!("{hint} {wire}"), diags);
                fields.set(Field {
                    wire: wire.clone(),
                    name: String::new(),
                    ty: usage.ty,
                    required: false,
                    nullable: usage.nullable,
                    fixed: usage.fixed,
                    unique: usage.unique,
                    docs: schema.as_object().map(docs).unwrap_or_default(),
                    boxed: false,
                });
            }
        }
        // Also what earlier merge members declared: a member may only add to `required`.
        for wire in crate::pointer::member(obj, "required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            fields.require(wire);
        }
    }

    fn additional(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, diags: &mut Diagnostics) -> Option<Ty> {
        match crate::pointer::member(obj, "additionalProperties")? {
            Value::Bool(true) => Some(Ty::Any),
            Value::Object(o) if o.is_empty() => Some(Ty::Any),
            Value::Object(_) => Some(self.wrapped(&place.join("additionalProperties"), &format!("{hint} value"), diags)),
            _ => None,
        }
    }

    /// `prefixItems` with nothing allowed after them (`items: false`, or as many
    /// `minItems`/`maxItems` as prefix items): a tuple. Open-ended ones stay lists.
    fn tuple(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, diags: &mut Diagnostics) -> Option<Ty> {
        let prefix = crate::pointer::member(obj, "prefixItems").and_then(Value::as_array)?;
        let len = prefix.len() as u64;
        let closed = crate::pointer::member(obj, "items") == Some(&Value::Bool(false))
            || (crate::pointer::member(obj, "minItems").and_then(Value::as_u64) == Some(len) && crate::pointer::member(obj, "maxItems").and_then(Value::as_u64) == Some(len));
        if !closed || prefix.is_empty() {
            return None;
        }
        let items = (0..prefix.len()).map(|i| self.wrapped(&place.join("prefixItems").index(i), &format!("{hint} item {i}"), diags)).collect();
        Some(Ty::Tuple(items))
    }

    /// Objects without properties: maps when `additionalProperties` says what the values are.
    fn map_values(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, diags: &mut Diagnostics) -> Option<Ty> {
        let is_object = type_names(obj).contains(&"object") || obj.contains_key("additionalProperties");
        if !is_object {
            return None;
        }
        match self.additional(place, obj, hint, diags) {
            Some(Ty::Any) | None if only_objects(obj) => Some(Ty::Object),
            Some(Ty::Any) | None => Some(Ty::Any),
            Some(values) => Some(Ty::Map(Box::new(values))),
        }
    }

    pub(super) fn union(&mut self, place: &Place, obj: &Map<String, Value>, members: &[Place], hint: &str, diags: &mut Diagnostics) -> Union {
        let explicit = crate::pointer::member(obj, "discriminator").and_then(|d| d.get("propertyName")).and_then(Value::as_str);
        let mapping: Vec<(String, Place)> = obj
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(value, target)| {
                        let target = target.as_str()?;
                        // A bare schema name is short for a components reference.
                        let reference = if target.contains('#') || target.contains('/') {
                            target.to_string()
                        } else {
                            format!("#/components/schemas/{target}")
                        };
                        let place = self.resolver.target(place, &reference).ok()?;
                        Some((value.clone(), place))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let tag = explicit.map(str::to_string).or_else(|| self.implicit_tag(members, diags));
        let expansions = self.expansion_targets(place, obj);
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_schema = self.resolver.get(member).unwrap_or(&Value::Null);
            let target = member_schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| self.resolver.target(member, r).ok());
            let mut tag_values: Vec<String> = Vec::new();
            if let Some(tag) = &tag {
                if let Some(target) = &target {
                    tag_values.extend(mapping.iter().filter(|(_, p)| p == target).map(|(v, _)| v.clone()));
                }
                if tag_values.is_empty() {
                    if let Some(value) = self.single_value(member, tag, diags) {
                        tag_values.push(value);
                    } else if let Some(name) = target.as_ref().and_then(Place::last) {
                        // OpenAPI's rule: without a mapping, the tag value is the schema name.
                        tag_values.push(name);
                    }
                }
            }
            let variant_hint = match (&tag_values.first(), &target) {
                (Some(v), _) => v.to_string(),
                (None, Some(t)) => t.last().unwrap_or_default(),
                (None, None) => member_schema
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| member_schema.as_object().and_then(kind_word).map(str::to_string))
                    .unwrap_or_else(|| format!("variant {i}")),
            };
            let ty = self.ty(member, &format!("{hint} {variant_hint}"), diags);
            let expansion = target.as_ref().is_some_and(|t| expansions.contains(t));
            variants.push(UnionVariant { hint: variant_hint, name: String::new(), tag_values, ty, boxed: false, expansion });
        }
        if let Some(tag) = &tag {
            variants = distinct_tag_values(variants, tag, &self.resolver.describe(place), diags);
            if variants.iter().any(|v| v.tag_values.is_empty()) {
                diags.warning(
                    self.resolver.describe(place),
                    format!("cannot tell the `{tag}` value of every variant"),
                    "an untagged union",
                );
                return Union { tag: None, variants };
            }
        }
        Union { tag, variants }
    }

    /// The schemas `x-expansionResources` names (`{oneOf: [{$ref}, ...]}`, `anyOf` too, or one
    /// `$ref`): the union's members that are these are expansions ([`UnionVariant::expansion`]).
    /// Anything else in the extension names nothing.
    /// A set: every member is looked up in it.
    fn expansion_targets(&self, place: &Place, obj: &Map<String, Value>) -> std::collections::BTreeSet<Place> {
        let Some(ext) = crate::pointer::member(obj, "x-expansionResources").and_then(Value::as_object) else { return Default::default() };
        let at = place.join("x-expansionResources");
        let mut refs: Vec<(Place, &str)> = Vec::new();
        if let Some(r) = ext.get("$ref").and_then(Value::as_str) {
            refs.push((at.clone(), r));
        }
        for key in ["oneOf", "anyOf"] {
            for (i, m) in ext.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
                if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                    refs.push((at.join(key).index(i), r));
                }
            }
        }
        refs.into_iter().filter_map(|(from, r)| self.resolver.target(&from, r).ok()).collect()
    }

    /// A property that every member requires with one fixed value, distinct across members.
    fn implicit_tag(&mut self, members: &[Place], diags: &mut Diagnostics) -> Option<String> {
        let first = self.resolver.follow(members.first()?, diags)?;
        let candidates: Vec<String> = first
            .1
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let mut found = Vec::new();
        'candidates: for c in candidates {
            let mut seen = Vec::new();
            for m in members {
                let (_, schema) = self.resolver.follow(m, diags)?;
                let required = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(&c)));
                match self.single_value(m, &c, diags) {
                    Some(v) if required && !seen.contains(&v) => seen.push(v),
                    _ => continue 'candidates,
                }
            }
            found.push(c);
        }
        // `type` is by far the most common tag; prefer it when several would do.
        found.iter().find(|c| *c == "type").or(found.first()).cloned()
    }

    /// The one value a member's `property` can take (`enum: [X]` or `const: X`).
    fn single_value(&self, member: &Place, property: &str, diags: &mut Diagnostics) -> Option<String> {
        let (place, schema) = self.resolver.follow(member, diags)?;
        let prop_place = place.join("properties").join(property);
        let direct = schema.get("properties").and_then(|p| p.get(property));
        let prop = match direct {
            Some(_) => self.resolver.follow(&prop_place, diags)?.1,
            None => return None,
        };
        if let Some(Value::String(c)) = prop.get("const") {
            return Some(c.clone());
        }
        match prop.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
            Some([Value::String(v)]) => Some(v.clone()),
            _ => None,
        }
    }

    fn is_nullable(&self, place: &Place, schema: &Value) -> bool {
        let Some(obj) = schema.as_object() else { return false };
        if crate::pointer::member(obj, "nullable").and_then(Value::as_bool) == Some(true) {
            return true;
        }
        if type_names(obj).contains(&"null") {
            return true;
        }
        if crate::pointer::member(obj, "enum").and_then(Value::as_array).is_some_and(|e| e.iter().any(Value::is_null)) {
            return true;
        }
        for key in ["oneOf", "anyOf"] {
            if crate::pointer::member(obj, key).and_then(Value::as_array).is_some_and(|m| m.iter().any(is_null_schema)) {
                return true;
            }
        }
        // 3.1 allows siblings next to `$ref`; a nullable ref target makes the use nullable.
        if let Some(r) = crate::pointer::member(obj, "$ref").and_then(Value::as_str) {
            if let Ok((target, t)) = self.resolver.target_value(place, r) {
                if t.get("$ref").is_none() {
                    return self.is_nullable(&target, t);
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::singular;

    #[test]
    fn singulars() {
        assert_eq!(singular("Egg attachments"), "Egg attachment");
        assert_eq!(singular("Profile addresses"), "Profile address");
        assert_eq!(singular("Reply quickReplies"), "Reply quickReply");
        assert_eq!(singular("X status"), "X status item");
        assert_eq!(singular("X data"), "X data item");
    }
}
