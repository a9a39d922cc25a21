//! `error.rs` (from `codegen/runtime/src/error.rs`) and `api.rs`, the small generated file
//! through which the runtime modules see what is particular to the API: the error body's type,
//! where its correlation id is, which `429`s are not retried, the setters of credentials on
//! `RequestOptions`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::docs::code;
use super::super::Ctx;
use crate::ir::{RateLimitPolicy, Ty, TypeKind};
use crate::plan::FieldForm;
use crate::output::Output;

/// `error.rs`; `tokens`: the API has token schemes, so a token provider can fail; `oauth`: the
/// crate has `OAuthTokens`, whose timeouts are timeouts; `decodes`: some success body is JSON,
/// so decode errors are made; `error_enums`: some operation has an enum of its documented
/// error bodies, whose `of` `error_of!` writes.
pub fn error(tokens: bool, oauth: bool, decodes: bool, error_enums: bool) -> Output {
    super::files::source(super::files::ERROR, |part| match part {
        "tokens" => tokens,
        "oauth" => oauth,
        "decodes" => decodes,
        "error_enums" => error_enums,
        _ => false,
    })
}

/// What `api.rs` is made of besides the error body: the setters of the API's credentials on
/// `RequestOptions` (none without security schemes), and whether they need `Secret`
/// (`secrets`) and `Token` (`tokens`).
pub struct ApiParts<'a> {
    pub rate_limit: Option<&'a RateLimitPolicy>,
    pub credential_setters: &'a [TokenStream],
    pub secrets: bool,
    pub tokens: bool,
}

pub fn api(ctx: &Ctx<'_>, parts: &ApiParts<'_>) -> TokenStream {
    let error_ty = super::error_body(ctx.api);
    let body = ctx.ty(&error_ty, &quote!(crate::models::));
    let mut body_doc = "The body of an error response, as the API describes it.".to_string();
    let lasting = match parts.rate_limit {
        Some(p) => {
            let field = &p.field;
            let values = &p.not_retried;
            body_doc.push_str(&format!(
                "\n\nA `429` whose body's {} is {} is not retried: the limit lasts too long to wait for (from the API description).",
                code(field),
                values.iter().map(|v| code(v)).collect::<Vec<_>>().join(" or ")
            ));
            quote! {
                /// Whether a `429` whose kept body is `raw` is for a limit that lasts too long to
                /// wait for.
                fn lasting_rate_limit(raw: &str) -> bool {
                    support::error::json_field(raw, #field).is_some_and(|policy| [#(#values),*].contains(&policy.as_str()))
                }
            }
        }
        None => quote! {
            /// Whether a `429` is for a limit that lasts too long to wait for: the API marks
            /// none.
            fn lasting_rate_limit(_: &str) -> bool {
                false
            }
        },
    };
    let body_doc = super::doc_lines(&body_doc);
    let correlation = correlation_field(ctx, &error_ty);
    let required = required_fields(ctx, &error_ty);
    let setters = parts.credential_setters;
    let (options_import, options_impl) = if setters.is_empty() {
        (quote!(), quote!())
    } else {
        let secret = (parts.secrets || parts.tokens).then(|| quote!(Secret,));
        let token = parts.tokens.then(|| quote!(Token,));
        let provider = parts.tokens.then(|| quote!(use crate::TokenProvider;));
        (
            quote! {
                use crate::client::{#secret #token};
                #provider
                use crate::RequestOptions;
            },
            quote! {
                /// The API's credentials, for one view of the client.
                impl RequestOptions {
                    #(#setters)*
                }
            },
        )
    };
    quote! {
        //! What the runtime modules need to know about this API: its error body, where that
        //! body gives a correlation id, which rate limits are not retried, and its credentials.

        #options_import

        #(#body_doc)*
        pub type ErrorBody = #body;

        /// What makes an error response this API's `ApiError`: the fields an error body must
        /// have to be the documented error (see `ApiError::matched`), where the decoded body
        /// gives a correlation id, which `429`s are not retried.
        pub(crate) static ERROR_RULES: support::error::Rules<ErrorBody> = support::error::Rules {
            required: &[#(#required),*],
            correlation_id,
            lasting_rate_limit,
        };

        #correlation

        #lasting

        #options_impl
    }
}

/// The wire names of the fields the error body's schema requires; none unless it is an object.
fn required_fields<'a>(ctx: &Ctx<'a>, error_ty: &Ty) -> Vec<&'a str> {
    let Ty::Named(id) = error_ty else { return Vec::new() };
    match &ctx.api.ty(*id).kind {
        TypeKind::Struct(s) => s.fields.iter().filter(|f| f.required).map(|f| f.wire.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// `correlation_id`: the decoded body's `correlationId` when the error body is a struct with
/// such a field whose values print as text; `None` otherwise.
fn correlation_field(ctx: &Ctx<'_>, error_ty: &Ty) -> TokenStream {
    let none = quote! {
        /// The id the decoded error body gives the failed request: it has none.
        fn correlation_id(_: &ErrorBody) -> Option<String> {
            None
        }
    };
    let Ty::Named(id) = error_ty else { return none };
    let def = ctx.api.ty(*id);
    let TypeKind::Struct(s) = &def.kind else { return none };
    let Some(field) = s.fields.iter().find(|f| f.wire == "correlationId") else { return none };
    let printable = match &field.ty {
        Ty::Scalar(_) => true,
        Ty::Named(t) => matches!(ctx.api.ty(*t).kind, TypeKind::Enum(_)),
        _ => false,
    };
    if !printable || field.boxed {
        return none;
    }
    let name = format_ident!("{}", field.name);
    let value = match FieldForm::of(def, field) {
        FieldForm::Fixed | FieldForm::Arg => quote!(Some(body.#name.to_string())),
        FieldForm::Option | FieldForm::NullableArg => quote!(body.#name.as_ref().map(|id| id.to_string())),
        // An error body that is also a success body keeps `null` apart from absent.
        FieldForm::OptionOption => quote!(body.#name.as_ref().and_then(Option::as_ref).map(|id| id.to_string())),
    };
    quote! {
        /// The id the decoded error body gives the failed request (its `correlationId`).
        fn correlation_id(body: &ErrorBody) -> Option<String> {
            #value
        }
    }
}
