//! Doc comments from spec prose. Spec text is Markdown written for other tools, so it is
//! made safe for rustdoc: no accidental intra-doc links, no bare URLs, no HTML tags, and
//! no code blocks that `cargo test` would try to compile.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `///` attributes for an item.
pub fn doc_attrs(text: &str) -> Vec<TokenStream> {
    lines(text).into_iter().map(|l| quote!(#[doc = #l])).collect()
}

/// `//!` attributes for a module or crate.
pub fn inner_doc_attrs(text: &str) -> Vec<TokenStream> {
    lines(text).into_iter().map(|l| quote!(#![doc = #l])).collect()
}

/// The text of an item's docs: title, description, deprecation.
pub fn item_text(docs: &Docs, fallback: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    match (&docs.title, &docs.description) {
        (Some(t), Some(d)) if !d.starts_with(t.as_str()) && t.len() > 12 => {
            parts.push(t.clone());
            parts.push(d.clone());
        }
        (_, Some(d)) => parts.push(d.clone()),
        (Some(t), None) if t.len() > 12 => parts.push(t.clone()),
        _ => parts.push(fallback.to_string()),
    }
    if docs.deprecated {
        parts.push("Deprecated by the API.".to_string());
    }
    parts.join("\n\n")
}

fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_code = false;
    let mut in_list = false;
    for raw in text.trim().lines() {
        let line = raw.replace('\t', "    ");
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            out.push(if in_code { " ```text".to_string() } else { " ```".to_string() });
            continue;
        }
        if in_code {
            out.push(format!(" {line}"));
            continue;
        }
        // Spec prose indents freely; in rustdoc indentation means code blocks and nested
        // lists, so every prose line starts at the margin.
        let line = line.trim_start();
        let item = is_list_item(line);
        if in_list && !item && !line.is_empty() {
            // A line after a list item would lazily continue it: end the list first.
            out.push(String::new());
        }
        in_list = item;
        if line.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!(" {}", escape(line)));
        }
    }
    if in_code {
        out.push(" ```".to_string());
    }
    out
}

fn is_list_item(line: &str) -> bool {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '`' => out.push('`'),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of the URL at the start of `s`, if one starts there.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']')).unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_made_safe() {
        assert_eq!(lines("see [docs] at https://x.io/a.")[0], " see \\[docs\\] at <https://x.io/a>.");
        assert_eq!(lines("a <b> tag")[0], " a &lt;b&gt; tag");
        assert_eq!(lines("```\nlet x;\n```"), vec![" ```text", " let x;", " ```"]);
        assert_eq!(lines("     indented")[0], " indented");
        assert_eq!(lines("- a\nmore\n\tb"), vec![" - a", "", " more", " b"]);
        assert_eq!(lines("1. one\n2. two"), vec![" 1. one", " 2. two"]);
    }
}
