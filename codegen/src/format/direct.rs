//! Plain structs printed from their tokens as prettyplease prints them, without syn parsing
//! them first: parsing the emitted tokens back and walking the tree was most of generation's
//! time, and the models are mostly structs of one shape. Only that shape is printed here —
//! outer attributes, `pub struct Name { pub field: Type, ... }` — with every line short
//! enough that prettyplease would not break it; anything else (another token, a long line, a
//! doc line prettyplease would not print as `///`) is `None`, and the item goes to
//! prettyplease as before. The tests hold the text to prettyplease's for each shape, and
//! generation's output is byte-identical to formatting everything through prettyplease.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The widest line printed here. prettyplease breaks a line only past its margin of 89
/// columns; a little room below it so that no rounding of its measure matters.
const WIDEST: usize = 86;

/// prettyplease's text of `item` (one item's tokens, attributes included), ending with a
/// line break, when it is a struct of the shape this module prints.
pub fn structure(item: &[TokenTree]) -> Option<String> {
    let mut out = String::with_capacity(1024);
    let mut rest = attributes(item, "", &mut out)?;
    let [TokenTree::Ident(vis), TokenTree::Ident(keyword), TokenTree::Ident(name), TokenTree::Group(body)] = rest else {
        return None;
    };
    if vis != "pub" || keyword != "struct" || body.delimiter() != Delimiter::Brace {
        return None;
    }
    let start = out.len();
    out.push_str("pub struct ");
    push_display(&mut out, name);
    let fields: Vec<TokenTree> = body.stream().into_iter().collect();
    if fields.is_empty() {
        out.push_str(" {}");
        return line_end(&mut out, start).then_some(out);
    }
    out.push_str(" {");
    if !line_end(&mut out, start) {
        return None;
    }
    rest = &fields;
    while !rest.is_empty() {
        rest = attributes(rest, "    ", &mut out)?;
        let start = out.len();
        let [TokenTree::Ident(vis), TokenTree::Ident(field), TokenTree::Punct(colon), after @ ..] = rest else { return None };
        if vis != "pub" || colon.as_char() != ':' || colon.spacing() != Spacing::Alone {
            return None;
        }
        out.push_str("    pub ");
        push_display(&mut out, field);
        out.push_str(": ");
        rest = ty(after, &mut out)?;
        out.push(',');
        if !line_end(&mut out, start) {
            return None;
        }
        rest = match rest {
            [TokenTree::Punct(comma), after @ ..] if comma.as_char() == ',' => after,
            [] => rest,
            _ => return None,
        };
    }
    out.push_str("}\n");
    Some(out)
}

/// Ends the line that began at `start`; whether it is narrow enough.
fn line_end(out: &mut String, start: usize) -> bool {
    let fits = out.len() - start <= WIDEST;
    out.push('\n');
    fits
}

fn push_display(out: &mut String, token: &impl std::fmt::Display) {
    use std::fmt::Write;
    let _ = write!(out, "{token}");
}

/// Prints the outer attributes at the start of `tokens`, one a line, each after `indent`;
/// the tokens after them.
fn attributes<'t>(mut tokens: &'t [TokenTree], indent: &str, out: &mut String) -> Option<&'t [TokenTree]> {
    while let [TokenTree::Punct(pound), TokenTree::Group(group), rest @ ..] = tokens {
        if pound.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
            break;
        }
        let start = out.len();
        out.push_str(indent);
        let meta: Vec<TokenTree> = group.stream().into_iter().collect();
        match meta.as_slice() {
            [TokenTree::Ident(path)] => {
                out.push_str("#[");
                push_display(out, path);
            }
            [TokenTree::Ident(path), TokenTree::Group(list)] if list.delimiter() == Delimiter::Parenthesis => {
                out.push_str("#[");
                push_display(out, path);
                out.push('(');
                list_tokens(list.stream(), out)?;
                out.push(')');
            }
            [TokenTree::Ident(path), TokenTree::Punct(eq), TokenTree::Literal(lit)] if path == "doc" && eq.as_char() == '=' => {
                // A doc line is a comment, which prettyplease never breaks: no width to check.
                out.push_str("///");
                out.push_str(doc_line(&lit.to_string())?.trim_end_matches(' '));
                out.push('\n');
                tokens = rest;
                continue;
            }
            _ => return None,
        }
        out.push(']');
        if !line_end(out, start) {
            return None;
        }
        tokens = rest;
    }
    Some(tokens)
}

/// The value of a doc attribute's string literal when prettyplease prints it as a `///`
/// comment: one line, not starting with `/`. Raw literals hold their value as written; an
/// escaped one is taken only without escapes.
fn doc_line(repr: &str) -> Option<&str> {
    let value = match repr.strip_prefix('r') {
        Some(raw) => {
            let hashes = raw.len() - raw.trim_start_matches('#').len();
            raw.get(hashes..raw.len().checked_sub(hashes)?)?.strip_prefix('"')?.strip_suffix('"')?
        }
        None => {
            let value = repr.strip_prefix('"')?.strip_suffix('"')?;
            if value.contains('\\') {
                return None;
            }
            value
        }
    };
    (!value.contains(['\n', '\r']) && !value.starts_with('/')).then_some(value)
}

/// The tokens inside an attribute's parentheses, spaced as prettyplease's `attr_tokens`
/// spaces them on a line that fits: a space between words, around `=` and after `,`.
fn list_tokens(tokens: TokenStream, out: &mut String) -> Option<()> {
    #[derive(PartialEq)]
    enum State {
        Word,
        Punct,
    }
    let mut state = State::Punct;
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Ident(ident) => {
                if state == State::Word {
                    out.push(' ');
                }
                push_display(out, &ident);
                state = State::Word;
            }
            TokenTree::Literal(lit) => {
                if state == State::Word {
                    out.push(' ');
                }
                push_display(out, &lit);
                state = State::Word;
            }
            TokenTree::Punct(punct) => {
                let ch = punct.as_char();
                match ch {
                    '=' => {
                        if state == State::Word {
                            out.push(' ');
                        }
                        out.push_str("= ");
                    }
                    // A trailing comma is printed only where the list breaks.
                    ',' if trees.peek().is_none() => {}
                    ',' => out.push_str(", "),
                    ':' => out.push(':'),
                    _ => return None,
                }
                state = State::Punct;
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
                out.push('(');
                list_tokens(group.stream(), out)?;
                out.push(')');
                state = State::Punct;
            }
            TokenTree::Group(_) => return None,
        }
    }
    Some(())
}

/// Prints a type made of paths and angle-bracketed arguments (`Option<Vec<crate::X>>`); the
/// tokens after it (from the `,` that ends the field).
fn ty<'t>(tokens: &'t [TokenTree], out: &mut String) -> Option<&'t [TokenTree]> {
    let mut depth = 0usize;
    let mut after_word = false;
    let mut i = 0;
    while let Some(tree) = tokens.get(i) {
        match tree {
            TokenTree::Ident(ident) => {
                if after_word {
                    return None;
                }
                push_display(out, ident);
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                match punct.as_char() {
                    ',' if depth == 0 => break,
                    ',' => out.push_str(", "),
                    '<' => {
                        depth += 1;
                        out.push('<');
                    }
                    '>' => {
                        depth = depth.checked_sub(1)?;
                        out.push('>');
                    }
                    ':' => {
                        // Only `::`, whole.
                        let next = tokens.get(i + 1);
                        if punct.spacing() != Spacing::Joint || !matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == ':') {
                            return None;
                        }
                        out.push_str("::");
                        i += 1;
                    }
                    _ => return None,
                }
                after_word = false;
            }
            _ => return None,
        }
        i += 1;
    }
    // A type ends after a word or a `>`, and not inside `<...>`.
    let ended = matches!(tokens.get(i.wrapping_sub(1)), Some(TokenTree::Ident(_)))
        || matches!(tokens.get(i.wrapping_sub(1)), Some(TokenTree::Punct(p)) if p.as_char() == '>');
    (depth == 0 && i > 0 && ended).then(|| tokens.get(i..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn prettyplease(tokens: &TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap())
    }

    fn direct(tokens: &TokenStream) -> Option<String> {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        structure(&trees)
    }

    /// The docs of `text` as the emitters write them (raw literals where they can), as one
    /// escaped literal, and as one raw literal of the text as it is.
    fn docs(text: &str) -> [TokenStream; 3] {
        let emitted = crate::emit::doc_attrs(text);
        let escaped = proc_macro2::Literal::string(text);
        let raw = format!("r##\"{text}\"##").parse::<proc_macro2::Literal>().ok().map(|raw| quote!(#[doc = #raw]));
        [quote!(#(#emitted)*), quote!(#[doc = #escaped]), quote!(#raw)]
    }

    /// Every struct printed here is printed as prettyplease prints it.
    fn same(tokens: TokenStream) -> bool {
        match direct(&tokens) {
            Some(text) => {
                assert_eq!(text, prettyplease(&tokens), "{tokens}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_models_shapes_print_as_prettyplease_prints_them() {
        let hostile = [
            " plain",
            "",
            " trailing spaces   ",
            " \"quoted\" and \"# hashes\"## and a ` tick",
            " */ /* a block comment's ends, and //",
            " `unbalanced",
            " non-ASCII: é, 世界, \u{202e}",
            " \\ a backslash \\n",
        ];
        for text in hostile {
            for (i, docs) in docs(text).into_iter().enumerate() {
                let printed = same(quote! {
                    #docs
                    #[doc = ""]
                    #[derive(Debug, Clone, Default, PartialEq, Eq)]
                    #[non_exhaustive]
                    #[cfg_attr(feature = "serialize", derive(serde::Serialize))]
                    pub struct BasicError {
                        #docs
                        #[cfg_attr(feature = "serialize", serde(skip_serializing_if = "Option::is_none"))]
                        pub message: Option<String>,
                        #[serde(rename = "a\"b\\c", skip_serializing_if = "Option::is_none")]
                        pub r#type: Option<std::collections::BTreeMap<String, Vec<crate::models::A>>>,
                        pub r#ref: ::std::boxed::Box<serde_json::Value>,
                    }
                });
                // The emitters' docs are always printed here; the others where they can be.
                assert!(printed || i > 0, "{text:?}");
            }
        }
        assert!(same(quote!(pub struct Empty {})));
        assert!(same(quote!(#[derive(Debug, Clone,)] #[serde(rename = "x",)] pub struct Commas {})));
        assert!(same(quote!(#[serde(tag = "kind", rename = "x")] pub struct A { pub a: u8 })));
    }

    #[test]
    fn other_shapes_and_long_lines_are_left_to_prettyplease() {
        let long = "L".repeat(80);
        let long = proc_macro2::Ident::new(&long, proc_macro2::Span::call_site());
        let left = [
            quote!(pub struct A(u8);),
            quote!(pub struct A;),
            quote!(struct A { pub a: u8 }),
            quote!(pub struct A { a: u8 }),
            quote!(pub struct A<T> { pub a: T }),
            quote!(pub struct A { pub a: (u8, u8), }),
            quote!(pub struct A { pub a: &'static str }),
            quote!(pub struct A { pub a: [u8; 4] }),
            quote!(pub struct A { pub a: Vec<#long> }),
            quote!(#[doc = "/ starts with a slash"] pub struct A {}),
            quote!(#[doc = "two\nlines"] pub struct A {}),
            quote!(#[doc = "an \"escape\""] pub struct A {}),
            quote!(#[serde(with = #long)] pub struct A { pub a: u8 }),
            quote!(#![doc = "inner"] pub struct A {}),
            quote!(pub struct A {} pub struct B {}),
        ];
        for tokens in left {
            assert_eq!(direct(&tokens), None, "{tokens}");
            // Each still parses: prettyplease formats it.
            let _ = prettyplease(&tokens);
        }
    }
}
