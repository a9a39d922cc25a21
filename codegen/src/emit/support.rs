//! The support crate beside the client crate (`support/`, package `<crate>-support`): the
//! runtime modules that name no type of the API, so that they are a dependency compiled once
//! (and shared by crates split out of the client) rather than modules recompiled with the
//! client. The client crate depends on it under the name [`crate::reserved::SUPPORT`].
//!
//! It is always written, even when no module is needed (an empty crate builds in an instant):
//! so every generated crate has the same layout and the same manifest line, and a regen that
//! starts needing it changes no more than the modules.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::runtime;
use crate::config::Config;
use crate::output::Output;
use crate::plan::{CallUses, CrateUses};
use crate::text::{one_line, toml_string};

/// The folder of the support crate, relative to the client crate's root.
pub const DIR: &str = "support";

/// The modules the support crate carries, in `lib.rs` order.
pub struct Modules {
    pub base64_text: bool,
    /// The client's: the steps of a call that name no API type (with the regions of the
    /// operations' `uses`), the check of path segments (`path`: some path has one made from a
    /// parameter) and the events of `tracing` (`trace`, behind the feature of that name).
    pub call: Option<CallUses>,
    pub path: bool,
    pub trace: bool,
    pub open_enum: bool,
    pub constructors: bool,
    /// The client's: `DecodeError` and the text of its errors (`decodes`: it makes
    /// `DecodeError`s).
    pub error: bool,
    pub decodes: bool,
    /// `error`'s: a token provider can fail (`tokens`); `OAuthTokens` time out (`oauth`).
    pub tokens: bool,
    pub struct_de: bool,
    pub json_path: bool,
    /// The OAuth token requests behind the client's `OAuthTokens` (an authorization-code or
    /// client-credentials flow).
    pub oauth: bool,
    /// `json_path`'s `forget`: the client's body decode starts by forgetting what a union noted.
    pub forget: bool,
    pub tagged: bool,
    pub untagged: bool,
    /// The client's: the redaction of secrets in errors (`schemes`: requests carry some),
    /// `Response`, `RetryPolicy` and the transport.
    pub redact: bool,
    pub schemes: bool,
    pub response: bool,
    pub retry: bool,
    pub transport: bool,
    /// HubSpot's webhook signatures, behind the feature `webhooks` (its crypto dependencies
    /// optional), which the client's feature of that name turns on.
    pub webhooks_verify: bool,
}

impl Modules {
    pub fn of(features: &CrateUses, json_path: bool, forget: bool, uses: CallUses, decodes: bool) -> Self {
        let schemes = uses.schemes;
        Modules {
            base64_text: features.bytes,
            call: features.client.then_some(uses),
            path: features.client && features.path_params,
            trace: features.client,
            open_enum: features.open_enums,
            constructors: features.constructors.any(),
            error: features.client,
            decodes,
            tokens: features.client && features.tokens,
            struct_de: features.struct_de,
            json_path,
            oauth: features.client && features.oauth,
            forget,
            tagged: features.tagged(),
            untagged: features.untagged,
            redact: features.client,
            schemes,
            response: features.client,
            retry: features.client,
            transport: features.client,
            webhooks_verify: features.webhook_signatures,
        }
    }

    /// `(name, present)` in `lib.rs` order.
    fn list(&self) -> [(&'static str, bool); 18] {
        [
            ("base64_text", self.base64_text),
            ("call", self.call.is_some()),
            ("client", self.call.is_some()),
            ("constructors", self.constructors),
            ("error", self.error),
            ("json_path", self.json_path),
            ("oauth", self.oauth),
            ("open_enum", self.open_enum),
            ("path", self.path),
            ("redact", self.redact),
            ("response", self.response),
            ("retry", self.retry),
            ("struct_de", self.struct_de),
            ("tagged", self.tagged),
            ("trace", self.trace),
            ("transport", self.transport),
            ("untagged", self.untagged),
            ("webhooks_verify", self.webhooks_verify),
        ]
    }
}

/// The support crate's feature of the signature check (named as the client's feature that
/// turns it on).
pub const WEBHOOKS_FEATURE: &str = "webhooks";

/// The support crate's feature of the events of calls (named as the client's feature that
/// turns it on).
pub const TRACING_FEATURE: &str = "tracing";

/// The package name: the client's, suffixed, so that two vendored clients never clash.
pub fn package(config: &Config) -> String {
    format!("{}-support", config.crate_name)
}

/// The client manifest's line for it.
pub fn dependency(config: &Config) -> String {
    super::manifest::path_dependency(crate::reserved::SUPPORT, &package(config), DIR, false)
}

/// Every file of the support crate, by path relative to the client crate's root.
pub fn files(config: &Config, features: &CrateUses, modules: &Modules) -> Vec<(String, Output)> {
    let mut files = vec![
        (format!("{DIR}/Cargo.toml"), Output::Text(cargo_toml(config, features, modules))),
        (format!("{DIR}/src/lib.rs"), Output::Rust(lib_rs(config, modules))),
    ];
    let mut push = |name: &str, output: Output| files.push((format!("{DIR}/src/{name}.rs"), output));
    if modules.base64_text {
        push("base64_text", runtime::base64_text());
    }
    if let Some(uses) = modules.call {
        push("call", runtime::call_support(uses));
        push("client", runtime::client_support(modules.path));
    }
    if modules.constructors {
        push("constructors", runtime::constructors(&features.constructors));
    }
    if modules.error {
        push("error", runtime::error_support(modules.decodes, modules.tokens, modules.oauth));
    }
    if modules.json_path {
        push("json_path", runtime::json_path(features.tagged_unions, modules.forget, modules.untagged));
    }
    if modules.oauth {
        push("oauth", runtime::oauth_support());
    }
    if modules.open_enum {
        push("open_enum", runtime::open_enum());
    }
    if modules.path {
        push("path", runtime::path());
    }
    if modules.redact {
        push("redact", runtime::redact(modules.schemes));
    }
    if modules.response {
        push("response", runtime::response());
    }
    if modules.retry {
        push("retry", runtime::retry());
    }
    if modules.struct_de {
        push("struct_de", runtime::struct_de());
    }
    if modules.tagged {
        push("tagged", runtime::tagged(&features.tagged_file, modules.untagged));
    }
    if modules.trace {
        push("trace", runtime::trace());
    }
    if modules.transport {
        push("transport", runtime::transport());
    }
    if modules.untagged {
        push("untagged", runtime::untagged());
    }
    if modules.webhooks_verify {
        push("webhooks_verify", runtime::webhooks_verify_support());
    }
    files
}

fn cargo_toml(config: &Config, features: &CrateUses, modules: &Modules) -> String {
    let mut deps = Vec::new();
    // The vocabulary of `HeaderMap`s (already in the client's tree).
    if modules.redact || modules.response || modules.retry || modules.error {
        deps.push("http = \"1\"".to_string());
    }
    if modules.transport {
        // The default transport, as in the client's manifest (reqwest's tree has the others).
        deps.push("bytes = \"1\"".to_string());
        deps.push("reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\"] }".to_string());
        // `oauth`'s `Tokens` waits on tokio's mutex for the one token request in flight.
        let tokio = if modules.oauth { "[\"rt\", \"sync\", \"time\"]" } else { "[\"rt\", \"time\"]" };
        deps.push(format!("tokio = {{ version = \"1\", default-features = false, features = {tokio} }}"));
    }
    // `constructors`, `json_path`, `redact`, `response` and `retry` need no serde of their own; the rest
    // implement or call its traits, and `tagged`'s `WithTag` derives `Serialize` (the client's
    // manifest turns `derive` on anyway: declaring it costs nothing and lets the crate build alone).
    if modules.base64_text || modules.open_enum || modules.struct_de || modules.tagged || modules.untagged || modules.error {
        deps.push(if modules.tagged { "serde = { version = \"1\", features = [\"derive\"] }" } else { "serde = \"1\"" }.to_string());
    }
    if modules.json_path || modules.tagged || modules.untagged || modules.redact || modules.oauth || modules.error {
        // `raw_value`: unions decode from the raw JSON text (as in the client's manifest).
        deps.push(super::manifest::serde_json(features.raw_json));
    }
    // The signature check's crypto: optional, so that a client built without its `webhooks`
    // feature builds none of it; so is `tracing`, which the client's feature of that name turns on.
    let mut feature_lines = String::new();
    let mut features_list = Vec::new();
    if modules.trace {
        deps.push("tracing = { version = \"0.1\", default-features = false, features = [\"std\"], optional = true }".to_string());
        features_list.push(format!(
            "# The events of a call's attempts (the client's feature `tracing` turns it on).\n{TRACING_FEATURE} = [\"dep:tracing\"]\n"
        ));
    }
    if modules.webhooks_verify {
        deps.push("base64 = { version = \"0.22\", optional = true }".to_string());
        deps.push("hmac = { version = \"0.12\", optional = true }".to_string());
        deps.push("sha2 = { version = \"0.10\", optional = true }".to_string());
        features_list.push(format!(
            "# Verification of webhook signatures (the client's feature `webhooks` turns it on).\n{} = [\"dep:base64\", \"dep:hmac\", \"dep:sha2\"]\n",
            WEBHOOKS_FEATURE
        ));
    }
    features_list.sort();
    if !features_list.is_empty() {
        feature_lines = format!("\n[features]\n{}", features_list.concat());
    }
    let description = toml_string(&one_line(&format!("Support code of the `{}` client (generated with it; not an API of its own).", config.crate_name)));
    deps.sort();
    format!(
        "{}{}{feature_lines}",
        super::manifest::package_head(config, &package(config), &description),
        deps.iter().map(|d| format!("{d}\n")).collect::<String>()
    )
}

fn lib_rs(config: &Config, modules: &Modules) -> TokenStream {
    let doc = format!(
        " Support code of the `{}` client, generated with it: what its models and client use whatever the API. Its \
         items are the client's internals (hidden from the docs); the types users name are re-exported by the client.",
        one_line(&config.crate_name)
    );
    let docs = runtime::doc_texts(doc.trim_start()).into_iter().map(|line| {
        let line = super::docs::doc_lit(&line);
        quote!(#![doc = #line])
    });
    let mods = modules.list().into_iter().filter(|(_, on)| *on).map(|(name, _)| {
        let ident = format_ident!("{}", name);
        // The public types (`Base64`, `DecodeError`, `OAuthError`, `Response`, `RetryPolicy`, `Transport`...) are re-exported by the client,
        // where users meet them; the rest are internals.
        let hidden = !matches!(name, "base64_text" | "error" | "oauth" | "response" | "retry" | "transport" | "webhooks_verify");
        let hidden = hidden.then(|| quote!(#[doc(hidden)]));
        let gate = (name == "webhooks_verify").then(|| quote!(#[cfg(feature = "webhooks")]));
        quote!(#hidden #gate pub mod #ident;)
    });
    // `trace`'s events name the client's module as their target, as if written there.
    let target = modules.trace.then(|| {
        let target = format!("{}::call::trace", config.crate_name.replace('-', "_"));
        quote! {
            /// The target of `trace`'s events: the client's module.
            #[cfg(feature = "tracing")]
            pub const TRACE_TARGET: &str = #target;
        }
    });
    quote! {
        #(#docs)*
        #![forbid(unsafe_code)]

        #(#mods)*
        #target
    }
}
