//! `options.rs`: per-call and per-client settings (timeout, retries, extra headers,
//! credentials), layered: client defaults, then each `with_options` view. From
//! `codegen/runtime/src/options.rs`; the setters of credentials are in the generated `api.rs`.

use crate::output::Output;

/// `schemes`: the API has security schemes, so options carry credentials.
pub fn options(schemes: bool) -> Output {
    super::files::source(super::files::OPTIONS, |part| part == "schemes" && schemes)
}
