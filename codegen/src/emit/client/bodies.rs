//! The structs of typed multipart bodies (in the models module): one field per property,
//! files as `FilePart`s, and the `multipart::Form` each one becomes.

use super::*;
use crate::ir::{Part, PartKind};
use crate::plan::operations::header_media;

/// Every typed multipart body's struct (and its impls), for the end of the models module,
/// without the `cfg` of its operation, with the operation's index and the struct's name.
pub fn multipart_bodies<'a>(ctx: &Ctx<'a>) -> Vec<(usize, &'a str, TokenStream)> {
    ctx.api
        .operations
        .iter()
        .enumerate()
        .filter_map(|(i, op)| {
            let body = op.body.as_ref().filter(|b| b.kind == BodyKind::Multipart)?;
            Some((i, body.name.as_str(), structure(ctx, op, &body.name, body.parts.as_ref()?)))
        })
        .collect()
}

fn structure(ctx: &Ctx<'_>, op: &Operation, name: &str, parts: &[Part]) -> TokenStream {
    let name = format_ident!("{}", name);
    let option = ctx.std.path("Option");
    let vec = ctx.std.path("Vec");
    let result = ctx.std.path("Result");
    let here = quote!();
    let mut fields = Vec::new();
    let mut params = Vec::new();
    let mut inits = Vec::new();
    let mut pushes = Vec::new();
    for p in parts {
        let ident = format_ident!("{}", p.name);
        let wire = &p.wire;
        let ty = match &p.kind {
            PartKind::File => quote!(crate::FilePart),
            PartKind::Files => quote!(#vec<crate::FilePart>),
            PartKind::Value(ty) | PartKind::Json(ty) => ctx.ty(ty, &here),
        };
        let declared = match &p.content_type {
            Some(media) => {
                let media = header_media(media, "application/octet-stream");
                quote!(Some(#media))
            }
            None => quote!(None),
        };
        // `value`: a reference to the field's value (or to one item of it).
        let push = |value: TokenStream| match &p.kind {
            PartKind::File | PartKind::Files => quote!(form = form.file_part(#wire, #value, #declared);),
            PartKind::Json(_) => quote!(form = form.json(#wire, #value)?;),
            PartKind::Value(ty) if crate::ir::is_text_part(ctx.api, ty) => quote!(form = form.value(#wire, #value);),
            PartKind::Value(_) => quote!(form = form.json(#wire, #value)?;),
        };
        let per_item = match &p.kind {
            PartKind::Files => true,
            PartKind::Value(ty) => crate::ir::is_text_part(ctx.api, ty) && matches!(crate::ir::unalias(ctx.api, ty), Ty::List(_)),
            _ => false,
        };
        let one = if per_item {
            let each = push(quote!(item));
            quote!(for item in value { #each })
        } else {
            push(quote!(value))
        };
        pushes.push(if p.required {
            quote! { let value = &self.#ident; #one }
        } else {
            quote! { if let Some(value) = &self.#ident { #one } }
        });
        let docs = doc_attrs(&item_text(&p.docs, &code(wire)));
        if p.required {
            params.push(quote!(#ident: #ty));
            inits.push(quote!(#ident));
            fields.push(quote!(#(#docs)* pub #ident: #ty,));
        } else {
            inits.push(quote!(#ident: None));
            fields.push(quote!(#(#docs)* pub #ident: #option<#ty>,));
        }
    }
    let docs = doc_attrs(&format!(
        "The `multipart/form-data` body of [`Client::{op}`](crate::Client::{op}): each field is a part \
         of that name, files as [`FilePart`](crate::FilePart)s.",
        op = op.name
    ));
    let allow = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let default = params.is_empty().then(|| quote!(Default,));
    quote! {
        #(#docs)*
        #[derive(Debug, Clone, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// A body with the required parts; optional parts start unset.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }

            /// The form this body is sent as, its parts in the API's order.
            pub(crate) fn to_form(&self) -> #result<crate::multipart::Form, crate::Error> {
                let mut form = crate::multipart::Form::new();
                #(#pushes)*
                #result::Ok(form)
            }
        }
    }
}
