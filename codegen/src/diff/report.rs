//! A report for people (grouped text) and for tools (JSON).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{json, Value};

use super::semver::{self, Bump, Level};
use super::{Change, Report, Verdict};

/// The summary line: counts and the semver level.
pub fn summary(report: &Report) -> String {
    let n = report.changes.len();
    if n == 0 {
        return "no API changes".to_string();
    }
    format!(
        "{n} change{}: {} breaking for Rust callers, {} breaking on the wire, {} that may break on the wire; semver: {}",
        if n == 1 { "" } else { "s" },
        report.rust_breaking(),
        report.wire_breaking(),
        report.wire_maybe(),
        report.level().as_str()
    )
}

/// What the level means for a version number: the exact next version when `version` is
/// known, else the bump for 0.x and for 1.0 and later.
pub fn semver_line(level: Level, version: Option<&str>) -> String {
    if let Some(s) = version.and_then(|v| semver::suggest(level, v)) {
        return match s.bump {
            Bump::None => format!("suggested version: {} (no API change)", s.current),
            bump => format!("suggested version: {} → {} ({} bump for a{} {} change)", s.current, s.next, bump.as_str(), article(level), level.as_str()),
        };
    }
    let pre = Bump::for_level(level, 0, 1);
    let post = Bump::for_level(level, 1, 0);
    format!("suggested bump: {} while the version is 0.x, {} from 1.0 on", pre.as_str(), post.as_str())
}

fn article(level: Level) -> &'static str {
    if matches!(level, Level::Addition) {
        "n"
    } else {
        ""
    }
}

fn group(c: &Change) -> usize {
    if c.rust == Verdict::Breaking {
        0
    } else if c.wire != Verdict::Compatible {
        1
    } else {
        2
    }
}

const GROUPS: [&str; 3] = [
    "Breaking for Rust callers (code written against the old crate does not compile against the new one)",
    "Breaking on the wire only (old code compiles against the new crate, but the old client may fail against the new API)",
    "Compatible",
];

/// The readable report: a summary line, the changes grouped by how much they break, what
/// the generated crate does for each kind, and the semver suggestion.
pub fn text(report: &Report, version: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "API changes from {} to {}", report.old, report.new);
    let _ = writeln!(out, "{}", summary(report));
    for (g, title) in GROUPS.iter().enumerate() {
        let members: Vec<&Change> = report.changes.iter().filter(|c| group(c) == g).collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}:");
        for c in members {
            let _ = writeln!(out, "  - {}: {}", c.kind.as_str(), c.place);
            let _ = writeln!(out, "      {}", c.detail);
            let at = c.pointer.as_ref().map(|p| format!("; {} spec #{p}", c.side.as_str())).unwrap_or_default();
            let _ = writeln!(out, "      wire: {}, rust: {}{at}", c.wire.as_str(), c.rust.as_str());
        }
    }
    if !report.changes.is_empty() {
        let _ = writeln!(out, "\nWhat the generated crate does:");
        let mut whys: BTreeMap<(&str, &str), ()> = BTreeMap::new();
        for c in &report.changes {
            whys.insert((c.kind.as_str(), c.why.as_str()), ());
        }
        for (kind, why) in whys.keys() {
            let _ = writeln!(out, "  {kind}: {why}");
        }
    }
    let _ = writeln!(out, "\n{}", semver_line(report.level(), version));
    let _ = writeln!(out, "({})", semver::RULE);
    out
}

/// The report as JSON: `changes` (each with `kind`, `place`, `pointer`, `spec`, `detail`,
/// `wire`, `rust`, `why`) and a `summary`.
pub fn json(report: &Report, version: Option<&str>) -> Value {
    let level = report.level();
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind.as_str(),
                "place": c.place,
                "pointer": c.pointer,
                "spec": c.side.as_str(),
                "detail": c.detail,
                "wire": c.wire.as_str(),
                "rust": c.rust.as_str(),
                "why": c.why,
            })
        })
        .collect();
    let mut summary = json!({
        "changes": report.changes.len(),
        "rust_breaking": report.rust_breaking(),
        "wire_breaking": report.wire_breaking(),
        "wire_maybe": report.wire_maybe(),
        "compatible": report.changes.iter().filter(|c| c.rust == Verdict::Compatible && c.wire == Verdict::Compatible).count(),
        "semver": level.as_str(),
        "bump_while_0_x": Bump::for_level(level, 0, 1).as_str(),
        "bump_from_1_0": Bump::for_level(level, 1, 0).as_str(),
        "rule": semver::RULE,
    });
    if let (Some(s), Some(obj)) = (version.and_then(|v| semver::suggest(level, v)), summary.as_object_mut()) {
        obj.insert("current_version".into(), json!(s.current));
        obj.insert("suggested_version".into(), json!(s.next));
        obj.insert("bump".into(), json!(s.bump.as_str()));
    }
    json!({
        "old": report.old,
        "new": report.new,
        "summary": summary,
        "changes": changes,
    })
}

/// [`json`], pretty-printed.
pub fn json_text(report: &Report, version: Option<&str>) -> String {
    let value = json(report, version);
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
}
