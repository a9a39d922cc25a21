//! The version bump a change set calls for, following Cargo's SemVer convention.

use super::{Change, Verdict};

/// What the changes mean for the generated crate, judged by the `rust` verdicts: the
/// version number tells Cargo whether code written against one release compiles against
/// the next. (A change that is breaking only on the wire, such as a moved path, is exactly
/// what existing users should get with `cargo update`: the new crate follows the server.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// No change to the API.
    None,
    /// Changes that add nothing and break nothing for Rust callers.
    Compatible,
    /// New operations, fields, types, values: nothing breaks for Rust callers.
    Addition,
    /// At least one change breaks code written against the old crate.
    Breaking,
}

impl Level {
    pub fn of(changes: &[Change]) -> Level {
        let mut level = Level::None;
        for c in changes {
            let this = if c.rust == Verdict::Breaking {
                Level::Breaking
            } else if c.kind.adds_api() {
                Level::Addition
            } else {
                Level::Compatible
            };
            level = level.max(this);
        }
        level
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Compatible => "compatible",
            Level::Addition => "addition",
            Level::Breaking => "breaking",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The bump for a crate whose version is `major.minor.*`.
    pub fn for_level(level: Level, major: u64, minor: u64) -> Bump {
        match (level, major, minor) {
            (Level::None, _, _) => Bump::None,
            // 0.0.z: every release may break, and the patch is the only number that moves.
            (_, 0, 0) => Bump::Patch,
            (Level::Breaking, 0, _) => Bump::Minor,
            (_, 0, _) => Bump::Patch,
            (Level::Breaking, _, _) => Bump::Major,
            (Level::Addition, _, _) => Bump::Minor,
            (Level::Compatible, _, _) => Bump::Patch,
        }
    }
}

/// The rule, as reports and the README state it.
pub const RULE: &str = "Cargo's SemVer convention, judged by the `rust` verdicts: while the version is 0.x.y, a change \
that breaks Rust callers bumps the minor (0.x → 0.(x+1).0) and any other change the patch; from 1.0.0 on, a breaking \
change bumps the major, an addition the minor, anything else the patch.";

/// A suggested next version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub level: Level,
    pub bump: Bump,
    pub current: String,
    pub next: String,
}

/// The next version after `current` (`x.y.z`, pre-release and build suffixes ignored);
/// `None` when `current` is not a version.
pub fn suggest(level: Level, current: &str) -> Option<Suggestion> {
    let core = current.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<u64> = core.split('.').map(str::parse::<u64>).collect::<Result<_, _>>().ok()?;
    let [major, minor, patch] = parts[..] else { return None };
    let bump = Bump::for_level(level, major, minor);
    let next = match bump {
        Bump::None => current.to_string(),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    };
    Some(Suggestion { level, bump, current: current.to_string(), next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_convention() {
        let next = |l, v| suggest(l, v).map(|s| s.next);
        assert_eq!(next(Level::Breaking, "0.1.0").as_deref(), Some("0.2.0"));
        assert_eq!(next(Level::Addition, "0.1.0").as_deref(), Some("0.1.1"));
        assert_eq!(next(Level::Compatible, "0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(next(Level::None, "0.1.3").as_deref(), Some("0.1.3"));
        assert_eq!(next(Level::Breaking, "0.0.7").as_deref(), Some("0.0.8"));
        assert_eq!(next(Level::Breaking, "1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(next(Level::Addition, "1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(next(Level::Compatible, "1.4.2-beta.1").as_deref(), Some("1.4.3"));
        assert_eq!(next(Level::Breaking, "v3"), None);
    }
}
