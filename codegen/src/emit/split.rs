//! The layout of big crates: past [`MODELS_SPLIT_FROM`] types, `models.rs` keeps what is
//! shared and re-exports submodules `models/<group>.rs` (one per feature group, cut in parts of
//! at most [`PART`] items), and past [`OPERATIONS_SPLIT_FROM`] operations the client's methods
//! go to `client/<group>.rs` the same way. Paths stay `crate::models::X` and `Client::op`
//! (glob re-exports, and `impl Client` blocks in child modules), so a small spec's crate and a
//! big one read alike; only files change, so that editors and rustc's incremental compilation
//! work on pieces instead of one file of hundreds of thousands of lines.
//!
//! The printed items are regrouped after the fact (parsed back, each moved to its type's or
//! operation's group), so the emitters print as they always do.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Ctx;
use crate::ir::TypeId;
use crate::output::Output;

/// The fewest types for which models are split into modules.
pub const MODELS_SPLIT_FROM: usize = 400;
/// The fewest operations for which the client's methods are split into modules.
pub const OPERATIONS_SPLIT_FROM: usize = 200;
/// The most types (or operations) one module holds before the next part starts.
pub const PART: usize = 250;

/// `src/models.rs`, split when the API is big.
pub fn models(ctx: &Ctx<'_>, tokens: TokenStream) -> Vec<(String, Output)> {
    let single = |tokens| vec![("src/models.rs".to_string(), Output::Rust(tokens))];
    if ctx.api.types.len() < MODELS_SPLIT_FROM {
        return single(tokens);
    }
    let Ok(file) = syn::parse2::<syn::File>(tokens.clone()) else { return single(tokens) };
    let items: Vec<(Option<&[usize]>, &str)> =
        ctx.api.types.iter().enumerate().map(|(i, t)| (ctx.plan.features.ty(TypeId(i)), t.name.as_str())).collect();
    let (of_item, modules) = modules_of(ctx, &items);
    let mut by_name: HashMap<&str, usize> = items.iter().zip(&of_item).map(|((_, name), m)| (*name, *m)).collect();
    // A struct's struct of required fields goes with it: left in `models.rs`, it would be
    // parsed by every build.
    for (i, m) in of_item.iter().enumerate() {
        if let Some(crate::plan::models::TypePlan::Struct(s)) = ctx.plan.type_plan(TypeId(i)) {
            if let Some(required) = &s.required {
                by_name.insert(required.as_str(), *m);
            }
        }
    }
    let mut root = Vec::new();
    let mut parts: Vec<Vec<&syn::Item>> = vec![Vec::new(); modules.len()];
    for item in &file.items {
        match item_type(item).and_then(|name| by_name.get(name.as_str())).and_then(|m| parts.get_mut(*m)) {
            Some(part) => part.push(item),
            None => root.push(item),
        }
    }
    let attrs = &file.attrs;
    let mods = modules.iter().map(|m| {
        let (name, cfg) = (format_ident!("{}", m.name), &m.cfg);
        quote!(#cfg mod #name; #cfg pub use #name::*;)
    });
    let mut out = vec![(
        "src/models.rs".to_string(),
        Output::Rust(quote! {
            #(#attrs)*
            #(#mods)*
            #(#root)*
        }),
    )];
    for (module, items) in modules.iter().zip(parts) {
        out.push((
            format!("src/models/{}.rs", module.name),
            Output::Rust(quote! {
                //! Part of [`crate::models`], where these items are re-exported.
                #[allow(unused_imports)]
                use super::*;
                #(#items)*
            }),
        ));
    }
    out
}

/// `src/client.rs`, with the operations' methods in submodules when the API is big.
pub fn client(ctx: &Ctx<'_>, tokens: TokenStream) -> Vec<(String, Output)> {
    let single = |tokens| vec![("src/client.rs".to_string(), Output::Rust(tokens))];
    if ctx.api.operations.len() < OPERATIONS_SPLIT_FROM {
        return single(tokens);
    }
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else { return single(tokens) };
    let items: Vec<(Option<&[usize]>, &str)> =
        ctx.api.operations.iter().enumerate().map(|(i, op)| (ctx.plan.features.operation(i), op.name.as_str())).collect();
    let (of_item, modules) = modules_of(ctx, &items);
    // Every method an operation brings (itself and its page helpers), by name.
    let mut by_method: HashMap<&str, usize> = HashMap::new();
    for (i, module) in of_item.iter().enumerate() {
        if let Some(plan) = ctx.plan.operation(i) {
            by_method.insert(plan.method.as_str(), *module);
            if let Some(p) = &plan.pages {
                by_method.insert(p.pages.as_str(), *module);
                by_method.insert(p.stream.as_str(), *module);
            }
        }
    }
    let mut parts: Vec<Vec<syn::ImplItem>> = vec![Vec::new(); modules.len()];
    for item in &mut file.items {
        let syn::Item::Impl(block) = item else { continue };
        if block.trait_.is_some() || !is_path(&block.self_ty, "Client") {
            continue;
        }
        for method in std::mem::take(&mut block.items) {
            let part = match &method {
                syn::ImplItem::Fn(f) => by_method.get(f.sig.ident.to_string().as_str()).copied(),
                _ => None,
            };
            match part.and_then(|m| parts.get_mut(m)) {
                Some(part) => part.push(method),
                None => block.items.push(method),
            }
        }
    }
    let mods = modules.iter().map(|m| {
        let (name, cfg) = (format_ident!("{}", m.name), &m.cfg);
        quote!(#cfg mod #name;)
    });
    // Its imports serve the methods in the submodules (through `use super::*`), which rustc
    // does not count as uses.
    file.attrs.push(syn::parse_quote!(#![allow(unused_imports)]));
    let mut out = vec![("src/client.rs".to_string(), Output::Rust(quote!(#file #(#mods)*)))];
    for (module, methods) in modules.iter().zip(parts) {
        out.push((
            format!("src/client/{}.rs", module.name),
            Output::Rust(quote! {
                //! Methods of [`crate::Client`], one group of operations.
                #[allow(unused_imports)]
                use super::*;
                impl Client {
                    #(#methods)*
                }
            }),
        ));
    }
    out
}

/// One module of a split file: its name and the `cfg` of its `mod` line.
struct Module {
    name: String,
    cfg: Option<TokenStream>,
}

/// The module of each item (by its gate and name): one per set of features that gates items
/// (`shared` for what every build has, `part` without features), in parts of at most [`PART`]
/// items taken in name order. A module's `mod` line has its items' `cfg`, so a build without
/// those features never even reads its file: parsing the whole crate is what a one-feature
/// build of a big API would otherwise pay for.
fn modules_of(ctx: &Ctx<'_>, items: &[(Option<&[usize]>, &str)]) -> (Vec<usize>, Vec<Module>) {
    let features = &ctx.plan.features;
    // The distinct gates, in order (`None` first), each a base module.
    let mut gates: Vec<Option<&[usize]>> = items.iter().map(|(g, _)| *g).collect();
    gates.sort_unstable();
    gates.dedup();
    let mut multi = 0;
    let bases: Vec<(Option<&[usize]>, String)> = gates
        .into_iter()
        .map(|gate| {
            let name = match gate {
                None if features.is_empty() => "part".to_string(),
                None => "shared".to_string(),
                Some([one]) => features.groups.get(*one).map_or_else(|| "group".to_string(), |g| format!("group_{}", g.feature)),
                Some(_) => {
                    multi += 1;
                    format!("shared_{multi}")
                }
            };
            (gate, name)
        })
        .collect();
    let base_of = |gate: Option<&[usize]>| bases.binary_search_by(|(g, _)| g.cmp(&gate)).unwrap_or(0);
    let mut order: Vec<(usize, &str, usize)> = items.iter().enumerate().map(|(i, (gate, name))| (base_of(*gate), *name, i)).collect();
    order.sort_unstable();
    let mut modules: Vec<Module> = Vec::new();
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut out = vec![0; items.len()];
    for (b, _, i) in order {
        let count = seen.entry(b).or_insert(0);
        let part = *count / PART;
        *count += 1;
        let m = *index.entry((b, part)).or_insert_with(|| {
            let (gate, base) = bases.get(b).map_or((None, "part"), |(g, n)| (*g, n.as_str()));
            // `part2_…` is no base's name: bases start with `group_`, `shared` or are `part`.
            let name = if part == 0 { base.to_string() } else { format!("part{}_{base}", part + 1) };
            modules.push(Module { name, cfg: super::gate::cfg(ctx, gate) });
            modules.len() - 1
        });
        if let Some(slot) = out.get_mut(i) {
            *slot = m;
        }
    }
    (out, modules)
}

/// The type an item defines or implements (`struct X`, `enum X`, `type X`, `impl … for X`,
/// and the open enums' `string_enum!(X, …)`).
fn item_type(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Macro(m) => match m.mac.tokens.clone().into_iter().next() {
            Some(proc_macro2::TokenTree::Ident(name)) => Some(name.to_string()),
            _ => None,
        },
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn is_path(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident(name))
}
