//! `call.rs`: one call of an operation (the request, built once; its attempts and retries),
//! from `codegen/runtime/src/call.rs` with the regions the crate's operations use.

use crate::output::Output;

use crate::plan::CallUses;

impl CallUses {
    /// Whether the crate has `part`, as the runtime file's regions name them.
    fn has(&self, part: &str) -> bool {
        match part {
            "schemes" => self.schemes,
            "tokens" => self.tokens,
            "send" => self.send,
            "send_text" => self.send_text,
            "send_bytes" => self.send_bytes,
            "send_empty" => self.send_empty,
            "several" => self.several,
            "header" => self.header,
            "cookie" => self.cookie,
            "cookie_auth" => self.cookie_auth,
            "json" => self.json,
            "form" => self.form,
            "raw" => self.raw,
            "multipart" => self.multipart,
            "upload" => self.upload,
            "unions" => self.unions,
            _ => false,
        }
    }
}

pub fn call(uses: CallUses) -> Output {
    super::files::source(super::files::CALL, |part| uses.has(part))
}

/// The support crate's `call.rs`, whose regions are named as the client's.
pub fn support(uses: CallUses) -> Output {
    super::files::source(super::files::CALL_SUPPORT, |part| uses.has(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decode error reads its path from the parser's position: no second decode, tracked,
    /// and nothing that names the unions' module (a crate without unions has none).
    #[test]
    fn a_decode_error_s_path_needs_no_second_decode() {
        let text = match call(CallUses { send: true, ..CallUses::default() }) {
            Output::Source(text) => text,
            _ => String::new(),
        };
        assert!(text.contains("fn decode_json") && text.contains("support::call::decode_error"), "{text}");
        assert!(!text.contains("crate::tagged") && !text.contains("serde_path_to_error"), "{text}");
    }
}
