//! The documented error bodies of an operation, for APIs whose operations document different
//! ones (see [`crate::plan::errors`]): an enum per operation in `responses.rs`, with a variant
//! per status and `of(&Error)`, which decodes the body of an error response into the variant
//! of its status.

use super::*;
use crate::plan::errors::ErrorBodies;

/// The error enums of the operations that have documented error bodies, each without the
/// `cfg` of its operation, with the operation's index and the enum's name.
pub(super) fn error_enums<'a>(ctx: &Ctx<'a>) -> Vec<(usize, &'a str, TokenStream)> {
    // One measure of the types for every enum: a fresh one per status zeroed and walked the
    // API's types 1,877 times on GitHub's spec.
    let mut sizes = crate::ir::Sizes::new(ctx.api);
    ctx.api
        .operations
        .iter()
        .enumerate()
        .filter_map(|(i, op)| {
            let bodies = ctx.plan.operation(i)?.errors.as_ref()?;
            Some((i, bodies.name.as_str(), error_enum(ctx, op, bodies, &mut sizes)))
        })
        .collect()
}

/// The line of a method's documentation that points at its error enum.
pub(super) fn error_note(bodies: &ErrorBodies) -> TokenStream {
    let text = format!(
        " The documented error bodies decode with [`responses::{0}::of`](crate::responses::{0}::of).",
        bodies.name
    );
    let text = crate::emit::docs::doc_lit(&text);
    quote! {
        #[doc = ""]
        #[doc = #text]
    }
}

fn error_enum(ctx: &Ctx<'_>, op: &Operation, bodies: &ErrorBodies, sizes: &mut crate::ir::Sizes) -> TokenStream {
    let models = quote!(crate::models::);
    let name = format_ident!("{}", bodies.name);
    let doc = format!(
        " The documented error bodies of [`Client::{}`](crate::Client::{}), one variant per status: [`{}::of`] decodes the body of an error response into the variant of its status.",
        op.name, op.name, bodies.name
    );
    let doc = crate::emit::docs::doc_lit(&doc);
    let sizes: Vec<usize> = bodies.statuses.iter().map(|s| sizes.of(ctx.api, &s.ty)).collect();
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
    // `error_of!` writes `of`: a `match` of these arms, then `_ => None`.
    let arms = bodies.statuses.iter().zip(&boxed).map(|(s, boxed)| {
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
        let ident = status_variant(&s.status);
        if *boxed {
            quote!(#pattern => #ident(Box))
        } else {
            quote!(#pattern => #ident)
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        crate::error::error_of!(#name #(, #arms)*);
    }
}
