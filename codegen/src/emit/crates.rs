//! The model crates of the crates layout, as [`crate::plan::crates`] planned them: each one's
//! `Cargo.toml` and `src/lib.rs` (its docs, a glob import of each model crate it depends on,
//! under the features that need it, and its types), in `<dir>/` beside the root crate's
//! `src/`; and the root's `models.rs`, which re-exports each model crate under its features
//! so that every type keeps its path `crate::models::X`.
//!
//! A type spells another crate's type by its bare name (through the glob import), as it does
//! its own crate's: names are unique across the API, and no model crate re-exports another,
//! so the root's glob re-exports never meet one type twice.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{gate, models, split, Ctx, Out};
use crate::config::Config;
use crate::ir::TypeId;
use crate::output::Output;
use crate::plan::crates::ModelCrate;
use crate::text::{one_line, toml_string};

/// Every model crate's files, deferred to the cores that format them, then the root's
/// `models.rs` with `bodies` (the typed multipart bodies, which name `crate::FilePart`).
pub fn files<'a>(ctx: &Ctx<'a>, config: &Config, bodies: Vec<TokenStream>, files: &mut Out<'_, 'a>) {
    let (api, plan) = (ctx.api, ctx.plan);
    for c in &plan.crates.crates {
        files.push((format!("{}/Cargo.toml", c.dir), Output::Text(manifest(ctx, config, c))));
        files.push((format!("{}/src/lib.rs", c.dir), Output::Rust(lib_rs(ctx, config, c))));
        // Its types in modules of one set of features each, as the one-crate layout splits a
        // big `models.rs` ([`split`]): no file of hundreds of thousands of lines, and a build
        // without a module's features never reads its file.
        let items = c
            .types
            .iter()
            .filter_map(|t| api.types.get(*t).map(|def| (TypeId(*t), def.name.as_str())))
            .map(|(id, name)| split::Item { gate: plan.features.ty(id), name, tokens: id })
            .collect();
        let ((parent, head), modules) = split::reexported_layout(ctx, "models", models_head(ctx, c), items);
        files.push((format!("{}/{parent}", c.dir), head));
        for (path, ids) in modules {
            files.0.deferred(
                format!("{}/{path}", c.dir),
                Box::new(move || {
                    let ctx = Ctx::new(api, plan);
                    split::child_module("models", true, ids.into_iter().map(|id| models::item(&ctx, id)))
                }),
            );
        }
    }
    let reexports = plan.crates.crates.iter().map(|c| {
        // A gate of no group is never true: the dependency is then never switched on.
        let cfg = gate::variant(ctx, c.gate.clone());
        let name = format_ident!("{}", c.extern_name);
        quote!(#cfg pub use #name::*;)
    });
    // Params and bodies may spell `models::Base64` where no model does.
    let base64 = plan.crate_uses.bytes.then(|| quote!(#[doc(inline)] pub use support::base64_text::Base64;));
    let doc = models::MODELS_DOC;
    let tail = " Each type is in one of the model crates, re-exported here with the features that compile it.";
    files.push((
        "src/models.rs".to_string(),
        Output::Rust(quote! {
            #(#![doc = #doc])*
            #![doc = ""]
            #![doc = #tail]
            #base64
            #(#reexports)*
            #(#bodies)*
        }),
    ));
}

/// The inner docs of model crate `c`.
fn crate_docs(config: &Config, c: &ModelCrate, count: usize) -> Vec<String> {
    vec![
        format!(" Part of the models of `{}`, which re-exports them in its `models` module: use", one_line(&config.crate_name)),
        " them from there. The models of a big API are split into crates of their own, so that".to_string(),
        format!(" no compiler process holds all of them (`{}` is one of {count}).", c.package),
    ]
}

/// `src/lib.rs` of model crate `c`: its docs and lints, and its `models` module re-exported.
fn lib_rs(ctx: &Ctx<'_>, config: &Config, c: &ModelCrate) -> TokenStream {
    let docs = crate_docs(config, c, ctx.plan.crates.crates.len());
    let partial = gate::partial_build_allow(ctx);
    let recursion = ctx.plan.recursion_limit.map(|limit| {
        let limit = limit.to_string();
        quote!(#![recursion_limit = #limit])
    });
    quote! {
        #(#![doc = #docs])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #recursion
        #partial
        // Private: the root re-exports this crate's items, and one `models` module per model
        // crate would be as many ambiguous names there.
        mod models;
        pub use models::*;
    }
}

/// The head of model crate `c`'s `models.rs`: its docs, what it imports from the support crate,
/// and a glob import of each model crate it depends on, under the features that need it (its
/// modules import all of it).
fn models_head(ctx: &Ctx<'_>, c: &ModelCrate) -> TokenStream {
    let deps = c.deps.iter().filter_map(|(d, need)| {
        let dep = ctx.plan.crates.crates.get(*d)?;
        let name = format_ident!("{}", dep.extern_name);
        let cfg = gate::variant(ctx, need.clone());
        Some(quote!(#cfg use #name::*;))
    });
    let imports = models::imports(&c.uses);
    let doc = " This crate's types, re-exported at its root.";
    quote! {
        #![doc = #doc]
        #imports
        #(#deps)*
    }
}

/// `Cargo.toml` of model crate `c`: the support crate, serde, the scalar crates its types spell, the model crates
/// it depends on (optional unless an always-compiled type needs one), and the root's features,
/// each switching on what it needs below.
fn manifest(ctx: &Ctx<'_>, config: &Config, c: &ModelCrate) -> String {
    let crates = &ctx.plan.crates.crates;
    let support = super::manifest::path_dependency(
        crate::reserved::SUPPORT,
        &super::support::package(config),
        &format!("../{}", super::support::DIR),
        false,
    );
    let mut deps = vec![
        support,
        "serde = { version = \"1\", features = [\"derive\"] }".to_string(),
        super::manifest::serde_json(ctx.plan.crate_uses.raw_json),
    ];
    if c.scalars.chrono {
        deps.push(super::manifest::CHRONO.to_string());
    }
    if c.scalars.uuid {
        deps.push(super::manifest::UUID.to_string());
    }
    for (d, need) in &c.deps {
        let Some(dep) = crates.get(*d) else { continue };
        deps.push(super::manifest::path_dependency(&dep.extern_name, &dep.package, &format!("../{}", dep.dir), need.is_some()));
    }
    let features: Vec<String> = c
        .features
        .iter()
        .map(|(name, on)| format!("{name} = [{}]", on.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", ")))
        .collect();
    let features = if features.is_empty() { String::new() } else { format!("\n[features]\n{}\n", features.join("\n")) };
    let description = toml_string(&format!("Models of {}, re-exported by its `models` module.", one_line(&config.crate_name)));
    format!("{}{}\n{features}", super::manifest::package_head(config, &c.package, &description), deps.join("\n"))
}

/// The root's dependencies on the model crates, for its `Cargo.toml`.
pub fn root_deps(ctx_crates: &crate::plan::crates::CratePlan) -> Vec<String> {
    ctx_crates
        .crates
        .iter()
        .map(|c| {
            super::manifest::path_dependency(&c.extern_name, &c.package, &c.dir, c.gate.is_some())
        })
        .collect()
}
