//! The crates layout of big specs: the model types split into crates of their own
//! (`<crate>-models-<n>`), because `cargo check`'s peak memory is per rustc process and no cut
//! inside one crate brings GitHub's or Stripe's models under it (BENCHMARKS.md, "Where
//! `cargo check` memory goes"). The root crate keeps the client, the params and responses,
//! and re-exports each model crate under its features, so every type keeps its path
//! `crate::models::X`.
//!
//! The partition, in this order:
//! 1. the strongly connected components of the types' reference graph (every named type a
//!    definition spells, a union's expansion variants included: the crate that spells a type
//!    must depend on the crate that has it) stay together — iterative Tarjan, linear;
//! 2. a component reached by one feature group only (one tag, `webhooks` or `unused_models`)
//!    is that group's: since what a type references is reached by at least the groups that
//!    reach it, only the same group's types reference it, so a group's types form crates on
//!    top of the shared ones, which a build without that feature never compiles. Groups are
//!    packed into crates of about [`Layout::target`] weight (heaviest first), a group heavier
//!    than that cut into a chain;
//! 3. the components several groups share go, dependencies first, into layers of two crates
//!    that do not depend on each other (two cores compile them side by side): a component
//!    goes to the crate of the layer its dependencies are in, else to the lighter one; a
//!    component that needs both, or a layer past twice the target, starts the next layer.
//!
//! Every crate depends only on crates before it (so the crates are a DAG by construction),
//! and each dependency is optional unless an item compiled in every build needs it: it is
//! switched on by the features of the items that need it. The root's features forward to
//! every model crate (`repos = ["dep:gh-models-3", "gh-models-3/repos", …]`).
//!
//! A type's weight (what balances crates) is the lines it roughly becomes: one per field,
//! variant or value, plus a few for its impls.

use crate::ir::{Api, TypeKind};
use crate::names::{Case, Scope};

use super::features::{FeaturePlan, SERIALIZE};

/// The fewest types for which a spec gets the crates layout (unless its config says).
/// GitHub (≈3,900 types after pruning) and Stripe (≈2,000) are past it; every spec whose
/// full `cargo check` stays within a few seconds and a few hundred MB is below it.
pub const CRATES_FROM: usize = 1_000;

/// The weight one model crate aims at: about a fifth of GitHub's models, whose one crate
/// peaks at 3.4 GB in `cargo check`.
pub const TARGET_WEIGHT: usize = 12_000;

/// Names the extern names of model crates avoid: the root crate's dependencies and modules.
const RESERVED: &[&str] = &[
    "std", "core", "alloc", "crate", "self", "super", "serde", "serde_json", "reqwest", "http", "bytes", "tokio",
    "futures_core", "chrono", "uuid", "base64", "hmac", "sha2", "tracing", "support", "models", "params", "responses",
    "client", "api", "call", "error", "options", "redact", "path", "response", "retry", "transport", "auth", "oauth",
    "pagination", "multipart", "webhooks", "webhooks_verify", "struct_de", "open_enum", "constructors", "tagged",
    "untagged", "json_path", "base64_text", "serialize", "default",
];

/// Whether the crates layout is used: by size, or as the config says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// From [`CRATES_FROM`] types.
    #[default]
    Auto,
    /// The config's `"crates": true` or `false`.
    Forced(bool),
}

impl Layout {
    pub fn applies(self, types: usize) -> bool {
        match self {
            Layout::Auto => types >= CRATES_FROM,
            Layout::Forced(on) => on,
        }
    }
}

/// The model crates; empty in the one-crate layout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CratePlan {
    /// In dependency order: each depends only on crates before it.
    pub crates: Vec<ModelCrate>,
    /// Per type (by [`crate::ir::TypeId`]): the index of its crate; `None` in the one-crate
    /// layout.
    pub of_type: Vec<Option<usize>>,
}

/// One crate of models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelCrate {
    /// `<crate>-models-<n>`.
    pub package: String,
    /// The name Rust code spells it by (`<crate>_models_<n>`), claimed against the root
    /// crate's dependencies and modules.
    pub extern_name: String,
    /// Its folder, beside the root crate's `src/`: `models-<n>`.
    pub dir: String,
    /// Its types, ascending.
    pub types: Vec<usize>,
    /// The sum of its types' weights.
    pub weight: usize,
    /// The feature groups whose builds compile it; `None`: every build (the root's
    /// dependency on it is optional otherwise).
    pub gate: Option<Vec<usize>>,
    /// The model crates it depends on (indices, ascending), each with the groups that need
    /// it (`None`: every build of this crate).
    pub deps: Vec<(usize, Option<Vec<usize>>)>,
    /// Which scalar crates its types spell.
    pub scalars: Scalars,
    /// What its `lib.rs` imports from the runtime.
    pub uses: super::crate_uses::ModelUses,
    /// Its `[features]`: each feature (the root's groups and `serialize`) with what it switches
    /// on in its dependencies, in the manifest's order.
    pub features: Vec<(String, Vec<String>)>,
}

/// The crates whose types a model crate spells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scalars {
    pub chrono: bool,
    pub uuid: bool,
    /// `format: byte`: the support crate's `Base64`.
    pub bytes: bool,
}

impl CratePlan {
    pub fn is_empty(&self) -> bool {
        self.crates.is_empty()
    }

    /// The crate of type `id`, when it is in a model crate.
    pub fn of(&self, id: crate::ir::TypeId) -> Option<&ModelCrate> {
        self.crates.get(self.of_type.get(id.0).copied().flatten()?)
    }

    /// The root crate's features, forwarded (dependencies keyed by their extern names): what
    /// the root's feature `feature` (a
    /// group of `groups`, or `serialize`) switches on in the model crates.
    pub fn forwarded(&self, features: &FeaturePlan, feature: &str) -> Vec<String> {
        let group = features.groups.iter().position(|g| g.feature == feature);
        let mut out = Vec::new();
        if group.is_none() && feature != SERIALIZE {
            return out;
        }
        for c in &self.crates {
            let needed = match (&c.gate, group) {
                (None, _) => false,
                (Some(gate), Some(g)) => gate.contains(&g),
                (Some(_), None) => false,
            };
            if needed {
                out.push(format!("dep:{}", c.extern_name));
                out.push(format!("{}/{feature}", c.extern_name));
            } else if c.gate.is_none() {
                out.push(format!("{}/{feature}", c.extern_name));
            } else {
                out.push(format!("{}?/{feature}", c.extern_name));
            }
        }
        out
    }
}

/// Plans the model crates of `api` (named `crate_name`), when `layout` applies.
pub fn build(api: &Api, types_plan: &[super::TypePlan], features: &FeaturePlan, crate_name: &str, layout: Layout) -> CratePlan {
    if !layout.applies(api.types.len()) || api.types.is_empty() {
        return CratePlan::default();
    }
    let edges: Vec<Vec<usize>> = api.types.iter().map(|t| super::features::named_by(t, |_| true)).collect();
    let weights: Vec<usize> = api.types.iter().map(weight).collect();
    let gates: Vec<Option<Vec<usize>>> = (0..api.types.len()).map(|t| features.types.get(t).cloned().flatten()).collect();
    let target = target(weights.iter().sum());
    let parts = partition(&edges, &weights, &gates, target);
    let mut scope = Scope::with_reserved(RESERVED);
    let base = crate::names::ident(crate_name, Case::Snake);
    // The root crate's own extern name, and every feature: Cargo reads `x/f` in a feature's
    // list as "feature `f` of dependency `x`" and also turns on a feature named `x`, so a
    // dependency named as a feature would switch that feature on from every other one.
    scope.reserve(&[base.as_str()]);
    let feature_names: Vec<&str> = features.groups.iter().map(|g| g.feature.as_str()).collect();
    scope.reserve(&feature_names);
    let package_base = crate_name.to_string();
    let mut crates: Vec<ModelCrate> = Vec::with_capacity(parts.crates.len());
    for (n, types) in parts.crates.iter().enumerate() {
        let extern_name = scope.claim(&format!("{base}_models_{}", n + 1), Case::Snake);
        // The package follows the extern name, so that the two read alike after a clash.
        let suffix = extern_name.strip_prefix(&format!("{base}_models_")).unwrap_or(&extern_name).replace('_', "-");
        let package = format!("{package_base}-models-{suffix}");
        let dir = format!("models-{suffix}");
        let gate = union_gate(types.iter().map(|t| gates.get(*t).and_then(|g| g.as_deref())));
        let deps = crate_deps(n, types, &edges, &gates, &parts.of_type);
        let scalars = scalars(api, types);
        let uses = super::crate_uses::model_uses(api, types_plan, types, scalars.bytes);
        crates.push(ModelCrate {
            package,
            extern_name,
            dir,
            types: types.clone(),
            weight: types.iter().filter_map(|t| weights.get(*t)).sum(),
            gate,
            deps,
            scalars,
            uses,
            features: Vec::new(),
        });
    }
    let names: Vec<String> = features.groups.iter().map(|g| g.feature.clone()).chain([SERIALIZE.to_string()]).collect();
    // Dependencies are keyed by extern name (`gh_models_1 = { package = "gh-models-1", … }`).
    let packages: Vec<String> = crates.iter().map(|c| c.extern_name.clone()).collect();
    for c in &mut crates {
        c.features = names
            .iter()
            .map(|feature| {
                let group = features.groups.iter().position(|g| &g.feature == feature);
                let mut on = Vec::new();
                for (d, need) in &c.deps {
                    let Some(package) = packages.get(*d) else { continue };
                    match (need, group) {
                        (None, _) => on.push(format!("{package}/{feature}")),
                        (Some(need), Some(g)) if need.contains(&g) => {
                            on.push(format!("dep:{package}"));
                            on.push(format!("{package}/{feature}"));
                        }
                        (Some(_), _) => on.push(format!("{package}?/{feature}")),
                    }
                }
                (feature.clone(), on)
            })
            .collect();
    }
    CratePlan { crates, of_type: parts.of_type.into_iter().map(Some).collect() }
}

/// The weight each crate aims at for models of `total` weight: [`TARGET_WEIGHT`], but at
/// least two crates' worth of parallelism once the layout applies.
fn target(total: usize) -> usize {
    TARGET_WEIGHT.min(total.div_ceil(2)).max(1)
}

/// Roughly the lines `t` becomes.
fn weight(t: &crate::ir::TypeDef) -> usize {
    const IMPLS: usize = 4;
    IMPLS
        + match &t.kind {
            TypeKind::Struct(s) => 2 * s.fields.len() + usize::from(s.additional.is_some()),
            TypeKind::Enum(e) => e.variants.len(),
            TypeKind::Union(u) => 3 * u.variants.len(),
            TypeKind::Alias(_) => 0,
        }
}

/// The groups of the union of `gates` (`None`: one of them is always compiled).
fn union_gate<'a>(gates: impl Iterator<Item = Option<&'a [usize]>>) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for gate in gates {
        out.extend_from_slice(gate?);
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// Crate `n`'s dependencies, each with the union of the gates of its types that need it.
fn crate_deps(
    n: usize,
    types: &[usize],
    edges: &[Vec<usize>],
    gates: &[Option<Vec<usize>>],
    of_type: &[usize],
) -> Vec<(usize, Option<Vec<usize>>)> {
    // Per dependency: `Some(None)` once an always-compiled type needs it.
    let mut need: std::collections::BTreeMap<usize, Option<Vec<usize>>> = std::collections::BTreeMap::new();
    for t in types {
        let gate = gates.get(*t).and_then(|g| g.as_ref());
        for d in edges.get(*t).into_iter().flatten() {
            let Some(&c) = of_type.get(*d) else { continue };
            if c == n {
                continue;
            }
            let entry = need.entry(c).or_insert_with(|| Some(Vec::new()));
            match (entry.as_mut(), gate) {
                (Some(groups), Some(gate)) => {
                    groups.extend_from_slice(gate);
                    groups.sort_unstable();
                    groups.dedup();
                }
                _ => *entry = None,
            }
        }
    }
    need.into_iter().collect()
}

/// Which scalar crates `types` spell.
fn scalars(api: &Api, types: &[usize]) -> Scalars {
    use crate::ir::{Scalar, Ty};
    let mut out = Scalars::default();
    let mut stack: Vec<&Ty> = Vec::new();
    for t in types.iter().filter_map(|t| api.types.get(*t)) {
        match &t.kind {
            TypeKind::Struct(s) => stack.extend(s.fields.iter().map(|f| &f.ty).chain(s.additional.iter())),
            TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
            TypeKind::Alias(ty) => stack.push(ty),
            TypeKind::Enum(_) => {}
        }
    }
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Scalar(Scalar::DateTime | Scalar::Date) => out.chrono = true,
            Ty::Scalar(Scalar::Uuid) => out.uuid = true,
            Ty::Scalar(Scalar::Bytes) => out.bytes = true,
            Ty::List(t) | Ty::Map(t) => stack.push(t),
            Ty::Tuple(items) => stack.extend(items.iter()),
            Ty::Scalar(_) | Ty::Named(_) | Ty::Any | Ty::Object => {}
        }
    }
    out
}

/// A partition of the types into crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// Each crate's types, ascending; each crate's dependencies are among those before it.
    pub crates: Vec<Vec<usize>>,
    /// Per type, its crate.
    pub of_type: Vec<usize>,
}

/// Splits the types of graph `edges` (per type, the types it references), weighted by
/// `weights` and gated by `gates` (per type, the feature groups that compile it; `None`:
/// every build), into crates of about `target` weight (see the module's docs).
pub fn partition(edges: &[Vec<usize>], weights: &[usize], gates: &[Option<Vec<usize>>], target: usize) -> Partition {
    let n = edges.len();
    let (comp_of, comps) = components(edges);
    let target = target.max(1);
    let w = |c: &Vec<usize>| c.iter().filter_map(|t| weights.get(*t)).sum::<usize>();
    // Per component: its weight, its own group when one group alone reaches it.
    let comp_weight: Vec<usize> = comps.iter().map(w).collect();
    let own_group: Vec<Option<usize>> = comps
        .iter()
        .map(|c| match c.first().and_then(|t| gates.get(*t)).and_then(|g| g.as_deref()) {
            Some([one]) if c.iter().all(|t| gates.get(*t).and_then(|g| g.as_deref()) == Some(&[*one][..])) => Some(*one),
            _ => None,
        })
        .collect::<Vec<_>>();
    let comp_deps = |c: usize| -> Vec<usize> {
        let mut out: Vec<usize> = comps
            .get(c)
            .into_iter()
            .flatten()
            .flat_map(|t| edges.get(*t).into_iter().flatten())
            .filter_map(|d| comp_of.get(*d).copied())
            .filter(|d| *d != c)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    // A group's component that something outside the group references (a union's expansion
    // variant naming it, which does not make it reached) is shared, with what it references:
    // referencing components come after those they reference, so one pass from the end.
    let cdeps: Vec<Vec<usize>> = (0..comps.len()).map(comp_deps).collect();
    let mut own_group = own_group;
    for c in (0..comps.len()).rev() {
        let mine = own_group.get(c).copied().flatten();
        for &d in cdeps.get(c).into_iter().flatten() {
            if let Some(slot) = own_group.get_mut(d) {
                if slot.is_some() && *slot != mine {
                    *slot = None;
                }
            }
        }
    }
    let mut crate_of_comp: Vec<usize> = vec![usize::MAX; comps.len()];
    let mut crate_weight: Vec<usize> = Vec::new();
    // Shared components, in Tarjan's order (each after those it references), cut in levels
    // of twice the target. Within a level, the pieces whose components reference each other
    // (weakly connected) are packed, heaviest first, into two crates that do not depend on
    // each other; a piece past the target is cut in a chain of its own.
    let shared: Vec<usize> = (0..comps.len()).filter(|c| own_group.get(*c).copied().flatten().is_none()).collect();
    let mut slot = vec![usize::MAX; comps.len()];
    let mut packing = Packing { cdeps: &cdeps, comp_weight: &comp_weight, target, crate_of_comp: &mut crate_of_comp, crate_weight: &mut crate_weight, slot: &mut slot };
    packing.levels(&shared);
    // Each group's components, in Tarjan's order; groups packed heaviest first, a group
    // past the target cut as the shared components are.
    let mut by_group: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for (c, g) in own_group.iter().enumerate() {
        if let Some(g) = g {
            by_group.entry(*g).or_default().push(c);
        }
    }
    let mut groups: Vec<(usize, usize, Vec<usize>)> = by_group
        .into_iter()
        .map(|(g, cs)| (cs.iter().filter_map(|c| comp_weight.get(*c)).sum(), g, cs))
        .collect();
    groups.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // Open bins: crates being filled with whole groups.
    let mut bins: Vec<usize> = Vec::new();
    for (gw, _, cs) in groups {
        if gw > target {
            packing.levels(&cs);
            continue;
        }
        let fit = bins.iter().copied().find(|b| packing.crate_weight.get(*b).copied().unwrap_or(0) + gw <= target);
        let bin = fit.unwrap_or_else(|| {
            packing.crate_weight.push(0);
            bins.push(packing.crate_weight.len() - 1);
            packing.crate_weight.len() - 1
        });
        for c in cs {
            packing.crate_of_comp[c] = bin;
        }
        packing.crate_weight[bin] += gw;
    }
    // Crates left empty (a layer's second crate, say) are dropped; the others keep their order.
    let mut used = vec![false; crate_weight.len()];
    for k in &crate_of_comp {
        if let Some(u) = used.get_mut(*k) {
            *u = true;
        }
    }
    let mut renumber = vec![0; crate_weight.len()];
    let mut crates: Vec<Vec<usize>> = Vec::new();
    for (k, u) in used.iter().enumerate() {
        if *u {
            renumber[k] = crates.len();
            crates.push(Vec::new());
        }
    }
    let mut of_type = vec![0; n];
    for (t, slot) in of_type.iter_mut().enumerate() {
        let Some(&r) = comp_of.get(t).and_then(|c| crate_of_comp.get(*c)).and_then(|k| renumber.get(*k)) else { continue };
        *slot = r;
        if let Some(c) = crates.get_mut(r) {
            c.push(t);
        }
    }
    Partition { crates, of_type }
}

/// Where [`partition`] puts components into crates.
struct Packing<'a> {
    cdeps: &'a [Vec<usize>],
    comp_weight: &'a [usize],
    target: usize,
    crate_of_comp: &'a mut [usize],
    crate_weight: &'a mut Vec<usize>,
    /// Per component, its index in the level at hand (`usize::MAX` outside it).
    slot: &'a mut [usize],
}

impl Packing<'_> {
    /// Puts `list` (components in Tarjan's order, none referencing one after it) in new
    /// crates: cut in levels of twice the target; within a level, the pieces whose
    /// components reference each other (weakly connected) are packed, heaviest first, into
    /// two crates that do not depend on each other; a piece past the target is cut in a chain.
    fn levels(&mut self, list: &[usize]) {
        let mut start = 0;
        while start < list.len() {
            let mut end = start;
            let mut level_weight = 0;
            while let Some(&c) = list.get(end) {
                let cw = self.comp_weight.get(c).copied().unwrap_or(0);
                if end > start && level_weight + cw > 2 * self.target {
                    break;
                }
                level_weight += cw;
                end += 1;
            }
            let level = list.get(start..end).unwrap_or(&[]);
            start = end.max(start + 1);
            for (i, c) in level.iter().enumerate() {
                if let Some(s) = self.slot.get_mut(*c) {
                    *s = i;
                }
            }
            let mut parent: Vec<usize> = (0..level.len()).collect();
            for (i, c) in level.iter().enumerate() {
                for d in self.cdeps.get(*c).into_iter().flatten() {
                    if let Some(&j) = self.slot.get(*d).filter(|j| **j != usize::MAX) {
                        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                        if ri != rj {
                            parent[ri.max(rj)] = ri.min(rj);
                        }
                    }
                }
            }
            for c in level {
                if let Some(s) = self.slot.get_mut(*c) {
                    *s = usize::MAX;
                }
            }
            // The pieces, each in Tarjan's order, numbered by their first component.
            let mut piece_of: Vec<usize> = vec![usize::MAX; level.len()];
            let mut pieces: Vec<Vec<usize>> = Vec::new();
            for i in 0..level.len() {
                let root = find(&mut parent, i);
                let p = match piece_of.get(root).copied() {
                    Some(p) if p != usize::MAX => p,
                    _ => {
                        pieces.push(Vec::new());
                        pieces.len() - 1
                    }
                };
                if let Some(entry) = piece_of.get_mut(root) {
                    *entry = p;
                }
                if let (Some(piece), Some(&c)) = (pieces.get_mut(p), level.get(i)) {
                    piece.push(c);
                }
            }
            let piece_weight = |p: &Vec<usize>| p.iter().filter_map(|c| self.comp_weight.get(*c)).sum::<usize>();
            let mut order: Vec<(usize, usize)> = pieces.iter().enumerate().map(|(i, p)| (piece_weight(p), i)).collect();
            order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let bins = if level_weight > self.target + self.target / 4 { 2 } else { 1 };
            let first_bin = self.crate_weight.len();
            self.crate_weight.extend(std::iter::repeat_n(0, bins));
            for (pw, p) in order {
                let Some(piece) = pieces.get(p) else { continue };
                if pw > self.target {
                    self.chain(piece);
                    continue;
                }
                let bin = (first_bin..first_bin + bins).min_by_key(|k| (self.crate_weight.get(*k).copied().unwrap_or(0), *k)).unwrap_or(first_bin);
                for c in piece {
                    if let Some(slot) = self.crate_of_comp.get_mut(*c) {
                        *slot = bin;
                    }
                }
                if let Some(cw) = self.crate_weight.get_mut(bin) {
                    *cw += pw;
                }
            }
        }
    }

    /// Puts `comps` (in Tarjan's order) in new crates of at most the target weight each (but
    /// one component each at least), each after those before it.
    fn chain(&mut self, comps: &[usize]) {
        let mut current = self.crate_weight.len();
        self.crate_weight.push(0);
        for c in comps {
            let cw = self.comp_weight.get(*c).copied().unwrap_or(0);
            if self.crate_weight.get(current).is_some_and(|w| *w > 0 && w + cw > self.target) {
                current = self.crate_weight.len();
                self.crate_weight.push(0);
            }
            if let Some(slot) = self.crate_of_comp.get_mut(*c) {
                *slot = current;
            }
            if let Some(w) = self.crate_weight.get_mut(current) {
                *w += cw;
            }
        }
    }
}

/// The root of `i` in the union-find forest `parent` (halving the paths on the way).
fn find(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let grand = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = grand;
        }
        i = grand;
    }
    i
}

/// The strongly connected components of `edges` (iterative Tarjan): per node its component,
/// and the components, each after every component it reaches; members ascending.
pub fn components(edges: &[Vec<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    const NONE: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![NONE; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut comp_of = vec![NONE; n];
    let mut comps: Vec<Vec<usize>> = Vec::new();
    let mut next = 0;
    // The DFS path: (node, how many of its edges are done).
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        path.push((root, 0));
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut done)) = path.last_mut() {
            let out = edges.get(v).map_or(&[][..], Vec::as_slice);
            if let Some(&w) = out.get(*done) {
                *done += 1;
                if w >= n {
                    continue;
                }
                if index[w] == NONE {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    path.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp_of[w] = comps.len();
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.sort_unstable();
                comps.push(comp);
            }
        }
    }
    (comp_of, comps)
}

#[cfg(test)]
#[path = "crates_tests.rs"]
mod tests;
