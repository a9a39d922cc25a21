//! The field path of a JSON decode error (`attachments[2].fileId`), read from where the parser
//! stopped rather than by decoding the text again with a path tracker: serde_json's error
//! carries the line and column of the last byte it read, and the path of that byte is the
//! path of the innermost value it belongs to. A tracker would be a second decoder for every
//! model compiled into the crate (a quarter of a client's LLVM IR); this walk is one function,
//! not generic, run only when a decode failed.

/// The most frames the walk keeps: deeper ones are counted, not named (serde_json refuses
/// more than 128 levels, and a union's value is bounded the same, so a real error's path is
/// never cut).
const MAX_FRAMES: usize = 256;

/// The path of the value `error` is about in the JSON `text` it was decoding (see `walk`),
/// empty at the top level.
pub fn error_path(text: &[u8], error: &serde_json::Error) -> String {
    // runtime: if unions
    // Taken first, whatever follows: a note is for the next error only, never a later one's.
    let failed = FAILED.try_with(std::cell::Cell::take).ok().flatten();
    // runtime: end
    let Some(end) = offset(text, error.line(), error.column()) else {
        return String::new();
    };
    // runtime: if unions
    if let Some(start) = failed.and_then(|failed| failed_value(failed, text, end, error)) {
        return walk(text.get(..start).unwrap_or(text));
    }
    // runtime: end
    walk(text.get(..end).unwrap_or(text))
}

/// The path of a decode error and its message: the path of the parser's position (empty or
/// `.` at the top, which names nothing) continued by the one a union's message starts with
/// (`in `fileId`: …`, see `tagged.rs`), since a union decodes its variant with a
/// deserializer of its own, whose positions count in the variant's text. The client's decode
/// error and each union level around another join their paths this way.
pub fn full_path(tracked: &str, message: &str) -> (String, String) {
    let tracked = if tracked == "." { "" } else { tracked };
    let inner = message
        .strip_prefix("in `")
        .and_then(|m| m.split_once("`: "));
    match inner {
        None => (tracked.to_string(), message.to_string()),
        Some((inner, rest)) if tracked.is_empty() || inner.starts_with('[') => {
            (format!("{tracked}{inner}"), rest.to_string())
        }
        Some((inner, rest)) => (format!("{tracked}.{inner}"), rest.to_string()),
    }
}

// runtime: if unions
/// The message of `error` without the position serde_json adds to it.
pub fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if error.line() == 0 {
        return message;
    }
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&suffix) {
        Some(rest) => rest.to_string(),
        None => message,
    }
}

/// A value whose `Deserialize` failed after reading all of it (a union's), as
/// [`value_failed`] noted it: its length, and hashes of its text and of the message.
#[derive(Clone, Copy)]
struct Failed {
    len: usize,
    text: u64,
    message: u64,
}

thread_local! {
    static FAILED: std::cell::Cell<Option<Failed>> = const { std::cell::Cell::new(None) };
}

/// Notes that the value `text` (as the input has it) failed to decode with `message`, after it
/// was read: the next [`error_path`] of an error with that message names that value. Such an
/// error has no position of its own: serde_json gives it the one where the container around
/// the value stopped, which may be past the value (after the `,` that follows it in an array,
/// or after the bracket that closes the container it was last in).
pub fn value_failed(text: &[u8], message: &str) {
    let failed = Failed {
        len: text.len(),
        text: hash(text),
        message: hash(message.as_bytes()),
    };
    let _ = FAILED.try_with(|f| f.set(Some(failed)));
}

// runtime: if forget
/// Forgets what a union that failed noted for the next error's path ([`value_failed`]): a body's
/// decode starts clean, whatever a decode before it on this thread left (a union that failed
/// alone, at the top, or inside something that recovered from its failure).
pub fn forget_failed() {
    let _ = FAILED.try_with(|f| f.set(None));
}
// runtime: end

// runtime: if untagged
/// What a union noted last ([`value_failed`]), for [`restore`].
pub struct Note(Option<Failed>);

/// The note as it is now: an untagged union takes it before an attempt, and puts it back
/// ([`restore`]) when the attempt failed and it moves on, so that a union inside the attempt,
/// which failed too, leaves no note that a later error of the body could be taken for.
pub fn saved() -> Note {
    Note(FAILED.try_with(std::cell::Cell::get).ok().flatten())
}

/// Puts back the note [`saved`] took.
pub fn restore(note: &Note) {
    let _ = FAILED.try_with(|f| f.set(note.0));
}
// runtime: end

/// Where in `text` the value noted by [`value_failed`] (`failed`) starts, if `error` is its
/// error and the parser, having read `end` bytes, stopped where it would after that value.
fn failed_value(
    failed: Failed,
    text: &[u8],
    end: usize,
    error: &serde_json::Error,
) -> Option<usize> {
    if failed.message != hash(without_position(error).as_bytes()) {
        return None;
    }
    let before = |at: usize| {
        let bytes = text.get(..at)?;
        bytes.iter().rposition(|b| !b.is_ascii_whitespace())
    };
    let last = before(end)?;
    // Right after the value; after it and a `,`; after it and the bracket that closes its
    // container, unless that bracket is the value's own last byte.
    let candidates = match text.get(last)? {
        b',' => [before(last), None],
        b'}' | b']' => [Some(last), before(last)],
        _ => [Some(last), None],
    };
    candidates.into_iter().flatten().find_map(|last| {
        let start = (last + 1).checked_sub(failed.len)?;
        let value = text.get(start..=last)?;
        (hash(value) == failed.text).then_some(start)
    })
}

/// FNV-1a: enough to tell a value from its neighbours, and not generic.
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// runtime: end

/// How many bytes the parser had read at serde_json's error position `line`/`column` (at most
/// all of them); `None` without a position (line 0) or when `text` has fewer lines. The
/// position counts in bytes and 1-based: column `c` of line `l` is the `c`-th byte after the
/// `l - 1`-th newline, the last one the parser read (the offending value's last byte, an
/// object's `}` for a missing field, the byte before a `{` or `[` of the wrong type); column
/// 0 is before the line's first byte.
fn offset(text: &[u8], line: usize, column: usize) -> Option<usize> {
    let mut start = 0usize;
    for _ in 1..line {
        let rest = text.get(start..)?;
        start += rest.iter().position(|&b| b == b'\n')? + 1;
    }
    (line > 0).then(|| start.saturating_add(column).min(text.len()))
}

enum Frame {
    /// An object: where its current key's text starts and ends (quotes excluded) and whether
    /// it has escapes, once its `:` is read; `None` between members.
    Object {
        key: Option<(usize, usize, bool)>,
        /// The last string read where a key goes, until its `:`.
        pending: Option<(usize, usize, bool)>,
    },
    /// An array and the index of its current element.
    Array(usize),
}

/// The path of the innermost value the last byte of `read` belongs to, in the form
/// serde_path_to_error prints (`a[1].b`, keys unescaped), empty at the top level.
///
/// One pass, a loop with a stack of its own and no recursion; any bytes (not JSON, not UTF-8)
/// give some path, never a panic.
fn walk(read: &[u8]) -> String {
    let mut frames: Vec<Frame> = Vec::new();
    // Levels opened past `MAX_FRAMES`, not kept.
    let mut unkept = 0usize;
    let mut i = 0;
    while let Some(&b) = read.get(i) {
        match b {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                let close = loop {
                    match read.get(j) {
                        None => break None,
                        Some(b'"') => break Some(j),
                        Some(b'\\') => {
                            escaped = true;
                            j += 2;
                        }
                        Some(_) => j += 1,
                    }
                };
                let Some(close) = close else {
                    // A string still open where the parser stopped: its value, or a key
                    // without its `:`, which names nothing yet.
                    break;
                };
                if unkept == 0 {
                    if let Some(Frame::Object { key: None, pending }) = frames.last_mut() {
                        *pending = Some((start, close, escaped));
                    }
                }
                i = close + 1;
                continue;
            }
            b'{' | b'[' if frames.len() >= MAX_FRAMES => unkept += 1,
            b'{' => frames.push(Frame::Object {
                key: None,
                pending: None,
            }),
            b'[' => frames.push(Frame::Array(0)),
            b'}' | b']' if unkept > 0 => unkept -= 1,
            b'}' | b']' => {
                frames.pop();
            }
            _ if unkept > 0 => {}
            b':' => {
                if let Some(Frame::Object { key, pending }) = frames.last_mut() {
                    if key.is_none() {
                        *key = pending.take();
                    }
                }
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object { key, pending }) => {
                    *key = None;
                    *pending = None;
                }
                Some(Frame::Array(index)) => *index = index.saturating_add(1),
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    // A key after another step is joined with a `.` (an empty key too, as serde_path_to_error
    // writes it).
    let mut first = true;
    for frame in &frames {
        match frame {
            Frame::Object {
                key: Some((start, end, escaped)),
                ..
            } => {
                if !first {
                    path.push('.');
                }
                push_key(
                    &mut path,
                    read.get(*start..*end).unwrap_or_default(),
                    *escaped,
                );
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array(index) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
        first &= matches!(frame, Frame::Object { key: None, .. });
    }
    path
}

/// A key as serde decodes it (escapes resolved); as spelled when that fails.
fn push_key(path: &mut String, spelled: &[u8], escaped: bool) {
    if escaped {
        let mut quoted = Vec::with_capacity(spelled.len() + 2);
        quoted.push(b'"');
        quoted.extend_from_slice(spelled);
        quoted.push(b'"');
        if let Ok(key) = serde_json::from_slice::<String>(&quoted) {
            path.push_str(&key);
            return;
        }
    }
    path.push_str(&String::from_utf8_lossy(spelled));
}

#[cfg(test)]
mod tests;
