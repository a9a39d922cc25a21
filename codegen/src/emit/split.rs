//! The layout of big crates: past [`MODELS_SPLIT_FROM`] types, `models.rs` keeps what is
//! shared and re-exports submodules `models/<group>.rs` (one per feature group, cut in parts of
//! at most [`PART`] items); past [`OPERATIONS_SPLIT_FROM`] operations the client's methods go
//! to `client/<group>.rs`, and the params structs and responses enums to `params/<group>.rs`
//! and `responses/<group>.rs`, the same way. Paths stay `crate::models::X`,
//! `crate::params::X` and `Client::op` (glob re-exports, and `impl Client` blocks in child
//! modules), so a small spec's crate and a big one read alike; only files change, so that
//! editors and rustc's incremental compilation work on pieces instead of one file of hundreds
//! of thousands of lines.
//!
//! Emitters hand their items one by one, each with what gates it, and the split is made on
//! them before anything is printed: nothing is parsed back.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Ctx;
use crate::output::Output;

/// The fewest types for which models are split into modules.
pub const MODELS_SPLIT_FROM: usize = 400;
/// The fewest operations for which the client's methods (and the params and responses) are
/// split into modules.
pub const OPERATIONS_SPLIT_FROM: usize = 200;
/// The longest feature name a module of one feature is named after (see [`modules_of`]).
const LONG_FEATURE: usize = 100;
/// The most types (or operations) one module holds before the next part starts.
pub const PART: usize = 250;

/// One item of a file that may be split, printed without its `cfg` (or what it is made
/// from, when it is emitted only once its module's file is handed over).
pub struct Item<'a, T = TokenStream> {
    /// The feature groups that compile it (`None`: every build).
    pub gate: Option<&'a [usize]>,
    /// What it sorts by within its module.
    pub name: &'a str,
    pub tokens: T,
}

/// Whether the models are split.
pub fn splits_models(ctx: &Ctx<'_>) -> bool {
    ctx.api.types.len() >= MODELS_SPLIT_FROM
}

/// Whether the client's methods, params and responses are split.
pub fn splits_operations(ctx: &Ctx<'_>) -> bool {
    ctx.api.operations.len() >= OPERATIONS_SPLIT_FROM
}

/// `items` in one file, each under its `cfg`, in the order given.
pub fn gated(ctx: &Ctx<'_>, items: Vec<Item<'_>>) -> Vec<TokenStream> {
    items.into_iter().map(|item| super::gate::items(super::gate::cfg(ctx, item.gate), item.tokens)).collect()
}

/// A module file that re-exports its children: `src/<stem>.rs` with `head` (its docs and
/// imports), then a gated `mod` line and glob re-export per module of `items`; each
/// child `src/<stem>/<module>.rs` holds its items (under `use super::*` when `import_parent`).
pub fn reexported(ctx: &Ctx<'_>, stem: &str, head: TokenStream, items: Vec<Item<'_>>, import_parent: bool) -> Vec<(String, Output)> {
    let (parent, modules) = reexported_layout(ctx, stem, head, items);
    let mut out = vec![parent];
    for (path, items) in modules {
        out.push((path, Output::Rust(child_module(stem, import_parent, items))));
    }
    out
}

/// The layout of [`reexported`] before its children are written: the parent file, then the
/// path of each child and the items it holds, for the caller to write (or have written)
/// with [`child_module`].
pub fn reexported_layout<T>(ctx: &Ctx<'_>, stem: &str, head: TokenStream, items: Vec<Item<'_, T>>) -> ((String, Output), Vec<Child<T>>) {
    let (modules, parts) = modules_of(ctx, items);
    let mods = modules.iter().map(|m| {
        let (name, cfg) = (format_ident!("{}", m.name), &m.cfg);
        quote!(#cfg mod #name; #cfg pub use #name::*;)
    });
    let parent = (format!("src/{stem}.rs"), Output::Rust(quote!(#head #(#mods)*)));
    let children = modules.iter().zip(parts).map(|(module, items)| (format!("src/{stem}/{}.rs", module.name), items)).collect();
    (parent, children)
}

/// A child of [`reexported`]: its path and its items.
pub type Child<T> = (String, Vec<T>);

/// A child of [`reexported`]: its head (under `use super::*` when `import_parent`), then `items`.
pub fn child_module(stem: &str, import_parent: bool, items: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let doc = format!(" Part of [`crate::{stem}`], where these items are re-exported.");
    let parent = import_parent.then(|| quote!(#[allow(unused_imports)] use super::*;));
    let items = items.into_iter();
    quote!(#![doc = #doc] #parent #(#items)*)
}

/// `src/client.rs` (`root`, which ends with the `mod` lines), then the path of each
/// `src/client/<module>.rs` and the methods it holds (or what they are made from), for the
/// caller to write (or have written) with [`client_module`].
pub fn client_layout<T>(ctx: &Ctx<'_>, root: TokenStream, methods: Vec<Item<'_, T>>) -> ((String, Output), Vec<Child<T>>) {
    let (modules, parts) = modules_of(ctx, methods);
    let mods = modules.iter().map(|m| {
        let (name, cfg) = (format_ident!("{}", m.name), &m.cfg);
        quote!(#cfg mod #name;)
    });
    let root = ("src/client.rs".to_string(), Output::Rust(quote!(#root #(#mods)*)));
    let children = modules.iter().zip(parts).map(|(module, methods)| (format!("src/client/{}.rs", module.name), methods)).collect();
    (root, children)
}

/// A child of [`client_layout`]: an `impl Client` block of `methods`.
pub fn client_module(methods: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let methods = methods.into_iter();
    quote! {
        //! Methods of [`crate::Client`], one group of operations.
        #[allow(unused_imports)]
        use super::*;
        impl Client {
            #(#methods)*
        }
    }
}

/// One module of a split file: its name and the `cfg` of its `mod` line.
struct Module {
    name: String,
    cfg: Option<TokenStream>,
}

/// The modules of `items` and each module's items: one module per set of features that gates
/// items (`shared` for what every build has, `part` without features), in parts of at most
/// [`PART`] items taken in name order. A module's `mod` line has its items' `cfg`, so a build
/// without those features never even reads its file: parsing the whole crate is what a
/// one-feature build of a big API would otherwise pay for. Its items need no `cfg` of their own.
fn modules_of<T>(ctx: &Ctx<'_>, items: Vec<Item<'_, T>>) -> (Vec<Module>, Vec<Vec<T>>) {
    let features = &ctx.plan.features;
    // The distinct gates, in order (`None` first), each a base module.
    let mut gates: Vec<Option<&[usize]>> = items.iter().map(|item| item.gate).collect();
    gates.sort_unstable();
    gates.dedup();
    let mut multi = 0;
    let bases: Vec<(Option<&[usize]>, String)> = gates
        .into_iter()
        .map(|gate| {
            let name = match gate {
                None if features.is_empty() => "part".to_string(),
                None => "shared".to_string(),
                // A file name has at most 255 bytes: a feature longer than `LONG_FEATURE` (a
                // non-ASCII tag spelled out in `u…` escapes) names its module by its number,
                // `group<n>`, which no other base can be (theirs have `_` after `group`).
                Some([one]) => features.groups.get(*one).map_or_else(
                    || "group".to_string(),
                    |g| if g.feature.len() > LONG_FEATURE { format!("group{one}") } else { format!("group_{}", g.feature) },
                ),
                Some(_) => {
                    multi += 1;
                    format!("shared_{multi}")
                }
            };
            (gate, name)
        })
        .collect();
    let base_of = |gate: Option<&[usize]>| bases.binary_search_by(|(g, _)| g.cmp(&gate)).unwrap_or(0);
    let mut order: Vec<(usize, &str, usize)> = items.iter().enumerate().map(|(i, item)| (base_of(item.gate), item.name, i)).collect();
    order.sort_unstable();
    let order: Vec<(usize, usize)> = order.into_iter().map(|(b, _, i)| (b, i)).collect();
    let mut tokens: Vec<Option<T>> = items.into_iter().map(|item| Some(item.tokens)).collect();
    let mut modules: Vec<Module> = Vec::new();
    let mut parts: Vec<Vec<T>> = Vec::new();
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (b, i) in order {
        let count = seen.entry(b).or_insert(0);
        let part = *count / PART;
        *count += 1;
        let m = *index.entry((b, part)).or_insert_with(|| {
            let (gate, base) = bases.get(b).map_or((None, "part"), |(g, n)| (*g, n.as_str()));
            // `part2_…` is no base's name: bases start with `group_`, `shared` or are `part`.
            let name = if part == 0 { base.to_string() } else { format!("part{}_{base}", part + 1) };
            modules.push(Module { name, cfg: super::gate::cfg(ctx, gate) });
            parts.push(Vec::new());
            modules.len() - 1
        });
        if let (Some(part), Some(item)) = (parts.get_mut(m), tokens.get_mut(i).and_then(Option::take)) {
            part.push(item);
        }
    }
    (modules, parts)
}
