//! The `#[cfg(feature = …)]` of an item, as the plan's features decide it
//! ([`crate::plan::features`]). Emitters print their items as before and pass them through
//! here, so gating stays out of how each item is printed.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::ir::TypeId;
use crate::plan::features::SERIALIZE;

/// The attribute of something in `groups`; `None` when it is always compiled.
pub fn cfg(ctx: &Ctx<'_>, groups: Option<&[usize]>) -> Option<TokenStream> {
    let names: Vec<&str> = ctx.plan.features.names(groups?).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// The attribute of a union's variant that exists in `groups` only (see
/// [`crate::plan::features::FeaturePlan::variant`]); in no group, one that is never true.
pub fn variant(ctx: &Ctx<'_>, groups: Option<Vec<usize>>) -> Option<TokenStream> {
    match groups {
        Some(g) if g.is_empty() => Some(quote!(#[cfg(any())])),
        g => cfg(ctx, g.as_deref()),
    }
}

/// The attribute of operation `index`'s items.
pub fn operation(ctx: &Ctx<'_>, index: usize) -> Option<TokenStream> {
    cfg(ctx, ctx.plan.features.operation(index))
}

/// `items` (module-level items), each with `cfg` on it.
pub fn items(cfg: Option<TokenStream>, items: TokenStream) -> TokenStream {
    let Some(cfg) = cfg else { return items };
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items.iter();
            quote!(#(#cfg #items)*)
        }
        // Not items (cannot happen with the emitters' output): left as it is, and rustc says.
        Err(_) => items,
    }
}

/// `methods` (items of an `impl` block), each with `cfg` on it.
pub fn methods(cfg: Option<TokenStream>, methods: TokenStream) -> TokenStream {
    let Some(cfg) = cfg else { return methods };
    match syn::parse2::<syn::ItemImpl>(quote!(impl Client { #methods })) {
        Ok(block) => {
            let items = block.items.iter();
            quote!(#(#cfg #items)*)
        }
        Err(_) => methods,
    }
}

/// The crate-level attribute that lets a build with only some features leave shared helpers
/// (the call engine's, models' private helpers, imports) unused: the full build, which is
/// the default, still has every lint.
pub fn partial_build_allow(ctx: &Ctx<'_>) -> Option<TokenStream> {
    let features = &ctx.plan.features;
    if features.is_empty() {
        return None;
    }
    // Without `serialize`, the runtime's helpers of encoding (`tagged::WithTag`) may be unused.
    let names = features.groups.iter().map(|g| g.feature.as_str()).chain([SERIALIZE]);
    Some(quote!(#![cfg_attr(not(all(#(feature = #names),*)), allow(dead_code, unused_imports, unused_macros))]))
}

/// How type `id` derives `Serialize` with the container attributes `serde` (the arguments of
/// `#[serde(…)]`, which only `Serialize` reads): what goes in its `#[derive(…)]` list, and the
/// attribute after it. A type the client only receives gets both from `cfg_attr` (see
/// [`crate::plan::Plan::serialize_gated`]).
pub fn derive_serialize(ctx: &Ctx<'_>, id: TypeId, serde: &[TokenStream]) -> (Option<TokenStream>, Option<TokenStream>) {
    let args = (!serde.is_empty()).then(|| quote!(serde(#(#serde),*)));
    if ctx.plan.serialize_gated(id) {
        let args = args.map(|a| quote!(, #a));
        (None, Some(quote!(#[cfg_attr(feature = #SERIALIZE, derive(serde::Serialize) #args)])))
    } else {
        (Some(quote!(serde::Serialize,)), args.map(|a| quote!(#[#a])))
    }
}

/// A field's `#[serde(…)]` with `args` in type `id` (see [`derive_serialize`]).
pub fn serde_attr(ctx: &Ctx<'_>, id: TypeId, args: &[TokenStream]) -> Option<TokenStream> {
    if args.is_empty() {
        None
    } else if ctx.plan.serialize_gated(id) {
        Some(quote!(#[cfg_attr(feature = #SERIALIZE, serde(#(#args),*))]))
    } else {
        Some(quote!(#[serde(#(#args),*)]))
    }
}

/// The attribute of type `id`'s hand-written `Serialize` impl; `None` when it is always compiled.
pub fn serialize_impl(ctx: &Ctx<'_>, id: TypeId) -> Option<TokenStream> {
    ctx.plan.serialize_gated(id).then(|| quote!(#[cfg(feature = #SERIALIZE)]))
}
