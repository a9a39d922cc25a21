//! Doc comments from spec prose. Spec text is Markdown written for other tools, and rustdoc
//! compiles and runs every code block it takes for Rust (`cargo test` runs doctests), so a
//! description must never reach rustdoc as Markdown of its own.
//!
//! The prose is read line by line, with a rough model of CommonMark's blocks (block quotes,
//! list items, fenced, indented and `<pre>` code), and written out again in a small subset
//! that this module controls: paragraphs at the margin, list items with their continuation
//! lines indented exactly under the item, and code blocks as ```` ```text ```` fences at the
//! margin, longer than any backtick run inside them. Safety does not rest on reading the input
//! right: whatever the input, every line written is escaped text, a list line, or a line of a
//! `text` block that cannot close its fence early; reading the input well only makes the
//! rendering closer to what the author meant. Block quotes are flattened; raw HTML, link
//! brackets and entities are escaped; bare URLs become autolinks.

use std::collections::{HashMap, VecDeque};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::Docs;
use crate::text::{clean_lines, is_blank, one_line};

/// `///` attributes for an item.
pub fn doc_attrs(text: &str) -> Vec<TokenStream> {
    lines(text).into_iter().map(|l| doc_lit(&l)).map(|l| quote!(#[doc = #l])).collect()
}

/// `//!` attributes for a module or crate.
pub fn inner_doc_attrs(text: &str) -> Vec<TokenStream> {
    lines(text).into_iter().map(|l| doc_lit(&l)).map(|l| quote!(#![doc = #l])).collect()
}

/// The string of a `#[doc]` line, raw (`r"…"`, `r#"…"#`) where prettyplease prints the
/// attribute as a `///` or `//!` comment (one line, not starting with `/`): the comment
/// holds the value, the same whichever way the literal is written. A raw literal is copied
/// where an escaped one is escaped by proc_macro2 and unescaped by syn and prettyplease
/// character by character, which was a sixth of generation's instructions on GitHub's spec.
/// Other lines keep the escaped literal (prettyplease then prints the literal itself), and so
/// do lines a raw literal cannot hold (a carriage return; `"` and 255 `#`s).
pub fn doc_lit(line: &str) -> Literal {
    if line.contains(['\n', '\r']) || line.starts_with('/') {
        return Literal::string(line);
    }
    let Some(hashes) = raw_hashes(line) else { return Literal::string(line) };
    let mut repr = String::with_capacity(line.len() + 3 + 2 * hashes);
    repr.push('r');
    repr.extend(std::iter::repeat_n('#', hashes));
    repr.push('"');
    repr.push_str(line);
    repr.push('"');
    repr.extend(std::iter::repeat_n('#', hashes));
    repr.parse().unwrap_or_else(|_| Literal::string(line))
}

/// How many `#`s a raw string literal of `text` needs: one more than the longest run of
/// them right after a `"` (none without a `"`); `None` past the 255 Rust allows.
fn raw_hashes(text: &str) -> Option<usize> {
    let mut most = None;
    for (i, _) in text.match_indices('"') {
        let run = text.get(i + 1..).unwrap_or_default().bytes().take_while(|b| *b == b'#').count();
        most = most.max(Some(run));
    }
    let hashes = most.map_or(0, |run| run + 1);
    (hashes <= 255).then_some(hashes)
}

/// The text of an item's docs: title, description, deprecation. A blank description counts
/// as none (an item without docs fails `missing_docs`).
pub fn item_text(docs: &Docs, fallback: &str) -> String {
    let title = docs.title.as_ref().filter(|t| !is_blank(t));
    let description = docs.description.as_ref().filter(|d| !is_blank(d));
    let mut parts: Vec<String> = Vec::new();
    match (title, description) {
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


/// Spec text (a name, a value, a path) as an inline code span, for docs written here: one
/// line, delimited by one more backtick than its longest run. A line break inside it could
/// start a block (a fence), so [`super::runtime::doc_texts`] never wraps inside a span.
pub fn code(text: &str) -> String {
    let content = one_line(text);
    if content.is_empty() {
        return "`\"\"`".to_string();
    }
    let ticks = "`".repeat(longest_run(&content, '`') + 1);
    // A span that starts or ends with a backtick needs a space beside its delimiters
    // (CommonMark drops one on each side).
    let pad = if content.starts_with('`') || content.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{content}{pad}{ticks}")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Where the reader is in the input.
enum Block {
    Prose,
    /// A fenced code block: its fence, the block quotes it sits in, the column its content
    /// starts at, and whether it is inside a list item (which ends it at a line indented less).
    Fenced { fence: char, len: usize, quotes: usize, indent: usize, in_list: bool, code: Vec<String> },
    /// An indented code block: the column of its container's content.
    Indented { base: usize, code: Vec<String> },
    /// `<pre>` … `</pre>`.
    Pre { code: Vec<String> },
}

/// The doc lines (each with its leading space) for spec prose.
pub(crate) fn lines(text: &str) -> Vec<String> {
    let mut w = Writer::default();
    let mut block = Block::Prose;
    // The input column where the content of the current list item starts.
    let mut list: Option<usize> = None;
    let mut after_blank = true;
    for raw in clean_lines(text) {
        let expanded = expand_tabs(&raw);
        let line = expanded.trim_end();
        match &mut block {
            Block::Prose => {}
            Block::Fenced { fence, len, quotes, indent, in_list, code } => {
                let (found, rest) = strip_quotes(line, *quotes);
                let ends_container =
                    !rest.is_empty() && (found < *quotes || (*in_list && indent_of(rest) < *indent));
                if !ends_container {
                    if closes(rest, *fence, *len) {
                        w.code(code);
                        block = Block::Prose;
                    } else {
                        code.push(rest[indent_of(rest).min(*indent)..].to_string());
                    }
                    continue;
                }
                // The list item or quote ended, and the code block with it: the line is prose.
                w.code(code);
                block = Block::Prose;
            }
            Block::Indented { base, code } => {
                if line.is_empty() {
                    code.push(String::new());
                    continue;
                }
                if indent_of(line) >= *base + 4 {
                    code.push(line[*base + 4..].to_string());
                    continue;
                }
                w.code(code);
                block = Block::Prose;
            }
            Block::Pre { code } => {
                match find_ascii_ci(line, "</pre") {
                    Some(end) => {
                        code.push(line[..end].to_string());
                        w.code(code);
                        block = Block::Prose;
                    }
                    None => code.push(line.to_string()),
                }
                continue;
            }
        }

        let (_, rest) = strip_quotes(line, usize::MAX);
        if rest.trim().is_empty() {
            w.blank();
            after_blank = true;
            continue;
        }
        let indent = indent_of(rest);
        let base = list.unwrap_or(0);
        if after_blank && indent >= base + 4 {
            block = Block::Indented { base, code: vec![rest[base + 4..].to_string()] };
            continue;
        }
        let continues_item = list.is_some_and(|col| !after_blank || indent >= col);
        after_blank = false;
        let mut s = &rest[indent..];
        if is_break(s) {
            w.blank();
            list = None;
            after_blank = true;
            continue;
        }
        // Container markers at the start of the line: list items and quotes, nested or not.
        let mut col = indent;
        let mut marker: Option<&str> = None;
        loop {
            if let Some((m, width)) = list_marker(s) {
                marker = Some(m);
                col += width;
                s = &s[width..];
            } else if let Some(after) = s.strip_prefix('>') {
                let after = after.strip_prefix(' ').unwrap_or(after);
                col += s.len() - after.len();
                s = after;
            } else {
                break;
            }
            let spaces = indent_of(s);
            col += spaces;
            s = &s[spaces..];
        }
        if marker.is_some() {
            list = Some(col);
        } else if !continues_item {
            list = None;
        }
        if let Some((fence, len)) = opens(s) {
            let in_list = list.is_some();
            block = Block::Fenced { fence, len, quotes: count_quotes(line), indent: col, in_list, code: Vec::new() };
            continue;
        }
        if let Some(start) = pre_start(s) {
            let body = &s[start..];
            match find_ascii_ci(body, "</pre") {
                Some(end) => w.code(&mut vec![body[..end].to_string()]),
                None => block = Block::Pre { code: vec![body.to_string()] },
            }
            continue;
        }
        if s.is_empty() {
            // An empty list item: written, it would make the lines after it indented text
            // outside any list (an indented code block once a blank line follows).
            w.end_item();
            continue;
        }
        let text = escape(s);
        match marker {
            Some(m) => w.item(m, &text),
            None if list.is_some() => w.continuation(&text),
            None => w.paragraph(&text),
        }
    }
    match block {
        Block::Prose => {}
        Block::Fenced { mut code, .. } | Block::Indented { mut code, .. } | Block::Pre { mut code } => w.code(&mut code),
    }
    w.finish()
}

/// The output, in the subset of Markdown that is safe.
#[derive(Default)]
struct Writer {
    out: Vec<String>,
    /// The width of the open list item's marker: continuation lines are indented by it.
    /// `None` when the last thing written is not a list item (so no line is ever indented
    /// where rustdoc would read an indented code block).
    item: Option<usize>,
}

impl Writer {
    fn blank(&mut self) {
        if self.out.last().is_some_and(|l| !l.is_empty()) {
            self.out.push(String::new());
        }
    }

    /// A list item; `text` is never empty (an empty item would hold nothing that keeps the
    /// indented lines after it inside the list).
    fn item(&mut self, marker: &str, text: &str) {
        if self.item.is_none() {
            self.blank();
        }
        self.out.push(format!(" {marker} {text}"));
        self.item = Some(marker.len() + 1);
    }

    fn continuation(&mut self, text: &str) {
        match self.item {
            Some(width) => self.out.push(format!(" {}{text}", " ".repeat(width))),
            None => self.paragraph(text),
        }
    }

    fn end_item(&mut self) {
        if self.item.take().is_some() {
            self.blank();
        }
    }

    fn paragraph(&mut self, text: &str) {
        if self.item.take().is_some() {
            self.blank();
        }
        self.out.push(format!(" {text}"));
    }

    /// A ```` ```text ```` block at the margin, its fence longer than any backtick run
    /// that starts one of its lines, so nothing inside closes it.
    fn code(&mut self, code: &mut Vec<String>) {
        while code.last().is_some_and(|l| l.trim().is_empty()) {
            code.pop();
        }
        let first = code.iter().position(|l| !l.trim().is_empty()).unwrap_or(code.len());
        let code = &code[first..];
        self.item = None;
        self.blank();
        let longest = code.iter().map(|l| l.trim_start().chars().take_while(|&c| c == '`').count()).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        self.out.push(format!(" {fence}text"));
        for l in code {
            let l = l.trim_end();
            self.out.push(if l.is_empty() { String::new() } else { format!(" {l}") });
        }
        self.out.push(format!(" {fence}"));
        self.out.push(String::new());
    }

    fn finish(mut self) -> Vec<String> {
        while self.out.last().is_some_and(String::is_empty) {
            self.out.pop();
        }
        self.out
    }
}

/// Tabs to spaces, at tab stops of 4 as CommonMark counts them.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 4 - col % 4;
            out.push_str(&" ".repeat(n));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// Strips up to `max` block-quote markers (`>`, each after at most three spaces and with one
/// optional space after it); returns how many it found and the rest.
fn strip_quotes(line: &str, max: usize) -> (usize, &str) {
    let mut rest = line;
    let mut found = 0;
    while found < max {
        let spaces = indent_of(rest);
        let Some(after) = rest[spaces..].strip_prefix('>').filter(|_| spaces <= 3) else { break };
        rest = after.strip_prefix(' ').unwrap_or(after);
        found += 1;
    }
    (found, rest)
}

fn count_quotes(line: &str) -> usize {
    strip_quotes(line, usize::MAX).0
}

/// A list marker at the start of `s` and its width with the spaces after it (CommonMark: a
/// bullet or 1-9 digits and `.`/`)`, then a space or the end of the line).
fn list_marker(s: &str) -> Option<(&str, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let len = match s.as_bytes().first() {
        Some(b'-' | b'*' | b'+') => 1,
        Some(b'0'..=b'9') if digits <= 9 && matches!(s.as_bytes().get(digits), Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let after = &s[len..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let spaces = indent_of(after);
    // Five spaces or more: the content is one space in (and indented code in CommonMark).
    let width = len + if spaces > 4 { 1 } else { spaces };
    Some((&s[..len], width))
}

/// A thematic break: three or more of one of `-`, `*`, `_`, and nothing else but spaces.
fn is_break(s: &str) -> bool {
    let Some(c) = s.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else { return false };
    s.chars().all(|x| x == c || x == ' ') && s.chars().filter(|&x| x == c).count() >= 3
}

/// A code fence opening `s`: three or more backticks (with no backtick after them) or tildes.
fn opens(s: &str) -> Option<(char, usize)> {
    let s = s.trim_start();
    for fence in ['`', '~'] {
        let len = s.chars().take_while(|&c| c == fence).count();
        if len >= 3 && (fence == '~' || !s[len..].contains('`')) {
            return Some((fence, len));
        }
    }
    None
}

fn closes(s: &str, fence: char, len: usize) -> bool {
    let s = s.trim_start();
    let run = s.chars().take_while(|&c| c == fence).count();
    run >= len && s[run..].trim().is_empty()
}

/// Where the content of a `<pre>` tag opening `s` starts (after `<pre…>` and an optional
/// `<code…>`).
fn pre_start(s: &str) -> Option<usize> {
    let tag = s.get(..4)?;
    if !tag.eq_ignore_ascii_case("<pre") || !matches!(s.as_bytes().get(4), Some(b'>' | b' ')) {
        return None;
    }
    let mut start = s.find('>')? + 1;
    if s[start..].get(..5).is_some_and(|t| t.eq_ignore_ascii_case("<code")) {
        if let Some(end) = s[start..].find('>') {
            start += end + 1;
        }
    }
    Some(start)
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

/// One line of prose, escaped so that it is plain text to rustdoc: no links, no HTML, no
/// entities; inline code spans kept as they are (Markdown reads nothing inside them); a
/// backtick that opens no span on this line escaped, so that no span runs into a later line.
fn escape(line: &str) -> String {
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + 8);
    let mut pos = 0;
    for (start, end) in code_spans(line) {
        escape_text(&line[pos..start], &mut out);
        out.push_str(&line[start..end]);
        pos = end;
    }
    escape_text(&line[pos..], &mut out);
    // A line starting with backticks here starts with a code span, which ends in backticks,
    // and a backtick after the opening run makes it no fence. Tildes have no such rule.
    if out.starts_with("~~~") {
        out.insert(0, '\\');
    }
    out
}

fn escape_text(mut rest: &str, out: &mut String) {
    while !rest.is_empty() {
        // Up to the next byte that may start a URL (`h`) or is escaped, the text is copied as
        // it is, at once (these bytes are ASCII: the run ends at a char boundary).
        let plain = rest.bytes().position(|b| matches!(b, b'h' | b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | b'`')).unwrap_or(rest.len());
        if plain > 0 {
            out.push_str(rest.get(..plain).unwrap_or_default());
            rest = rest.get(plain..).unwrap_or_default();
            continue;
        }
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
            '`' => out.push_str("\\`"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// The code spans of a line (byte ranges, backticks included), as CommonMark pairs them: a
/// run of backticks with the next run of the same length. Linear: each length has a queue of
/// its runs, consumed in order.
pub fn code_spans(line: &str) -> Vec<(usize, usize)> {
    // Most lines have no backtick: found by one `memchr`, not a loop over every byte.
    if !line.contains('`') {
        return Vec::new();
    }
    let bytes = line.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let len = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            runs.push((i, len));
            i += len;
        } else {
            i += 1;
        }
    }
    let mut by_len: HashMap<usize, VecDeque<usize>> = HashMap::new();
    for (index, &(_, len)) in runs.iter().enumerate() {
        by_len.entry(len).or_default().push_back(index);
    }
    let mut spans = Vec::new();
    let mut r = 0;
    while let Some(&(start, len)) = runs.get(r) {
        let queue = by_len.entry(len).or_default();
        while queue.front().is_some_and(|&j| j <= r) {
            queue.pop_front();
        }
        match queue.front().and_then(|&j| runs.get(j).map(|&(s, l)| (j, s + l))) {
            Some((j, end)) => {
                spans.push((start, end));
                r = j + 1;
            }
            None => r += 1,
        }
    }
    spans
}

/// Length of the URL at the start of `s`, if one starts there.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']' | '\\'))
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
#[path = "docs_tests.rs"]
mod tests;
