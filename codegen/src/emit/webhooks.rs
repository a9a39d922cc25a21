//! The `webhooks` module of the generated crate: the payload types of what the API sends
//! to its users (re-exported from `models`), and, when the spec names a signature scheme
//! (`x-webhook-signature`), the verification of deliveries behind the crate's `webhooks`
//! feature: `webhooks_verify.rs` (from `codegen/runtime/src/`, the same for every API of the
//! scheme) and, here, the `Verifier` items that depend on the API.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::inner_doc_attrs;
use super::Ctx;
use crate::ir::webhooks::SignatureVersion;
use crate::ir::Ty;

/// `src/webhooks.rs`.
pub fn module(ctx: &Ctx<'_>) -> TokenStream {
    let hooks = &ctx.api.webhooks;
    let mut text = String::from(
        "What the API sends to your server: one type per payload, re-exported from `models`",
    );
    match hooks.event.map(|id| ctx.api.ty(id)) {
        Some(event) => text.push_str(&format!(
            ", and `{}`, which tells them apart and keeps kinds of events this version does not know as raw JSON \
             (`Unknown`). Payload types are lenient: unknown fields are ignored.",
            event.name
        )),
        None => text.push_str(". Payload types are lenient: unknown fields are ignored."),
    }
    text.push_str("\n\nDeliveries described by the API:\n");
    for h in &hooks.hooks {
        let what = crate::text::one_line(h.docs.title.as_deref().unwrap_or_default());
        text.push_str(&format!("\n- {} ({}): {}", super::docs::code(&h.key), h.method.as_str(), what));
    }
    let mut names: Vec<String> = hooks.payloads().into_iter().filter_map(|ty| named(ctx, ty)).collect();
    if let Some(id) = hooks.event {
        names.push(ctx.api.ty(id).name.clone());
    }
    names.sort();
    names.dedup();
    let idents = names.iter().map(|n| format_ident!("{}", n));
    let verify = ctx.plan.crate_uses.webhook_signatures.then(|| {
        let verifier = verifier_items(ctx);
        quote! {
            #[cfg(feature = "webhooks")]
            pub use crate::webhooks_verify::{SignatureVersion, Verifier, VerifyError, WebhookRequest};

            #verifier
        }
    });
    if ctx.plan.crate_uses.webhook_signatures {
        text.push_str(
            "\n\nChecking that a delivery comes from the API (feature `webhooks`, on by default): `Verifier`, \
             `WebhookRequest`, `VerifyError`.",
        );
    }
    let docs = inner_doc_attrs(&text);
    quote! {
        #(#docs)*

        pub use crate::models::{#(#idents),*};
        #verify
    }
}

fn named(ctx: &Ctx<'_>, ty: &Ty) -> Option<String> {
    match ty {
        Ty::Named(id) => Some(ctx.api.ty(*id).name.clone()),
        _ => None,
    }
}

/// The `Verifier` items that depend on the API (`webhooks_verify.rs` has the rest): `new`,
/// with the versions the spec lists, and `verify`, decoding its event type.
fn verifier_items(ctx: &Ctx<'_>) -> TokenStream {
    let versions = ctx.api.webhooks.signature.as_ref().map(|s| s.versions.clone()).unwrap_or_default();
    let default_versions = versions.iter().map(|v| match v {
        SignatureVersion::V3 => quote!(SignatureVersion::V3),
        SignatureVersion::V2 => quote!(SignatureVersion::V2),
        SignatureVersion::V1 => quote!(SignatureVersion::V1),
    });
    let accepted = versions.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ");
    let new_doc = format!(" A verifier with the app's client secret, accepting {accepted} (what the spec lists).");
    let event = ctx.api.webhooks.event.map(|id| {
        let name = format_ident!("{}", ctx.api.ty(id).name);
        let doc = format!(" Checks the signature, then decodes the body as a [`crate::models::{name}`].");
        // `#[inline]`: compiled where it is called, not in the crate whether used or not (it
        // reaches the decoders of every payload type).
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn verify(&self, request: &WebhookRequest<'_>) -> Result<crate::models::#name, VerifyError> {
                self.verify_as(request)
            }
        }
    });
    quote! {
        #[cfg(feature = "webhooks")]
        impl Verifier {
            #[doc = #new_doc]
            pub fn new(client_secret: impl AsRef<[u8]>) -> Self {
                Verifier::with_versions(client_secret, &[#(#default_versions),*])
            }

            #event
        }
    }
}
