//! The Rust layout of the lowered types: which fields and variants go behind a `Box`
//! (cycles of infinite size, variants far larger than the others), the size estimates that
//! decide it (computed once, here), the order untagged variants are tried in, and which
//! types only error responses use.

use std::collections::HashMap;

use super::{unalias, Api, Ty, TypeId, TypeKind};

/// Clippy's `large_enum_variant` rule, applied ahead: when one variant is far larger than
/// the next, it goes behind a `Box`. Sizes are estimates of the emitted Rust types.
pub fn box_large_variants(api: &mut Api) {
    // Boxing a variant shrinks every type that holds its union, which may settle other
    // unions: measure again until nothing changes (each pass only adds boxes).
    for _ in 0..8 {
        let mut fixes = Vec::new();
        let mut memo = vec![None; api.types.len()];
        for (i, t) in api.types.iter().enumerate() {
            let TypeKind::Union(u) = &t.kind else { continue };
            let mut sizes: Vec<usize> =
                u.variants.iter().map(|v| if v.boxed { 8 } else { sized(api, &v.ty, &mut memo) }).collect();
            // The `Unknown(serde_json::Value)` fallback is a variant too.
            sizes.push(32);
            for (j, boxed) in variants_to_box(&sizes).into_iter().enumerate() {
                if boxed && j < u.variants.len() && !u.variants[j].boxed {
                    fixes.push((i, j));
                }
            }
        }
        if fixes.is_empty() {
            return;
        }
        for (i, j) in fixes {
            if let TypeKind::Union(u) = &mut api.types[i].kind {
                u.variants[j].boxed = true;
            }
        }
    }
}

/// Which variants of an enum with these (estimated) sizes to box: the largest, while it is
/// far larger than the next, as clippy's `large_enum_variant` would ask.
pub fn variants_to_box(sizes: &[usize]) -> Vec<bool> {
    const LIMIT: usize = 150;
    let mut boxed = vec![false; sizes.len()];
    let mut order: Vec<(usize, usize)> = sizes.iter().copied().enumerate().map(|(i, s)| (s, i)).collect();
    loop {
        order.sort_by_key(|s| std::cmp::Reverse(s.0));
        let (Some(&(first, i)), Some(&(second, _))) = (order.first(), order.get(1)) else { break };
        if first <= second + LIMIT {
            break;
        }
        boxed[i] = true;
        order[0].0 = 8;
    }
    boxed
}

/// The estimated size in bytes of the Rust type emitted for `ty`.
pub fn estimated_size(api: &Api, ty: &Ty) -> usize {
    Sizes::new(api).of(api, ty)
}

/// Size estimates of one API's types, each named type measured once however often it is
/// asked for (a fresh measure per question walks everything the type holds again).
pub struct Sizes(Vec<Option<usize>>);

impl Sizes {
    pub fn new(api: &Api) -> Self {
        Sizes(vec![None; api.types.len()])
    }

    /// The estimated size in bytes of the Rust type emitted for `ty`.
    pub fn of(&mut self, api: &Api, ty: &Ty) -> usize {
        sized(api, ty, &mut self.0)
    }
}

/// The estimate. A type met again while it is being measured (a cycle not broken by a
/// `Box`) counts as a pointer, and what depends on that guess is not remembered, so that
/// other paths measure it in full. Named types are measured on an explicit stack: a chain
/// of them is as long as the spec wants.
pub(super) fn sized(api: &Api, ty: &Ty, memo: &mut [Option<usize>]) -> usize {
    // (type, its direct dependencies, how many of them are measured, their measures)
    struct Frame {
        id: usize,
        deps: Vec<usize>,
        next: usize,
        measured: HashMap<usize, (usize, bool)>,
    }
    let open = |id: usize| Frame { id, deps: size_deps(api, id), next: 0, measured: HashMap::new() };
    let mut outer = HashMap::new();
    for root in measured_names(ty) {
        if outer.contains_key(&root) || memo.get(root).copied().flatten().is_some() {
            continue;
        }
        let mut stack = vec![open(root)];
        while let Some(top) = stack.last_mut() {
            if let Some(&dep) = top.deps.get(top.next) {
                top.next += 1;
                let known = memo.get(dep).copied().flatten().is_some() || top.measured.contains_key(&dep);
                if !known && !stack.iter().any(|f| f.id == dep) && dep < memo.len() {
                    stack.push(open(dep));
                }
                continue;
            }
            let Some(frame) = stack.pop() else { break };
            let on_stack: Vec<usize> = stack.iter().map(|f| f.id).chain([frame.id]).collect();
            let (size, exact) = size_named(api, frame.id, &|id| look(id, memo, &frame.measured, &on_stack));
            if exact {
                if let Some(slot) = memo.get_mut(frame.id) {
                    *slot = Some(size);
                }
            }
            match stack.last_mut() {
                Some(parent) => {
                    parent.measured.insert(frame.id, (size, exact));
                }
                None => {
                    outer.insert(frame.id, (size, exact));
                }
            }
        }
    }
    measure(ty, &|id| look(id, memo, &outer, &[])).0
}

/// A named type's measure as its parent sees it: remembered, on the stack (a pointer's
/// worth, inexact), or just measured.
pub(super) fn look(id: usize, memo: &[Option<usize>], measured: &HashMap<usize, (usize, bool)>, on_stack: &[usize]) -> (usize, bool) {
    if let Some(size) = memo.get(id).copied().flatten() {
        return (size, true);
    }
    if on_stack.contains(&id) {
        return (8, false);
    }
    measured.get(&id).copied().unwrap_or((8, false))
}

/// The named types whose sizes make up `ty`'s (those inside a `Vec` or map do not).
pub(super) fn measured_names(ty: &Ty) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![ty];
    while let Some(t) = stack.pop() {
        match t {
            Ty::Named(id) => out.push(id.0),
            Ty::Tuple(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    out
}

pub(super) fn size_deps(api: &Api, id: usize) -> Vec<usize> {
    let Some(t) = api.types.get(id) else { return Vec::new() };
    match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().filter(|f| !f.boxed).flat_map(|f| measured_names(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter(|v| !v.boxed).flat_map(|v| measured_names(&v.ty)).collect(),
        TypeKind::Alias(inner) => measured_names(inner),
        TypeKind::Enum(_) => Vec::new(),
    }
}

pub(super) fn size_named(api: &Api, id: usize, named: &dyn Fn(usize) -> (usize, bool)) -> (usize, bool) {
    let Some(t) = api.types.get(id) else { return (8, false) };
    let mut exact = true;
    let mut m = |ty: &Ty| {
        let (size, ok) = measure(ty, named);
        exact &= ok;
        size
    };
    let size = match &t.kind {
        TypeKind::Struct(s) => {
            let fields: usize =
                s.fields.iter().map(|f| if f.boxed { 8 } else { m(&f.ty) + if f.required { 0 } else { 8 } }).sum();
            fields + if s.additional.is_some() { 24 } else { 0 }
        }
        TypeKind::Enum(_) => 24,
        TypeKind::Union(u) => 8 + u.variants.iter().map(|v| if v.boxed { 8 } else { m(&v.ty) }).max().unwrap_or(0).max(32),
        TypeKind::Alias(inner) => m(inner),
    };
    (size, exact)
}

/// The size of `ty`, named types' sizes given by `named`. Recurses only into tuples, as
/// deep as the document nests.
pub(super) fn measure(ty: &Ty, named: &dyn Fn(usize) -> (usize, bool)) -> (usize, bool) {
    use super::Scalar as S;
    match ty {
        Ty::Scalar(S::String | S::Bytes) | Ty::List(_) | Ty::Map(_) => (24, true),
        Ty::Tuple(items) => items.iter().map(|t| measure(t, named)).fold((0, true), |a, b| (a.0 + b.0, a.1 && b.1)),
        Ty::Scalar(S::Bool | S::I32 | S::U32 | S::F32 | S::Date) => (4, true),
        Ty::Scalar(S::I64 | S::U64 | S::F64) => (8, true),
        Ty::Scalar(S::DateTime) => (12, true),
        Ty::Scalar(S::Uuid) => (16, true),
        Ty::Any | Ty::Object => (32, true),
        Ty::Named(id) => named(id.0),
    }
}

/// An untagged union decodes as its first variant that fits, so a variant that accepts
/// more must come after those that accept less: lists first (a derived struct also accepts
/// an array of its fields), then structs with more required fields first, maps and
/// free-form values last, integers before floats, formatted strings before strings.
pub(super) fn order_untagged(api: &mut Api) {
    let ranks: Vec<Option<Vec<(usize, i64, i64)>>> = api
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Union(u) if u.tag.is_none() => Some(u.variants.iter().map(|v| rank(api, &v.ty)).collect()),
            _ => None,
        })
        .collect();
    for (t, ranks) in api.types.iter_mut().zip(ranks) {
        let (TypeKind::Union(u), Some(ranks)) = (&mut t.kind, ranks) else { continue };
        let mut paired: Vec<_> = ranks.into_iter().zip(std::mem::take(&mut u.variants)).collect();
        paired.sort_by_key(|(r, _)| *r);
        u.variants = paired.into_iter().map(|(_, v)| v).collect();
    }
}

/// (class, fewer-required-first negated, fewer-fields-first negated): smaller sorts first.
pub(super) fn rank(api: &Api, ty: &Ty) -> (usize, i64, i64) {
    use super::Scalar as S;
    match unalias(api, ty) {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => {
                let required = s.fields.iter().filter(|f| f.required).count() as i64;
                let class = if s.additional.is_some() { 2 } else { 1 };
                (class, -required, -(s.fields.len() as i64))
            }
            TypeKind::Union(_) => (2, 0, 0),
            TypeKind::Enum(e) => match e.repr {
                super::EnumRepr::Integer => (5, 0, 0),
                super::EnumRepr::Json => (9, 0, 0),
                super::EnumRepr::String => (8, 0, 0),
            },
            TypeKind::Alias(_) => (10, 0, 0),
        },
        Ty::List(_) | Ty::Tuple(_) => (0, 0, 0),
        Ty::Map(_) => (4, 0, 0),
        Ty::Scalar(S::I32 | S::I64 | S::U32 | S::U64) => (5, 0, 0),
        Ty::Scalar(S::F32 | S::F64) => (6, 0, 0),
        Ty::Scalar(S::Bool) => (6, 0, 0),
        Ty::Scalar(S::DateTime | S::Date | S::Uuid | S::Bytes) => (7, 0, 0),
        Ty::Scalar(S::String) => (8, 0, 0),
        Ty::Any | Ty::Object => (10, 0, 0),
    }
}

/// Types reachable only from error responses: servers vary these bodies (HubSpot says to
/// treat every field of its error body as optional), so they decode leniently.
pub(super) fn mark_error_only(api: &mut Api) {
    let mut normal = vec![false; api.types.len()];
    let mut error = vec![false; api.types.len()];
    for op in &api.operations {
        for p in &op.params {
            reach(api, &p.ty, &mut normal);
        }
        if let Some(b) = &op.body {
            reach(api, &b.ty, &mut normal);
        }
        for r in &op.responses {
            if let Some(b) = &r.body {
                reach(api, &b.ty, if r.status.is_success() { &mut normal } else { &mut error });
            }
        }
    }
    for (i, t) in api.types.iter_mut().enumerate() {
        t.error_only = error[i] && !normal[i];
    }
}

pub(super) fn reach(api: &Api, ty: &Ty, seen: &mut [bool]) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Named(id) => {
                if seen.get(id.0).copied().unwrap_or(true) {
                    continue;
                }
                seen[id.0] = true;
                stack.extend(children(api, *id));
            }
            Ty::List(inner) | Ty::Map(inner) => stack.push(inner),
            Ty::Tuple(items) => stack.extend(items.iter()),
            Ty::Scalar(_) | Ty::Any | Ty::Object => {}
        }
    }
}

pub(super) fn children(api: &Api, id: TypeId) -> Vec<&Ty> {
    match &api.ty(id).kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.iter()).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(t) => vec![t],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// A field whose type contains the field's own struct without indirection (`Vec`, maps)
/// would make the type infinitely large. Such a field is a direct edge inside a cycle of
/// the "contains directly" graph, i.e. inside one strongly connected component: those
/// fields are boxed, and only those. A cycle that passes through no struct field (unions
/// holding each other) is then broken at its union variants.
pub(super) fn mark_boxed(api: &mut Api) {
    let edges: Vec<Vec<usize>> = api.types.iter().map(|t| direct_children(&t.kind)).collect();
    let component = strongly_connected(&edges);
    for i in 0..api.types.len() {
        if let TypeKind::Struct(s) = &mut api.types[i].kind {
            for f in &mut s.fields {
                f.boxed = measured_names(&f.ty).iter().any(|t| component.get(*t) == Some(&component[i]));
            }
        }
    }
    let edges: Vec<Vec<usize>> = api.types.iter().map(|t| direct_children(&t.kind)).collect();
    let component = strongly_connected(&edges);
    for i in 0..api.types.len() {
        if let TypeKind::Union(u) = &mut api.types[i].kind {
            for v in &mut u.variants {
                if measured_names(&v.ty).iter().any(|t| component.get(*t) == Some(&component[i])) {
                    v.boxed = true;
                }
            }
        }
    }
}

/// What a type holds without indirection (boxed fields and variants do not count).
pub(super) fn direct_children(kind: &TypeKind) -> Vec<usize> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter(|f| !f.boxed).flat_map(|f| measured_names(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter(|v| !v.boxed).flat_map(|v| measured_names(&v.ty)).collect(),
        TypeKind::Alias(t) => measured_names(t),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// An upper bound on how many named types deep rustc's drop check and auto-trait checks walk
/// (through boxes, lists and maps too): the heaviest path through the components of the
/// "refers to" graph, each weighing its number of types, since a walk visits each type once.
/// Linear: components come out of [`strongly_connected`] with the ones they reach first.
pub fn nesting_bound(api: &Api) -> usize {
    let n = api.types.len();
    let edges: Vec<Vec<usize>> = (0..n).map(|i| children(api, TypeId(i)).into_iter().flat_map(named).collect()).collect();
    let component = strongly_connected(&edges);
    let count = component.iter().copied().filter(|c| *c < n).max().map_or(0, |c| c + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (node, c) in component.iter().enumerate() {
        if let Some(list) = members.get_mut(*c) {
            list.push(node);
        }
    }
    let mut weight = vec![0usize; count];
    for c in 0..count {
        let below = members[c]
            .iter()
            .flat_map(|node| &edges[*node])
            .filter_map(|child| component.get(*child))
            .filter(|d| **d != c)
            .filter_map(|d| weight.get(*d))
            .max()
            .copied()
            .unwrap_or(0);
        weight[c] = members[c].len().saturating_add(below);
    }
    weight.into_iter().max().unwrap_or(0)
}

/// Every named type `ty` mentions, behind any indirection.
pub(super) fn named(ty: &Ty) -> Vec<usize> {
    let mut out = Vec::new();
    super::named_in(ty, &mut out);
    out
}

/// Tarjan's algorithm, iterative (specs nest deep enough to exhaust a thread's stack):
/// the component number of every node.
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut pos)) = work.last_mut() {
            if let Some(&child) = edges[node].get(*pos) {
                *pos += 1;
                if child >= n {
                    continue;
                }
                if index[child] == UNSEEN {
                    index[child] = next_index;
                    low[child] = next_index;
                    next_index += 1;
                    stack.push(child);
                    on_stack[child] = true;
                    work.push((child, 0));
                } else if on_stack[child] {
                    low[node] = low[node].min(index[child]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
