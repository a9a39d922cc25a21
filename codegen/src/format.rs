//! Stage 6: token streams → formatted source text with the `@generated` header.
//! prettyplease is a library, so the output does not depend on the installed rustfmt.

use std::sync::Arc;

use proc_macro2::TokenStream;

use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::text::one_line;

mod parallel;

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
///
/// prettyplease is most of generation's time, so the files are cut into pieces at item
/// boundaries and the pieces formatted on every core while the next ones are cut.
/// proc_macro2's tokens cannot cross threads, so each piece crosses as text and is parsed
/// where it is formatted. Where pieces are cut depends only on the tokens (never on the
/// number of cores), and a file whose pieces do not all parse is formatted whole, as
/// before, for the same output or error.
pub fn format(files: Vec<(String, Output)>, header: &str, diags: &mut Diagnostics) -> Vec<(String, String)> {
    format_in_pieces(files, header, diags, PIECE_BYTES)
}

fn format_in_pieces(files: Vec<(String, Output)>, header: &str, diags: &mut Diagnostics, piece_bytes: usize) -> Vec<(String, String)> {
    let mut plan = Vec::with_capacity(files.len());
    let mut texts: Vec<Arc<String>> = Vec::new();
    let formatted = parallel::map_produced(
        |send| {
            for (path, output) in files {
                match output {
                    Output::Text(text) => plan.push((path, Planned::Done(text))),
                    Output::Source(text) => plan.push((path, Planned::Done(format!("{header}{text}")))),
                    Output::Rust(tokens) => {
                        let first = texts.len();
                        cut(tokens, piece_bytes, |piece| {
                            let piece = Arc::new(piece);
                            texts.push(Arc::clone(&piece));
                            send(piece);
                        });
                        plan.push((path, Planned::Pieces(first..texts.len())));
                    }
                }
            }
        },
        |piece: Arc<String>| format_piece(&piece),
    );
    let mut formatted = formatted.into_iter();
    let mut out = Vec::with_capacity(plan.len());
    for (path, planned) in plan {
        match planned {
            Planned::Done(text) => out.push((path, text)),
            Planned::Pieces(range) => {
                let done: Option<Vec<Formatted>> = formatted.by_ref().take(range.len()).collect();
                let text = match done {
                    Some(done) => Ok(join(header, &done)),
                    None => {
                        let whole: String = texts.get(range).unwrap_or_default().iter().map(|t| t.as_str()).collect();
                        rust(&whole).map(|text| format!("{header}{text}"))
                    }
                };
                match text {
                    Ok(text) => out.push((path, text)),
                    Err(e) => diags.error(
                        path.clone(),
                        format!("the generator produced Rust that does not parse ({e}); this is a bug in the generator"),
                    ),
                }
            }
        }
    }
    out
}

/// A file on its way through [`format`].
enum Planned {
    Done(String),
    /// The indices of its pieces.
    Pieces(std::ops::Range<usize>),
}

/// How much token text a piece holds before the next item starts a new one: large enough
/// that a parse's setup does not count, small enough that GitHub's 30 MB `models.rs`
/// keeps every core busy to the end.
const PIECE_BYTES: usize = 256 * 1024;

/// Hands the file's tokens to `piece` as text, cut after top-level items: after a `;`, or
/// after a `{...}` group (with the `;` that may follow it). A cut inside an item (say
/// `if a {} else {}` in a `const`) leaves a piece that does not parse, and the file is then
/// formatted whole. Always at least one piece, so that an empty file is formatted too.
fn cut(tokens: TokenStream, piece_bytes: usize, mut piece: impl FnMut(String)) {
    use proc_macro2::{Delimiter, TokenTree};
    use std::fmt::Write;
    let mut text = String::new();
    let mut item = TokenStream::new();
    let mut sent = false;
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        item.extend([tree]);
        if ends || trees.peek().is_none() {
            let _ = writeln!(text, "{}", std::mem::take(&mut item));
            if text.len() >= piece_bytes {
                piece(std::mem::take(&mut text));
                sent = true;
            }
        }
    }
    if !text.is_empty() || !sent {
        piece(text);
    }
}

/// A formatted piece, with its first and last lines for the spacing where pieces meet.
struct Formatted {
    text: String,
    first: String,
    last: String,
}

fn format_piece(piece: &str) -> Option<Formatted> {
    let file = syn::parse_file(piece).ok()?;
    let raw = prettyplease::unparse(&file);
    drop(file);
    let first = raw.lines().next().unwrap_or_default().to_string();
    let last = raw.lines().last().unwrap_or_default().to_string();
    Some(Formatted { text: space_items(&raw), first, last })
}

/// The pieces of one file, spaced where they meet as [`space_items`] spaces lines within one.
fn join(header: &str, pieces: &[Formatted]) -> String {
    let mut out = String::with_capacity(header.len() + pieces.iter().map(|p| p.text.len() + 1).sum::<usize>());
    out.push_str(header);
    let mut prev: Option<&str> = None;
    for piece in pieces {
        if let Some(prev) = prev {
            if blank_between(prev, &piece.first) {
                out.push('\n');
            }
        }
        out.push_str(&piece.text);
        // An empty piece has no lines: the previous line stays the one to compare with.
        if !piece.text.is_empty() {
            prev = Some(&piece.last);
        }
    }
    out
}

fn rust(text: &str) -> Result<String, syn::Error> {
    let file = syn::parse_file(text)?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// prettyplease puts items right after one another; a blank line between items (and after
/// the module docs and imports) is how people write Rust, and makes diffs read better.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev = "";
    for line in text.lines() {
        if blank_between(prev, line) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = line;
    }
    out
}

/// Whether [`space_items`] puts a blank line between `prev` and `line`.
fn blank_between(prev: &str, line: &str) -> bool {
    const STARTS: [&str; 18] = [
        "///", "#[", "pub ", "pub(crate) ", "fn ", "async fn ", "impl", "struct ", "enum ", "mod ", "const ", "type ",
        "use ", "trait ", "string_enum!", "default_new!", "variant_from!", "deserialize_struct!",
    ];
    let trimmed = line.trim_start();
    let prev_trimmed = prev.trim_start();
    let starts_item = STARTS.iter().any(|s| trimmed.starts_with(s));
    let after_statement = prev_trimmed.ends_with(';') && !prev_trimmed.starts_with("//");
    let after_item = prev_trimmed == "}"
        || prev_trimmed.ends_with(" {}")
        || (after_statement && !(prev_trimmed.starts_with("use ") && trimmed.starts_with("use ")));
    let after_docs = prev_trimmed.starts_with("//!") && !trimmed.starts_with("//!");
    let item_level = line.len() - trimmed.len() == prev.len() - prev_trimmed.len();
    !prev.is_empty() && ((starts_item && after_item && item_level) || after_docs)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// Items of every shape the emitters write, and some whose braces are not their end.
    fn sample() -> TokenStream {
        quote! {
            //! Module docs.
            #![allow(dead_code)]
            use std::fmt;
            use std::io;
            /// A struct.
            #[derive(Debug)]
            pub struct A { pub x: u8 }
            pub struct B(u8);
            pub struct C;
            impl A { pub fn new() -> Self { A { x: if true { 1 } else { 2 } } } }
            const D: u8 = if true { 1 } else { 2 };
            const E: A = A { x: 3 };
            pub enum F { G, H { i: u8 } }
            fn j() -> impl Fn() -> u8 { || { 1 } }
            mod k { pub fn l() {} }
            type M = B;
            macro_rules! n { () => {}; }
        }
    }

    #[test]
    fn pieces_join_to_what_the_whole_file_formats_to() {
        // What formatting the file's tokens whole gave before it was cut into pieces.
        let whole = space_items(&prettyplease::unparse(&syn::parse2(sample()).unwrap()));
        // Every size of piece, down to a cut after every item (inside `D` too).
        for piece_bytes in [1, 40, 100, 300, usize::MAX] {
            let mut diags = Diagnostics::default();
            let files = format_in_pieces(vec![("src/a.rs".into(), Output::Rust(sample()))], "// h\n", &mut diags, piece_bytes);
            assert!(diags.is_empty(), "{diags}");
            assert_eq!(files, vec![("src/a.rs".to_string(), format!("// h\n{whole}"))], "pieces of {piece_bytes} bytes");
        }
    }

    #[test]
    fn rust_that_does_not_parse_is_reported_with_its_file() {
        let mut diags = Diagnostics::default();
        let files = vec![
            ("src/ok.rs".to_string(), Output::Rust(quote!(pub struct A;))),
            ("src/bad.rs".to_string(), Output::Rust(quote!(pub struct A; fn {} pub struct B;))),
            ("Cargo.toml".to_string(), Output::Text("[package]\n".into())),
        ];
        let out = format_in_pieces(files, "", &mut diags, 1);
        assert_eq!(out.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["src/ok.rs", "Cargo.toml"]);
        assert!(diags.to_string().contains("src/bad.rs") && diags.to_string().contains("does not parse"), "{diags}");
    }
}
