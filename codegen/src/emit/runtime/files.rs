//! The runtime modules written as real Rust in `codegen/runtime/src/` (a workspace crate, so
//! they are compiled, linted and unit-tested there) and, those that name no API type, in
//! `codegen/runtime/support/src/` (its support crate), embedded here and written into each
//! generated crate (or its support crate) as they are, minus what it cannot or need not carry. A
//! module's unit tests are a `tests.rs` of its own folder (`call/tests.rs`), never embedded;
//! its other submodules (`call/trace.rs`) are, to the same path.

use crate::output::Output;

pub const AUTH: &str = include_str!("../../../runtime/src/auth.rs");
pub const BASE64_TEXT: &str = include_str!("../../../runtime/support/src/base64_text.rs");
pub const CALL: &str = include_str!("../../../runtime/src/call.rs");
pub const CALL_SUPPORT: &str = include_str!("../../../runtime/support/src/call.rs");
pub const CLIENT_SUPPORT: &str = include_str!("../../../runtime/support/src/client.rs");
pub const CONSTRUCTORS: &str = include_str!("../../../runtime/support/src/constructors.rs");
pub const ERROR: &str = include_str!("../../../runtime/src/error.rs");
pub const ERROR_SUPPORT: &str = include_str!("../../../runtime/support/src/error.rs");
pub const JSON_PATH: &str = include_str!("../../../runtime/support/src/json_path.rs");
pub const MULTIPART: &str = include_str!("../../../runtime/src/multipart.rs");
pub const OAUTH: &str = include_str!("../../../runtime/src/oauth.rs");
pub const OAUTH_SUPPORT: &str = include_str!("../../../runtime/support/src/oauth.rs");
pub const OPEN_ENUM: &str = include_str!("../../../runtime/support/src/open_enum.rs");
pub const OPTIONS: &str = include_str!("../../../runtime/src/options.rs");
pub const PAGINATION: &str = include_str!("../../../runtime/src/pagination.rs");
pub const PATH: &str = include_str!("../../../runtime/support/src/path.rs");
pub const REDACT: &str = include_str!("../../../runtime/support/src/redact.rs");
pub const RESPONSE: &str = include_str!("../../../runtime/support/src/response.rs");
pub const RETRY: &str = include_str!("../../../runtime/support/src/retry.rs");
pub const STRUCT_DE: &str = include_str!("../../../runtime/support/src/struct_de.rs");
pub const TAGGED: &str = include_str!("../../../runtime/support/src/tagged.rs");
pub const TRACE: &str = include_str!("../../../runtime/support/src/trace.rs");
pub const TRANSPORT: &str = include_str!("../../../runtime/support/src/transport.rs");
pub const UNTAGGED: &str = include_str!("../../../runtime/support/src/untagged.rs");
pub const WEBHOOKS_VERIFY: &str = include_str!("../../../runtime/src/webhooks_verify.rs");
pub const WEBHOOKS_VERIFY_SUPPORT: &str = include_str!("../../../runtime/support/src/webhooks_verify.rs");

/// The line the unit tests of a runtime file start at (inline, or `mod tests;` for a file of
/// their own): everything from there on is cut, since the generated crate has neither the
/// stub they run against nor their dev-dependencies.
const TESTS: &str = "#[cfg(test)]";

/// Marks the start of lines kept only when the crate has one of the named parts (`// runtime:
/// if cookie|cookie_auth`); `END` closes the region. An `ELSE` part holds the lines for crates
/// without them, commented out (the runtime crate compiles the fullest variant), and kept
/// uncommented. An `if` region may hold others (lines are kept when every region around them
/// is taken), but not an `else` part. The marker lines are always dropped.
const IF: &str = "// runtime: if ";
const ELSE: &str = "// runtime: else";
const END: &str = "// runtime: end";

/// A region around a line.
#[derive(Clone, Copy, PartialEq)]
enum Region {
    If(bool),
    Else(bool),
}

/// `file` as the generated crate carries it: without its tests, and with each `if` region
/// kept only when `has` says the crate has that part (so no crate carries dead code).
pub fn source(file: &str, has: impl Fn(&str) -> bool) -> Output {
    let mut out = String::with_capacity(file.len());
    // The regions around the line, innermost last: as deep as the runtime's own files nest them.
    let mut regions: Vec<Region> = Vec::new();
    for line in file.lines() {
        let trimmed = line.trim_start();
        if trimmed == TESTS {
            break;
        }
        if let Some(parts) = trimmed.strip_prefix(IF) {
            regions.push(Region::If(parts.split('|').any(|part| has(part.trim()))));
            continue;
        }
        match (trimmed, regions.last().copied()) {
            (ELSE, Some(Region::If(taken))) => {
                regions.pop();
                regions.push(Region::Else(!taken));
                continue;
            }
            (END, _) => {
                regions.pop();
                continue;
            }
            _ => {}
        }
        if !regions.iter().all(|r| matches!(r, Region::If(true) | Region::Else(true))) {
            continue;
        }
        let text = if regions.iter().any(|r| matches!(r, Region::Else(_))) {
            let indent = &line[..line.len() - trimmed.len()];
            let code = if trimmed == "//" { "" } else { trimmed.strip_prefix("// ").unwrap_or(trimmed) };
            if code.is_empty() { String::new() } else { format!("{indent}{code}") }
        } else {
            line.to_string()
        };
        out.push_str(&text);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    Output::Source(out)
}

/// A runtime file without variable parts.
pub fn fixed(file: &str) -> Output {
    source(file, |_| false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(output: Output) -> String {
        match output {
            Output::Source(text) => text,
            _ => String::new(),
        }
    }

    #[test]
    fn every_file_loses_its_tests_and_markers_and_still_parses() {
        for file in [AUTH, BASE64_TEXT, CALL, CALL_SUPPORT, CLIENT_SUPPORT, CONSTRUCTORS, ERROR, JSON_PATH, MULTIPART, OAUTH, OPEN_ENUM, OPTIONS, PAGINATION, PATH, REDACT, RESPONSE, RETRY, STRUCT_DE, TAGGED, TRACE, TRANSPORT, UNTAGGED, WEBHOOKS_VERIFY, ERROR_SUPPORT, OAUTH_SUPPORT, WEBHOOKS_VERIFY_SUPPORT] {
            for has in [true, false] {
                // `tagged.rs` and `constructors.rs` are written only when one of their parts is used.
                if !has && (file == TAGGED || file == CONSTRUCTORS) {
                    continue;
                }
                let out = text(source(file, |_| has));
                assert!(!out.contains("cfg(test)") && !out.contains("runtime: "), "{out}");
                assert!(syn::parse_file(&out).is_ok(), "{out}");
                // One newline at the end, after an item (`}` or, for `error.rs`'s aliases, `;`).
                assert!(out.ends_with("}\n") || out.ends_with("};\n"), "{out}");
            }
        }
    }

    #[test]
    fn regions_follow_the_parts_the_crate_has() {
        let file = "a\n// runtime: if schemes\nb\n// runtime: end\nc\n#[cfg(test)]\nmod tests {}\n";
        assert_eq!(text(source(file, |part| part == "schemes")), "a\nb\nc\n");
        assert_eq!(text(source(file, |_| false)), "a\nc\n");
        let file = "a\n    // runtime: if x|y\n    b\n    // runtime: else\n    // c\n    // runtime: end\nd\n";
        assert_eq!(text(source(file, |part| part == "y")), "a\n    b\nd\n");
        assert_eq!(text(source(file, |_| false)), "a\n    c\nd\n");
        let nested = "a\n// runtime: if x\nb\n// runtime: if y\nc\n// runtime: end\nd\n// runtime: else\n// e\n// runtime: end\nf\n";
        assert_eq!(text(source(nested, |part| part == "x")), "a\nb\nd\nf\n");
        assert_eq!(text(source(nested, |_| true)), "a\nb\nc\nd\nf\n");
        assert_eq!(text(source(nested, |part| part == "y")), "a\ne\nf\n");
        let with = text(source(REDACT, |part| part == "schemes"));
        let without = text(source(REDACT, |_| false));
        assert!(with.contains("fn new(") && with.contains("fn form_encoded("));
        assert!(!without.contains("fn new(") && !without.contains("fn form_encoded("));
        let only_unset = text(source(CONSTRUCTORS, |part| part == "unset"));
        assert!(only_unset.contains("macro_rules! unset") && !only_unset.contains("default_new") && !only_unset.contains("variant_from"));
        assert!(!only_unset.contains("new_by_name"), "{only_unset}");
        let only_by_name = text(source(CONSTRUCTORS, |part| part == "new_by_name"));
        assert!(only_by_name.contains("macro_rules! new_by_name") && !only_by_name.contains("macro_rules! unset"), "{only_by_name}");
        assert!(!only_unset.contains("\n\n\n"), "{only_unset}");
    }
}
