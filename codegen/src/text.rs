//! Spec text at the character level, before it lands anywhere in the generated crate.
//!
//! rustc rejects some characters in comments outright (a bare `\r` in a doc comment) and
//! denies others by default (the text-direction codepoints of "Trojan Source"), and
//! invisible characters let a description say something other than what a reader sees. So
//! every character of spec text that reaches a comment, a doc comment or `Cargo.toml` goes
//! through [`clean`] first. String literals built with `quote!` need nothing more: their
//! characters are escaped (`\u{202e}`).

/// What becomes of one character of spec text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Char {
    /// Kept as it is.
    Keep(char),
    /// Ends a line: `\n`, `\r`, and the Unicode line and paragraph separators.
    LineBreak,
    /// Shown as U+FFFD: a control, text-direction or invisible character.
    Replaced,
}

pub const REPLACEMENT: char = '\u{FFFD}';

pub fn classify(c: char) -> Char {
    match c {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Char::LineBreak,
        '\t' => Char::Keep(c),
        c if c.is_control() => Char::Replaced,
        // Text-direction marks, embeddings, overrides and isolates (rustc denies 202A-202E
        // and 2066-2069 in comments; the marks reorder text just as well).
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Char::Replaced,
        // Invisible: zero-width space, word joiner, invisible operators, BOM, interlinear
        // annotations. Zero-width (non-)joiners stay: scripts and emoji need them.
        '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' => Char::Replaced,
        c => Char::Keep(c),
    }
}

/// The lines of `text` (split at `\n`, `\r\n`, `\r` and Unicode separators), every unsafe
/// character replaced. Tabs are kept: whoever renders the lines decides what they mean.
pub fn clean_lines(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut after_cr = false;
    let mut rest = text;
    while !rest.is_empty() {
        // A run of printable ASCII and tabs (most prose) is kept as it is, in one copy.
        let plain = rest.bytes().position(|b| !is_plain(b)).unwrap_or(rest.len());
        if plain > 0 {
            if let (Some(last), Some(run)) = (lines.last_mut(), rest.get(..plain)) {
                last.push_str(run);
            }
            after_cr = false;
            rest = rest.get(plain..).unwrap_or_default();
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
        let class = classify(c);
        if c == '\n' && after_cr {
            after_cr = false;
            continue;
        }
        after_cr = c == '\r';
        match class {
            Char::LineBreak => lines.push(String::new()),
            Char::Replaced => push(&mut lines, REPLACEMENT),
            Char::Keep(c) => push(&mut lines, c),
        }
    }
    lines
}

/// A byte [`classify`] keeps as it is, alone: printable ASCII or a tab.
fn is_plain(b: u8) -> bool {
    b == b'\t' || (0x20..0x7f).contains(&b)
}

/// Whether `text` is empty once made [`one_line`]: nothing but spaces, tabs and line breaks.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c == ' ' || c == '\t' || classify(c) == Char::LineBreak)
}

fn push(lines: &mut [String], c: char) {
    if let Some(last) = lines.last_mut() {
        last.push(c);
    }
}

/// `text` as one line: unsafe characters replaced, line breaks, tabs and runs of spaces as
/// one space, trimmed. For headers, comments and one-line summaries.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in clean_lines(text) {
        for word in line.split([' ', '\t']).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// `text` as a TOML basic string, quotes included.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_end_splits() {
        assert_eq!(clean_lines("a\r\nb\rc\nd\u{2028}e"), vec!["a", "b", "c", "d", "e"]);
        assert_eq!(clean_lines("a\r\rb"), vec!["a", "", "b"]);
        assert_eq!(clean_lines("a\n\nb"), vec!["a", "", "b"]);
    }

    #[test]
    fn controls_direction_and_invisible_characters_are_replaced() {
        let r = REPLACEMENT;
        assert_eq!(clean_lines("a\u{202E}b\u{2066}c\0d\u{1b}e\u{7f}f\u{200B}g"), vec![format!("a{r}b{r}c{r}d{r}e{r}f{r}g")]);
        // Joiners are part of emoji and of several scripts; accents and CJK are text.
        assert_eq!(clean_lines("👨\u{200D}👩 é 日本"), vec!["👨\u{200D}👩 é 日本"]);
    }

    /// The per-character definitions [`clean_lines`], [`one_line`] and [`is_blank`] had
    /// before their fast paths for plain ASCII.
    fn slow_clean_lines(text: &str) -> Vec<String> {
        let mut lines = vec![String::new()];
        let mut after_cr = false;
        for c in text.chars() {
            let class = classify(c);
            if c == '\n' && after_cr {
                after_cr = false;
                continue;
            }
            after_cr = c == '\r';
            match class {
                Char::LineBreak => lines.push(String::new()),
                Char::Replaced => push(&mut lines, REPLACEMENT),
                Char::Keep(c) => push(&mut lines, c),
            }
        }
        lines
    }

    fn slow_one_line(text: &str) -> String {
        let joined = slow_clean_lines(text).join(" ");
        joined.split([' ', '\t']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn fast_paths_match_the_per_character_definitions() {
        // Every string of up to 4 characters over plain and special characters alike, then
        // longer pseudo-random ones.
        let alphabet = ['a', ' ', '\t', '\r', '\n', '\u{2028}', '\u{202E}', '\0', 'é', '\u{7f}'];
        let mut inputs: Vec<String> = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..4 {
            level = level.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            inputs.extend(level.iter().cloned());
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5_000 {
            let mut s = String::new();
            for _ in 0..(state % 60) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push(alphabet[(state % alphabet.len() as u64) as usize]);
                if state % 3 == 0 {
                    s.push_str("plain text ");
                }
            }
            inputs.push(s);
        }
        for s in &inputs {
            assert_eq!(clean_lines(s), slow_clean_lines(s), "clean_lines({s:?})");
            assert_eq!(one_line(s), slow_one_line(s), "one_line({s:?})");
            assert_eq!(is_blank(s), slow_one_line(s).is_empty(), "is_blank({s:?})");
        }
    }

    #[test]
    fn one_line_collapses_whitespace() {
        assert_eq!(one_line("  My\r\nAPI\t v1 \u{202E}x "), "My API v1 \u{FFFD}x");
    }

    #[test]
    fn toml_strings_escape_what_toml_forbids() {
        assert_eq!(toml_string("a\"b\\c\nd\u{7f}\u{1}"), "\"a\\\"b\\\\c\\nd\\u007F\\u0001\"");
    }
}
