//! Where nodes of a document are written: the byte spans of the JSON pointers diagnostics
//! name, found in the text that was parsed at load, so that diagnostics of any later stage
//! can point at a line without the file being read again. A spec that generates cleanly
//! never pays for it.
//!
//! serde_json and serde_yaml keep no spans, so the text is scanned a second time: JSON by a
//! small tokenizer here, YAML through `yaml-rust2`'s marked event stream (a pure-Rust,
//! maintained YAML 1.2 parser whose events carry byte offsets; serde_yaml's libyaml marks
//! are not public). Both walks keep their own stack instead of recursing, and run only on
//! text the real parser accepted, whose nesting it already bounded.
//!
//! A scan looks up only the nodes whose container is one of the pointers asked for or an
//! ancestor of one: GitHub's spec has a million nodes and its warnings name a few hundred,
//! so indexing every node (as this did before) was most of the scan's time.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use crate::pointer::escape;

/// A document's text, and how to read it for spans.
#[derive(Debug, Clone, Default)]
pub struct Source {
    text: String,
    syntax: Syntax,
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
        Source { text, syntax: Syntax::Json }
    }

    pub fn yaml(text: String) -> Self {
        Source { text, syntax: Syntax::Yaml }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The span of the node at each of `pointers`, or of its nearest ancestor that was
    /// written (a pointer through a YAML alias, or to a node the generator made up, is
    /// not): one scan of the text for all of them.
    pub fn spans(&self, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
        let mut wanted = Wanted::default();
        for pointer in pointers {
            wanted.add(pointer);
        }
        if !pointers.is_empty() {
            match self.syntax {
                Syntax::None => {}
                Syntax::Json => scan_json(&self.text, &mut wanted),
                Syntax::Yaml => scan_yaml(&self.text, &mut wanted),
            }
        }
        pointers.iter().map(|p| wanted.nearest(p)).collect()
    }

    /// [`Source::spans`] of one pointer.
    pub fn span(&self, pointer: &str) -> Option<(usize, usize)> {
        self.spans(&[pointer]).into_iter().next().flatten()
    }
}

/// The pointers a scan records, with every ancestor of each (where a span is looked for
/// when the node itself was not written), and the span found for each.
#[derive(Default)]
struct Wanted<'p> {
    slots: HashMap<&'p str, usize>,
    spans: Vec<Option<(usize, usize)>>,
    /// How many of `spans` are found (the first of a node's spans is kept, so a scan may
    /// stop once all are).
    found: usize,
}

impl<'p> Wanted<'p> {
    fn add(&mut self, pointer: &'p str) {
        let mut at = pointer;
        loop {
            if self.slots.contains_key(at) {
                // Its ancestors went in with it.
                return;
            }
            self.slots.insert(at, self.spans.len());
            self.spans.push(None);
            match at.rsplit_once('/') {
                Some((parent, _)) => at = parent,
                None => return,
            }
        }
    }

    fn slot(&self, pointer: &str) -> Option<usize> {
        self.slots.get(pointer).copied()
    }

    fn nearest(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut at = pointer;
        loop {
            if let Some(span) = self.slot(at).and_then(|i| self.spans.get(i).copied().flatten()) {
                return Some(span);
            }
            let (parent, _) = at.rsplit_once('/')?;
            at = parent;
        }
    }
}

/// Pointer bookkeeping shared by both scanners: the pointer of the node being read, and the
/// containers open around it.
struct Walk<'w, 'p> {
    pointer: String,
    stack: Vec<Frame>,
    wanted: &'w mut Wanted<'p>,
    /// The slot of the node just begun, when it is wanted (its container then is too).
    current: Option<usize>,
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
    /// This container is wanted, so its children may be: else none of them is looked up.
    live: bool,
}

impl<'w, 'p> Walk<'w, 'p> {
    fn new(wanted: &'w mut Wanted<'p>) -> Self {
        Walk { pointer: String::new(), stack: Vec::new(), wanted, current: None }
    }

    /// The node at `pointer` begins: its span is kept when it is wanted and the first.
    fn record(&mut self, start: usize, len: usize) {
        self.current = self.wanted.slot(&self.pointer);
        if let Some(span) = self.current.and_then(|i| self.wanted.spans.get_mut(i)) {
            if span.is_none() {
                *span = Some((start, len.max(1)));
                self.wanted.found += 1;
            }
        }
    }

    /// Whether the node about to begin can be wanted: the root, or in a wanted container.
    fn in_live(&self) -> bool {
        self.stack.last().is_none_or(|f| f.live)
    }

    /// Whether the next node is a key of the innermost object.
    fn at_key(&self) -> bool {
        self.stack.last().is_some_and(|f| f.index.is_none() && f.wants_key)
    }

    fn key(&mut self, key: &str, start: usize, len: usize) {
        let live = self.in_live();
        self.pointer.push('/');
        if !live {
            // Nothing below is looked up: the pointer only has to keep its length right.
            self.pointer.push('-');
            self.current = None;
        } else if key.contains(['~', '/']) {
            self.pointer.push_str(&escape(key));
            self.record(start, len);
        } else {
            self.pointer.push_str(key);
            self.record(start, len);
        }
        if let Some(top) = self.stack.last_mut() {
            top.wants_key = false;
        }
    }

    /// A node that is not a key begins at `start`.
    fn value(&mut self, start: usize, len: usize) {
        let live = self.in_live();
        match self.stack.last() {
            Some(Frame { index: Some(i), .. }) if live => {
                use std::fmt::Write;
                let i = *i;
                let _ = write!(self.pointer, "/{i}");
                self.record(start, len);
            }
            Some(Frame { index: Some(_), .. }) => {
                self.pointer.push_str("/-");
                self.current = None;
            }
            // A member's value: its key was the node's beginning.
            Some(_) => {}
            None => self.record(start, len),
        }
    }

    fn open(&mut self, list: bool, is_key: bool) {
        let live = self.current.is_some() && !is_key;
        self.stack.push(Frame { base: self.pointer.len(), index: list.then_some(0), wants_key: !list, is_key, live });
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

fn scan_json(text: &str, wanted: &mut Wanted<'_>) {
    let bytes = text.as_bytes();
    let mut walk = Walk::new(wanted);
    let mut i = 0;
    // Nothing found later changes a span found: the scan ends once every one is (GitHub's
    // one warning is a fifth of the way into its 13 MB).
    while let Some(&b) = bytes.get(i).filter(|_| walk.wanted.found < walk.wanted.spans.len()) {
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
                    if !walk.in_live() {
                        walk.key("", start, i - start);
                    } else if token.contains('\\') {
                        walk.key(&serde_json::from_str::<String>(token).unwrap_or_default(), start, i - start);
                    } else {
                        walk.key(token.get(1..token.len().saturating_sub(1)).unwrap_or_default(), start, i - start);
                    }
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
}

fn scan_yaml(text: &str, wanted: &mut Wanted<'_>) {
    let mut walk = Walk::new(wanted);
    let mut parser = Parser::new_from_str(text);
    let mut cursor = Cursor { byte: 0, chars: 0 };
    // A block mapping's start is marked after its first key: a container just opened takes
    // the place of its first node when that comes earlier (the slot of a wanted one).
    let mut opened: Option<usize> = None;
    // Events end at the first problem the real parser did not see; what was read stays.
    while let Ok((event, mark)) = parser.next_token() {
        let start = cursor.seek(text, mark.index());
        if let Some(slot) = opened.take() {
            if let Some(Some(span)) = walk.wanted.spans.get_mut(slot) {
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
                    opened = walk.current;
                    walk.open(list, false);
                }
            }
            Event::MappingEnd | Event::SequenceEnd => walk.close(),
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart => {}
        }
    }
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

    /// The pointer of every node of `value`, parents first.
    fn every_pointer(value: &serde_json::Value) -> Vec<String> {
        let mut out = Vec::new();
        let mut todo = vec![(String::new(), value)];
        while let Some((at, v)) = todo.pop() {
            match v {
                serde_json::Value::Object(map) => todo.extend(map.iter().map(|(k, v)| (format!("{at}/{}", escape(k)), v))),
                serde_json::Value::Array(items) => todo.extend(items.iter().enumerate().map(|(i, v)| (format!("{at}/{i}"), v))),
                _ => {}
            }
            out.push(at);
        }
        out
    }

    #[test]
    fn asking_for_many_pointers_at_once_finds_what_asking_for_each_finds() {
        let json = "{\"a\": {\"b\": [1, {\"c\": 2}], \"d/e\": {\"f~\": 3}}, \"g\": [[4], [5, {\"h\": 6}]], \"i\": 7}";
        let yaml = "a:\n  b: [1, {c: 2}]\n  d/e: {f~: 3}\ng:\n  - [4]\n  - - 5\n    - h: 6\ni: 7\n";
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let mut pointers = every_pointer(&value);
        // Not written: each finds its nearest written ancestor.
        pointers.extend(["/g/1/1/h/zz", "/nowhere/x", "/g/9"].map(String::from));
        let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
        for src in [Source::json(json.to_string()), Source::yaml(yaml.to_string())] {
            // Every node asked at once makes every container live: the whole index, as it was
            // built before; asked alone, a pointer prunes every other branch.
            let together = src.spans(&pointers);
            let alone: Vec<_> = pointers.iter().map(|p| src.span(p)).collect();
            assert_eq!(together, alone);
            assert!(together.iter().all(Option::is_some), "{together:?}");
            if matches!(src.syntax, Syntax::Json) {
                // In YAML a block container starts where its first node does.
                let distinct: std::collections::HashSet<_> = together.iter().take(pointers.len() - 3).collect();
                assert_eq!(distinct.len(), pointers.len() - 3, "every node has its own place: {together:?}");
            }
            let mut reversed = pointers.clone();
            reversed.reverse();
            let mut back = src.spans(&reversed);
            back.reverse();
            assert_eq!(back, together);
        }
    }

    #[test]
    fn no_pointers_no_scan_and_a_document_without_text_has_no_spans() {
        assert_eq!(Source::json("{\"a\": 1}".to_string()).spans(&[]), Vec::new());
        assert_eq!(Source::none().spans(&["", "/a"]), vec![None, None]);
    }

    #[test]
    fn a_duplicate_key_keeps_its_first_place_and_pruned_branches_do_not_shift_later_ones() {
        // `x` and `y` hold lists and objects nobody asks about; `z`'s items keep their indices.
        let text = "{\"x\": [[1, {\"q\": [2]}], {}], \"k\": 1, \"y\": {\"p\": {\"k\": [3]}}, \"k\": 2, \"z\": [8, 9]}";
        let src = Source::json(text.to_string());
        let at = |p: &str| src.span(p).map(|(start, _)| start);
        assert_eq!(at("/k"), text.find("\"k\": 1"));
        assert_eq!(at("/z/1"), text.find('9'));
        assert_eq!(at("/y/p/k/0"), text.find('3'));
        // `/x/0/1/q/0` is written; `/x/0/1/q/5` is not, so its nearest written ancestor.
        assert_eq!(at("/x/0/1/q/5"), text.find("\"q\""));
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
