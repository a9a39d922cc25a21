//! Stage 1: read a spec file (JSON or YAML) into a JSON tree and check what kind of document it is.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostics, Location};

mod lenient;
mod positions;

pub use positions::Source;

/// The OpenAPI line a document belongs to; it changes how some keywords read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
}

/// One parsed document, with where each of its nodes is written.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    pub root: Value,
    pub source: Source,
}

impl Document {
    /// A document built in memory, with no text to point into.
    pub fn new(path: PathBuf, root: Value) -> Self {
        Document { path, root, source: Source::none() }
    }
}

/// The largest file read, the root spec or a `$ref` target.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Reads and parses a file. Problems are reported; `None` means the file is unusable.
pub fn load_file(path: &Path, diags: &mut Diagnostics) -> Option<Document> {
    let text = match read_text(path) {
        Ok(text) => text,
        Err(why) => {
            diags.error(path.display().to_string(), why);
            return None;
        }
    };
    parse_document(text, path, diags)
}

/// Parses a file's text into a document that keeps the text and the place of every node.
pub fn parse_document(text: String, path: &Path, diags: &mut Diagnostics) -> Option<Document> {
    let (root, json) = parse_as(&text, path, diags)?;
    let source = if json { Source::json(text) } else { Source::yaml(text) };
    Some(Document { path: path.to_path_buf(), root, source })
}

/// The text of a regular file of at most [`MAX_BYTES`], or why it is not read.
///
/// Metadata is checked on the opened handle (no swap between check and read), and the read
/// itself stops after `MAX_BYTES + 1` bytes: `/proc` files report a size of 0 whatever they
/// hold, `/dev/zero` never ends, and a FIFO would block an `open` without a writer, so
/// system folders are refused before opening.
pub fn read_text(path: &Path) -> Result<String, String> {
    read_text_at_most(path, MAX_BYTES)
}

/// [`read_text`] with a smaller limit (what is left of a budget shared by several files).
pub fn read_text_at_most(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    if is_system_path(path) {
        return Err(format!("`{}` is a system file, not a spec", path.display()));
    }
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read file: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
    let size = match file.metadata() {
        Ok(m) if m.is_file() => m.len(),
        Ok(_) => return Err("not a regular file".to_string()),
        Err(e) => return Err(format!("cannot read file: {e}")),
    };
    // Room for the whole file at once (as `fs::read` makes): growing by doubling copied a
    // big spec several times over into fresh pages. The size is only a hint (a file may
    // grow, or report 0), capped so that a lying size cannot reserve more than the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(max).saturating_add(1)).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(if max == MAX_BYTES {
            format!("larger than {} MiB", MAX_BYTES / 1024 / 1024)
        } else {
            format!("larger than the {} bytes left of the {} MiB all referenced files may take", max, MAX_BYTES / 1024 / 1024)
        });
    }
    String::from_utf8(bytes).map_err(|e| format!("cannot read file: not UTF-8 text ({e})"))
}

/// Kernel and device file systems, whose files are never specs (and may hold secrets,
/// like `/proc/self/environ`).
pub fn is_system_path(path: &Path) -> bool {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    ["/proc", "/dev", "/sys"].iter().any(|p| path.starts_with(p))
}

/// Parses JSON or YAML text. JSON is tried first when the text looks like JSON,
/// so that its error messages (with line and column) are the ones shown. A number no JSON
/// tree can hold costs only itself, with a warning.
pub fn parse(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<Value> {
    parse_as(text, path, diags).map(|(v, _)| v)
}

/// [`parse`], and whether the text was read as JSON (else as YAML).
fn parse_as(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<(Value, bool)> {
    let looks_json = text.trim_start().starts_with(['{', '[']);
    let is_json_file = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let json = looks_json || is_json_file;
    // Text that parses as JSON nests as deep as its brackets outside strings, which is what
    // `too_deep` counts there too: its line-by-line YAML reading (a tenth of loading GitHub's
    // spec) runs first only for YAML, when that count is too deep, or once JSON fails.
    let mut checked = false;
    let scanned = json.then(|| json_scanned(text));
    if scanned.as_ref().is_none_or(|s| s.deep) {
        if deep_error(text, path, diags) {
            return None;
        }
        checked = true;
    }
    if let Some(JsonScanned { plain, marked, .. }) = scanned {
        match lenient::json_scanned(plain, marked) {
            Ok((v, found)) => return Some((noted(v, found, path, diags), true)),
            Err(_) if !checked && deep_error(text, path, diags) => return None,
            Err(e) if is_json_file => {
                let at = Location::at_line(text, &path.display().to_string(), e.line(), e.column());
                diags.error_at(at, format!("invalid JSON: {e}"));
                return None;
            }
            // Not JSON after all: YAML is a superset, so let the YAML parser speak.
            Err(_) => {}
        }
    }
    match lenient::yaml(text) {
        Ok((v, found)) => Some((noted(v, found, path, diags), false)),
        Err(e) => {
            let file = path.display().to_string();
            match e.location() {
                Some(loc) => diags.error_at(Location::at_line(text, &file, loc.line(), loc.column()), format!("invalid YAML: {e}")),
                None => diags.error(file, format!("invalid YAML: {e}")),
            }
            None
        }
    }
}

/// Reports the place where the text nests deeper than [`MAX_NESTING`], if it does.
fn deep_error(text: &str, path: &Path, diags: &mut Diagnostics) -> bool {
    let Some((line, column)) = too_deep(text) else { return false };
    diags.error_at(
        Location::at_line(text, &path.display().to_string(), line, column),
        format!("nested deeper than {MAX_NESTING} levels of `[` and `{{`; no OpenAPI description needs that"),
    );
    true
}

/// JSON text read by serde_json on this core while the other scans it, for its nesting
/// and for numbers serde_json would refuse or round (what a scan finds decides whether the
/// parse is kept): the scans were a third of loading GitHub's spec, ahead of the parse.
struct JsonScanned {
    plain: serde_json::Result<Value>,
    deep: bool,
    marked: Option<String>,
}

fn json_scanned(text: &str) -> JsonScanned {
    let scan = || lenient::scanned(text, MAX_NESTING);
    let ((deep, marked), plain) = std::thread::scope(|s| {
        // A scan that cannot start on a thread of its own runs after the parse.
        let scanning = std::thread::Builder::new().spawn_scoped(s, scan);
        let plain = serde_json::from_str(text);
        let scanned = scanning.ok().and_then(|h| h.join().ok()).unwrap_or_else(scan);
        (scanned, plain)
    });
    JsonScanned { plain, deep, marked }
}

/// Whether JSON text nests deeper than [`MAX_NESTING`]: `[` and `{` outside strings (as
/// [`lenient::scanned`] counts them, beside the numbers; this one is the tests' measure).
#[cfg(test)]
fn json_too_deep(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match b {
            b'"' => {
                // To the closing quote, past escapes.
                while let Some(&c) = bytes.get(i) {
                    i += match c {
                        b'"' => break,
                        b'\\' => 2,
                        _ => 1,
                    };
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// How deep `[`/`{` collections may nest. The JSON and YAML parsers stop at 128 levels too,
/// but the YAML one only after reading all of a flow collection, in time quadratic in its
/// depth (100,000 levels took 19 s), so the text is measured first.
pub const MAX_NESTING: usize = 128;

/// Line and column where the text nests deeper than [`MAX_NESTING`], if it does: one pass
/// over the bytes that counts `[`/`{` outside quoted scalars, comments and block scalars.
/// In YAML's block context a bracket opens a collection only where a node starts; inside a
/// collection every bracket counts. It errs towards counting less, so a document the
/// parsers accept is not refused.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    // The indentation of the line that opened a block scalar (`key: |`): more indented
    // lines are its text.
    let mut block_scalar: Option<usize> = None;
    for (n, line) in text.split('\n').enumerate() {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|b| **b == b' ').count();
        if let Some(parent) = block_scalar {
            if quote.is_none() && (line.trim().is_empty() || indent > parent) {
                continue;
            }
            block_scalar = None;
        }
        // The last byte that was not a space on this line, and whether spaces followed it.
        let mut prev: Option<u8> = None;
        let mut spaced = false;
        let mut comment_at = bytes.len();
        let mut j = indent;
        while let Some(&c) = bytes.get(j) {
            j += 1;
            match quote {
                Some(b'"') => {
                    match c {
                        b'\\' => j += 1,
                        b'"' => quote = None,
                        // Text inside the quotes (most of a JSON spec): on to the next quote
                        // or escape at once.
                        _ => j += bytes.get(j..).map_or(0, |rest| rest.iter().position(|b| matches!(b, b'"' | b'\\')).unwrap_or(rest.len())),
                    }
                    continue;
                }
                Some(_) => {
                    if c == b'\'' {
                        if bytes.get(j) == Some(&b'\'') {
                            j += 1;
                        } else {
                            quote = None;
                        }
                    }
                    continue;
                }
                None => {}
            }
            // A run of bytes that no rule below looks at (most of a spec's text) leaves only
            // its last one as `prev`: on to the byte after the run at once.
            let looked_at = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'#' | b'"' | b'\'' | b'[' | b'{' | b']' | b'}');
            if !looked_at(&c) {
                j += bytes.get(j..).map_or(0, |rest| rest.iter().position(looked_at).unwrap_or(rest.len()));
                prev = bytes.get(j - 1).copied();
                spaced = false;
                continue;
            }
            let node_start = match prev {
                None => true,
                // At depth 0 a bracket before this one was text, not a collection.
                Some(b'[' | b'{' | b',') => depth > 0,
                Some(b':') => spaced || depth > 0,
                Some(b'-' | b'?') => spaced && depth == 0,
                _ => false,
            };
            match c {
                b' ' | b'\t' | b'\r' => {
                    spaced = true;
                    continue;
                }
                b'#' if spaced || prev.is_none() => {
                    comment_at = j - 1;
                    break;
                }
                b'"' | b'\'' if node_start => quote = Some(c),
                b'[' | b'{' if depth > 0 || node_start => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        let column = line.get(..j - 1).map_or(j, |s| s.chars().count() + 1);
                        return Some((n + 1, column));
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = Some(c);
            spaced = false;
        }
        // A line whose last byte is printable ASCII other than what ends an indicator
        // (`|`, `>`, `-`, `+`, a digit) opens no block scalar: most lines, decided without
        // trimming and splitting them.
        let plain_end = bytes.get(..comment_at).and_then(|b| b.last()).is_some_and(|b| {
            b.is_ascii_graphic() && !matches!(b, b'|' | b'>' | b'-' | b'+' | b'0'..=b'9')
        });
        if depth == 0 && quote.is_none() && !plain_end {
            let content = line.get(..comment_at).unwrap_or(line).trim_end();
            let last = content.rsplit([' ', '\t']).next().unwrap_or_default();
            let mut chars = last.chars();
            let is_indicator = matches!(chars.next(), Some('|' | '>')) && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit());
            if is_indicator {
                block_scalar = Some(indent);
            }
        }
    }
    None
}

fn noted(v: Value, found: Vec<lenient::Found>, path: &Path, diags: &mut Diagnostics) -> Value {
    for f in found {
        diags.warning(format!("{}#{}", path.display(), f.pointer), f.message, f.fallback);
    }
    v
}

/// Checks that the root document is OpenAPI 3.0.x or 3.1.x.
pub fn version(doc: &Document, diags: &mut Diagnostics) -> Option<Version> {
    let file = doc.path.display();
    let Some(obj) = doc.root.as_object() else {
        diags.error(format!("{file}#"), "the document is not an object, so it is not an OpenAPI description");
        return None;
    };
    if let Some(swagger) = obj.get("swagger") {
        diags.error(
            format!("{file}#/swagger"),
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported \
                 (convert it first, e.g. with swagger2openapi)",
                swagger.as_str().unwrap_or("2.x")
            ),
        );
        return None;
    }
    let Some(v) = obj.get("openapi") else {
        diags.error(format!("{file}#"), "no `openapi` field: this is not an OpenAPI description");
        return None;
    };
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if text.starts_with("3.0") {
        Some(Version::V30)
    } else if text.starts_with("3.1") {
        Some(Version::V31)
    } else {
        diags.error(
            format!("{file}#/openapi"),
            format!("unsupported OpenAPI version `{text}`; supported are 3.0.x and 3.1.x"),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_numeric_keys_become_strings() {
        let mut d = Diagnostics::default();
        let v = parse("responses:\n  200:\n    description: ok\n", Path::new("a.yaml"), &mut d).unwrap();
        assert!(v["responses"]["200"].is_object());
    }

    #[test]
    fn swagger_is_rejected_with_a_clear_error() {
        let doc = Document::new("s.json".into(), serde_json::json!({"swagger": "2.0"}));
        let mut d = Diagnostics::default();
        assert!(version(&doc, &mut d).is_none());
        assert!(d.to_string().contains("Swagger 2.0"));
    }

    #[test]
    fn special_files_are_not_read() {
        let mut d = Diagnostics::default();
        assert!(load_file(Path::new("/dev/zero"), &mut d).is_none());
        assert!(d.to_string().contains("system file"), "{d}");
    }

    #[test]
    fn reads_stop_at_the_limit_whatever_the_size_says() {
        let path = std::env::temp_dir().join(format!("load-limit-{}.yaml", std::process::id()));
        std::fs::write(&path, "a: 0123456789\n").unwrap();
        assert!(read_text_at_most(&path, 5).unwrap_err().contains("larger than"));
        assert_eq!(read_text_at_most(&path, 14).unwrap(), "a: 0123456789\n");
        let _ = std::fs::remove_file(&path);
        // `/proc` files say they are empty; they are refused before any read.
        assert!(read_text(Path::new("/proc/self/environ")).unwrap_err().contains("system file"));
    }

    #[test]
    fn deep_flow_nesting_is_refused_fast_with_its_place() {
        for text in ["[".repeat(100_000), format!("a:\n  b: {}", "{x: ".repeat(100_000)), format!("{{\"a\": {}", "[".repeat(100_000))] {
            let mut d = Diagnostics::default();
            let start = std::time::Instant::now();
            assert!(parse(&text, Path::new("deep.yaml"), &mut d).is_none());
            assert!(start.elapsed() < std::time::Duration::from_secs(20), "{:?}", start.elapsed());
            assert!(d.to_string().contains("nested deeper than 128"), "{d}");
        }
        let mut d = Diagnostics::default();
        parse(&"[".repeat(1000), Path::new("deep.json"), &mut d);
        assert!(d.to_string().contains("deep.json:1:129: nested deeper"), "{d}");
    }

    #[test]
    fn json_looking_text_nests_as_the_yaml_reading_says_whichever_scan_runs_first() {
        let deep = "[".repeat(200);
        let closed = format!("{deep}{}", "]".repeat(200));
        // JSON, deep: the same error and place as the YAML-aware scan gives.
        for (text, file) in [(format!("{{\"a\": {closed}}}"), "d.json"), (format!("{{\"a\": {closed}}}"), "d.yaml")] {
            let mut d = Diagnostics::default();
            assert!(parse(&text, Path::new(file), &mut d).is_none());
            assert!(d.to_string().contains(&format!("{file}:1:134: nested deeper than 128")), "{d}");
        }
        // Not JSON: a quote inside a plain YAML scalar hides the brackets from a JSON count,
        // not from the YAML reading, which still refuses the text before YAML parses it.
        for file in ["q.yaml", "q.json"] {
            let text = format!("{{a: b\"c, d: {closed}}}");
            let mut d = Diagnostics::default();
            assert!(parse(&text, Path::new(file), &mut d).is_none());
            assert!(d.to_string().contains("nested deeper than 128"), "{file}: {d}");
            assert!(!d.to_string().contains("invalid"), "{file}: {d}");
        }
        // Brackets in JSON strings count for neither.
        let text = format!("{{\"a\": \"{deep}\\\"{deep}\", \"b\": [1]}}");
        let mut d = Diagnostics::default();
        assert!(parse(&text, Path::new("s.json"), &mut d).is_some(), "{d}");
        assert!(!json_too_deep(&text));
        assert!(json_too_deep(&closed));
    }

    #[test]
    fn a_json_spec_with_numbers_json_cannot_hold_loads_through_the_scan_beside_the_parse() {
        // The parse made beside the scan is dropped for the marked text's.
        let mut d = Diagnostics::default();
        let v = parse("{\"a\": 1e400, \"b\": [2, 99999999999999999999999], \"c\": \"1e400\"}", Path::new("n.json"), &mut d).unwrap();
        assert_eq!(v["b"][0], 2);
        assert_eq!(v["c"], "1e400");
        assert!(v.get("a").is_none(), "{v}");
        assert!(d.to_string().contains("n.json#/a"), "{d}");
    }

    /// [`too_deep`] as it was before it skipped runs of bytes no rule looks at, and before it
    /// told most lines' ends from their last byte.
    fn per_byte_too_deep(text: &str) -> Option<(usize, usize)> {
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        // The indentation of the line that opened a block scalar (`key: |`): more indented
        // lines are its text.
        let mut block_scalar: Option<usize> = None;
        for (n, line) in text.split('\n').enumerate() {
            let bytes = line.as_bytes();
            let indent = bytes.iter().take_while(|b| **b == b' ').count();
            if let Some(parent) = block_scalar {
                if quote.is_none() && (line.trim().is_empty() || indent > parent) {
                    continue;
                }
                block_scalar = None;
            }
            // The last byte that was not a space on this line, and whether spaces followed it.
            let mut prev: Option<u8> = None;
            let mut spaced = false;
            let mut comment_at = bytes.len();
            let mut j = indent;
            while let Some(&c) = bytes.get(j) {
                j += 1;
                match quote {
                    Some(b'"') => {
                        match c {
                            b'\\' => j += 1,
                            b'"' => quote = None,
                            // Text inside the quotes (most of a JSON spec): on to the next quote
                            // or escape at once.
                            _ => j += bytes.get(j..).map_or(0, |rest| rest.iter().position(|b| matches!(b, b'"' | b'\\')).unwrap_or(rest.len())),
                        }
                        continue;
                    }
                    Some(_) => {
                        if c == b'\'' {
                            if bytes.get(j) == Some(&b'\'') {
                                j += 1;
                            } else {
                                quote = None;
                            }
                        }
                        continue;
                    }
                    None => {}
                }
                let node_start = match prev {
                    None => true,
                    // At depth 0 a bracket before this one was text, not a collection.
                    Some(b'[' | b'{' | b',') => depth > 0,
                    Some(b':') => spaced || depth > 0,
                    Some(b'-' | b'?') => spaced && depth == 0,
                    _ => false,
                };
                match c {
                    b' ' | b'\t' | b'\r' => {
                        spaced = true;
                        continue;
                    }
                    b'#' if spaced || prev.is_none() => {
                        comment_at = j - 1;
                        break;
                    }
                    b'"' | b'\'' if node_start => quote = Some(c),
                    b'[' | b'{' if depth > 0 || node_start => {
                        depth += 1;
                        if depth > MAX_NESTING {
                            let column = line.get(..j - 1).map_or(j, |s| s.chars().count() + 1);
                            return Some((n + 1, column));
                        }
                    }
                    b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                prev = Some(c);
                spaced = false;
            }
            if depth == 0 && quote.is_none() {
                let content = line.get(..comment_at).unwrap_or(line).trim_end();
                let last = content.rsplit([' ', '\t']).next().unwrap_or_default();
                let mut chars = last.chars();
                let is_indicator = matches!(chars.next(), Some('|' | '>')) && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit());
                if is_indicator {
                    block_scalar = Some(indent);
                }
            }
        }
        None
    }

    #[test]
    fn skipping_plain_runs_finds_what_the_per_byte_scan_finds() {
        let alphabet = [
            "a", " ", "\t", "\n", "#", "\"", "'", "''", "[", "{", "]", "}", ",", ":", "-", "?", "|", ">-", "\\", "é", "\r\n", "|2", "+", "7",
            "\u{a0}", "\u{b}",
        ];
        let mut state = 0x243f_6a88_85a3_08d3u64;
        let mut deep = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 400) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
                if state % 5 == 0 {
                    text.push_str(&"[".repeat(40));
                }
            }
            let found = too_deep(&text);
            assert_eq!(found, per_byte_too_deep(&text), "{text:?}");
            deep += usize::from(found.is_some());
        }
        // Both answers are met often.
        assert!((100..19_900).contains(&deep), "{deep} of 20,000 too deep");
    }

    #[test]
    fn lines_that_open_block_scalars_are_told_as_the_per_byte_scan_tells_them() {
        // Each line end, followed by a more indented line of brackets: too deep unless the
        // line opened a block scalar, whose text the brackets then are.
        let ends = [
            "|", ">", "|-", ">+", "|2", "|+9", "a|", "x>", "a|-", "-|", "1", "+", "-", "a", "a  ", "|  ", "| # c", "a # |",
            "|\u{a0}", "\u{a0}|", "|\r", "a\r", "\"|\"", "'>'", "[1, |]", "b:", "\u{b}",
        ];
        let brackets = "[".repeat(MAX_NESTING + 1);
        let mut opened = 0;
        for end in ends {
            let text = format!("k: {end}\n  {brackets}\n");
            let found = too_deep(&text);
            assert_eq!(found, per_byte_too_deep(&text), "{text:?}");
            opened += usize::from(found.is_none());
        }
        // `|`, `>`, `|-`, `>+`, `|2`, `|+9`, `|  `, `| # c`, `|\u{a0}` and `|\r` open one.
        assert_eq!(opened, 10);
    }

    #[test]
    fn brackets_in_text_do_not_count_as_nesting() {
        let many = "[".repeat(300);
        let yaml = format!(
            "a: \"{many}\"\nb: '{many}'\nc: x{many}\nd: # {many}\ne: |\n  {many}\n\n  {many}\nf: >-\n  {many}\ng: [1, \"]\", '[', {{h: ok}}]\n"
        );
        let mut d = Diagnostics::default();
        let v = parse(&yaml, Path::new("t.yaml"), &mut d).unwrap_or_else(|| panic!("{d}"));
        assert_eq!(v["e"].as_str().map(str::len), Some(603));
        let json = serde_json::json!({"a": many, "b": [[[{"c": "]]]"}]]]}).to_string();
        assert!(parse(&json, Path::new("t.json"), &mut d).is_some(), "{d}");
        let nested = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&nested, Path::new("t.json"), &mut d).is_some(), "{d}");
    }

    #[test]
    fn bad_json_reports_line() {
        let mut d = Diagnostics::default();
        assert!(parse("{\n \"a\": ,\n}", Path::new("x.json"), &mut d).is_none());
        assert!(d.to_string().contains("x.json:2:"), "{d}");
    }
}
