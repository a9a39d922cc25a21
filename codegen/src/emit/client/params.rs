//! `params.rs`: a struct of the optional parameters of each operation that has any.

use super::*;

/// `params.rs`: a struct of the optional parameters of each operation that has some.
pub fn params(ctx: &Ctx<'_>) -> Option<TokenStream> {
    let structs: Vec<TokenStream> = ctx
        .api
        .operations
        .iter()
        .enumerate()
        .zip(&ctx.plan.operations)
        .filter_map(|((i, op), plan)| Some((i, op, plan.params.as_ref()?)))
        .map(|(i, op, params_name)| {
            let name = format_ident!("{}", params_name);
            let doc = format!(" Optional parameters of [`Client::{}`](crate::Client::{}).", op.name, op.name);
            let fields = op.params.iter().filter(|p| !p.required).map(|p| {
                let ident = format_ident!("{}", p.name);
                let ty = ctx.ty(&p.ty, &quote!(crate::models::));
                let docs = doc_attrs(&item_text(&p.docs, &format!("The {} {} parameter.", code(&p.wire), location(p.location))));
                quote! {
                    #(#docs)*
                    pub #ident: Option<#ty>,
                }
            });
            let cfg = crate::emit::gate::operation(ctx, i);
            quote! {
                #cfg
                #[doc = #doc]
                ///
                /// Start from `Default::default()` and set what you need.
                #[derive(Debug, Clone, Default, PartialEq)]
                pub struct #name {
                    #(#fields)*
                }
            }
        })
        .collect();
    if structs.is_empty() {
        return None;
    }
    Some(quote! {
        //! Optional parameters of operations, one struct per operation that has some.
        #(#structs)*
    })
}

pub(super) fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
