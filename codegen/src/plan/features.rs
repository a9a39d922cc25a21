//! The crate's Cargo features: one per group of operations (a tag, or a resource of the path
//! when the spec has no tags), all on by default. Each operation (its method, params struct
//! and responses enum) is compiled when one of its groups' features is on, and each model
//! when a compiled operation reaches it, so that any one feature builds alone.
//!
//! Grouping, in this order:
//! 1. the config's `groups` (selector → feature): the first selector an operation matches;
//! 2. the operation's tags, when any operation of the spec has tags (operations without one go
//!    to the `untagged` group);
//! 3. otherwise, in a spec of at least [`PATH_GROUPS_FROM`] operations, the resource of its
//!    path ([`crate::select::resource`]): the first segment that is not a parameter, a version
//!    (`v1`, `v2beta1`, `2.0`), `api` or `rest` (`/v1/customers/{customer}/sources` →
//!    `customers`); a path with none goes to `untagged`. Smaller specs without tags gain
//!    nothing from features and keep their plain crate.
//!
//! A spec with one group or none gets no features at all (its crate stays as it was).
//!
//! A crate with features whose spec has webhooks gets one more, `webhooks`: the payload types
//! and the event enum (and the `Verifier`, when the API signs its deliveries) are compiled
//! only with it, so a one-tag build of an API whose webhooks reach most of its models (GitHub)
//! compiles only what that tag's operations reach. A model both sides use is gated by both.
//! And the models nothing uses (schemas of `components` no operation, webhook or error body
//! reaches) are compiled only with the feature [`UNUSED`], with what they reach.
//! Reachability is a worklist over the types' references, once per group: linear in the size
//! of the IR per group, with no recursion.

use crate::ir::{named_in, Api, Operation};
use crate::names::{Case, Scope};
use crate::select::{resource, Selector};

/// The fewest operations for which a spec without tags is grouped by path.
pub const PATH_GROUPS_FROM: usize = 30;

/// The feature of the models that no operation, webhook or error body uses.
pub const UNUSED: &str = "unused_models";

/// The feature under which the types the client only receives implement `Serialize`
/// ([`super::serialized`]); on by default.
pub const SERIALIZE: &str = "serialize";

/// Feature names the manifest already uses or that Cargo treats specially.
const RESERVED: &[&str] = &[
    "default", "webhooks", "serde", "serde_json", "reqwest", "http", "bytes", "tokio", "futures-core", "chrono", "uuid",
    "base64", "hmac", "sha2", "std", "full", "tracing", crate::reserved::SUPPORT, UNUSED, SERIALIZE,
];

/// The features of the crate; empty when the spec has fewer than two groups.
#[derive(Debug, Clone, Default)]
pub struct FeaturePlan {
    pub groups: Vec<Group>,
    /// Per operation: its groups (indices into `groups`, ascending), `None` when it is always
    /// compiled (no features, or it is in every group).
    pub operations: Vec<Option<Vec<usize>>>,
    /// Per type (by [`crate::ir::TypeId`]): the groups that reach it, `None` when it is always
    /// compiled (no features, reached by every group of operations, or by the error body).
    pub types: Vec<Option<Vec<usize>>>,
}

/// One feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The Cargo feature (snake_case, claimed so that no two groups share one).
    pub feature: String,
    /// What it stands for: the tag, the path's resource, or the config's group name.
    pub label: String,
    pub source: Source,
    pub operations: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Tag,
    Path,
    Config,
    /// Operations without a tag (or a resource).
    Leftover,
    /// What the webhooks send: no operations, always the feature `webhooks`.
    Webhooks,
    /// The models nothing uses: no operations, always the feature [`UNUSED`].
    Unused,
}

impl FeaturePlan {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    pub fn operation(&self, index: usize) -> Option<&[usize]> {
        self.operations.get(index).and_then(|g| g.as_deref())
    }

    pub fn ty(&self, id: crate::ir::TypeId) -> Option<&[usize]> {
        self.types.get(id.0).and_then(|g| g.as_deref())
    }

    /// The groups in which variant `v` of the union `union` exists, when it is not wherever
    /// the union is: an expansion variant exists only where every type it names is compiled
    /// (`Some(&[])`: in no build). `None` for every other variant.
    pub fn variant(&self, union: crate::ir::TypeId, v: &crate::ir::UnionVariant) -> Option<Vec<usize>> {
        if !v.expansion {
            return None;
        }
        let mut named = Vec::new();
        named_in(&v.ty, &mut named);
        let mut gate: Option<Vec<usize>> = None;
        for id in named {
            if let Some(groups) = self.ty(crate::ir::TypeId(id)) {
                gate = Some(match gate {
                    None => groups.to_vec(),
                    Some(g) => g.into_iter().filter(|x| groups.contains(x)).collect(),
                });
            }
        }
        let gate = gate?;
        // Wherever the union is compiled, its types are: no gate of its own.
        match self.ty(union) {
            Some(of_union) if of_union.iter().all(|g| gate.contains(g)) => None,
            _ => Some(gate),
        }
    }

    /// The `webhooks` group, when webhook items are gated.
    pub fn webhooks(&self) -> Option<usize> {
        self.groups.iter().position(|g| g.source == Source::Webhooks)
    }

    /// The feature names of `groups`.
    pub fn names<'a>(&'a self, groups: &'a [usize]) -> impl Iterator<Item = &'a str> + 'a {
        groups.iter().filter_map(|g| self.groups.get(*g)).map(|g| g.feature.as_str())
    }
}

/// Plans the features of `api`, with the user's `overrides` (selector → group name) first.
pub fn build(api: &Api, overrides: &[(String, String)]) -> FeaturePlan {
    let overrides: Vec<(Selector, &str)> = overrides.iter().map(|(s, g)| (Selector::parse(s), g.as_str())).collect();
    let by_tag = api.operations.iter().any(|op| !op.tags.is_empty());
    let by_path = !by_tag && api.operations.len() >= PATH_GROUPS_FROM;
    // (source, label) per group, in order of first use; per operation, its groups.
    let mut keys: Vec<(Source, String)> = Vec::new();
    let mut index: std::collections::HashMap<(Source, String), usize> = std::collections::HashMap::new();
    let mut of_op: Vec<Vec<usize>> = Vec::with_capacity(api.operations.len());
    for op in &api.operations {
        let labels: Vec<(Source, String)> = match overrides.iter().find(|(s, _)| s.matches(op)) {
            Some((_, group)) => vec![(Source::Config, group.to_string())],
            None if by_tag && !op.tags.is_empty() => op.tags.iter().map(|t| (Source::Tag, t.clone())).collect(),
            None if by_tag => vec![(Source::Leftover, String::new())],
            None => match resource(op).filter(|_| by_path) {
                Some(r) => vec![(Source::Path, r.to_string())],
                None => vec![(Source::Leftover, String::new())],
            },
        };
        let mut groups: Vec<usize> = labels
            .into_iter()
            .map(|key| {
                *index.entry(key.clone()).or_insert_with(|| {
                    keys.push(key);
                    keys.len() - 1
                })
            })
            .collect();
        groups.sort_unstable();
        groups.dedup();
        of_op.push(groups);
    }
    if keys.len() < 2 {
        return FeaturePlan::default();
    }
    let mut scope = Scope::with_reserved(RESERVED);
    let mut groups: Vec<Group> = keys
        .iter()
        .map(|(source, label)| {
            let candidate = if *source == Source::Leftover { "untagged" } else { label.as_str() };
            Group { feature: scope.claim(candidate, Case::Snake), label: label.clone(), source: *source, operations: 0 }
        })
        .collect();
    for ops in &of_op {
        for g in ops {
            if let Some(group) = groups.get_mut(*g) {
                group.operations += 1;
            }
        }
    }
    let all = groups.len();
    let webhooks = (!api.webhooks.hooks.is_empty()).then(|| {
        // `webhooks` is reserved, so no group of operations has claimed it.
        groups.push(Group { feature: "webhooks".to_string(), label: String::new(), source: Source::Webhooks, operations: 0 });
        all
    });
    let (types, unused) = type_gates(api, &of_op, all, webhooks, groups.len());
    if unused {
        groups.push(Group { feature: UNUSED.to_string(), label: String::new(), source: Source::Unused, operations: 0 });
    }
    let operations = of_op.into_iter().map(|g| (g.len() < all).then_some(g)).collect();
    FeaturePlan { groups, operations, types }
}

/// Per type, the groups that reach it (`None`: always compiled), and whether some type is in
/// group `unused`: reached by no operation, webhook or the error body. `op_groups` are the
/// groups of operations; `webhooks`, the group of the webhooks' types (`None`: they are
/// always compiled).
fn type_gates(
    api: &Api,
    of_op: &[Vec<usize>],
    op_groups: usize,
    webhooks: Option<usize>,
    unused: usize,
) -> (Vec<Option<Vec<usize>>>, bool) {
    let n = api.types.len();
    let edges: Vec<Vec<usize>> = api.types.iter().map(|t| references(api, t, true)).collect();
    let mut roots: Vec<Vec<usize>> = vec![Vec::new(); op_groups + usize::from(webhooks.is_some())];
    for (op, groups) in api.operations.iter().zip(of_op) {
        let mut named = Vec::new();
        operation_types(op, &mut named);
        for g in groups {
            if let Some(r) = roots.get_mut(*g) {
                r.extend_from_slice(&named);
            }
        }
    }
    let mut hook_types = Vec::new();
    for ty in api.webhooks.payloads() {
        named_in(ty, &mut hook_types);
    }
    if let Some(event) = api.webhooks.event {
        hook_types.push(event.0);
    }
    // Always compiled: what the runtime's error body uses (and the webhooks' types, when they
    // have no feature), with all they reach.
    let mut always_roots = Vec::new();
    match webhooks.and_then(|w| roots.get_mut(w)) {
        Some(r) => r.extend(hook_types),
        None => always_roots.extend(hook_types),
    }
    named_in(&super::error_body(api), &mut always_roots);
    let mut reach: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut stamp: Vec<usize> = vec![usize::MAX; n];
    for (g, start) in roots.into_iter().enumerate() {
        walk(start, &edges, &mut stamp, g, &mut |t| reach[t].push(g));
    }
    let mut always = vec![false; n];
    walk(always_roots, &edges, &mut vec![usize::MAX; n], 0, &mut |t| always[t] = true);
    // The schemas nothing uses are a group of their own, with what they reach, rather than
    // in every build.
    let orphans: Vec<usize> = (0..n).filter(|t| reach[*t].is_empty() && !always[*t]).collect();
    let has_orphans = !orphans.is_empty();
    walk(orphans, &edges, &mut vec![usize::MAX; n], unused, &mut |t| {
        if !always[t] {
            reach[t].push(unused);
        }
    });
    let gates = reach
        .into_iter()
        .zip(always)
        // Reached by every group of operations: compiled in every build, as an operation in
        // every group is (the other groups do not count).
        .map(|(groups, always)| (!always && groups.iter().filter(|g| **g < op_groups).count() < op_groups).then_some(groups))
        .collect();
    (gates, has_orphans)
}

/// Visits every type reachable from `start` once (those whose stamp is not yet `mark`).
pub(super) fn walk(mut stack: Vec<usize>, edges: &[Vec<usize>], stamp: &mut [usize], mark: usize, visit: &mut impl FnMut(usize)) {
    while let Some(t) = stack.pop() {
        match stamp.get_mut(t) {
            Some(s) if *s != mark => *s = mark,
            _ => continue,
        }
        visit(t);
        if let Some(next) = edges.get(t) {
            stack.extend_from_slice(next);
        }
    }
}

/// The named types an operation's parameters, body and responses use.
pub fn operation_types(op: &Operation, out: &mut Vec<usize>) {
    for ty in op.tys() {
        named_in(ty, out);
    }
}

/// The named types a type's definition uses directly, less those only a union's expansion
/// variant names ([`crate::ir::UnionVariant::expansion`]): an object sent in place of its id
/// only on request does not make its type reached (Stripe's expandable fields link most
/// resources to each other). Such a variant exists where its type is compiled anyway
/// ([`FeaturePlan::variant`]; a selection drops it when its type is not kept), unless without
/// it its object would decode as another variant ([`super::expansion::follow`]): then it is a
/// reference like any other. With `with_another` false, the expansions of a union whose only
/// object variants are expansions are left to the caller (a selection follows them once one
/// of them is reached).
pub fn references(api: &Api, t: &crate::ir::TypeDef, with_another: bool) -> Vec<usize> {
    use super::expansion::{follow, Follow};
    let all = match &t.kind {
        crate::ir::TypeKind::Union(u) => match follow(api, u) {
            Follow::Always => true,
            Follow::WithAnother => with_another,
            Follow::Never => false,
        },
        _ => true,
    };
    named_by(t, |v| all || !v.expansion)
}

/// The named types `t`'s definition uses directly (sorted, once each), of a union only the
/// variants `keep` keeps.
pub fn named_by(t: &crate::ir::TypeDef, keep: impl Fn(&crate::ir::UnionVariant) -> bool) -> Vec<usize> {
    use crate::ir::TypeKind;
    let mut out = Vec::new();
    match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.iter()).for_each(|ty| named_in(ty, &mut out)),
        TypeKind::Union(u) => u.variants.iter().filter(|v| keep(v)).for_each(|v| named_in(&v.ty, &mut out)),
        TypeKind::Alias(ty) => named_in(ty, &mut out),
        TypeKind::Enum(_) => {}
    }
    out.sort_unstable();
    out.dedup();
    out
}
