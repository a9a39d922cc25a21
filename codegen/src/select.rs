//! Operation selectors (`operationId`, `METHOD /path`, `tag:NAME`, each with `*`/`?` globs)
//! and webhook selectors (`webhook:NAME`),
//! read by the selection of what is generated ([`crate::prune`]) and by the feature groups'
//! overrides ([`crate::plan::features`]), so both read a selector the same way.

use crate::ir::Operation;

/// One selector as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// An operation whose `operationId` matches.
    Id(String),
    /// `METHOD /path`: the method (any case, or `*`) and the path template.
    Route { method: String, path: String },
    /// `tag:NAME`: an operation with a matching tag.
    Tag(String),
    /// `webhook:NAME`: a webhook (or callback) whose key matches; no operation.
    Webhook(String),
}

impl Selector {
    /// Reads a selector: `tag:` starts a tag, a word then a `/…` path is a route, anything
    /// else is an operationId.
    pub fn parse(text: &str) -> Selector {
        let text = text.trim();
        if let Some(tag) = text.strip_prefix("tag:") {
            return Selector::Tag(tag.trim().to_string());
        }
        if let Some(key) = text.strip_prefix("webhook:") {
            return Selector::Webhook(key.trim().to_string());
        }
        if let Some((method, path)) = text.split_once(char::is_whitespace) {
            let path = path.trim();
            if path.starts_with('/') && !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphabetic() || b == b'*') {
                return Selector::Route { method: method.to_ascii_uppercase(), path: path.to_string() };
            }
        }
        Selector::Id(text.to_string())
    }

    pub fn matches(&self, op: &Operation) -> bool {
        match self {
            Selector::Id(id) => op.operation_id.as_deref().is_some_and(|o| glob(id, o)),
            Selector::Route { method, path } => glob(method, op.method.as_str()) && glob(path, &op.path),
            // An operation without tags is in its path's resource group (as for features).
            Selector::Tag(tag) if op.tags.is_empty() => resource(op).is_some_and(|r| glob(tag, r)),
            Selector::Tag(tag) => op.tags.iter().any(|t| glob(tag, t)),
            Selector::Webhook(_) => false,
        }
    }

    /// Whether this selects webhooks rather than operations.
    pub fn is_webhook(&self) -> bool {
        matches!(self, Selector::Webhook(_))
    }

    /// Whether it selects the webhook keyed `key` (under `webhooks`, or the key of a callback).
    pub fn matches_webhook(&self, key: &str) -> bool {
        matches!(self, Selector::Webhook(pattern) if glob(pattern, key))
    }
}

/// The resource a path names, which groups operations without tags: the first segment that
/// is not a parameter, a version (`v1`, `v2beta1`, `2.0`), `api` or `rest`
/// (`/v1/customers/{customer}/sources` → `customers`).
pub fn resource(op: &Operation) -> Option<&str> {
    op.path.split('/').find(|s| {
        let lower = s.to_ascii_lowercase();
        let version = lower.strip_prefix('v').is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            || (!lower.is_empty() && lower.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
        !s.is_empty() && !s.contains('{') && !version && lower != "api" && lower != "rest"
    })
}

/// `*` matches any text (`/` included), `?` one character; the rest matches itself.
/// Greedy with one backtrack point, so at most `pattern × text` steps, never exponential.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("repos/*", "repos/get"));
        assert!(glob("*", ""));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "ac"));
        assert!(glob("/v1/customers*", "/v1/customers/{customer}/sources"));
        assert!(!glob("/v1/customers", "/v1/customers/{customer}"));
        assert!(glob("*a*b*c", "xxaxxbxxc"));
        assert!(!glob("*a*b*c", "xxaxxcxxb"));
        // Many stars against a long text that does not match: finishes at once.
        let pattern = "*a".repeat(50) + "b";
        assert!(!glob(&pattern, &"a".repeat(5000)));
    }

    #[test]
    fn parses() {
        assert_eq!(Selector::parse("tag:repos"), Selector::Tag("repos".into()));
        assert_eq!(Selector::parse("get /a/{b}"), Selector::Route { method: "GET".into(), path: "/a/{b}".into() });
        assert_eq!(Selector::parse("repos/get"), Selector::Id("repos/get".into()));
        assert_eq!(Selector::parse("not a route"), Selector::Id("not a route".into()));
    }
}
