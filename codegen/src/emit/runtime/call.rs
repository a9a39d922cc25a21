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

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a crate with unions that decode through `tagged.rs` has the module the tracked
    /// retry of a body tells; one without must not name it.
    #[test]
    fn the_tracked_retry_tells_the_unions_only_when_there_are_some() {
        let text = |unions| match call(CallUses { send: true, unions, ..CallUses::default() }) {
            Output::Source(text) => text,
            _ => String::new(),
        };
        assert!(text(true).contains("let _tracing = crate::tagged::Tracing::start();"));
        let without = text(false);
        assert!(without.contains("fn decode_json") && !without.contains("crate::tagged"), "{without}");
    }
}
