//! Stage 6: token streams → formatted source text with the `@generated` header.
//! prettyplease is a library, so the output does not depend on the installed rustfmt.

use proc_macro2::TokenStream;

use crate::diagnostics::Diagnostics;
use crate::emit::Output;

/// The marker every generated file starts with; `write` uses it to tell its own files.
pub const MARKER: &str = "@generated";

pub fn header(regenerate_command: &str, spec_label: &str) -> String {
    format!("// {MARKER} by `{regenerate_command}` from {spec_label}. Do not edit: change the spec and regenerate.\n\n")
}

/// Formats every file; a file that does not parse is a generator bug, reported with its path.
pub fn format(files: Vec<(String, Output)>, header: &str, diags: &mut Diagnostics) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, output) in files {
        match output {
            Output::Text(text) => out.push((path, text)),
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
    Ok(prettyplease::unparse(&file))
}
