//! The documented error bodies of an operation, for APIs whose operations document different
//! ones (see [`crate::plan::errors`]): an enum per operation in `responses.rs`, with a variant
//! per status and `of(&Error)`, which decodes the body of an error response into the variant
//! of its status.

use super::*;
use crate::plan::errors::{ErrorBodies, ErrorStatus};

/// The error enums of the operations that have documented error bodies, each without the
/// `cfg` of its operation, with the operation's index and the enum's name.
pub(super) fn error_enums<'a>(ctx: &Ctx<'a>) -> Vec<(usize, &'a str, TokenStream)> {
    ctx.api
        .operations
        .iter()
        .enumerate()
        .filter_map(|(i, op)| {
            let bodies = ctx.plan.operation(i)?.errors.as_ref()?;
            Some((i, bodies.name.as_str(), error_enum(ctx, op, bodies)))
        })
        .collect()
}

/// The line of a method's documentation that points at its error enum.
pub(super) fn error_note(bodies: &ErrorBodies) -> TokenStream {
    let text = format!(
        " The documented error bodies decode with [`responses::{0}::of`](crate::responses::{0}::of).",
        bodies.name
    );
    quote! {
        #[doc = ""]
        #[doc = #text]
    }
}

fn error_enum(ctx: &Ctx<'_>, op: &Operation, bodies: &ErrorBodies) -> TokenStream {
    let models = quote!(crate::models::);
    let name = format_ident!("{}", bodies.name);
    let doc = format!(
        " The documented error bodies of [`Client::{}`](crate::Client::{}), one variant per status: [`{}::of`] decodes the body of an error response into the variant of its status.",
        op.name, op.name, bodies.name
    );
    let sizes: Vec<usize> = bodies.statuses.iter().map(|s| crate::ir::estimated_size(ctx.api, &s.ty)).collect();
    let boxed = crate::ir::variants_to_box(&sizes);
    let variants = bodies.statuses.iter().zip(&boxed).map(|(s, boxed)| {
        let ident = status_variant(&s.status);
        let text = match &s.description {
            Some(d) => format!("`{}`: {d}", status_text(&s.status)),
            None => format!("`{}`", status_text(&s.status)),
        };
        let docs = doc_attrs(&text);
        let ty = ctx.ty(&s.ty, &models);
        let ty = if *boxed { quote!(Box<#ty>) } else { ty };
        quote!(#(#docs)* #ident(#ty),)
    });
    let decode = |s: &ErrorStatus, boxed: bool| {
        let ident = status_variant(&s.status);
        let wrap = if boxed { quote!(|v| Self::#ident(Box::new(v))) } else { quote!(Self::#ident) };
        quote!(serde_json::from_value(body).ok().map(#wrap))
    };
    let arms: Vec<TokenStream> = bodies
        .statuses
        .iter()
        .zip(&boxed)
        .map(|(s, boxed)| {
            let pattern = match &s.status {
                Status::Code(c) => {
                    let c = proc_macro2::Literal::u16_unsuffixed(*c);
                    quote!(#c)
                }
                Status::Range(d) => {
                    let lo = proc_macro2::Literal::u16_unsuffixed(d.saturating_mul(100));
                    let hi = proc_macro2::Literal::u16_unsuffixed(d.saturating_mul(100).saturating_add(99));
                    quote!(#lo..=#hi)
                }
                Status::Default => quote!(_),
            };
            let value = decode(s, *boxed);
            quote!(#pattern => #value,)
        })
        .collect();
    let has_default = bodies.statuses.iter().any(|s| s.status == Status::Default);
    let body = match bodies.statuses.as_slice() {
        [only] if only.status == Status::Default => decode(only, boxed.first().copied().unwrap_or(false)),
        _ => {
            let fallback = (!has_default).then(|| quote!(_ => None,));
            quote! {
                match api.status {
                    #(#arms)*
                    #fallback
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The documented body of `error`'s status, decoded (from the whole body, before
            /// the cut of `ApiError::raw`); `None` when `error` is no error response, its status
            /// has no documented body, or the body does not decode (`ApiError::raw` has it then).
            // Compiled where it is called, not in the crate for every operation (it reaches
            // the decoders of the bodies' models).
            #[inline]
            pub fn of(error: &crate::Error) -> Option<Self> {
                let api = error.api()?;
                let body = api.body.clone()?;
                #body
            }
        }
    }
}
