//! The page helpers of a paginated operation (`<op>_pages`, `<op>_stream`), as the plan
//! names them.

use super::*;

/// `<op>_pages` and `<op>_stream` for a paginated operation.
pub(super) fn pagination_methods(
    ctx: &Ctx<'_>,
    op: &Operation,
    plan: &OperationPlan,
    p: &Pagination,
    helpers: &PageHelpers,
) -> Option<TokenStream> {
    let params_struct = format_ident!("{}", plan.params.as_ref()?);
    let page = ctx.ty(&helpers.page, &quote!(models::));
    let cursor_ident = format_ident!("{}", helpers.paging.cursor_field);
    let l = &plan.locals;
    let (client, cursor_local, page_local) = (format_ident!("{}", l.client), format_ident!("{}", l.cursor), format_ident!("{}", l.page));
    let clone = format_ident!("{}", reserved::CLONE);
    let cursor = access_ref(&helpers.paging.next_cursor, &page_local);
    let item = ctx.ty(&helpers.item, &quote!(models::));
    let items = access_owned(&helpers.paging.items, &page_local);
    let name = format_ident!("{}", plan.method);
    let pages_name = format_ident!("{}", helpers.pages);
    let stream_name = format_ident!("{}", helpers.stream);
    // Arguments as the page methods take them, owned copies for the closure, and how each
    // page's call borrows them again.
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut call_args = Vec::new();
    let mut names = Vec::new();
    // Arguments passed by value are copied into each page's call; the others are owned
    // by the closure and cloned for each page.
    let mut clone_owned = Vec::new();
    for a in &plan.args {
        let ident = format_ident!("{}", a.name);
        let ty = arg_ty(ctx, &a.form);
        args.push(quote!(#ident: #ty));
        names.push(quote!(#ident));
        let to_owned = match &a.form {
            ArgForm::Value(_) => {
                call_args.push(quote!(#ident));
                continue;
            }
            ArgForm::Str => quote!(to_string),
            ArgForm::Slice(_) => quote!(to_vec),
            ArgForm::Ref(_) | ArgForm::File | ArgForm::Form | ArgForm::Parts(_) => quote!(clone),
        };
        owned.push(quote!(let #ident = #ident.#to_owned();));
        call_args.push(quote!(&#ident));
        clone_owned.push(quote!(let #ident = #ident.clone();));
    }
    args.push(quote!(params: &crate::params::#params_struct));
    names.push(quote!(params));
    call_args.push(quote!(&params));
    if let Some(form) = &plan.body {
        let ty = arg_ty(ctx, form);
        args.push(quote!(body: #ty));
        names.push(quote!(body));
        owned.push(quote!(let body = body.clone();));
        call_args.push(quote!(&body));
        clone_owned.push(quote!(let body = body.clone();));
    }
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
    // `#[inline]`: both are non-generic, so without it the crate itself would compile them and
    // all they reach (the operation's future, boxed, and every decoder of the page's models),
    // used or not; inline, they are compiled where they are called, as the operations are.
    Some(quote! {
        #(#pages_doc)*
        #allow
        #[inline]
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
        #[inline]
        pub fn #stream_name(&self, #(#args),*) -> Items<#item> {
            Items::new(self.#pages_name(#(#names),*), |#page_local| #items)
        }
    })
}

/// `Option<String>` of the string at the end of `steps` below `page: &T`.
pub(super) fn access_ref(steps: &[Step], page: &Ident) -> TokenStream {
    let mut expr = quote!(#page);
    let mut optional = false;
    for step in steps {
        let ident = format_ident!("{}", step.field);
        let as_ref = if step.boxed { quote!(as_deref) } else { quote!(as_ref) };
        expr = match (optional, step.option) {
            (false, true) => quote!(#expr.#ident.#as_ref()),
            (false, false) => quote!(#expr.#ident),
            (true, true) => quote!(#expr.and_then(|v| v.#ident.#as_ref())),
            (true, false) => quote!(#expr.map(|v| &v.#ident)),
        };
        optional |= step.option;
    }
    if optional {
        quote!(#expr.cloned())
    } else {
        quote!(Some(#expr.clone()))
    }
}

/// The `Vec` at the end of `steps`, moved out of `page: T`; empty when a step on the way is absent.
pub(super) fn access_owned(steps: &[Step], page: &Ident) -> TokenStream {
    let mut expr = quote!(#page);
    let mut optional = false;
    for step in steps {
        let ident = format_ident!("{}", step.field);
        expr = match (optional, step.option, step.boxed) {
            (false, true, false) => quote!(#expr.#ident),
            (false, true, true) => quote!(#expr.#ident.map(|v| *v)),
            (false, false, false) => quote!(#expr.#ident),
            (false, false, true) => quote!((*#expr.#ident)),
            (true, true, false) => quote!(#expr.and_then(|v| v.#ident)),
            (true, true, true) => quote!(#expr.and_then(|v| v.#ident).map(|v| *v)),
            (true, false, false) => quote!(#expr.map(|v| v.#ident)),
            (true, false, true) => quote!(#expr.map(|v| *v.#ident)),
        };
        optional |= step.option;
    }
    if optional {
        quote!(#expr.unwrap_or_default())
    } else {
        expr
    }
}
