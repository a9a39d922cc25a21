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
