//! Stage 4b, after `names`: the selection (`--include`/`--exclude`, or the options file next
//! to the spec) keeps only the operations it names and the types they (and the webhooks)
//! reach. Webhooks are all kept unless a selector names some (`webhook:NAME`): an include of
//! webhooks keeps only those, an exclude drops them (`--exclude 'webhook:*'` keeps a one-tag
//! crate of GitHub from carrying its 270 payloads). Names were given on the whole API first, so an item's name does not depend on what
//! else is selected.

use crate::config::Selection;
use crate::diagnostics::Diagnostics;
use crate::ir::{Api, Ty, TypeId};
use crate::ir::named_in;
use crate::plan::features::{operation_types, references};
use crate::select::Selector;

/// Applies `selection` to `api`; every selector that matches nothing is a warning.
pub fn apply(api: &mut Api, selection: &Selection, diags: &mut Diagnostics) {
    if selection.is_empty() {
        return;
    }
    let include: Vec<Selector> = selection.include.iter().map(|s| Selector::parse(s)).collect();
    let exclude: Vec<Selector> = selection.exclude.iter().map(|s| Selector::parse(s)).collect();
    let mut included = vec![false; include.len()];
    let mut excluded = vec![false; exclude.len()];
    let keep: Vec<bool> = api
        .operations
        .iter()
        .map(|op| {
            let inc = include.is_empty() || mark(&include, &mut included, |s| s.matches(op));
            let exc = mark(&exclude, &mut excluded, |s| s.matches(op));
            inc && !exc
        })
        .collect();
    let only_named = include.iter().any(Selector::is_webhook);
    let keep_hooks: Vec<bool> = api
        .webhooks
        .hooks
        .iter()
        .map(|h| {
            let inc = !only_named || mark(&include, &mut included, |s| s.matches_webhook(&h.key));
            let exc = mark(&exclude, &mut excluded, |s| s.matches_webhook(&h.key));
            inc && !exc
        })
        .collect();
    for (flag, texts, selectors, used) in
        [("--include", &selection.include, &include, &included), ("--exclude", &selection.exclude, &exclude, &excluded)]
    {
        for ((text, selector), used) in texts.iter().zip(selectors).zip(used) {
            if !used {
                let what = if selector.is_webhook() {
                    "webhook (`webhook:NAME`, with `*` and `?`)"
                } else {
                    "operation (selectors: an operationId, `METHOD /path` or `tag:NAME`, with `*` and `?`)"
                };
                diags.warning(
                    "selection",
                    format!("`{flag} {}` matches no {what}", crate::text::one_line(text)),
                    "it selects nothing",
                );
            }
        }
    }
    let mut keep = keep.into_iter();
    api.operations.retain(|_| keep.next().unwrap_or(false));
    if keep_hooks.contains(&false) {
        let mut keep = keep_hooks.into_iter();
        api.webhooks.hooks.retain(|_| keep.next().unwrap_or(false));
        trim_event(api);
    }
    if api.operations.is_empty() {
        diags.warning("selection", "the selection leaves no operation", "the crate has models only");
    }
    prune_types(api);
}

/// Whether any of `selectors` matches (by `matches`), noting in `used` each one that does, so
/// that a selector that matches nothing can be reported.
fn mark(selectors: &[Selector], used: &mut [bool], matches: impl Fn(&Selector) -> bool) -> bool {
    let mut any = false;
    for (s, u) in selectors.iter().zip(used.iter_mut()) {
        if matches(s) {
            *u = true;
            any = true;
        }
    }
    any
}

/// The event enum once some webhooks are gone: only the variants of payloads still
/// delivered, so that it does not keep the others' types; none left, no enum. An event that
/// is itself the one payload (a union every webhook sends) stays as it is.
fn trim_event(api: &mut Api) {
    let Some(event) = api.webhooks.event else { return };
    let payloads: Vec<Ty> = api.webhooks.payloads().into_iter().cloned().collect();
    if payloads.contains(&Ty::Named(event)) {
        return;
    }
    let left = match api.types.get_mut(event.0).map(|t| &mut t.kind) {
        Some(crate::ir::TypeKind::Union(u)) => {
            u.variants.retain(|v| payloads.contains(&v.ty));
            u.variants.len()
        }
        _ => 0,
    };
    if left == 0 {
        api.webhooks.event = None;
    }
}

/// Drops the types that no kept operation or webhook reaches, and renumbers the rest. An
/// expansion variant of a union (an object sent in place of its id only when the caller asks
/// for it, see [`crate::ir::UnionVariant::expansion`]) does not make its type reached: Stripe's
/// expandable fields link most resources to each other, so following them made 47 operations
/// reach a quarter of the API. Such a variant stays when its type is reached otherwise, and
/// goes when it is not, so that object decodes as the union's `Unknown` JSON; but only where
/// it cannot decode as another variant instead ([`crate::plan::expansion::follow`]): an untagged
/// union with an object variant always there keeps its expansions, and one whose only object
/// variants are expansions keeps them all once one of them is reached.
fn prune_types(api: &mut Api) {
    use crate::plan::expansion::{accepts_object, follow, Follow};
    let n = api.types.len();
    let edges: Vec<Vec<usize>> = api.types.iter().map(|t| references(api, t, false)).collect();
    // Per union whose only object variants are expansions: the types of its expansions, to
    // follow once it and one of its object expansions (`objects`) are reached; per such
    // object type, the unions waiting on it.
    let mut pending: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut objects: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (id, t) in api.types.iter().enumerate() {
        let crate::ir::TypeKind::Union(u) = &t.kind else { continue };
        if follow(api, u) != Follow::WithAnother {
            continue;
        }
        for v in u.variants.iter().filter(|v| v.expansion) {
            let at = pending[id].len();
            named_in(&v.ty, &mut pending[id]);
            if accepts_object(api, &v.ty) {
                objects[id].extend_from_slice(&pending[id][at..]);
            }
        }
        for &o in &objects[id] {
            if let Some(w) = waiting.get_mut(o) {
                w.push(id);
            }
        }
    }
    let mut stack = Vec::new();
    for op in &api.operations {
        operation_types(op, &mut stack);
    }
    for ty in api.webhooks.payloads() {
        named_in(ty, &mut stack);
    }
    stack.extend(api.webhooks.event.map(|e| e.0));
    let mut reached = vec![false; n];
    while let Some(t) = stack.pop() {
        match reached.get_mut(t) {
            Some(r) if !*r => *r = true,
            _ => continue,
        }
        if let Some(next) = edges.get(t) {
            stack.extend_from_slice(next);
        }
        // A union reached after one of its object expansions, or an object expansion reached
        // after its union: the union's expansions all stay. Each union's are pushed once.
        let own = objects.get(t).is_some_and(|o| o.iter().any(|&x| reached.get(x).copied().unwrap_or(false)));
        let mut open: Vec<usize> = if own { vec![t] } else { Vec::new() };
        open.extend(waiting.get(t).into_iter().flatten().copied().filter(|&u| reached.get(u).copied().unwrap_or(false)));
        for u in open {
            if let Some(p) = pending.get_mut(u) {
                stack.append(p);
            }
        }
    }
    let dropped = drop_unreached_expansions(api, &reached);
    let mut map: Vec<Option<usize>> = Vec::with_capacity(n);
    let mut next = 0;
    for r in &reached {
        map.push(r.then(|| {
            next += 1;
            next - 1
        }));
    }
    let mut flags = reached.into_iter();
    api.types.retain(|_| flags.next().unwrap_or(false));
    let renumber = |ty: &mut Ty| renumber(ty, &map);
    for t in &mut api.types {
        match &mut t.kind {
            crate::ir::TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).chain(s.additional.iter_mut()).for_each(renumber),
            crate::ir::TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| renumber(&mut v.ty)),
            crate::ir::TypeKind::Alias(ty) => renumber(ty),
            crate::ir::TypeKind::Enum(_) => {}
        }
    }
    for op in &mut api.operations {
        op.params.iter_mut().for_each(|p| renumber(&mut p.ty));
        if let Some(b) = &mut op.body {
            renumber(&mut b.ty);
        }
        for r in &mut op.responses {
            if let Some(b) = &mut r.body {
                renumber(&mut b.ty);
            }
        }
    }
    for h in &mut api.webhooks.hooks {
        if let Some(ty) = &mut h.payload {
            renumber(ty);
        }
    }
    api.webhooks.event = api.webhooks.event.and_then(|e| map.get(e.0).copied().flatten()).map(TypeId);
    // Variants were boxed with the dropped ones there: a large one left beside small ones
    // goes behind a `Box` now (boxing only ever adds boxes).
    if dropped {
        crate::ir::box_large_variants(api);
    }
}

/// Removes from every union the expansion variants whose types are not `reached` (a variant
/// whose type holds an unreached one is dropped too: it could not be written); whether it
/// removed any.
fn drop_unreached_expansions(api: &mut Api, reached: &[bool]) -> bool {
    let mut dropped = false;
    for t in &mut api.types {
        if let crate::ir::TypeKind::Union(u) = &mut t.kind {
            let before = u.variants.len();
            u.variants.retain(|v| {
                let mut named = Vec::new();
                named_in(&v.ty, &mut named);
                !v.expansion || named.iter().all(|&id| reached.get(id).copied().unwrap_or(false))
            });
            dropped |= u.variants.len() < before;
        }
    }
    dropped
}

/// `ty` with its named types' new numbers (a type that is gone, which reachability rules out,
/// becomes JSON).
fn renumber(ty: &mut Ty, map: &[Option<usize>]) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Named(id) => match map.get(id.0).copied().flatten() {
                Some(new) => *id = TypeId(new),
                None => *ty = Ty::Any,
            },
            Ty::List(t) | Ty::Map(t) => stack.push(t),
            Ty::Tuple(items) => stack.extend(items.iter_mut()),
            Ty::Scalar(_) | Ty::Any | Ty::Object => {}
        }
    }
}
