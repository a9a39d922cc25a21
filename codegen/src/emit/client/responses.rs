//! What a call returns: `responses.rs` (an enum per operation whose success bodies differ,
//! and one per operation whose documented error bodies differ from the API's others, see
//! `errors`) and the code that sends a call and reads its success body.

use super::*;

/// The Rust name of a success variant: `Status201`, `Status2xx`.
pub(super) fn status_variant(status: &Status) -> proc_macro2::Ident {
    match status {
        Status::Code(c) => format_ident!("Status{}", c),
        Status::Range(r) => format_ident!("Status{}xx", r),
        Status::Default => format_ident!("Other"),
    }
}

pub(super) fn body_ty(ctx: &Ctx<'_>, kind: ResponseKind, ty: &Ty, models: &TokenStream) -> TokenStream {
    match kind {
        ResponseKind::Json => ctx.ty(ty, models),
        ResponseKind::Text => quote!(String),
        ResponseKind::Bytes => quote!(Vec<u8>),
    }
}

/// The doc of `responses.rs`.
pub fn responses_doc() -> TokenStream {
    quote! {
        //! Success responses of operations that answer with more than one kind of body,
        //! one enum per operation, chosen by the response status; and the documented error
        //! bodies of operations (`…Error`), decoded from an error with `of`.
    }
}

/// `responses.rs`'s items, each without its `cfg`, with its operation's index and its name:
/// for each operation whose success responses differ, an enum of them; then the error enums.
pub fn responses<'a>(ctx: &Ctx<'a>) -> Vec<(usize, &'a str, TokenStream)> {
    let models = quote!(crate::models::);
    let mut enums: Vec<(usize, &'a str, TokenStream)> = ctx
        .api
        .operations
        .iter()
        .enumerate()
        .zip(&ctx.plan.operations)
        .filter_map(|((i, op), plan)| {
            let Success::Several(responses) = success(op) else { return None };
            let name = format_ident!("{}", op.responses_name);
            let doc = crate::emit::docs::doc_lit(&format!(" The success responses of [`Client::{}`](crate::Client::{}).", op.name, op.name));
            let variants = responses.iter().zip(plan.boxed.iter().copied()).map(|(r, boxed)| {
                let ident = status_variant(&r.status);
                let text = match &r.description {
                    Some(d) => format!("`{}`: {d}", status_text(&r.status)),
                    None => format!("`{}`", status_text(&r.status)),
                };
                let docs = doc_attrs(&text);
                match &r.body {
                    Some(b) => {
                        let ty = body_ty(ctx, b.kind, &b.ty, &models);
                        let ty = if boxed { quote!(Box<#ty>) } else { ty };
                        quote!(#(#docs)* #ident(#ty),)
                    }
                    None => quote!(#(#docs)* #ident,),
                }
            });
            let tokens = quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A success status the API does not describe, with its body as received.
                    Other(Vec<u8>),
                }
            };
            Some((i, op.responses_name.as_str(), tokens))
        })
        .collect();
    enums.extend(error_enums(ctx));
    enums
}

pub(super) fn status_text(status: &Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_string(),
    }
}

/// The code that sends `call` and reads the success body the way `success` says.
pub(super) fn send_code(ctx: &Ctx<'_>, op: &Operation, plan: &OperationPlan) -> (TokenStream, TokenStream) {
    let models = quote!(models::);
    let l = &plan.locals;
    let call = format_ident!("{}", l.call);
    let [send_empty, send, send_text, send_bytes, execute] =
        [reserved::SEND_EMPTY, reserved::SEND, reserved::SEND_TEXT, reserved::SEND_BYTES, reserved::EXECUTE].map(|n| format_ident!("{}", n));
    let (status, value) = (format_ident!("{}", l.status), format_ident!("{}", l.value));
    let secrets = format_ident!("{}", l.secrets);
    match success(op) {
        Success::Empty => (quote!(Response<()>), quote!(self.#send_empty(#call).await)),
        Success::One(ResponseKind::Json, ty) => {
            let t = ctx.ty(ty, &models);
            (quote!(Response<#t>), quote!(self.#send(#call).await))
        }
        Success::One(ResponseKind::Text, _) => (quote!(Response<String>), quote!(self.#send_text(#call).await)),
        Success::One(ResponseKind::Bytes, _) => (quote!(Response<Vec<u8>>), quote!(self.#send_bytes(#call).await)),
        Success::Several(responses) => {
            let name = format_ident!("{}", op.responses_name);
            let enum_path = quote!(crate::responses::#name);
            // Exact codes first, then ranges: `match` takes the first arm that fits.
            let mut ordered: Vec<(&crate::ir::Response, bool)> = responses.iter().copied().zip(plan.boxed.iter().copied()).collect();
            ordered.sort_by_key(|(r, _)| matches!(r.status, Status::Range(_)));
            let arms = ordered.iter().filter_map(|(r, boxed)| {
                let pattern = match &r.status {
                    Status::Code(c) => {
                        let c = proc_macro2::Literal::u16_unsuffixed(*c);
                        quote!(#c)
                    }
                    Status::Range(d) => {
                        let lo = proc_macro2::Literal::u16_unsuffixed(d * 100);
                        let hi = proc_macro2::Literal::u16_unsuffixed(d * 100 + 99);
                        quote!(#lo..=#hi)
                    }
                    Status::Default => return None,
                };
                let variant = status_variant(&r.status);
                let value = match &r.body {
                    None => quote!(#enum_path::#variant),
                    Some(b) => match b.kind {
                        ResponseKind::Json if *boxed => {
                            quote!(#enum_path::#variant(Box::new(crate::call::decode_json(#status, &body, &#secrets)?)))
                        }
                        ResponseKind::Json => quote!(#enum_path::#variant(crate::call::decode_json(#status, &body, &#secrets)?)),
                        ResponseKind::Text => quote!(#enum_path::#variant(String::from_utf8_lossy(&body).into_owned())),
                        ResponseKind::Bytes => quote!(#enum_path::#variant(body.into())),
                    },
                };
                Some(quote!(#pattern => #value,))
            });
            let json = ordered.iter().any(|(r, _)| {
                !matches!(r.status, Status::Default) && r.body.as_ref().is_some_and(|b| b.kind == ResponseKind::Json)
            });
            let secrets_binding = if json { quote!(#secrets) } else { quote!(_) };
            let send = quote! {
                let (#status, headers, body, #secrets_binding) = self.#execute(#call).await?;
                let #value = match #status {
                    #(#arms)*
                    _ => #enum_path::Other(body.into()),
                };
                Ok(Response::new(#status, headers, #value))
            };
            (quote!(Response<#enum_path>), send)
        }
    }
}
