//! The page helpers of a paginated operation (`<op>_pages`, `<op>_stream`), as the plan
//! names them.

use super::*;

/// `<op>_pages` and `<op>_stream` for a paginated operation.
pub(super) fn pagination_methods(
    ctx: &Ctx<'_>,
    op: &Operation,
    p: &Pagination,
    helpers: &PageHelpers,
    positional: &[&Param],
    params_struct: Option<&Ident>,
) -> Option<TokenStream> {
    let params_struct = params_struct?;
    let page_ty = &helpers.page;
    let page = ctx.ty(page_ty, &quote!(models::));
    let cursor_param = op.params.iter().find(|q| q.location == ParamLocation::Query && q.wire == p.cursor_param)?;
    let cursor_ident = format_ident!("{}", cursor_param.name);
    let l = &op.locals;
    let (client, cursor_local, page_local) = (format_ident!("{}", l.client), format_ident!("{}", l.cursor), format_ident!("{}", l.page));
    let clone = format_ident!("{}", reserved::CLONE);
    let cursor = access_ref(ctx, page_ty, &p.next_cursor, &page_local)?;
    let item = ctx.ty(&helpers.item, &quote!(models::));
    let items = access_owned(ctx, page_ty, &p.items, &page_local)?;
    let name = format_ident!("{}", op.name);
    let pages_name = format_ident!("{}", helpers.pages);
    let stream_name = format_ident!("{}", helpers.stream);
    // Arguments as the page methods take them, owned copies for the closure, and how each
    // page's call borrows them again.
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut call_args = Vec::new();
    let mut names = Vec::new();
    for q in positional {
        let ident = format_ident!("{}", q.name);
        let ty = arg_ty(ctx, &q.ty);
        args.push(quote!(#ident: #ty));
        names.push(quote!(#ident));
        match &q.ty {
            Ty::Scalar(Scalar::String) => {
                owned.push(quote!(let #ident = #ident.to_string();));
                call_args.push(quote!(&#ident));
            }
            Ty::List(_) => {
                owned.push(quote!(let #ident = #ident.to_vec();));
                call_args.push(quote!(&#ident));
            }
            Ty::Named(_) | Ty::Map(_) | Ty::Tuple(_) | Ty::Any | Ty::Object | Ty::Scalar(Scalar::Bytes) => {
                owned.push(quote!(let #ident = #ident.clone();));
                call_args.push(quote!(&#ident));
            }
            Ty::Scalar(_) => call_args.push(quote!(#ident)),
        }
    }
    args.push(quote!(params: &crate::params::#params_struct));
    names.push(quote!(params));
    call_args.push(quote!(&params));
    if let Some(body) = &op.body {
        let ty = body_arg(ctx, body);
        args.push(quote!(body: #ty));
        names.push(quote!(body));
        owned.push(quote!(let body = body.clone();));
        call_args.push(quote!(&body));
    }
    let clone_owned: Vec<TokenStream> = positional
        .iter()
        .filter(|q| !matches!(q.ty, Ty::Scalar(ref s) if *s != Scalar::String))
        .map(|q| {
            let ident = format_ident!("{}", q.name);
            quote!(let #ident = #ident.clone();)
        })
        .chain(op.body.as_ref().map(|_| quote!(let body = body.clone();)))
        .collect();
    let wire = code(&p.cursor_param);
    let next_path = code(&p.next_cursor.join("."));
    let items_text = code(&p.items.join("."));
    let pages_doc = doc_lines(&format!(
        "Every page of [`{op}`](Self::{op}), fetched as the stream is read: the first with \
         `params` as given (its {wire} included), each next one with {wire} set to the \
         previous page's {next_path}. See [`Pages`].",
        op = op.name,
    ));
    let stream_doc = doc_lines(&format!(
        "Every item ({items_text}) of every page of [`{op}`](Self::{op}), fetched a page at a \
         time as the stream is read. See [`Items`].",
        op = op.name,
    ));
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #(#pages_doc)*
        #allow
        pub fn #pages_name(&self, #(#args),*) -> Pages<#page> {
            let #client = self.#clone();
            #(#owned)*
            let params = params.clone();
            Pages::new(
                params.#cursor_ident.clone(),
                move |#cursor_local| {
                    let #client = #client.clone();
                    let mut params = params.clone();
                    params.#cursor_ident = #cursor_local;
                    #(#clone_owned)*
                    Box::pin(async move { #client.#name(#(#call_args),*).await })
                },
                |#page_local| #cursor,
            )
        }

        #(#stream_doc)*
        #allow
        pub fn #stream_name(&self, #(#args),*) -> Items<#item> {
            Items::new(self.#pages_name(#(#names),*), |#page_local| #items)
        }
    })
}

/// `Option<String>` of the string at `path` below `page: &T`.
pub(super) fn access_ref(ctx: &Ctx<'_>, root: &Ty, path: &[String], page: &Ident) -> Option<TokenStream> {
    let fields = crate::ir::field_path(ctx.api, root, path)?;
    let mut expr = quote!(#page);
    let mut optional = false;
    let mut owner_ty = root.clone();
    for field in fields {
        let owner = struct_of(ctx, &owner_ty)?;
        let ident = format_ident!("{}", field.name);
        let as_ref = if field.boxed { quote!(as_deref) } else { quote!(as_ref) };
        expr = match (optional, is_option(owner, field)) {
            (false, true) => quote!(#expr.#ident.#as_ref()),
            (false, false) => quote!(#expr.#ident),
            (true, true) => quote!(#expr.and_then(|v| v.#ident.#as_ref())),
            (true, false) => quote!(#expr.map(|v| &v.#ident)),
        };
        optional |= is_option(owner, field);
        owner_ty = field.ty.clone();
    }
    Some(if optional { quote!(#expr.cloned()) } else { quote!(Some(#expr.clone())) })
}

/// The `Vec` at `path`, moved out of `page: T`; empty when a step on the way is absent.
pub(super) fn access_owned(ctx: &Ctx<'_>, root: &Ty, path: &[String], page: &Ident) -> Option<TokenStream> {
    let fields = crate::ir::field_path(ctx.api, root, path)?;
    let mut expr = quote!(#page);
    let mut optional = false;
    let mut owner_ty = root.clone();
    for field in fields {
        let owner = struct_of(ctx, &owner_ty)?;
        let ident = format_ident!("{}", field.name);
        expr = match (optional, is_option(owner, field), field.boxed) {
            (false, true, false) => quote!(#expr.#ident),
            (false, true, true) => quote!(#expr.#ident.map(|v| *v)),
            (false, false, false) => quote!(#expr.#ident),
            (false, false, true) => quote!((*#expr.#ident)),
            (true, true, false) => quote!(#expr.and_then(|v| v.#ident)),
            (true, true, true) => quote!(#expr.and_then(|v| v.#ident).map(|v| *v)),
            (true, false, false) => quote!(#expr.map(|v| v.#ident)),
            (true, false, true) => quote!(#expr.map(|v| *v.#ident)),
        };
        optional |= is_option(owner, field);
        owner_ty = field.ty.clone();
    }
    Some(if optional { quote!(#expr.unwrap_or_default()) } else { expr })
}
