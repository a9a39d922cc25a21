//! From a diagnostic's place (`file#/pointer`) to its file, line, column and line of text,
//! using the spans each document gathered at load. Linear: positions of one document are
//! found in one sweep of its text, and an excerpt never reads more than a window around
//! its place (a minified spec is one line of megabytes).

use std::collections::HashMap;
use std::ops::Range;

use super::Diagnostics;
use crate::load::Document;

/// How far around its place an excerpt reaches on its line, in bytes.
const WINDOW: usize = 160;

/// Where a diagnostic's place is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as it was read (the spec's path as given, or a referenced file's real
    /// path), so that an editor can open it.
    pub file: String,
    /// The JSON pointer of the place (`None` for a parse error, which has no node).
    pub pointer: Option<String>,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The line (or, on a long line, the part of it around the place), control characters
    /// replaced so that a spec cannot drive the terminal.
    pub excerpt: String,
    /// The place in `excerpt`, in bytes.
    pub span: Range<usize>,
    /// `excerpt` is the whole line, so the excerpt's columns are the line's.
    pub whole_line: bool,
}

impl Location {
    /// Whether this points at a node of a document (else at a parse error).
    pub fn is_spec_node(&self) -> bool {
        self.pointer.is_some()
    }

    /// The location of a parser's `line:column` (1-based) in `text`.
    pub fn at_line(text: &str, file: &str, line: usize, column: usize) -> Location {
        let mut start = 0;
        for _ in 1..line {
            match text.get(start..).and_then(|rest| rest.find('\n')) {
                Some(nl) => start += nl + 1,
                None => break,
            }
        }
        let rest = text.get(start..).unwrap_or_default();
        let offset = start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
        let offset = offset.min(start + rest.find('\n').unwrap_or(rest.len()));
        let (excerpt, span, whole_line) = excerpt(text, offset, 1);
        Location { file: file.to_string(), pointer: None, line, column, excerpt, span, whole_line }
    }
}

/// Fills in the location of every diagnostic whose place is in one of `docs` (each with the
/// name places give it: the resolver's label or the path it was loaded from).
pub fn locate(diags: &mut Diagnostics, docs: &[(&str, &Document)]) {
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, (label, doc)) in docs.iter().enumerate() {
        by_name.entry(label).or_insert(i);
        if let Some(path) = doc.path.to_str() {
            by_name.entry(path).or_insert(i);
        }
    }
    // Per document: the diagnostics without a location, and their pointers.
    let mut asked: Vec<(Vec<usize>, Vec<&str>)> = vec![(Vec::new(), Vec::new()); docs.len()];
    for (n, d) in diags.iter().enumerate() {
        if d.location.is_some() {
            continue;
        }
        let Some((doc, pointer)) = split_place(&d.place, &by_name) else { continue };
        if let Some((ns, pointers)) = asked.get_mut(doc) {
            ns.push(n);
            pointers.push(pointer);
        }
    }
    // Per document: (diagnostic, byte span); per diagnostic: (file, pointer).
    let mut wanted: Vec<Vec<(usize, (usize, usize))>> = vec![Vec::new(); docs.len()];
    let mut pointers: HashMap<usize, (String, String)> = HashMap::new();
    for (doc, (ns, asked)) in asked.into_iter().enumerate() {
        let (Some((_, document)), Some(list)) = (docs.get(doc), wanted.get_mut(doc)) else { continue };
        let spans = document.source.spans(&asked);
        for ((n, pointer), span) in ns.into_iter().zip(asked).zip(spans) {
            let Some(span) = span else { continue };
            list.push((n, span));
            pointers.insert(n, (document.path.display().to_string(), pointer.to_string()));
        }
    }
    let mut found: HashMap<usize, Location> = HashMap::new();
    for (doc, mut list) in wanted.into_iter().enumerate() {
        let Some((_, document)) = docs.get(doc) else { continue };
        let text = document.source.text();
        list.sort_by_key(|(_, (start, _))| *start);
        let mut sweep = Sweep::default();
        for (n, (start, len)) in list {
            let (line, column) = sweep.advance(text, start);
            let (excerpt, span, whole_line) = excerpt(text, start, len);
            let Some((file, pointer)) = pointers.remove(&n) else { continue };
            found.insert(n, Location { file, pointer: Some(pointer), line, column, excerpt, span, whole_line });
        }
    }
    for (n, d) in diags.iter_mut().enumerate() {
        if let Some(at) = found.remove(&n) {
            d.location = Some(at);
        }
    }
}

/// The document and pointer of `file#/pointer`. A file name may hold `#`, so every `#` is
/// tried, leftmost first.
fn split_place<'p>(place: &'p str, by_name: &HashMap<&str, usize>) -> Option<(usize, &'p str)> {
    place.match_indices('#').find_map(|(i, _)| {
        let (file, rest) = (place.get(..i)?, place.get(i + 1..)?);
        let doc = *by_name.get(file)?;
        (rest.is_empty() || rest.starts_with('/')).then_some((doc, rest))
    })
}

/// Line and column of increasing offsets, each found from the previous one.
struct Sweep {
    at: usize,
    line: usize,
    column: usize,
}

impl Default for Sweep {
    fn default() -> Self {
        Sweep { at: 0, line: 1, column: 1 }
    }
}

impl Sweep {
    fn advance(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let offset = boundary(text, offset.min(text.len()));
        let passed = text.get(self.at..offset).unwrap_or_default();
        match passed.rfind('\n') {
            Some(last) => {
                self.line += passed.bytes().filter(|b| *b == b'\n').count();
                self.column = 1 + passed.get(last + 1..).unwrap_or_default().chars().count();
            }
            None => self.column += passed.chars().count(),
        }
        self.at = self.at.max(offset);
        (self.line, self.column)
    }
}

/// The largest char boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line around `offset` (at most [`WINDOW`] bytes either side), made safe to print, the
/// span of `len` bytes from `offset` in it, and whether it is the whole line.
fn excerpt(text: &str, offset: usize, len: usize) -> (String, Range<usize>, bool) {
    let offset = boundary(text, offset.min(text.len()));
    let lo = boundary(text, offset.saturating_sub(WINDOW));
    let hi = boundary(text, offset.saturating_add(WINDOW).min(text.len()));
    let before = text.get(lo..offset).unwrap_or_default();
    let after = text.get(offset..hi).unwrap_or_default();
    let (start, starts_line) = match before.rfind('\n') {
        Some(nl) => (offset - before.len() + nl + 1, true),
        None => (lo, lo == 0),
    };
    let (end, ends_line) = match after.find('\n') {
        Some(nl) => (offset + nl, true),
        None => (hi, hi == text.len()),
    };
    let line = text.get(start..end).unwrap_or_default().trim_end_matches('\r');
    let span_end = offset.saturating_add(len.max(1)).min(start + line.len()).max(offset);
    let mut out = String::with_capacity(line.len());
    let mut span = 0..0;
    for (i, c) in line.char_indices() {
        if start + i == offset {
            span.start = out.len();
        }
        if start + i == span_end {
            span.end = out.len();
        }
        out.push(match c {
            '\t' => ' ',
            c if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') => '\u{fffd}',
            c => c,
        });
    }
    if start + line.len() <= offset {
        span.start = out.len();
    }
    if start + line.len() <= span_end {
        span.end = out.len();
    }
    span.end = span.end.max(span.start);
    (out, span, starts_line && ends_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_bounded_and_safe() {
        let long = format!("{}\u{1b}[31mX{}", "a".repeat(10_000), "b".repeat(10_000));
        let offset = 10_000 + 5;
        let (text, span, whole) = excerpt(&long, offset, 1);
        assert!(!whole);
        assert!(text.len() < 2 * WINDOW + 8, "{}", text.len());
        assert!(!text.contains('\u{1b}'));
        assert_eq!(&text[span], "X");
    }

    #[test]
    fn sweep_counts_lines_and_characters() {
        let text = "ab\nçd\n  x";
        let mut s = Sweep::default();
        assert_eq!(s.advance(text, 1), (1, 2));
        assert_eq!(s.advance(text, 5), (2, 2));
        assert_eq!(s.advance(text, 9), (3, 3));
    }
}
