//! The parts of the generated crate that are the same for every operation, emitted once per
//! crate: errors, responses, the call engine (credentials, timeouts, retries), the transport,
//! per-call options, token providers, pagination streams, multipart bodies, the redaction of
//! secrets in errors and the check on path segments. All are real Rust in
//! `codegen/runtime/src/` or, those that name no API type (written to the support crate, see
//! `super::support`), `codegen/runtime/support/src/` (see `files`); those shaped by the API (`call`, `error`, `options`)
//! choose their variant by `runtime: if` regions, and what is
//! particular to the API is generated small and separate (`api.rs`, see `error`).

mod call;
mod error;
mod files;
mod options;

use proc_macro2::TokenStream;
use quote::quote;

pub use call::call;
pub use error::{api, error, ApiParts};
pub use options::options;

use crate::output::Output;

/// The support crate's `call.rs`: the steps of a call that name no API type, with the
/// regions the crate's operations use (as the client's `call.rs`).
pub fn call_support(uses: crate::plan::CallUses) -> Output {
    call::support(uses)
}

/// The support crate's `client.rs`: the core of `Client` and `ClientBuilder` that names no API
/// type (`path_params`: some path has a segment made from a parameter).
pub fn client_support(path_params: bool) -> Output {
    files::source(files::CLIENT_SUPPORT, |part| part == "path_params" && path_params)
}

/// The support crate's `trace.rs`: the tracing events of a call's attempts.
pub fn trace() -> Output {
    files::fixed(files::TRACE)
}

/// The support crate's `error.rs`: `Error` and `ApiError`, generic over the error body
/// (`tokens`: a token provider can fail; `oauth`: `OAuthTokens`' timeouts are timeouts),
/// `DecodeError` (`decodes`: the client makes them, some success body being JSON) and the
/// words of `Error`'s and `ApiError`'s `Display`.
pub fn error_support(decodes: bool, tokens: bool, oauth: bool) -> Output {
    files::source(files::ERROR_SUPPORT, |part| match part {
        "decodes" => decodes,
        "tokens" => tokens,
        "oauth" => oauth,
        _ => false,
    })
}

/// `auth.rs`: bearer tokens from the caller's code, for APIs with a bearer or OAuth 2 scheme.
pub fn auth() -> Output {
    files::fixed(files::AUTH)
}

/// `base64_text.rs`: `Base64`, the models' type for `format: byte`.
pub fn base64_text() -> Output {
    files::fixed(files::BASE64_TEXT)
}

/// `oauth.rs`: access tokens from an OAuth 2 token endpoint, for APIs with an authorization-code
/// or client-credentials flow.
pub fn oauth() -> Output {
    files::fixed(files::OAUTH)
}

/// The support crate's `oauth.rs`: the token requests, their cache and `OAuthError`, which
/// the client's `oauth.rs` wraps.
pub fn oauth_support() -> Output {
    files::fixed(files::OAUTH_SUPPORT)
}

/// `multipart.rs`, for APIs with multipart or binary request bodies (`FilePart`); `form`:
/// some are multipart (`Form`).
pub fn multipart(form: bool) -> Output {
    files::source(files::MULTIPART, |part| part == "multipart" && form)
}

/// `constructors.rs`: the macros that write the models' `new` and `From` impls, those used.
pub fn constructors(uses: &crate::plan::crate_uses::ConstructorUses) -> Output {
    files::source(files::CONSTRUCTORS, |part| match part {
        "default_new" => uses.default_new,
        "unset" => uses.unset,
        "new_by_name" => uses.new_by_name,
        "variant_from" => uses.variant_from,
        _ => false,
    })
}

/// `struct_de.rs`: the `deserialize_struct!` macro that decodes every model struct.
pub fn struct_de() -> Output {
    files::fixed(files::STRUCT_DE)
}

/// `open_enum.rs`: the `string_enum!` macro, when the models have open string enums.
pub fn open_enum() -> Output {
    files::fixed(files::OPEN_ENUM)
}

/// `tagged.rs`: a union's value as raw JSON, the limits of its decode and its path in errors
/// (`raw`), a tagged union's tag read from it and its variant decoded (`tag`, with the
/// `tagged!` macro that writes such a union's impls), a variant
/// written with the tag in front (`with_tag`); `untagged`: what `untagged.rs` asks of it.
pub fn tagged(uses: &crate::plan::crate_uses::TaggedUses, untagged: bool) -> Output {
    files::source(files::TAGGED, |part| match part {
        "raw" => uses.raw,
        "tag" => uses.tag,
        "with_tag" => uses.with_tag,
        "untagged" => untagged,
        _ => false,
    })
}

/// `untagged.rs`: the `untagged!` macro, which decodes an untagged union from raw JSON.
pub fn untagged() -> Output {
    files::fixed(files::UNTAGGED)
}

/// `json_path.rs`: the field path of a JSON decode error, read from the parser's position, for
/// the client's decode errors and the unions' (`unions`: noting a union's own failure;
/// `forget`: `decode_json`, which starts a body's decode by forgetting such notes; `untagged`:
/// an untagged union, which puts back the note an attempt that failed changed).
pub fn json_path(unions: bool, forget: bool, untagged: bool) -> Output {
    files::source(files::JSON_PATH, |part| match part {
        "unions" => unions,
        "forget" => forget,
        "untagged" => untagged,
        _ => false,
    })
}

/// `pagination.rs`, when some operation is paginated (see `ir::extensions`).
pub fn pagination() -> Output {
    files::fixed(files::PAGINATION)
}

/// The support crate's `path.rs`, when some path has a templated segment.
pub fn path() -> Output {
    files::fixed(files::PATH)
}

/// `redact.rs`; `schemes`: the API has security schemes, so requests carry secrets (without
/// any, every `Secrets` is empty and nothing builds one from values).
pub fn redact(schemes: bool) -> Output {
    files::source(files::REDACT, |part| part == "schemes" && schemes)
}

/// `response.rs`.
pub fn response() -> Output {
    files::fixed(files::RESPONSE)
}

/// `retry.rs`.
pub fn retry() -> Output {
    files::fixed(files::RETRY)
}

/// `transport.rs`.
pub fn transport() -> Output {
    files::fixed(files::TRANSPORT)
}

/// `webhooks_verify.rs`: HubSpot's request signatures, for APIs that name that scheme (the
/// client's `Verifier`, whose `new` and `verify` the `webhooks` module adds).
pub fn webhooks_verify() -> Output {
    files::fixed(files::WEBHOOKS_VERIFY)
}

/// The support crate's `webhooks_verify.rs`: the signature check itself (SHA-256, HMAC,
/// base64) and the types it names, behind the support crate's feature `webhooks`.
pub fn webhooks_verify_support() -> Output {
    files::fixed(files::WEBHOOKS_VERIFY_SUPPORT)
}

// The plan decides the error body's type; the error module prints it.
pub use crate::plan::error_body;

/// `#[doc]` attributes for text written here (not spec prose, which `docs` escapes): each
/// line as it is, prose lines wrapped at 92 columns, code blocks left alone.
pub fn doc_lines(text: &str) -> Vec<TokenStream> {
    doc_texts(text).into_iter().map(|line| super::docs::doc_lit(&line)).map(|line| quote!(#[doc = #line])).collect()
}

/// The lines of [`doc_lines`], as text (each with its leading space).
pub fn doc_texts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let pieces = if in_code || line.trim_start().starts_with("```") { vec![line.to_string()] } else { wrap(line, 92) };
        for piece in pieces {
            out.push(if piece.is_empty() { String::new() } else { format!(" {piece}") });
        }
    }
    out
}

/// `line` split at spaces into pieces of at most `width` characters (a longer word stays
/// whole). Code spans are words: spec text in them must not start a line.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for word in words(line) {
        let len = pieces.last().map_or(0, |p| p.chars().count());
        if len > 0 && len + 1 + word.chars().count() > width {
            pieces.push(String::new());
        }
        if let Some(last) = pieces.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    pieces
}

/// The words of `line`: split at spaces outside code spans.
fn words(line: &str) -> Vec<&str> {
    let spans = super::docs::code_spans(line);
    let mut words = Vec::new();
    let mut start = 0;
    let mut spans = spans.iter().peekable();
    for (i, b) in line.bytes().enumerate() {
        while spans.peek().is_some_and(|&&(_, end)| end <= i) {
            spans.next();
        }
        let inside = spans.peek().is_some_and(|&&(s, _)| s <= i);
        if b == b' ' && !inside {
            words.push(&line[start..i]);
            start = i + 1;
        }
    }
    words.push(&line[start..]);
    words
}
