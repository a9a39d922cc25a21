//! Where each node of a document is written: a JSON pointer → byte span index over the text
//! that was parsed at load, so that diagnostics of any later stage can point at a line
//! without the file being read again. The index is built the first time a diagnostic asks
//! for a place: a spec that generates cleanly never pays for it (0.4 s on GitHub's).
//!
//! serde_json and serde_yaml keep no spans, so the text is scanned a second time: JSON by a
//! small tokenizer here, YAML through `yaml-rust2`'s marked event stream (a pure-Rust,
//! maintained YAML 1.2 parser whose events carry byte offsets; serde_yaml's libyaml marks
//! are not public). Both walks keep their own stack instead of recursing, and run only on
//! text the real parser accepted, whose nesting it already bounded.

use std::collections::HashMap;
use std::sync::OnceLock;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use crate::pointer::escape;

/// A document's text and the span of each node in it. For a member of an object the span
/// is its key; for a list item, the start of the item.
#[derive(Debug, Clone, Default)]
pub struct Source {
    text: String,
    syntax: Syntax,
    /// Filled from `text` on the first [`Source::span`].
    spans: OnceLock<HashMap<Box<str>, (usize, usize)>>,
}

#[derive(Debug, Clone, Copy, Default)]
enum Syntax {
    /// Built in memory: no text, no spans.
    #[default]
    None,
    Json,
    Yaml,
}

impl Source {
    /// A document without text (built in memory): nothing can be located in it.
    pub fn none() -> Self {
        Source::default()
    }

    pub fn json(text: String) -> Self {
        Source { text, syntax: Syntax::Json, spans: OnceLock::new() }
    }

    pub fn yaml(text: String) -> Self {
        Source { text, syntax: Syntax::Yaml, spans: OnceLock::new() }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    fn spans(&self) -> &HashMap<Box<str>, (usize, usize)> {
        self.spans.get_or_init(|| match self.syntax {
            Syntax::None => HashMap::new(),
            Syntax::Json => scan_json(&self.text),
            Syntax::Yaml => scan_yaml(&self.text),
        })
    }

    /// The span of the node at `pointer`, or of its nearest ancestor that was written (a
    /// pointer through a YAML alias, or to a node the generator made up, is not).
    pub fn span(&self, pointer: &str) -> Option<(usize, usize)> {
        let spans = self.spans();
        let mut at = pointer;
        loop {
            if let Some(span) = spans.get(at) {
                return Some(*span);
            }
            let (parent, _) = at.rsplit_once('/')?;
            at = parent;
        }
    }
}

/// Pointer bookkeeping shared by both scanners: the pointer of the node being read, and the
/// containers open around it.
struct Walk {
    pointer: String,
    stack: Vec<Frame>,
    spans: HashMap<Box<str>, (usize, usize)>,
}

struct Frame {
    /// Length of `pointer` at this container.
    base: usize,
    /// `Some(next index)` for a list, `None` for an object.
    index: Option<usize>,
    /// An object waits for a key (else for the value of the key just read).
    wants_key: bool,
    /// This container is itself a (YAML complex) key, not a value.
    is_key: bool,
}

impl Walk {
    fn new() -> Self {
        Walk { pointer: String::new(), stack: Vec::new(), spans: HashMap::new() }
    }

    fn record(&mut self, start: usize, len: usize) {
        self.spans.entry(self.pointer.as_str().into()).or_insert((start, len.max(1)));
    }

    /// Whether the next node is a key of the innermost object.
    fn at_key(&self) -> bool {
        self.stack.last().is_some_and(|f| f.index.is_none() && f.wants_key)
    }

    fn key(&mut self, key: &str, start: usize, len: usize) {
        self.pointer.push('/');
        if key.contains(['~', '/']) {
            self.pointer.push_str(&escape(key));
        } else {
            self.pointer.push_str(key);
        }
        self.record(start, len);
        if let Some(top) = self.stack.last_mut() {
            top.wants_key = false;
        }
    }

    /// A node that is not a key begins at `start`.
    fn value(&mut self, start: usize, len: usize) {
        match self.stack.last() {
            Some(Frame { index: Some(i), .. }) => {
                use std::fmt::Write;
                let i = *i;
                let _ = write!(self.pointer, "/{i}");
                self.record(start, len);
            }
            Some(_) => {}
            None => self.record(start, len),
        }
    }

    fn open(&mut self, list: bool, is_key: bool) {
        self.stack.push(Frame { base: self.pointer.len(), index: list.then_some(0), wants_key: !list, is_key });
    }

    /// The node just read (a scalar, or the container just closed) is complete.
    fn done(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            self.pointer.truncate(top.base);
            match &mut top.index {
                Some(i) => *i += 1,
                None => top.wants_key = true,
            }
        }
    }

    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        if !frame.is_key {
            self.done();
        }
    }
}

fn scan_json(text: &str) -> HashMap<Box<str>, (usize, usize)> {
    let bytes = text.as_bytes();
    let mut walk = Walk::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' => i += 1,
            b'{' | b'[' => {
                walk.value(i, 1);
                walk.open(b == b'[', false);
                i += 1;
            }
            b'}' | b']' => {
                walk.close();
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    if c == b'"' {
                        break;
                    }
                    i += if c == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                let token = text.get(start..i).unwrap_or_default();
                if walk.at_key() {
                    let key = if token.contains('\\') {
                        serde_json::from_str::<String>(token).unwrap_or_default()
                    } else {
                        token.get(1..token.len().saturating_sub(1)).unwrap_or_default().to_string()
                    };
                    walk.key(&key, start, i - start);
                } else {
                    walk.value(start, i - start);
                    walk.done();
                }
            }
            _ => {
                let start = i;
                while bytes.get(i).is_some_and(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' | b'}' | b']')) {
                    i += 1;
                }
                i = i.max(start + 1);
                walk.value(start, i - start);
                walk.done();
            }
        }
    }
    walk.spans
}

fn scan_yaml(text: &str) -> HashMap<Box<str>, (usize, usize)> {
    let mut walk = Walk::new();
    let mut parser = Parser::new_from_str(text);
    let mut cursor = Cursor { byte: 0, chars: 0 };
    // A block mapping's start is marked after its first key: a container just opened takes
    // the place of its first node when that comes earlier.
    let mut opened: Option<Box<str>> = None;
    // Events end at the first problem the real parser did not see; what was read stays.
    while let Ok((event, mark)) = parser.next_token() {
        let start = cursor.seek(text, mark.index());
        if let Some(container) = opened.take() {
            if let Some(span) = walk.spans.get_mut(&container) {
                if start < span.0 {
                    *span = (start, 1);
                }
            }
        }
        match event {
            Event::Scalar(value, style, ..) => {
                let quotes = matches!(style, TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted);
                let len = value.len() + if quotes { 2 } else { 0 };
                if walk.at_key() {
                    walk.key(&value, start, len);
                } else {
                    walk.value(start, len);
                    walk.done();
                }
            }
            Event::Alias(_) => {
                if walk.at_key() {
                    walk.key("\u{0}alias", start, 1);
                } else {
                    walk.value(start, 1);
                    walk.done();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let list = matches!(event, Event::SequenceStart(..));
                if walk.at_key() {
                    // A key that is a container: nothing a pointer can name.
                    walk.key("\u{0}key", start, 1);
                    walk.open(list, true);
                } else {
                    walk.value(start, 1);
                    opened = Some(walk.pointer.as_str().into());
                    walk.open(list, false);
                }
            }
            Event::MappingEnd | Event::SequenceEnd => walk.close(),
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart => {}
        }
    }
    walk.spans
}

/// From the character offsets yaml-rust2's marks hold to byte offsets. Marks come in text
/// order, so each is found from the previous one.
struct Cursor {
    byte: usize,
    chars: usize,
}

impl Cursor {
    fn seek(&mut self, text: &str, chars: usize) -> usize {
        if chars >= self.chars {
            let rest = text.get(self.byte..).unwrap_or_default();
            let ahead = chars - self.chars;
            match rest.char_indices().nth(ahead) {
                Some((i, _)) => {
                    self.byte += i;
                    self.chars = chars;
                }
                None => {
                    self.chars += rest.chars().count();
                    self.byte = text.len();
                }
            }
        } else {
            let before = text.get(..self.byte).unwrap_or_default();
            let back = self.chars - chars;
            let (i, _) = before.char_indices().rev().nth(back.saturating_sub(1)).unwrap_or((0, ' '));
            self.byte = i;
            self.chars = chars;
        }
        self.byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_col(src: &Source, pointer: &str) -> (usize, usize) {
        let (start, _) = src.span(pointer).expect(pointer);
        let before = &src.text()[..start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, col)
    }

    #[test]
    fn the_index_is_built_only_when_a_place_is_asked_for() {
        let src = Source::json("{\"a\": [1, 2]}".to_string());
        assert!(src.spans.get().is_none());
        assert_eq!(src.span("/a/1"), Some((10, 1)));
        assert!(src.spans.get().is_some());
    }

    #[test]
    fn json_keys_and_items() {
        let text = "{\n  \"a\": {\"b~/\\u0063\": [1, {\"d\": true}]},\n  \"e\": \"x\"\n}";
        let src = Source::json(text.to_string());
        assert_eq!(line_col(&src, ""), (1, 1));
        assert_eq!(line_col(&src, "/a"), (2, 3));
        assert_eq!(line_col(&src, "/a/b~0~1c"), (2, 9));
        assert_eq!(line_col(&src, "/a/b~0~1c/1"), (2, 26));
        assert_eq!(line_col(&src, "/a/b~0~1c/1/d"), (2, 27));
        assert_eq!(line_col(&src, "/e"), (3, 3));
        // Not written: its nearest written ancestor.
        assert_eq!(line_col(&src, "/a/zzz/q"), (2, 3));
    }

    #[test]
    fn yaml_keys_items_and_unicode() {
        let text = "openapi: 3.1.0\npaths:\n  /ä:\n    get:\n      tags: [x, 'y']\n      parameters:\n        - name: q\n          in: query\n200: {a: 1}\n";
        let src = Source::yaml(text.to_string());
        assert_eq!(line_col(&src, "/paths/~1ä/get"), (4, 5));
        assert_eq!(line_col(&src, "/paths/~1ä/get/tags/1"), (5, 17));
        assert_eq!(line_col(&src, "/paths/~1ä/get/parameters/0"), (7, 11));
        assert_eq!(line_col(&src, "/paths/~1ä/get/parameters/0/in"), (8, 11));
        assert_eq!(line_col(&src, "/200/a"), (9, 7));
    }

    #[test]
    fn yaml_complex_keys_and_aliases_do_not_shift_pointers() {
        let text = "a: &x {b: 1}\n? [k]\n: v\nc: *x\nd: 2\n";
        let src = Source::yaml(text.to_string());
        assert_eq!(line_col(&src, "/d"), (5, 1));
        assert_eq!(line_col(&src, "/c/b"), (4, 1));
    }
}
