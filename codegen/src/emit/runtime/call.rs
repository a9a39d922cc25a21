//! `call.rs`: one call of an operation (the request, built once; its attempts and retries),
//! from `codegen/runtime/src/call.rs` with the regions the crate's operations use.

use crate::output::Output;

/// Which parts the operations use, so that the crate has no dead code.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallUses {
    pub schemes: bool,
    pub send: bool,
    pub send_text: bool,
    pub send_bytes: bool,
    pub send_empty: bool,
    /// Some operation answers with several kinds of success body and decodes by status.
    pub several: bool,
    pub header: bool,
    pub cookie: bool,
    /// An API key travels in a cookie.
    pub cookie_auth: bool,
    pub json: bool,
    pub form: bool,
    /// Text bodies.
    pub raw: bool,
    pub multipart: bool,
    /// Binary bodies (a `FilePart`).
    pub upload: bool,
}

impl CallUses {
    /// Whether the crate has `part`, as the runtime file's regions name them.
    fn has(&self, part: &str) -> bool {
        match part {
            "schemes" => self.schemes,
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
            _ => false,
        }
    }
}

pub fn call(uses: CallUses) -> Output {
    super::files::source(super::files::CALL, |part| uses.has(part))
}
