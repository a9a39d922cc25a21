//! Path templates (`/a/{id}/b`): which parts are parameters. One reading, shared by the IR
//! (which parameters a path has) and the emitter (how the URL is built), so that an odd
//! template (`/s/{{x}}`, `{}`, an unbalanced `{`) means the same thing to both.

/// A piece of one path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Sent as it is (percent-encoded), braces included.
    Text(&'a str),
    /// `{name}`: the value of the path parameter `name`.
    Param(&'a str),
}

/// The pieces of one segment (text between `/`). `{name}` with a non-empty name and no
/// brace inside is a parameter; every other brace is text.
pub fn pieces(segment: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while let Some(open) = segment.get(i..).and_then(|rest| rest.find('{')).map(|o| o + i) {
        let after = open + 1;
        let close = segment.get(after..).and_then(|rest| rest.find(['{', '}'])).map(|c| c + after);
        match close {
            Some(close) if segment.get(close..close + 1) == Some("}") && close > after => {
                if open > text_start {
                    out.push(Piece::Text(segment.get(text_start..open).unwrap_or_default()));
                }
                out.push(Piece::Param(segment.get(after..close).unwrap_or_default()));
                text_start = close + 1;
                i = close + 1;
            }
            _ => i = after,
        }
    }
    if text_start < segment.len() {
        out.push(Piece::Text(segment.get(text_start..).unwrap_or_default()));
    }
    out
}

/// Whether the client fills the segment in from a value at run time: it has a `{` (a
/// parameter, or a brace of text, which is then its own value). A test this simple is what
/// lets the runtime read the template without knowing [`pieces`].
pub fn is_templated(segment: &str) -> bool {
    segment.contains('{')
}

/// The parameter names of a path, in order, each once.
pub fn params(path: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        for piece in pieces(segment) {
            if let Piece::Param(name) = piece {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// Whether some brace of the path is not part of a `{name}` (so it is sent as text).
pub fn has_stray_braces(path: &str) -> bool {
    path.split('/').any(|segment| pieces(segment).iter().any(|p| matches!(p, Piece::Text(t) if t.contains(['{', '}']))))
}

/// Whether a parameter appears more than once in the path.
pub fn has_repeats(path: &str) -> bool {
    let all: Vec<&str> =
        path.split('/').flat_map(pieces).filter_map(|p| if let Piece::Param(n) = p { Some(n) } else { None }).collect();
    all.len() != params(path).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_templates() {
        assert_eq!(pieces("{id}"), vec![Piece::Param("id")]);
        assert_eq!(pieces("a{id}.json"), vec![Piece::Text("a"), Piece::Param("id"), Piece::Text(".json")]);
        assert_eq!(pieces("{{x}}"), vec![Piece::Text("{"), Piece::Param("x"), Piece::Text("}")]);
        assert_eq!(pieces("{}"), vec![Piece::Text("{}")]);
        assert_eq!(pieces("{x"), vec![Piece::Text("{x")]);
        assert_eq!(pieces("x}"), vec![Piece::Text("x}")]);
        assert_eq!(pieces("{a}{b}"), vec![Piece::Param("a"), Piece::Param("b")]);
        assert_eq!(pieces("{é}"), vec![Piece::Param("é")]);
        assert_eq!(params("/a/{x}/b/{x}/{y}"), vec!["x", "y"]);
        assert!(has_repeats("/a/{x}/b/{x}"));
        assert!(has_stray_braces("/s/{{x}}"));
        assert!(!has_stray_braces("/s/{x}"));
    }
}
