//! Stage 6: the plan (and the IR it refers to) → Rust token streams and the crate's manifest.
//! Emitters print what the plan decided.

mod client;
mod crates;
mod docs;
mod gate;
mod manifest;
mod models;
mod runtime;
mod split;
mod support;
mod webhooks;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::plan::{CrateUses, Plan, RustTy};
use crate::ir::{Api, Scalar, Ty};
use crate::config::Config;

pub use docs::doc_attrs;
#[cfg(test)]
pub use docs::doc_lit;
#[cfg(test)]
pub use docs::inner_doc_attrs;
pub use manifest::checked_config;
pub use runtime::error_body;

use crate::output::{Files, Output};

/// Every file of the generated crate, by path relative to the crate root.
pub fn emit(api: &Api, plan: &Plan, config: &Config) -> Vec<(String, Output)> {
    let mut files = Vec::new();
    emit_each(api, plan, config, &mut files);
    files
}

/// [`emit`], each file handed to `out` as soon as it is made (in the same order), so that
/// formatting can start on the first while the next are emitted; the modules of split
/// models are handed as what makes them, to be emitted where they are formatted.
pub fn emit_each<'a>(api: &'a Api, plan: &'a Plan, config: &Config, out: &mut dyn Files<'a>) {
    let features = &plan.crate_uses;
    let ctx = Ctx::new(api, plan);
    let params = client::params(&ctx);
    let responses = client::responses(&ctx);
    let modules = Modules {
        params: !params.is_empty(),
        responses: !responses.is_empty(),
        webhooks_gated: plan.features.webhooks().is_some(),
        features: !plan.features.is_empty(),
        partial: gate::partial_build_allow(&ctx),
        json_path: features.tagged_unions || (features.client && plan.call_uses.decodes_bodies()),
    };
    let mut files = Out(out);
    files.push(("Cargo.toml".to_string(), Output::Text(manifest::cargo_toml(api, config, features, &plan.features, &plan.crates))));
    files.push(("src/lib.rs".to_string(), Output::Rust(lib_rs(api, config, features, &modules, plan.recursion_limit))));
    models_rs(&ctx, config, features.bytes, &mut files);
    let forget = features.tagged_unions && features.client && plan.call_uses.decodes_bodies();
    let decodes = features.client && plan.call_uses.decodes_bodies();
    let support_modules = support::Modules::of(features, modules.json_path, forget, plan.call_uses, decodes);
    files.extend(support::files(config, features, &support_modules));
    // An API without operations (only webhooks, say) is a crate of models.
    if !plan.features.is_empty() {
        files.push(("README.md".to_string(), Output::Text(manifest::readme(api, config, &plan.features))));
    }
    if features.client {
        let uses = plan.call_uses;
        let (secrets, tokens) = (plan.credentials.secrets, features.tokens);
        let option_setters = client::credential_setters(&ctx, &quote!(self.credentials));
        let api_parts =
            runtime::ApiParts { rate_limit: api.rate_limit.as_ref(), credential_setters: &option_setters, secrets, tokens };
        files.push(("src/api.rs".to_string(), Output::Rust(runtime::api(&ctx, &api_parts))));
        files.push(("src/call.rs".to_string(), runtime::call(uses)));
        client_rs(&ctx, &mut files);
        files.push(("src/error.rs".to_string(), runtime::error(tokens, features.oauth, uses.decodes_bodies(), plan.operations.iter().any(|o| o.errors.is_some()))));
        files.push(("src/options.rs".to_string(), runtime::options(uses.schemes)));
        if tokens {
            files.push(("src/auth.rs".to_string(), runtime::auth()));
        }
        if features.oauth {
            files.push(("src/oauth.rs".to_string(), runtime::oauth()));
        }
        if features.pagination {
            files.push(("src/pagination.rs".to_string(), runtime::pagination()));
        }
        if features.multipart || features.binary {
            files.push(("src/multipart.rs".to_string(), runtime::multipart(features.multipart)));
        }
    }
    if features.webhooks {
        files.push(("src/webhooks.rs".to_string(), Output::Rust(webhooks::module(&ctx))));
    }
    if features.webhook_signatures {
        files.push(("src/webhooks_verify.rs".to_string(), runtime::webhooks_verify()));
    }
    if !params.is_empty() {
        files.extend(operation_items(&ctx, "params", client::params_doc(), params));
    }
    if !responses.is_empty() {
        files.extend(operation_items(&ctx, "responses", client::responses_doc(), responses));
    }
}

/// Where [`emit_each`] hands its files.
struct Out<'o, 'a>(&'o mut dyn Files<'a>);

impl Out<'_, '_> {
    fn push(&mut self, (path, output): (String, Output)) {
        self.0.file(path, output);
    }

    fn extend(&mut self, files: impl IntoIterator<Item = (String, Output)>) {
        for file in files {
            self.push(file);
        }
    }
}

/// The models module: the schemas' types, then the structs of typed multipart bodies; split
/// into modules when the API is big ([`split`]), each module of types emitted where it is
/// formatted.
fn models_rs<'a>(ctx: &Ctx<'a>, config: &Config, bytes: bool, files: &mut Out<'_, 'a>) {
    let models::Parts { head, types } = models::models(ctx, bytes);
    let features = &ctx.plan.features;
    let bodies = client::multipart_bodies(ctx);
    if !ctx.plan.crates.is_empty() {
        let bodies = bodies.into_iter().map(|(i, name, tokens)| split::Item { gate: features.operation(i), name, tokens });
        let bodies = split::gated(ctx, bodies.collect());
        crates::files(ctx, config, bodies, files);
        return;
    }
    if split::splits_models(ctx) {
        let types = types.into_iter().map(|(id, name)| split::Item { gate: features.ty(id), name, tokens: Model::Type(id) });
        let bodies = bodies.into_iter().map(|(i, name, tokens)| split::Item { gate: features.operation(i), name, tokens: Model::Body(tokens) });
        let (parent, modules) = split::reexported_layout(ctx, "models", head, types.chain(bodies).collect());
        files.push(parent);
        let (api, plan) = (ctx.api, ctx.plan);
        for (path, items) in modules {
            let ids: Option<Vec<crate::ir::TypeId>> = items.iter().map(|m| if let Model::Type(id) = m { Some(*id) } else { None }).collect();
            match ids {
                // Types only: made from the IR and the plan alone, on whichever core formats them.
                Some(ids) => files.0.deferred(
                    path,
                    Box::new(move || {
                        let ctx = Ctx::new(api, plan);
                        split::child_module("models", true, ids.into_iter().map(|id| models::item(&ctx, id)))
                    }),
                ),
                // Multipart bodies were emitted with the client's tokens, on this thread.
                None => {
                    let items = items.into_iter().map(|m| match m {
                        Model::Type(id) => models::item(ctx, id),
                        Model::Body(tokens) => tokens,
                    });
                    files.push((path, Output::Rust(split::child_module("models", true, items))));
                }
            }
        }
        return;
    }
    let types = types.into_iter().map(|(id, name)| split::Item { gate: features.ty(id), name, tokens: models::item(ctx, id) });
    let bodies = bodies.into_iter().map(|(i, name, tokens)| split::Item { gate: features.operation(i), name, tokens });
    let (types, bodies) = (split::gated(ctx, types.collect()), split::gated(ctx, bodies.collect()));
    files.push(("src/models.rs".to_string(), Output::Rust(quote!(#head #(#types)* #(#bodies)*))));
}

/// An item of a split models module before it is emitted.
enum Model {
    Type(crate::ir::TypeId),
    Body(TokenStream),
}

/// `client.rs`, with the operations' methods in modules of their own when the API is big,
/// each module's methods emitted where the module is formatted (no text of them crosses
/// between cores, and this thread is free to format sooner).
fn client_rs<'a>(ctx: &Ctx<'a>, files: &mut Out<'_, 'a>) {
    if split::splits_operations(ctx) {
        let methods = ctx
            .api
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| split::Item { gate: ctx.plan.features.operation(i), name: op.name.as_str(), tokens: i })
            .collect();
        let (root, modules) = split::client_layout(ctx, client::client(ctx, &[], true), methods);
        files.push(root);
        let (api, plan) = (ctx.api, ctx.plan);
        for (path, ops) in modules {
            files.0.deferred(
                path,
                Box::new(move || {
                    let ctx = Ctx::new(api, plan);
                    split::client_module(ops.into_iter().filter_map(|i| client::method(&ctx, i)))
                }),
            );
        }
        return;
    }
    let methods: Vec<TokenStream> =
        client::methods(ctx).into_iter().enumerate().map(|(i, m)| gate::methods(gate::operation(ctx, i), m)).collect();
    files.push(("src/client.rs".to_string(), Output::Rust(client::client(ctx, &methods, false))));
}

/// `params.rs` or `responses.rs` (`stem`): items of operations, split by their features when
/// the API is big.
fn operation_items(ctx: &Ctx<'_>, stem: &str, head: TokenStream, items: Vec<(usize, &str, TokenStream)>) -> Vec<(String, Output)> {
    let items: Vec<split::Item<'_>> =
        items.into_iter().map(|(i, name, tokens)| split::Item { gate: ctx.plan.features.operation(i), name, tokens }).collect();
    if split::splits_operations(ctx) {
        return split::reexported(ctx, stem, head, items, false);
    }
    let items = split::gated(ctx, items);
    vec![(format!("src/{stem}.rs"), Output::Rust(quote!(#head #(#items)*)))]
}

/// The optional modules a crate has beyond [`CrateUses`]: those whose content emitting found.
struct Modules {
    params: bool,
    responses: bool,
    /// The `webhooks` module exists only with the feature `webhooks`.
    webhooks_gated: bool,
    /// The crate has Cargo features (README.md lists them), `serialize` among them.
    features: bool,
    /// The crate-level `allow` of builds with only some features.
    partial: Option<TokenStream>,
    /// The support crate's `json_path.rs`: the client decodes JSON bodies
    /// (`call::decode_json`), or some union decodes its variants through `tagged.rs`.
    json_path: bool,
}

fn lib_rs(api: &Api, config: &Config, features: &CrateUses, modules: &Modules, recursion_limit: Option<usize>) -> TokenStream {
    let tokens = features.tokens;
    let partial = &modules.partial;
    let params_mod = modules.params.then(|| quote!(pub mod params;));
    let responses_mod = modules.responses.then(|| quote!(pub mod responses;));
    let webhooks_cfg = modules.webhooks_gated.then(|| quote!(#[cfg(feature = "webhooks")]));
    let webhooks_mod = features.webhooks.then(|| quote!(#webhooks_cfg pub mod webhooks;));
    let verify_mod = features.webhook_signatures.then(|| quote!(#[cfg(feature = "webhooks")] mod webhooks_verify;));
    let client_mods = features.client.then(|| {
        let multipart = (features.multipart || features.binary).then(|| quote!(pub mod multipart; pub use multipart::FilePart;));
        let auth_mod = tokens.then(|| quote!(mod auth;));
        let auth_use = tokens.then(|| quote!(pub use auth::{StaticToken, TokenProvider};));
        let oauth_mod = features.oauth.then(|| quote!(mod oauth;));
        let oauth_use = features.oauth.then(|| quote!(pub use oauth::{OAuthError, OAuthTokens};));
        let pages_mod = features.pagination.then(|| quote!(mod pagination;));
        let pages_use = features.pagination.then(|| quote!(pub use pagination::{Items, Pages};));
        quote! {
            #multipart
            #auth_mod
            mod api;
            mod call;
            mod client;
            mod error;
            #oauth_mod
            mod options;
            #pages_mod
            // The support crate's modules that the client's own modules name as `crate::redact`.
            use support::redact;

            #auth_use
            pub use client::{Client, ClientBuilder};
            pub use error::{ApiError, DecodeError, Error, ErrorBody};
            #oauth_use
            pub use options::RequestOptions;
            #pages_use
            #[doc(inline)]
            pub use support::response::Response;
            #[doc(inline)]
            pub use support::retry::RetryPolicy;
            #[doc(inline)]
            pub use support::transport::{BoxFuture, MaxResponseBytes, ReqwestTransport, Transport, TransportError, TransportErrorKind};
            /// The `http` crate, whose request and response types [`Transport`] uses.
            pub use http;
        }
    });
    let title = crate::text::one_line(&format!("{} {}", api.title, api.version));
    let mut text = format!("{title}: an async Rust client generated from its OpenAPI description.");
    if let Some(d) = &api.description {
        text.push_str("\n\n");
        text.push_str(d);
    }
    let mut docs = docs::inner_doc_attrs(&text);
    let mut own = String::new();
    if features.client {
        own.push_str(
            "\nStart with [`Client::builder`]; the types of request and response bodies are in [`models`].\n\n\
             Every call returns `Result<Response<T>, Error>`: [`Response`] keeps the status and headers, \
             [`Error`] tells transport failures, timeouts and error responses apart. A call that fails \
             transiently is sent again when that is safe ([`RetryPolicy`]); each attempt has a timeout. \
             [`Client::with_options`] gives a view of the client with other settings ([`RequestOptions`]: \
             timeout, retries, headers, credentials). Requests go through a [`Transport`], `reqwest` \
             unless you plug in another.\n",
        );
        if features.pagination {
            own.push_str("\nPaginated lists also come as streams of pages ([`Pages`]) and of items ([`Items`]).\n");
        }
    }
    if features.webhooks {
        // A link to a module that a feature leaves out breaks the docs of builds without it.
        let place = if modules.webhooks_gated { "the module `webhooks` (Cargo feature `webhooks`)" } else { "[`webhooks`]" };
        own.push_str(&format!(
            "\nWhat the API sends to your server (webhooks, callbacks) is in {place}: payload types and an event \
             enum, and signature verification when the API signs its deliveries.\n",
        ));
    }
    if modules.features {
        own.push_str(&format!(
            "\nThe crate's Cargo features (its README lists them) select groups of operations. The types the \
             client only receives implement `Serialize` only with the feature `{}`, on by default.\n",
            crate::plan::features::SERIALIZE
        ));
    }
    own.push_str(&format!(
        "\nThis crate is generated: regenerate it with {} instead of editing it.",
        docs::code(&config.regenerate_command)
    ));
    for line in runtime::doc_texts(&own) {
        let line = docs::doc_lit(&line);
        docs.push(quote!(#![doc = #line]));
    }
    let recursion = recursion_limit.map(|limit| {
        let limit = limit.to_string();
        quote!(#![recursion_limit = #limit])
    });
    quote! {
        #(#docs)*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #recursion
        #partial

        pub mod models;
        #params_mod
        #responses_mod
        #webhooks_mod
        #verify_mod
        #client_mods
    }
}

/// Paths of std types, spelled in full only where a generated model shadows them
/// ([`Plan::shadowed_std`]).
pub struct StdPaths {
    shadowed: Vec<&'static str>,
}

impl StdPaths {
    /// The `skip_serializing_if` function for optional fields.
    pub fn is_none(&self) -> &'static str {
        if self.shadowed.contains(&"Option") {
            "::std::option::Option::is_none"
        } else {
            "Option::is_none"
        }
    }

    /// `name` (one of [`crate::reserved::MODELS_STD`]) as the models module may spell it.
    pub fn path(&self, name: &'static str) -> TokenStream {
        let full = crate::reserved::MODELS_STD.iter().find(|(n, _)| *n == name).map(|(_, path)| *path);
        let text = match full {
            Some(path) if self.shadowed.contains(&name) => path,
            _ if name == "BTreeMap" => "std::collections::BTreeMap",
            _ => name,
        };
        path_tokens(text)
    }
}

/// The tokens of a Rust path written here (`Vec`, `chrono::NaiveDate`): a lone name is made
/// as the identifier it is, with no text to lex (types are spelled tens of thousands of times).
fn path_tokens(text: &str) -> TokenStream {
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        let ident = proc_macro2::Ident::new(text, proc_macro2::Span::call_site());
        return quote!(#ident);
    }
    text.parse().unwrap_or_else(|_| quote!(#text))
}

/// What emitters share.
pub struct Ctx<'a> {
    pub api: &'a Api,
    pub std: StdPaths,
    /// What the names, forms and helpers are: emitters print it.
    pub plan: &'a Plan,
}

impl<'a> Ctx<'a> {
    pub fn new(api: &'a Api, plan: &'a Plan) -> Self {
        Ctx { api, std: StdPaths { shadowed: plan.shadowed_std.clone() }, plan }
    }

    /// The Rust type of `ty`; `models` is the path prefix of model types where used.
    pub fn ty(&self, ty: &Ty, models: &TokenStream) -> TokenStream {
        self.rust(&crate::plan::spell(self.api, ty, crate::plan::Aliases::Keep), models)
    }

    /// The plan's Rust type as tokens, with std paths spelled in full where models shadow them.
    pub fn rust(&self, ty: &RustTy, models: &TokenStream) -> TokenStream {
        match ty {
            RustTy::Named(name) => {
                let name = format_ident!("{}", name);
                quote!(#models #name)
            }
            RustTy::Scalar(Scalar::String) => self.std.path("String"),
            RustTy::Scalar(Scalar::Bytes) => quote!(#models Base64),
            RustTy::Scalar(s) => path_tokens(crate::plan::rust_ty::scalar(*s)),
            RustTy::Tuple(items) => {
                let items = items.iter().map(|t| self.rust(t, models));
                quote!((#(#items,)*))
            }
            RustTy::Vec(inner) => {
                let vec = self.std.path("Vec");
                let inner = self.rust(inner, models);
                quote!(#vec<#inner>)
            }
            RustTy::Map(inner) => {
                let map = self.std.path("BTreeMap");
                let string = self.std.path("String");
                let inner = self.rust(inner, models);
                quote!(#map<#string, #inner>)
            }
            RustTy::Json => quote!(serde_json::Value),
            RustTy::Boxed(inner) => {
                let boxed = self.std.path("Box");
                let inner = self.rust(inner, models);
                quote!(#boxed<#inner>)
            }
            RustTy::Option(inner) => {
                let option = self.std.path("Option");
                let inner = self.rust(inner, models);
                quote!(#option<#inner>)
            }
        }
    }

    /// `ty` with named aliases replaced by what they stand for.
    pub fn resolve_alias(&self, ty: &Ty) -> Ty {
        crate::ir::unalias(self.api, ty).clone()
    }

    /// Whether values of `ty` can be compared with `Eq` (no floats or JSON values inside).
    pub fn is_eq(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Scalar(Scalar::F32 | Scalar::F64) | Ty::Any | Ty::Object => false,
            Ty::Scalar(_) => true,
            Ty::List(t) | Ty::Map(t) => self.is_eq(t),
            Ty::Tuple(items) => items.iter().all(|t| self.is_eq(t)),
            Ty::Named(id) => self.plan.eq.get(id.0).copied().unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_made_as_identifiers_are_the_lexed_tokens() {
        use crate::ir::Scalar::*;
        let scalars = [String, Bool, I32, I64, U32, U64, F32, F64, DateTime, Date, Uuid, Bytes].map(crate::plan::rust_ty::scalar);
        let std = crate::reserved::MODELS_STD.iter().flat_map(|(name, path)| [*name, *path]);
        for text in scalars.into_iter().chain(std).chain(["BTreeMap", "std::collections::BTreeMap", "r#type", "a_b"]) {
            let lexed: TokenStream = text.parse().unwrap();
            assert_eq!(format!("{:?}", path_tokens(text)), format!("{lexed:?}"), "{text}");
        }
    }
}
