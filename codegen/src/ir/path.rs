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

/// What the IR checks of a path template, from one reading of its pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template<'a> {
    /// The parameter names, in order, each once.
    pub params: Vec<&'a str>,
    /// Whether some brace is not part of a `{name}` (so it is sent as text).
    pub stray_braces: bool,
    /// Whether a parameter appears more than once.
    pub repeats: bool,
}

/// The [`Template`] of `path`.
pub fn template(path: &str) -> Template<'_> {
    let mut params: Vec<&str> = Vec::new();
    let (mut stray_braces, mut found) = (false, 0usize);
    for segment in path.split('/') {
        for piece in pieces(segment) {
            match piece {
                Piece::Param(name) => {
                    found += 1;
                    if !params.contains(&name) {
                        params.push(name);
                    }
                }
                Piece::Text(text) => stray_braces |= text.contains(['{', '}']),
            }
        }
    }
    Template { repeats: found != params.len(), params, stray_braces }
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
        assert_eq!(template("/a/{x}/b/{x}/{y}"), Template { params: vec!["x", "y"], stray_braces: false, repeats: true });
        assert!(!template("/a/{x}/b/{y}").repeats);
        assert!(template("/s/{{x}}").stray_braces);
        assert!(!template("/s/{x}").stray_braces);
    }
}
