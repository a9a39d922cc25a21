//! Stage 6: token streams → formatted source text with the `@generated` header.
//! prettyplease is a library, so the output does not depend on the installed rustfmt.

use proc_macro2::TokenStream;

use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::text::one_line;

/// The marker every generated file starts with; `write` uses it to tell its own files.
pub const MARKER: &str = "@generated";

/// The header of every generated Rust file. Its parts are one line each, so that neither a
/// line break in a path nor a text-direction character can turn the comment into code or
/// into an error.
pub fn header(regenerate_command: &str, spec_label: &str) -> String {
    let (command, spec) = (one_line(regenerate_command), one_line(spec_label));
    format!("// {MARKER} by `{command}` from {spec}. Do not edit: change the spec and regenerate.\n\n")
}

/// Formats every file; a file that does not parse is a generator bug, reported with its path.
pub fn format(files: Vec<(String, Output)>, header: &str, diags: &mut Diagnostics) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, output) in files {
        match output {
            Output::Text(text) => out.push((path, text)),
            Output::Source(text) => out.push((path, format!("{header}{text}"))),
            Output::Rust(tokens) => match rust(tokens) {
                Ok(text) => out.push((path, format!("{header}{text}"))),
                Err(e) => diags.error(
                    path.clone(),
                    format!("the generator produced Rust that does not parse ({e}); this is a bug in the generator"),
                ),
            },
        }
    }
    out
}

fn rust(tokens: TokenStream) -> Result<String, syn::Error> {
    let file = syn::parse2::<syn::File>(tokens)?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// prettyplease puts items right after one another; a blank line between items (and after
/// the module docs and imports) is how people write Rust, and makes diffs read better.
fn space_items(text: &str) -> String {
    const STARTS: [&str; 15] = [
        "///", "#[", "pub ", "pub(crate) ", "fn ", "async fn ", "impl", "struct ", "enum ", "mod ", "const ", "type ",
        "use ", "trait ", "string_enum!",
    ];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev = "";
    for line in text.lines() {
        let trimmed = line.trim_start();
        let prev_trimmed = prev.trim_start();
        let starts_item = STARTS.iter().any(|s| trimmed.starts_with(s));
        let after_statement = prev_trimmed.ends_with(';') && !prev_trimmed.starts_with("//");
        let after_item = prev_trimmed == "}"
            || prev_trimmed.ends_with(" {}")
            || (after_statement && !(prev_trimmed.starts_with("use ") && trimmed.starts_with("use ")));
        let after_docs = prev_trimmed.starts_with("//!") && !trimmed.starts_with("//!");
        let item_level = line.len() - trimmed.len() == prev.len() - prev_trimmed.len();
        if !prev.is_empty() && ((starts_item && after_item && item_level) || after_docs) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = line;
    }
    out
}
