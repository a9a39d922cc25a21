//! `params.rs`: a struct of the optional parameters of each operation that has any.

use super::*;

/// The doc of `params.rs`.
pub fn params_doc() -> TokenStream {
    quote! {
        //! Optional parameters of operations, one struct per operation that has some.
    }
}

/// `params.rs`'s items: a struct of the optional parameters of each operation that has some,
/// without its `cfg`, with its operation's index and its name.
pub fn params<'a>(ctx: &Ctx<'a>) -> Vec<(usize, &'a str, TokenStream)> {
    ctx.api
        .operations
        .iter()
        .enumerate()
        .zip(&ctx.plan.operations)
        .filter_map(|((i, op), plan)| Some((i, op, plan.params.as_deref()?)))
        .map(|(i, op, params_name)| {
            let name = format_ident!("{}", params_name);
            let doc = crate::emit::docs::doc_lit(&format!(" Optional parameters of [`Client::{}`](crate::Client::{}).", op.name, op.name));
            let fields = op.params.iter().filter(|p| !p.required).map(|p| {
                let ident = format_ident!("{}", p.name);
                let ty = ctx.ty(&p.ty, &quote!(crate::models::));
                let docs = doc_attrs(&item_text(&p.docs, &format!("The {} {} parameter.", code(&p.wire), location(p.location))));
                quote! {
                    #(#docs)*
                    pub #ident: Option<#ty>,
                }
            });
            let tokens = quote! {
                #[doc = #doc]
                ///
                /// Start from `Default::default()` and set what you need.
                #[derive(Debug, Clone, Default, PartialEq)]
                pub struct #name {
                    #(#fields)*
                }
            };
            (i, params_name, tokens)
        })
        .collect()
}

pub(super) fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
