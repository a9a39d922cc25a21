//! Types: which old type corresponds to which new one, and what changed inside.
//!
//! Types are paired by where they are used: the request body of a matched operation in
//! the old spec pairs with the request body of the same operation in the new one, then
//! field with field (by wire name), variant with variant, item with item. This pairs inline
//! types even when the generator names them differently. Types no operation reaches are
//! paired by Rust name. Each pair is compared once, knowing whether the type is sent,
//! received, or both (the wire verdict depends on it).

use std::collections::{HashMap, HashSet, VecDeque};

use super::shape::{self, FieldShape};
use super::verdict::{self, Call, Dirs, Retype};
use super::{locate, Change, Kind, Side, Spec};
use crate::ir::{Api, Enum, EnumRepr, Field, Scalar, Struct, Ty, TypeDef, TypeId, TypeKind, Union};

struct Pair {
    old: TypeId,
    new: TypeId,
    /// The types a use spelled, before aliases: a repeated inline schema is an alias of the
    /// first one's type, and its name (and place) is the one its users see.
    shown: (TypeId, TypeId),
    /// Some use spelled both sides with one name: not renamed.
    same_name: bool,
    dirs: Dirs,
    /// How the pair was first reached, for people: `publishMessage request body .senders[]`.
    route: String,
}

/// The state of one comparison: both specs, the pairs of types, the changes found.
pub(super) struct Cx<'a> {
    pub old: &'a Spec,
    pub new: &'a Spec,
    pub changes: Vec<Change>,
    pairs: Vec<Pair>,
    index: HashMap<(usize, usize), usize>,
    queue: VecDeque<usize>,
}

/// A struct's fields by wire name (a struct may have thousands).
fn by_wire(s: &Struct) -> HashMap<&str, &Field> {
    s.fields.iter().rev().map(|f| (f.wire.as_str(), f)).collect()
}

/// Routes longer than this stop growing: a chain of types nests as deep as the spec likes,
/// and a route is for people.
const MAX_ROUTE: usize = 400;

/// `route` and one more step, unless it is long enough already.
fn step(route: &str, suffix: &str) -> String {
    if route.len() >= MAX_ROUTE {
        if route.ends_with(" …") {
            return route.to_string();
        }
        return format!("{route} …");
    }
    format!("{route}{suffix}")
}

/// A use of a type that changed shape: the Rust spellings and what accepts what.
pub(super) struct UseChange {
    pub old: String,
    pub new: String,
    pub retype: Retype,
}

impl<'a> Cx<'a> {
    pub fn new(old: &'a Spec, new: &'a Spec) -> Self {
        Cx { old, new, changes: Vec::new(), pairs: Vec::new(), index: HashMap::new(), queue: VecDeque::new() }
    }

    #[allow(clippy::too_many_arguments)]
    pub fn push(&mut self, kind: Kind, place: impl Into<String>, pointer: Option<String>, side: Side, detail: impl Into<String>, call: Call) {
        self.changes.push(Change {
            kind,
            place: place.into(),
            pointer,
            side,
            detail: detail.into(),
            wire: call.wire.verdict,
            rust: call.rust.verdict,
            why: call.why(),
        });
    }

    /// Records that `old` (in the old spec) and `new` (in the new one) are used at the same
    /// place, pairing the named types inside them.
    pub fn reach(&mut self, old: &Ty, new: &Ty, dirs: Dirs, route: &str) {
        self.reach_at(old, new, dirs, route, 0);
    }

    fn reach_at(&mut self, old: &Ty, new: &Ty, dirs: Dirs, route: &str, depth: usize) {
        let (o, n) = (shape::unalias_within(&self.old.api, old, depth), shape::unalias_within(&self.new.api, new, depth));
        let shown = match (old, new) {
            (Ty::Named(x), Ty::Named(y)) => Some((*x, *y)),
            _ => None,
        };
        match (o, n) {
            (Ty::Named(a), Ty::Named(b)) if self.comparable(*a, *b) => self.record(*a, *b, shown.unwrap_or((*a, *b)), dirs, route),
            (Ty::List(x), Ty::List(y)) => self.reach_at(x, y, dirs, &step(route, "[]"), depth + 1),
            (Ty::Map(x), Ty::Map(y)) => self.reach_at(x, y, dirs, &step(route, "{}"), depth + 1),
            _ => {}
        }
    }

    fn record(&mut self, a: TypeId, b: TypeId, shown: (TypeId, TypeId), dirs: Dirs, route: &str) {
        let same_name = self.old.api.types.get(shown.0 .0).map(|t| &t.name) == self.new.api.types.get(shown.1 .0).map(|t| &t.name);
        match self.index.get(&(a.0, b.0)) {
            Some(&i) => {
                self.pairs[i].same_name |= same_name;
                if !self.pairs[i].dirs.covers(dirs) {
                    self.pairs[i].dirs = self.pairs[i].dirs.union(dirs);
                    self.queue.push_back(i);
                }
            }
            None => {
                self.index.insert((a.0, b.0), self.pairs.len());
                self.queue.push_back(self.pairs.len());
                self.pairs.push(Pair { old: a, new: b, shown, same_name, dirs, route: route.to_string() });
            }
        }
    }

    fn comparable(&self, a: TypeId, b: TypeId) -> bool {
        let kind = |api: &Api, id: TypeId| api.types.get(id.0).map(|t| std::mem::discriminant(&t.kind));
        kind(&self.old.api, a).is_some() && kind(&self.old.api, a) == kind(&self.new.api, b)
    }

    /// Types no operation reaches: paired by Rust name, used nowhere (no direction).
    pub fn pair_by_name(&mut self) {
        let paired_old: HashSet<usize> = self.pairs.iter().map(|p| p.old.0).collect();
        let paired_new: HashSet<usize> = self.pairs.iter().map(|p| p.new.0).collect();
        let by_name: HashMap<&str, usize> =
            self.new.api.types.iter().enumerate().filter(|(j, _)| !paired_new.contains(j)).map(|(j, t)| (t.name.as_str(), j)).collect();
        let found: Vec<(usize, usize, String)> = self
            .old
            .api
            .types
            .iter()
            .enumerate()
            .filter(|(i, _)| !paired_old.contains(i))
            .filter_map(|(i, t)| by_name.get(t.name.as_str()).map(|j| (i, *j, t.name.clone())))
            .collect();
        for (i, j, name) in found {
            self.record(TypeId(i), TypeId(j), (TypeId(i), TypeId(j)), Dirs::default(), &name);
        }
    }

    /// Spreads pairs (and where they are used) from each pair to the types inside it.
    pub fn propagate(&mut self) {
        while let Some(i) = self.queue.pop_front() {
            let (a, b, dirs, route) = {
                let p = &self.pairs[i];
                (p.old, p.new, p.dirs, p.route.clone())
            };
            let (Some(to), Some(tn)) = (self.old.api.types.get(a.0), self.new.api.types.get(b.0)) else { continue };
            let mut children: Vec<(Ty, Ty, String)> = Vec::new();
            match (&to.kind, &tn.kind) {
                (TypeKind::Struct(so), TypeKind::Struct(sn)) => {
                    let old_fields = by_wire(so);
                    for fnew in &sn.fields {
                        if let Some(fold) = old_fields.get(fnew.wire.as_str()) {
                            children.push((fold.ty.clone(), fnew.ty.clone(), step(&route, &format!(" .{}", fnew.wire))));
                        }
                    }
                    if let (Some(x), Some(y)) = (&so.additional, &sn.additional) {
                        children.push((x.clone(), y.clone(), step(&route, " .*")));
                    }
                }
                (TypeKind::Union(uo), TypeKind::Union(un)) => {
                    for (vo, vn) in match_variants(&self.old.api, uo, &self.new.api, un).into_iter().filter_map(both) {
                        let (vo, vn) = (&uo.variants[vo], &un.variants[vn]);
                        children.push((vo.ty.clone(), vn.ty.clone(), step(&route, &format!(" <{}>", variant_label(vn)))));
                    }
                }
                (TypeKind::Alias(x), TypeKind::Alias(y)) => children.push((x.clone(), y.clone(), route.clone())),
                _ => {}
            }
            for (x, y, r) in children {
                self.reach(&x, &y, dirs, &r);
            }
        }
    }

    /// `None` when both uses have the same shape (named types inside are compared as
    /// pairs); otherwise the Rust spellings and what accepts what.
    pub fn use_change(&self, old: &Ty, new: &Ty) -> Option<UseChange> {
        if self.same_shape(old, new) {
            return None;
        }
        let (oa, na) = (&self.old.api, &self.new.api);
        Some(UseChange {
            old: shape::render(oa, old),
            new: shape::render(na, new),
            retype: Retype {
                new_accepts_old: accepts(na, new, oa, old, false),
                old_decodes_new: accepts(oa, old, na, new, true),
            },
        })
    }

    fn same_shape(&self, old: &Ty, new: &Ty) -> bool {
        self.same_shape_at(old, new, 0)
    }

    fn same_shape_at(&self, old: &Ty, new: &Ty, depth: usize) -> bool {
        let next = depth + 1;
        match (shape::unalias_within(&self.old.api, old, depth), shape::unalias_within(&self.new.api, new, depth)) {
            (Ty::Named(a), Ty::Named(b)) => self.comparable(*a, *b),
            (Ty::Scalar(x), Ty::Scalar(y)) => x == y,
            (Ty::List(x), Ty::List(y)) | (Ty::Map(x), Ty::Map(y)) => self.same_shape_at(x, y, next),
            (Ty::Tuple(x), Ty::Tuple(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| self.same_shape_at(a, b, next)),
            // The same `serde_json::Value` in Rust; what the wire allows is not compared.
            (Ty::Any | Ty::Object, Ty::Any | Ty::Object) => true,
            _ => false,
        }
    }

    /// Compares every pair of types, then reports types that came or went.
    pub fn compare_types(&mut self) {
        for i in 0..self.pairs.len() {
            let (a, b, shown, same_name, dirs, route) = {
                let p = &self.pairs[i];
                (p.old, p.new, p.shown, p.same_name, p.dirs, p.route.clone())
            };
            let (old, new) = (self.old, self.new);
            let (Some(ko), Some(kn)) = (old.api.types.get(a.0), new.api.types.get(b.0)) else { continue };
            let (to, tn) = (old.api.types.get(shown.0.0).unwrap_or(ko), new.api.types.get(shown.1.0).unwrap_or(kn));
            let pointer = locate::origin(new, &tn.origin);
            if !same_name {
                let detail = format!("`{}` is now `{}`", to.name, tn.name);
                self.push(Kind::TypeRenamed, route.clone(), pointer.clone(), Side::New, detail, verdict::type_renamed());
            }
            let at = At { a, b, ko, kn, to, tn, dirs, route: &route, lenient: ko.error_only };
            match (&ko.kind, &kn.kind) {
                (TypeKind::Struct(so), TypeKind::Struct(sn)) => self.compare_struct(&at, so, sn),
                (TypeKind::Enum(eo), TypeKind::Enum(en)) => self.compare_enum(&at, eo, en),
                (TypeKind::Union(uo), TypeKind::Union(un)) => self.compare_union(&at, uo, un),
                (TypeKind::Alias(x), TypeKind::Alias(y)) => {
                    if let Some(c) = self.use_change(x, y) {
                        let detail = format!("`{}` = `{}` → `{}`", tn.name, c.old, c.new);
                        let call = verdict::field_retyped(dirs, c.retype, at.lenient, "type alias");
                        self.push(Kind::TypeRetyped, route.clone(), pointer, Side::New, detail, call);
                    }
                }
                _ => {
                    let (was, is) = (shape::item_kind(ko), shape::item_kind(kn));
                    let detail = format!("`{}` was a {was}, is now a {is}", tn.name);
                    self.push(Kind::TypeRetyped, route.clone(), pointer, Side::New, detail, verdict::type_retyped(was, is));
                }
            }
        }
        self.added_and_removed();
    }

    fn added_and_removed(&mut self) {
        let (old, new) = (self.old, self.new);
        let paired_old: HashSet<usize> = self.pairs.iter().map(|p| p.old.0).collect();
        let paired_new: HashSet<usize> = self.pairs.iter().map(|p| p.new.0).collect();
        let names_old: HashSet<&str> = old.api.types.iter().map(|t| t.name.as_str()).collect();
        let names_new: HashSet<&str> = new.api.types.iter().map(|t| t.name.as_str()).collect();
        for (j, t) in new.api.types.iter().enumerate() {
            if !paired_new.contains(&j) && !names_old.contains(t.name.as_str()) {
                let detail = format!("{} `{}`", shape::item_kind(t), t.name);
                self.push(Kind::TypeAdded, t.name.clone(), locate::origin(new, &t.origin), Side::New, detail, verdict::type_added());
            }
        }
        for (i, t) in old.api.types.iter().enumerate() {
            if !paired_old.contains(&i) && !names_new.contains(t.name.as_str()) {
                let detail = format!("{} `{}`", shape::item_kind(t), t.name);
                self.push(Kind::TypeRemoved, t.name.clone(), locate::origin(old, &t.origin), Side::Old, detail, verdict::type_removed());
            }
        }
    }

    fn compare_struct(&mut self, at: &At<'_>, so: &Struct, sn: &Struct) {
        let (old, new) = (self.old, self.new);
        let (old_fields, new_fields) = (by_wire(so), by_wire(sn));
        for fnew in &sn.fields {
            match old_fields.get(fnew.wire.as_str()).copied() {
                Some(fold) => self.compare_field(at, fold, fnew),
                None => {
                    let s = shape::field(&new.api, at.kn, fnew);
                    let required = if fnew.required { " (required)" } else { "" };
                    let detail = format!("`{}: {}` in `{}`{required}", fnew.name, s.ty, at.tn.name);
                    let call = verdict::field_added(at.dirs, &s, fnew.required, at.lenient);
                    let pointer = locate::property(new, at.tn, &fnew.wire);
                    self.push(Kind::FieldAdded, at.field(&fnew.wire), pointer, Side::New, detail, call);
                }
            }
        }
        for fold in so.fields.iter().filter(|f| !new_fields.contains_key(f.wire.as_str())) {
            let s = shape::field(&old.api, at.ko, fold);
            let detail = format!("`{}: {}` of `{}`", fold.name, s.ty, at.to.name);
            let call = verdict::field_removed(at.dirs, &s, at.lenient);
            let pointer = locate::property(old, at.to, &fold.wire);
            self.push(Kind::FieldRemoved, at.field(&fold.wire), pointer, Side::Old, detail, call);
        }
        self.compare_additional(at, so, sn);
        // `new` takes required fields in spec order.
        let args = |api: &Api, t: &TypeDef, s: &Struct| -> Vec<(String, String)> {
            s.fields.iter().filter(|f| shape::field(api, t, f).arg).map(|f| (f.wire.clone(), f.name.clone())).collect()
        };
        let (ao, an) = (args(&old.api, at.ko, so), args(&new.api, at.kn, sn));
        let common = |a: &[(String, String)], b: &[(String, String)]| -> Vec<String> {
            let b: HashSet<&str> = b.iter().map(|(w, _)| w.as_str()).collect();
            a.iter().filter(|(w, _)| b.contains(w.as_str())).map(|(w, _)| w.clone()).collect()
        };
        // A `new` that takes its required fields by name (the plan's `required` struct) cannot
        // be called in the wrong order.
        let named = |plan: &crate::plan::Plan, id| matches!(plan.type_plan(id), Some(crate::plan::TypePlan::Struct(p)) if p.required.is_some());
        if common(&ao, &an) != common(&an, &ao) && !(named(&old.plan, at.a) && named(&new.plan, at.b)) {
            let list = |a: &[(String, String)]| a.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", ");
            let detail = format!("`{}::new({})` → `{}::new({})`", at.to.name, list(&ao), at.tn.name, list(&an));
            let call = verdict::arguments_reordered(&format!("`{}::new`", at.tn.name));
            self.push(Kind::ArgumentsReordered, format!("{} new()", at.route), locate::origin(new, &at.tn.origin), Side::New, detail, call);
        }
        let eq_old = self.old.plan.eq.get(at.a.0).copied().unwrap_or(false);
        let eq_new = self.new.plan.eq.get(at.b.0).copied().unwrap_or(false);
        if eq_old && !eq_new {
            let detail = format!("`{}` no longer derives `Eq` (a field holds a float or free-form JSON)", at.tn.name);
            self.push(Kind::TraitRemoved, at.route.to_string(), locate::origin(new, &at.tn.origin), Side::New, detail, verdict::trait_removed("`Eq`"));
        }
    }

    fn compare_additional(&mut self, at: &At<'_>, so: &Struct, sn: &Struct) {
        let (old, new) = (self.old, self.new);
        let place = at.field("*");
        match (&so.additional, &sn.additional) {
            (None, Some(y)) => {
                let s = shape::additional(&new.api, y);
                let detail = format!("`{}: {}` (additional properties) in `{}`", sn.additional_name, s.ty, at.tn.name);
                let pointer = locate::child(new, locate::origin(new, &at.tn.origin), &["additionalProperties"]);
                self.push(Kind::FieldAdded, place, pointer, Side::New, detail, verdict::field_added(at.dirs, &s, false, at.lenient));
            }
            (Some(x), None) => {
                let s = shape::additional(&old.api, x);
                let detail = format!("`{}: {}` (additional properties) of `{}`", so.additional_name, s.ty, at.to.name);
                let pointer = locate::child(old, locate::origin(old, &at.to.origin), &["additionalProperties"]);
                self.push(Kind::FieldRemoved, place, pointer, Side::Old, detail, verdict::field_removed(at.dirs, &s, at.lenient));
            }
            (Some(x), Some(y)) => {
                if let Some(c) = self.use_change(x, y) {
                    let detail = format!("additional property values `{}` → `{}`", c.old, c.new);
                    let pointer = locate::child(new, locate::origin(new, &at.tn.origin), &["additionalProperties"]);
                    let call = verdict::field_retyped(at.dirs, c.retype, at.lenient, "map field");
                    self.push(Kind::FieldRetyped, place, pointer, Side::New, detail, call);
                }
            }
            (None, None) => {}
        }
    }

    fn compare_field(&mut self, at: &At<'_>, fo: &Field, fnew: &Field) {
        let (old, new) = (self.old, self.new);
        let (so, sn) = (shape::field(&old.api, at.ko, fo), shape::field(&new.api, at.kn, fnew));
        let place = at.field(&fnew.wire);
        let pointer = locate::property(new, at.tn, &fnew.wire);
        let before = self.changes.len();
        if fo.name != fnew.name {
            let detail = format!("`{}::{}` is now `{}::{}` (wire `{}`)", at.to.name, fo.name, at.tn.name, fnew.name, fnew.wire);
            self.push(Kind::RustNameChanged, place.clone(), pointer.clone(), Side::New, detail, verdict::rust_name_changed());
        }
        if let Some(c) = self.use_change(&fo.ty, &fnew.ty) {
            let detail = format!("`{}::{}`: `{}` → `{}`", at.tn.name, fnew.name, c.old, c.new);
            let call = verdict::field_retyped(at.dirs, c.retype, at.lenient, "field");
            self.push(Kind::FieldRetyped, place.clone(), pointer.clone(), Side::New, detail, call);
        }
        if fo.required != fnew.required {
            let (kind, call) = if fnew.required {
                (Kind::FieldMadeRequired, verdict::field_made_required(at.dirs, &so, &sn, at.lenient))
            } else {
                (Kind::FieldMadeOptional, verdict::field_made_optional(at.dirs, &so, &sn, at.lenient))
            };
            self.push(kind, place.clone(), pointer.clone(), Side::New, shape_detail(at.tn, fnew, &so, &sn), call);
        }
        if fo.nullable != fnew.nullable {
            let (kind, call) = if fnew.nullable {
                (Kind::FieldMadeNullable, verdict::field_made_nullable(at.dirs, &so, &sn, at.lenient))
            } else {
                (Kind::FieldMadeNonNullable, verdict::field_made_non_nullable(at.dirs, &so, &sn, at.lenient))
            };
            self.push(kind, place.clone(), pointer.clone(), Side::New, shape_detail(at.tn, fnew, &so, &sn), call);
        }
        let same_rust_form = fo.boxed == fnew.boxed && fo.fixed == fnew.fixed && (so.option, so.arg) == (sn.option, sn.arg);
        if self.changes.len() == before && !same_rust_form {
            // Same JSON, different Rust: boxing, a fixed tag, an error-only type now used elsewhere.
            let call = verdict::same_json(verdict::field_shape(&so, &sn));
            self.push(Kind::FieldRetyped, place.clone(), pointer.clone(), Side::New, shape_detail(at.tn, fnew, &so, &sn), call);
        }
        if fo.unique != fnew.unique {
            let call = verdict::unique_items_changed(at.dirs, fnew.unique, at.lenient);
            let detail = format!("`{}::{}`: {}", at.tn.name, fnew.name, super::operations::unique_detail(fnew.unique));
            self.push(Kind::FieldRetyped, place, pointer, Side::New, detail, call);
        }
    }

    fn compare_enum(&mut self, at: &At<'_>, eo: &Enum, en: &Enum) {
        let (old, new) = (self.old, self.new);
        let pointer_new = locate::members(new, at.tn);
        // Values that come or go together are one change: HubSpot's enums grow by dozens.
        let values = |t: &TypeDef, list: Vec<&crate::ir::EnumVariant>| -> String {
            let shown: Vec<String> = list.iter().map(|v| format!("`{}` (`{}::{}`)", v.wire, t.name, v.name)).collect();
            match shown.len() {
                1 => shown.join(""),
                n => format!("{n} values: {}", shown.join(", ")),
            }
        };
        let added: Vec<&crate::ir::EnumVariant> = en.variants.iter().filter(|v| !eo.variants.iter().any(|o| o.wire == v.wire)).collect();
        if !added.is_empty() {
            let detail = values(at.tn, added);
            self.push(Kind::EnumValueAdded, at.route, pointer_new.clone(), Side::New, detail, verdict::enum_value_added(at.dirs));
        }
        let removed: Vec<&crate::ir::EnumVariant> = eo.variants.iter().filter(|o| !en.variants.iter().any(|v| v.wire == o.wire)).collect();
        if !removed.is_empty() {
            let detail = values(at.to, removed);
            self.push(Kind::EnumValueRemoved, at.route, locate::members(old, at.to), Side::Old, detail, verdict::enum_value_removed(at.dirs));
        }
        for v in &en.variants {
            if let Some(o) = eo.variants.iter().find(|o| o.wire == v.wire && o.name != v.name) {
                let detail = format!("`{}::{}` is now `{}::{}` (value `{}`)", at.to.name, o.name, at.tn.name, v.name, v.wire);
                self.push(Kind::RustNameChanged, at.route, pointer_new.clone(), Side::New, detail, verdict::rust_name_changed());
            }
        }
        if eo.repr != en.repr {
            let detail = format!("`{}`: {} → {}", at.tn.name, shape::enum_repr(eo.repr), shape::enum_repr(en.repr));
            let takes = |recv: EnumRepr, val: EnumRepr| recv == val || recv == EnumRepr::Json;
            let t = Retype { new_accepts_old: takes(en.repr, eo.repr), old_decodes_new: takes(eo.repr, en.repr) };
            self.push(Kind::TypeRetyped, at.route, locate::origin(new, &at.tn.origin), Side::New, detail, verdict::enum_repr_changed(at.dirs, t));
        }
        if eo.default.is_some() && en.default.is_none() {
            let detail = format!("`{}` no longer derives `Default` (the schema lost its `default`)", at.tn.name);
            self.push(Kind::TraitRemoved, at.route, locate::origin(new, &at.tn.origin), Side::New, detail, verdict::trait_removed("`Default`"));
        }
    }

    fn compare_union(&mut self, at: &At<'_>, uo: &Union, un: &Union) {
        let (old, new) = (self.old, self.new);
        let pointer_new = locate::members(new, at.tn);
        if uo.tag != un.tag {
            let tag = |t: &Option<String>| t.as_ref().map_or_else(|| "untagged".to_string(), |t| format!("tag `{t}`"));
            let detail = format!("{} → {}", tag(&uo.tag), tag(&un.tag));
            self.push(Kind::UnionTagChanged, at.route, pointer_new.clone(), Side::New, detail, verdict::union_tag_changed(at.dirs));
        }
        for (vo, vn) in match_variants(&old.api, uo, &new.api, un) {
            match (vo.map(|i| &uo.variants[i]), vn.map(|j| &un.variants[j])) {
                (None, Some(v)) => {
                    let detail = format!("`{}::{}({})`", at.tn.name, v.name, shape::render(&new.api, &v.ty));
                    let place = format!("{} <{}>", at.route, variant_label(v));
                    self.push(Kind::UnionVariantAdded, place, pointer_new.clone(), Side::New, detail, verdict::union_variant_added(at.dirs));
                }
                (Some(v), None) => {
                    let detail = format!("`{}::{}({})`", at.to.name, v.name, shape::render(&old.api, &v.ty));
                    let place = format!("{} <{}>", at.route, variant_label(v));
                    self.push(Kind::UnionVariantRemoved, place, locate::members(old, at.to), Side::Old, detail, verdict::union_variant_removed(at.dirs));
                }
                (Some(o), Some(v)) => {
                    let place = format!("{} <{}>", at.route, variant_label(v));
                    if o.name != v.name {
                        let detail = format!("`{}::{}` is now `{}::{}`", at.to.name, o.name, at.tn.name, v.name);
                        self.push(Kind::RustNameChanged, place.clone(), pointer_new.clone(), Side::New, detail, verdict::rust_name_changed());
                    }
                    if let Some(c) = self.use_change(&o.ty, &v.ty) {
                        let detail = format!("`{}::{}({})` → `({})`", at.tn.name, v.name, c.old, c.new);
                        let call = verdict::field_retyped(at.dirs, c.retype, at.lenient, "variant's payload");
                        self.push(Kind::UnionVariantRetyped, place, pointer_new.clone(), Side::New, detail, call);
                    }
                }
                (None, None) => {}
            }
        }
        if shape::has_from_impls(&old.api, uo) && !shape::has_from_impls(&new.api, un) {
            let detail = format!("`{}` no longer has `From` impls for its variants (two variants now share a type)", at.tn.name);
            self.push(Kind::TraitRemoved, at.route, pointer_new, Side::New, detail, verdict::trait_removed("`From<…>` for its variants"));
        }
    }
}

/// A pair being compared.
struct At<'t> {
    a: TypeId,
    b: TypeId,
    /// The types compared (`a` and `b`).
    ko: &'t TypeDef,
    kn: &'t TypeDef,
    /// The types named in the report: those the use spelled, maybe aliases of `ko` and `kn`.
    to: &'t TypeDef,
    tn: &'t TypeDef,
    dirs: Dirs,
    route: &'t str,
    lenient: bool,
}

impl At<'_> {
    fn field(&self, wire: &str) -> String {
        format!("{} .{wire}", self.route)
    }
}

fn shape_detail(t: &TypeDef, f: &Field, so: &FieldShape, sn: &FieldShape) -> String {
    let arg = |s: &FieldShape| if s.arg { ", a `new` argument" } else { "" };
    format!("`{}::{}`: `{}`{} → `{}`{}", t.name, f.name, so.ty, arg(so), sn.ty, arg(sn))
}

fn both<A, B>(p: (Option<A>, Option<B>)) -> Option<(A, B)> {
    match p {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    }
}

fn variant_label(v: &crate::ir::UnionVariant) -> String {
    v.tag_values.first().cloned().unwrap_or_else(|| v.name.clone())
}

/// Pairs of variant indices: matched by a shared tag value, else by Rust name, else by the
/// Rust type they hold. New variants first in their order, then removed ones.
fn match_variants(old_api: &Api, uo: &Union, new_api: &Api, un: &Union) -> Vec<(Option<usize>, Option<usize>)> {
    let mut of_new: Vec<Option<usize>> = vec![None; un.variants.len()];
    let mut used = vec![false; uo.variants.len()];
    let passes: [&dyn Fn(usize, usize) -> bool; 3] = [
        &|i, j| uo.tag.is_some() && uo.tag == un.tag && uo.variants[i].tag_values.iter().any(|t| un.variants[j].tag_values.contains(t)),
        &|i, j| uo.variants[i].name == un.variants[j].name,
        &|i, j| {
            matches!(uo.variants[i].ty, Ty::Named(_)) && shape::render(old_api, &uo.variants[i].ty) == shape::render(new_api, &un.variants[j].ty)
        },
    ];
    for pass in passes {
        for (j, slot) in of_new.iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            if let Some(i) = (0..uo.variants.len()).find(|&i| !used[i] && pass(i, j)) {
                used[i] = true;
                *slot = Some(i);
            }
        }
    }
    let mut out: Vec<(Option<usize>, Option<usize>)> = of_new.iter().enumerate().map(|(j, i)| (*i, Some(j))).collect();
    out.extend(used.iter().enumerate().filter(|(_, u)| !**u).map(|(i, _)| (Some(i), None)));
    out
}

/// The values of a JSON type, coarsely, for "does A accept every value of B".
enum Class {
    Any,
    /// Any JSON object.
    Object,
    Str(Scalar),
    Int(Scalar),
    Num,
    Bool,
    List,
    Map,
    Struct,
    Enum(EnumRepr),
    Union,
}

fn class(api: &Api, ty: &Ty) -> Class {
    match ty {
        Ty::Any => Class::Any,
        Ty::Object => Class::Object,
        Ty::Scalar(s @ (Scalar::String | Scalar::DateTime | Scalar::Date | Scalar::Uuid | Scalar::Bytes)) => Class::Str(*s),
        Ty::Scalar(s @ (Scalar::I32 | Scalar::I64 | Scalar::U32 | Scalar::U64)) => Class::Int(*s),
        Ty::Scalar(Scalar::F32 | Scalar::F64) => Class::Num,
        Ty::Scalar(Scalar::Bool) => Class::Bool,
        Ty::List(_) | Ty::Tuple(_) => Class::List,
        Ty::Map(_) => Class::Map,
        Ty::Named(id) => match api.types.get(id.0).map(|t| &t.kind) {
            Some(TypeKind::Struct(_)) => Class::Struct,
            Some(TypeKind::Enum(e)) => Class::Enum(e.repr),
            Some(TypeKind::Union(_)) => Class::Union,
            Some(TypeKind::Alias(_)) | None => Class::Any,
        },
    }
}

/// Whether a receiver of type `recv` takes every value of type `val`. `lenient`: the
/// receiver is the generated client, whose enums and unions keep unknown values.
fn accepts(recv_api: &Api, recv: &Ty, val_api: &Api, val: &Ty, lenient: bool) -> bool {
    accepts_at(recv_api, recv, val_api, val, lenient, 0)
}

fn accepts_at(recv_api: &Api, recv: &Ty, val_api: &Api, val: &Ty, lenient: bool, depth: usize) -> bool {
    if depth >= shape::MAX_ALIAS_DEPTH {
        return shape::render(recv_api, recv) == shape::render(val_api, val);
    }
    let (r, v) = (shape::unalias(recv_api, recv), shape::unalias(val_api, val));
    match (class(recv_api, r), class(val_api, v)) {
        (Class::Any, _) => true,
        (Class::Union, _) if lenient => true,
        (Class::Union, Class::Union) => true,
        (Class::Union, _) => match r {
            Ty::Named(id) => match recv_api.types.get(id.0).map(|t| &t.kind) {
                Some(TypeKind::Union(u)) => u.variants.iter().any(|x| shape::render(recv_api, &x.ty) == shape::render(val_api, v)),
                _ => false,
            },
            _ => false,
        },
        (Class::Enum(_), Class::Enum(_)) => true,
        (Class::Enum(EnumRepr::String), Class::Str(_)) => lenient,
        (Class::Enum(EnumRepr::Integer), Class::Int(_)) => lenient,
        (Class::Enum(EnumRepr::Json), Class::Str(_) | Class::Int(_) | Class::Num | Class::Bool) => lenient,
        (Class::Str(Scalar::String), Class::Str(_) | Class::Enum(EnumRepr::String)) => true,
        (Class::Int(Scalar::I64), Class::Enum(EnumRepr::Integer)) | (Class::Num, Class::Enum(EnumRepr::Integer)) => true,
        (Class::Str(a), Class::Str(b)) => a == b,
        (Class::Int(a), Class::Int(b)) => {
            a == b || (a == Scalar::I64 && matches!(b, Scalar::I32 | Scalar::U32)) || (a == Scalar::U64 && b == Scalar::U32)
        }
        (Class::Num, Class::Int(_) | Class::Num) => true,
        (Class::Bool, Class::Bool) => true,
        (Class::List, Class::List) | (Class::Map, Class::Map) => match (r, v) {
            (Ty::List(x), Ty::List(y)) | (Ty::Map(x), Ty::Map(y)) => accepts_at(recv_api, x, val_api, y, lenient, depth + 1),
            (Ty::Tuple(x), Ty::Tuple(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| accepts_at(recv_api, a, val_api, b, lenient, depth + 1))
            }
            _ => false,
        },
        (Class::Map, Class::Struct | Class::Object) => matches!(r, Ty::Map(x) if matches!(**x, Ty::Any | Ty::Object)),
        // A receiver that takes any object takes structs and maps; a struct receiver does
        // not take every object (its required fields may be missing).
        (Class::Object, Class::Object | Class::Struct | Class::Map) => true,
        (Class::Struct, Class::Struct) => true,
        _ => false,
    }
}
