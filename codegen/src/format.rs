//! Stage 6: token streams → formatted source text with the `@generated` header.
//! prettyplease is a library, so the output does not depend on the installed rustfmt.

use std::sync::Arc;

use proc_macro2::TokenStream;

use crate::diagnostics::Diagnostics;
use crate::output::{Deferred, Files, Output};
use crate::text::one_line;

mod direct;
mod methods;
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
/// where it is formatted (a deferred file, see [`format_produced`], crosses as what makes
/// its tokens instead, and is parsed from them). Where pieces are cut depends only on the tokens (never on the
/// number of cores), and a file whose pieces do not all parse is formatted whole, as
/// before, for the same output or error.
pub fn format(files: Vec<(String, Output)>, header: &str, diags: &mut Diagnostics) -> Vec<(String, String)> {
    format_in_pieces(
        |out| {
            for (path, output) in files {
                out.file(path, output);
            }
        },
        header,
        diags,
        PIECE_BYTES,
    )
}

/// [`format`] of the files `produce` hands over one by one, in that order: the files
/// handed first are formatted on the other cores while `produce` makes the next ones, and a
/// deferred file is made where it is formatted.
pub fn format_produced<'a>(produce: impl FnOnce(&mut dyn Files<'a>), header: &str, diags: &mut Diagnostics) -> Vec<(String, String)> {
    format_in_pieces(produce, header, diags, PIECE_BYTES)
}

/// What a core formats: a piece of a file's text, or a whole file to make first.
enum Job<'a> {
    Piece(Arc<Piece>),
    Whole(Deferred<'a>),
}

enum Done {
    Piece(Option<Formatted>),
    Whole(Result<String, syn::Error>),
}

/// The files as [`format_in_pieces`] receives them: what is formatted is sent as a job.
struct Planner<'p, 'a> {
    plan: Vec<(String, Planned)>,
    texts: Vec<Arc<Piece>>,
    jobs: usize,
    header: &'p str,
    piece_bytes: usize,
    send: &'p mut dyn FnMut(Job<'a>),
}

impl<'a> Files<'a> for Planner<'_, 'a> {
    fn file(&mut self, path: String, output: Output) {
        match output {
            Output::Text(text) => self.plan.push((path, Planned::Done(text))),
            Output::Source(text) => self.plan.push((path, Planned::Done(format!("{}{text}", self.header)))),
            Output::Rust(tokens) => {
                let first = self.texts.len();
                let (texts, send) = (&mut self.texts, &mut *self.send);
                cut(tokens, self.piece_bytes, |piece| {
                    let piece = Arc::new(piece);
                    texts.push(Arc::clone(&piece));
                    send(Job::Piece(piece));
                });
                let pieces = first..self.texts.len();
                let jobs = self.jobs..self.jobs + pieces.len();
                self.jobs = jobs.end;
                self.plan.push((path, Planned::Pieces(jobs, pieces)));
            }
        }
    }

    fn deferred(&mut self, path: String, make: Deferred<'a>) {
        (self.send)(Job::Whole(make));
        self.plan.push((path, Planned::Whole(self.jobs)));
        self.jobs += 1;
    }
}

fn format_in_pieces<'a>(produce: impl FnOnce(&mut dyn Files<'a>), header: &str, diags: &mut Diagnostics, piece_bytes: usize) -> Vec<(String, String)> {
    let mut planned = None;
    let formatted = parallel::map_produced(
        |send| {
            let mut planner = Planner { plan: Vec::new(), texts: Vec::new(), jobs: 0, header, piece_bytes, send };
            produce(&mut planner);
            planned = Some((planner.plan, planner.texts));
        },
        |job: Job<'a>| match job {
            Job::Piece(piece) => Done::Piece(format_piece(&piece)),
            Job::Whole(make) => Done::Whole(rust_tokens(make())),
        },
    );
    let (plan, texts) = planned.unwrap_or_default();
    let mut formatted: Vec<Option<Done>> = formatted.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(plan.len());
    for (path, planned) in plan {
        let text = match planned {
            Planned::Done(text) => Ok(text),
            Planned::Pieces(jobs, pieces) => {
                let done: Option<Vec<Formatted>> = formatted
                    .get_mut(jobs)
                    .unwrap_or_default()
                    .iter_mut()
                    .map(|d| match d.take() {
                        Some(Done::Piece(piece)) => piece,
                        _ => None,
                    })
                    .collect();
                match done {
                    Some(done) => Ok(join(header, &done)),
                    None => {
                        let whole: String = texts.get(pieces).unwrap_or_default().iter().flat_map(|t| t.parts.iter()).map(Part::text).collect();
                        rust(&whole).map(|text| format!("{header}{text}"))
                    }
                }
            }
            Planned::Whole(job) => match formatted.get_mut(job).and_then(Option::take) {
                Some(Done::Whole(text)) => text.map(|text| format!("{header}{text}")),
                _ => Err(syn::Error::new(proc_macro2::Span::call_site(), "no formatted text")),
            },
        };
        match text {
            Ok(text) => out.push((path, text)),
            Err(e) => diags.error(
                path.clone(),
                format!("the generator produced Rust that does not parse ({e}); this is a bug in the generator"),
            ),
        }
    }
    out
}

/// A file on its way through [`format`].
enum Planned {
    Done(String),
    /// The indices of its jobs, and of its pieces' texts.
    Pieces(std::ops::Range<usize>, std::ops::Range<usize>),
    /// The index of the job that makes and formats it.
    Whole(usize),
}

/// How much token text a piece holds before the next item starts a new one: large enough
/// that a parse's setup does not count, small enough that GitHub's 30 MB `models.rs`
/// keeps every core busy to the end.
const PIECE_BYTES: usize = 256 * 1024;

/// A piece of a file: the text of its items, each either source to format or already
/// printed by [`direct`], in order (consecutive source items share one text).
#[derive(Default)]
struct Piece {
    parts: Vec<Part>,
    len: usize,
}

enum Part {
    Source(String),
    Printed(String),
}

impl Part {
    /// Its text, which is Rust either way: a printed item reads back as itself.
    fn text(&self) -> &str {
        match self {
            Part::Source(text) | Part::Printed(text) => text,
        }
    }
}

impl Piece {
    fn source(&mut self, item: TokenStream) {
        use std::fmt::Write;
        if !matches!(self.parts.last(), Some(Part::Source(_))) {
            self.parts.push(Part::Source(String::with_capacity(4096)));
        }
        if let Some(Part::Source(text)) = self.parts.last_mut() {
            let before = text.len();
            let _ = writeln!(text, "{item}");
            self.len += text.len() - before;
        }
    }

    fn printed(&mut self, text: String) {
        self.len += text.len();
        self.parts.push(Part::Printed(text));
    }
}

/// Hands the file's tokens to `piece`, cut after top-level items: after a `;`, or after a
/// `{...}` group (with the `;` that may follow it). An item of a shape [`direct`] prints is
/// printed here; the others are kept as text. A cut inside an item (say `if a {} else {}` in
/// a `const`) leaves a piece that does not parse, and the file is then formatted whole.
/// Always at least one piece, so that an empty file is formatted too.
fn cut(tokens: TokenStream, piece_bytes: usize, mut piece: impl FnMut(Piece)) {
    use proc_macro2::{Delimiter, TokenTree};
    let mut current = Piece::default();
    let mut item: Vec<TokenTree> = Vec::new();
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
        item.push(tree);
        if ends || trees.peek().is_none() {
            match direct::item(&item) {
                Some(text) => {
                    current.printed(text);
                    item.clear();
                }
                None => current.source(item.drain(..).collect()),
            }
            if current.len >= piece_bytes {
                piece(std::mem::take(&mut current));
                sent = true;
            }
        }
    }
    if current.len > 0 || !sent {
        piece(current);
    }
}

/// A formatted piece, with its first and last lines for the spacing where pieces meet.
struct Formatted {
    text: String,
    first: String,
    last: String,
}

fn format_piece(piece: &Piece) -> Option<Formatted> {
    let mut raw = String::with_capacity(piece.len + piece.len / 4);
    for part in &piece.parts {
        match part {
            Part::Source(text) => {
                let file = syn::parse_file(text).ok()?;
                raw.push_str(&prettyplease::unparse(&file));
            }
            Part::Printed(text) => raw.push_str(text),
        }
    }
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

/// [`rust`] of tokens: no text to lex, and the plain structs among the items (most of the
/// models) printed by [`direct`] without being parsed, as are the client's methods (those of
/// other shapes formatted by prettyplease one by one, here); the items between them go to
/// prettyplease together. Items are told apart as [`cut`] tells them, and prettyplease prints
/// a file's items one after the other, so the texts put together are the file's.
fn rust_tokens(tokens: TokenStream) -> Result<String, syn::Error> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut raw = String::new();
    let mut pending: Vec<TokenTree> = Vec::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let flush = |pending: &mut Vec<TokenTree>, raw: &mut String| -> Result<(), syn::Error> {
        if !pending.is_empty() {
            let file: syn::File = syn::parse2(pending.drain(..).collect())?;
            raw.push_str(&prettyplease::unparse(&file));
        }
        Ok(())
    };
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        item.push(tree);
        if ends || trees.peek().is_none() {
            match direct::item_or_parsed(&item) {
                Some(text) => {
                    flush(&mut pending, &mut raw)?;
                    raw.push_str(&text);
                    item.clear();
                }
                None => pending.append(&mut item),
            }
        }
    }
    flush(&mut pending, &mut raw)?;
    Ok(space_items(&raw))
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
    const STARTS: [&str; 22] = [
        "///", "#[", "pub ", "pub(crate) ", "fn ", "async fn ", "impl", "struct ", "enum ", "mod ", "const ", "type ",
        "use ", "trait ", "string_enum!", "default_new!", "new_by_name!",
        "variant_from!", "crate::error::error_of!", "deserialize_struct!", "tagged!", "untagged!",
    ];
    if prev.is_empty() {
        return false;
    }
    let trimmed = line.trim_start();
    let prev_trimmed = prev.trim_start();
    let after_docs = prev_trimmed.starts_with("//!") && !trimmed.starts_with("//!");
    if after_docs {
        return true;
    }
    // Cheapest first: most lines follow no item's end, and are not checked further.
    let after_statement = prev_trimmed.ends_with(';') && !prev_trimmed.starts_with("//");
    let after_item = prev_trimmed == "}"
        || (prev_trimmed.ends_with(" {}") && !prev_trimmed.starts_with("//"))
        || (after_statement && !(prev_trimmed.starts_with("use ") && trimmed.starts_with("use ")));
    let item_level = || line.len() - trimmed.len() == prev.len() - prev_trimmed.len();
    after_item && item_level() && STARTS.iter().any(|s| trimmed.starts_with(s))
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
            let files = format_in_pieces(|f| f.file("src/a.rs".into(), Output::Rust(sample())), "// h\n", &mut diags, piece_bytes);
            assert!(diags.is_empty(), "{diags}");
            assert_eq!(files, vec![("src/a.rs".to_string(), format!("// h\n{whole}"))], "pieces of {piece_bytes} bytes");
        }
    }

    #[test]
    fn a_doc_line_ending_in_braces_is_not_an_item_end() {
        // Spec prose such as "Defaults to {}" must not split a doc comment from its item
        // (clippy's `empty_line_after_doc_comments` rejects that).
        let text = "/// Defaults to {}\npub struct A;\n/// An example:\n/// {}\n/// more\npub fn b() {}\npub struct C;\n";
        let spaced = space_items(text);
        assert_eq!(
            spaced,
            "/// Defaults to {}\npub struct A;\n\n/// An example:\n/// {}\n/// more\npub fn b() {}\n\npub struct C;\n"
        );
    }

    #[test]
    fn rust_that_does_not_parse_is_reported_with_its_file() {
        let mut diags = Diagnostics::default();
        let files = vec![
            ("src/ok.rs".to_string(), Output::Rust(quote!(pub struct A;))),
            ("src/bad.rs".to_string(), Output::Rust(quote!(pub struct A; fn {} pub struct B;))),
            ("Cargo.toml".to_string(), Output::Text("[package]\n".into())),
        ];
        let out = format_in_pieces(|f| files.into_iter().for_each(|(path, output)| f.file(path, output)), "", &mut diags, 1);
        assert_eq!(out.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["src/ok.rs", "Cargo.toml"]);
        assert!(diags.to_string().contains("src/bad.rs") && diags.to_string().contains("does not parse"), "{diags}");
    }

    #[test]
    fn a_deferred_file_is_made_on_a_core_and_formats_as_its_tokens_would_in_its_place() {
        let eager = {
            let mut diags = Diagnostics::default();
            let files = vec![
                ("src/a.rs".to_string(), Output::Rust(quote!(pub struct A;))),
                ("src/b.rs".to_string(), Output::Rust(sample())),
                ("src/c.rs".to_string(), Output::Rust(quote!(pub struct C;))),
            ];
            format_in_pieces(|f| files.into_iter().for_each(|(path, output)| f.file(path, output)), "// h\n", &mut diags, 40)
        };
        let mut diags = Diagnostics::default();
        let deferred = format_in_pieces(
            |f| {
                f.deferred("src/a.rs".into(), Box::new(|| quote!(pub struct A;)));
                f.file("src/b.rs".into(), Output::Rust(sample()));
                f.deferred("src/bad.rs".into(), Box::new(|| quote!(fn {})));
                f.deferred("src/c.rs".into(), Box::new(|| quote!(pub struct C;)));
            },
            "// h\n",
            &mut diags,
            40,
        );
        assert_eq!(deferred, eager);
        assert!(diags.to_string().contains("src/bad.rs") && diags.to_string().contains("does not parse"), "{diags}");
    }
}
