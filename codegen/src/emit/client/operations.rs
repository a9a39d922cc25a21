//! One async method per operation: its arguments, query, headers, body, credentials,
//! path and documentation.

use super::*;

pub(super) fn operation(ctx: &Ctx<'_>, op: &Operation, plan: &OperationPlan) -> TokenStream {
    let api = ctx.api;
    let name = format_ident!("{}", plan.method);
    let op_name = plan.method.as_str();
    let mut args: Vec<TokenStream> = plan
        .args
        .iter()
        .map(|a| {
            let ident = format_ident!("{}", a.name);
            let ty = arg_ty(ctx, &a.form);
            quote!(#ident: #ty)
        })
        .collect();
    let params_struct = plan.params.as_ref().map(|p| format_ident!("{}", p));
    if let Some(s) = &params_struct {
        args.push(quote!(params: &crate::params::#s));
    }
    if let Some(form) = &plan.body {
        let ty = arg_ty(ctx, form);
        args.push(quote!(body: #ty));
    }
    let values = path_values(op);
    let l = &plan.locals;
    let (call, value_local, item) = (format_ident!("{}", l.call), format_ident!("{}", l.value), format_ident!("{}", l.item));
    let mut query_init = Vec::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    // `name[key]=value` keys are built at run time; they must outlive the query list.
    let mut deep = Vec::new();
    let key = format_ident!("{}", l.key);
    for (i, (p, sent)) in op.params.iter().zip(&plan.sent).enumerate() {
        let wire = &p.wire;
        let ident = format_ident!("{}", p.name);
        let value = if p.required { quote!(#ident) } else { quote!(#value_local) };
        let push = match sent {
            Sent::DeepObject => {
                let Some(pairs) = l.pairs.get(i).filter(|n| !n.is_empty()) else { continue };
                let pairs = format_ident!("{}", pairs);
                deep.push(if p.required {
                    quote!(let #pairs = deep_object(#wire, #ident);)
                } else {
                    quote!(let #pairs = params.#ident.as_ref().map(|#value_local| deep_object(#wire, #value_local)).unwrap_or_default();)
                });
                query.push(quote!(query.extend(#pairs.iter().map(|(#key, #value_local)| (#key.as_str(), #value_local.clone())));));
                continue;
            }
            Sent::QueryEach => quote!(query.extend(#value.iter().map(|#item| (#wire, param(#item))));),
            Sent::QueryJoined => quote!(query.push((#wire, #value.iter().map(param).collect::<Vec<_>>().join(",")));),
            // An optional value of its own: `push_param` adds it when it is set, in one line.
            Sent::Query if sent.by_push_param(p) => {
                let push_param = format_ident!("{}", reserved::PUSH_PARAM_FN);
                query.push(quote!(#push_param(&mut query, #wire, &params.#ident);));
                continue;
            }
            Sent::Query => quote!(query.push((#wire, param(&#value)));),
            Sent::Header => quote!(#call.header(#wire, &param(&#value))?;),
            Sent::Cookie => quote!(#call.cookie(#wire, &param(&#value))?;),
            Sent::Path => continue,
        };
        let push = if p.required {
            push
        } else {
            quote!(if let Some(#value_local) = &params.#ident { #push })
        };
        match sent {
            // Required single values start the list; the rest are pushed as present.
            Sent::Query if p.required => query_init.push(quote!((#wire, param(&#ident)))),
            Sent::QueryEach | Sent::QueryJoined | Sent::Query => query.push(push),
            _ => headers.push(push),
        }
    }
    // A query of required values only is a literal; none at all is `&[]`.
    let (query_decl, query_arg) = match (query_init.is_empty(), query.is_empty()) {
        (true, true) => (quote!(), quote!(&[])),
        (false, true) => (quote!(), quote!(&[#(#query_init),*])),
        (true, false) => (quote!(let mut query: Vec<(&str, String)> = Vec::new(); #(#query)*), quote!(&query)),
        (false, false) => (quote!(let mut query: Vec<(&str, String)> = Vec::from([#(#query_init),*]); #(#query)*), quote!(&query)),
    };
    let method = format_ident!("{}", op.method.as_str());
    let auth = (!plan.security.is_empty()).then(|| {
        let alternatives = plan.security.iter().map(|alt| {
            let schemes = alt.iter().filter_map(|&i| api.security_schemes.get(i)).map(|s| format_ident!("{}", s.variant));
            quote!(&[#(Scheme::#schemes),*])
        });
        let names = &plan.accepted;
        quote! {
            #call.security = &[#(#alternatives),*];
            #call.accepted = &[#(#names),*];
        }
    });
    let body_code = op.body.as_ref().map(|b| match b.kind {
        BodyKind::Json => quote!(#call.json(body)?;),
        BodyKind::FormUrlEncoded => quote!(#call.form(body)?;),
        BodyKind::Multipart if b.parts.is_some() => quote!(#call.multipart(body.to_form()?).await?;),
        BodyKind::Multipart => quote!(#call.multipart(body.clone()).await?;),
        BodyKind::Binary => {
            let media = plan.raw_media.as_deref().unwrap_or_default();
            quote!(#call.upload(#media, body).await?;)
        }
        BodyKind::Text => {
            let media = plan.raw_media.as_deref().unwrap_or_default();
            quote!(#call.raw(#media, body.as_bytes().to_vec());)
        }
    });
    let idempotency = plan.retry_safe.as_ref().map(|safe| idempotency_check(safe, &l.key)).map(|check| {
        quote! {
            #call.retry_safe = #check;
        }
    });
    let mutates = auth.is_some() || !headers.is_empty() || body_code.is_some() || idempotency.is_some();
    let path_template = op.path.as_str();
    let call_binding = if mutates { quote!(let mut #call) } else { quote!(let #call) };
    let (ret, send) = send_code(ctx, op, plan);
    let call_fn = format_ident!("{}", reserved::CALL);
    // `Client::call` takes the values only when some operation's path has parameters.
    let values = ctx.plan.crate_uses.path_params.then(|| quote!(&[#(#values),*],));
    let docs = doc_attrs(&operation_docs(ctx, op, plan));
    let helpers = plan.pages.as_ref();
    let notes = operation_notes(op, helpers);
    let errors_note = plan.errors.as_ref().map(error_note);
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let pages = op
        .pagination
        .as_ref()
        .zip(helpers)
        .and_then(|(p, helpers)| pagination_methods(ctx, op, plan, p, helpers));
    quote! {
        #(#docs)*
        #(#notes)*
        #errors_note
        #allow
        pub async fn #name(&self, #(#args),*) -> Result<#ret, Error> {
            #(#deep)*
            #query_decl
            #call_binding = self.#call_fn(#op_name, Method::#method, #path_template, #values #query_arg)?;
            #auth
            #(#headers)*
            #body_code
            #idempotency
            #send
        }

        #pages
    }
}

/// The expression that says whether the caller set the operation's idempotency key.
pub(super) fn idempotency_check(safe: &RetrySafe, key: &str) -> TokenStream {
    match safe {
        RetrySafe::Always => quote!(true),
        RetrySafe::Param(name) => {
            let ident = format_ident!("{}", name);
            quote!(params.#ident.is_some())
        }
        RetrySafe::BodyField { name, option, string } => {
            let ident = format_ident!("{}", name);
            match (option, string) {
                (true, true) => {
                    let key = format_ident!("{}", key);
                    quote!(body.#ident.as_deref().is_some_and(|#key| !#key.is_empty()))
                }
                (true, false) => quote!(body.#ident.is_some()),
                (false, true) => quote!(!body.#ident.is_empty()),
                (false, false) => quote!(true),
            }
        }
    }
}

/// The values of the path's templated segments (those with a `{`), in order, for
/// `Client::call` to fill in: `/a/{id}/b` → `[id]` for a `&str` argument, `[&param(&id)]`
/// otherwise (a string argument is sent as it is: no copy per call), `/f/{name}.{ext}` →
/// `[&format!("{}.{}", param(&name), param(&ext))]`. A segment whose braces are all text (see
/// [`crate::ir::path`]) is its own value, so that the runtime needs no reading of braces but
/// "has a `{`", and `support::path::segment` checks every value.
pub(super) fn path_values(op: &Operation) -> Vec<TokenStream> {
    use crate::ir::path::{is_templated, pieces, Piece};
    let param_fn = format_ident!("{}", reserved::PARAM_FN);
    op.path
        .split('/')
        .filter(|s| is_templated(s))
        .map(|segment| {
            let pieces = pieces(segment);
            let param = |name: &str| op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == name);
            let value = |name: &str| match param(name) {
                Some(p) => {
                    let ident = format_ident!("{}", p.name);
                    quote!(#param_fn(&#ident))
                }
                None => quote!(String::new()),
            };
            match pieces.as_slice() {
                [Piece::Param(name)] => match param(name) {
                    Some(p) if crate::plan::operations::path_as_is(op, p) => {
                        let ident = format_ident!("{}", p.name);
                        quote!(#ident)
                    }
                    Some(_) => {
                        let value = value(name);
                        quote!(&#value)
                    }
                    None => quote!(""),
                },
                _ if !pieces.iter().any(|p| matches!(p, Piece::Param(_))) => quote!(#segment),
                _ => {
                    let mut format = String::new();
                    let mut values = Vec::new();
                    for piece in &pieces {
                        match piece {
                            Piece::Text(text) => format.push_str(&text.replace('{', "{{").replace('}', "}}")),
                            Piece::Param(name) => {
                                format.push_str("{}");
                                values.push(value(name));
                            }
                        }
                    }
                    quote!(&format!(#format, #(#values),*))
                }
            }
        })
        .collect()
}

pub(super) fn operation_docs(ctx: &Ctx<'_>, op: &Operation, plan: &OperationPlan) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &op.summary {
        parts.push(s.clone());
    }
    if let Some(d) = &op.docs.description {
        if op.summary.as_deref() != Some(d.as_str()) {
            parts.push(d.clone());
        }
    }
    parts.push(code(&format!("{} {}", op.method.as_str(), op.path)));
    let mut needs: Vec<String> = Vec::new();
    for alt in &plan.requirements {
        let text: Vec<String> = alt
            .iter()
            .map(|r| {
                let key = ctx.api.security_schemes.get(r.scheme).map_or("", |s| s.key.as_str());
                if r.scopes.is_empty() {
                    code(key)
                } else {
                    format!("{} with scope {}", code(key), r.scopes.iter().map(|s| code(s)).collect::<Vec<_>>().join(", "))
                }
            })
            .collect();
        // An empty requirement (`{}`) lets the call go without credentials.
        needs.push(if text.is_empty() { "none".to_string() } else { text.join(" and ") });
    }
    if !needs.is_empty() {
        parts.push(format!("Credentials: {}.", needs.join(", or ")));
    }
    if op.docs.deprecated {
        parts.push("Deprecated by the API.".to_string());
    }
    item_text(&crate::ir::Docs { title: None, description: Some(parts.join("\n\n")), deprecated: false }, "")
}

/// What the runtime does with the operation (retries, page streams), as rustdoc lines:
/// written here, so not escaped like spec prose.
pub(super) fn operation_notes(op: &Operation, helpers: Option<&PageHelpers>) -> Vec<TokenStream> {
    let mut parts: Vec<String> = Vec::new();
    if !op.method.is_idempotent() {
        parts.push(match &op.idempotency_key {
            Some(IdempotencyKey::BodyField(wire)) => format!(
                "Retried after a transient failure only when the body's {} is set: every attempt sends the same body.",
                code(wire)
            ),
            Some(IdempotencyKey::Header(wire)) => {
                format!("Retried after a transient failure only when the {} header is set.", code(wire))
            }
            None => format!(
                // One line of rustdoc's source for `POST` and `PATCH`, the methods it is for.
                "Not retried (a `{}` sent twice may act twice) unless marked `RequestOptions::idempotent`.",
                op.method.as_str()
            ),
        });
    }
    if let Some(h) = helpers {
        parts.push(format!("All pages: [`{pages}`](Self::{pages}); all items: [`{stream}`](Self::{stream}).", pages = h.pages, stream = h.stream));
    }
    let mut text = String::new();
    for part in parts {
        text.push('\n');
        text.push_str(&part);
        text.push('\n');
    }
    doc_lines(&text)
}
