//! What a generated crate records about its own history: a copy of the spec it was
//! generated from (so that the next regeneration can say what changed), and a changelog.
//!
//! The copy sits at the crate root as `openapi.json` or `openapi.yaml` (after the input's
//! format), byte for byte the input: `regen --check` compares it like every generated file,
//! and since it is not under `src/` and carries no `@generated` marker, the writer's cleanup
//! of stale generated sources never touches it. The snapshot tests see only what
//! `codegen::generate` returns, which does not include it.
//!
//! `CHANGELOG.md` is not a generated file: `regen --check` never looks at it. It is written
//! only by a regeneration that records a new spec, so a check right after a regeneration
//! still passes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use codegen::diff::{self, report, semver, Report, Spec, Verdict};
use codegen::Diagnostics;

/// Every name a spec copy may have; a crate has one of them.
pub const COPY_NAMES: [&str; 3] = ["openapi.json", "openapi.yaml", "openapi.yml"];

pub const CHANGELOG: &str = "CHANGELOG.md";

/// The name of the copy of `spec` in a generated crate: JSON input gives `openapi.json`,
/// anything else (YAML) `openapi.yaml`.
pub fn copy_name(spec: &Path) -> &'static str {
    match spec.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => COPY_NAMES[0],
        _ => COPY_NAMES[1],
    }
}

/// The spec the crate in `out` was generated from, if it recorded one.
pub fn recorded_spec(out: &Path, preferred: &str) -> Option<PathBuf> {
    std::iter::once(preferred)
        .chain(COPY_NAMES.iter().copied())
        .map(|n| out.join(n))
        .find(|p| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file()))
}

/// The API changes from the recorded copy `previous` to `spec`. The copy sits in the output
/// folder, where anything may have been left: whatever it holds costs the report only
/// (`Err`, shown as a warning), never the generation, so even a panic in the comparison is
/// caught here and becomes a diagnostic.
pub fn changes_since(previous: &Path, spec: &Path, ref_root: Option<&Path>, selection: &codegen::config::Selection) -> Result<Report, Diagnostics> {
    // Both sides through the crate's selection: what is not generated cannot break.
    let compare = || {
        let (old, _) = Spec::load_selected(previous, None, selection)?;
        let (new, _) = Spec::load_selected(spec, ref_root, selection)?;
        Ok(diff::diff(&old, &new))
    };
    match std::panic::catch_unwind(compare) {
        Ok(result) => result,
        Err(_) => {
            let mut diags = Diagnostics::default();
            diags.error(previous.display().to_string(), "comparing with the recorded spec failed inside the generator");
            Err(diags)
        }
    }
}

/// Copies under another name than `keep`: left over when the input changed format.
pub fn stale_copies(out: &Path, keep: &str) -> Vec<PathBuf> {
    COPY_NAMES.iter().filter(|n| **n != keep).map(|n| out.join(n)).filter(|p| fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir())).collect()
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

// No command and no spec path here: they are the first run's, and later runs may differ.
// Each entry names its own spec.
fn header(crate_name: &str) -> String {
    format!(
        "# Changelog of {crate_name}\n\
         \n\
         Each regeneration that changes the API adds an entry here, newest first, naming the spec it\n\
         was generated from. Each entry lists the changes with two verdicts (`wire`: does an integration built with the previous\n\
         crate still work against the new API; `rust`: does code written against the previous crate still\n\
         compile) and suggests the next version by Cargo's SemVer convention (while 0.x, a breaking change\n\
         bumps the minor and any other change the patch). The version changes only when you set it.\n"
    )
}

/// The first entry of a crate's changelog: the spec it starts from.
pub fn first_entry(date: &str, version: &str, spec_label: &str) -> String {
    format!("## {date}: {version}, generated from `{}`\n\nFirst version with a recorded spec.\n", code_text(spec_label))
}

/// `text` fit for a Markdown code span on one line.
fn code_text(text: &str) -> String {
    text.replace('`', "'").replace(['\n', '\r'], " ")
}

/// The entry for one regeneration that changed the API, from the spec `spec_label`.
pub fn entry(date: &str, report: &Report, version: &str, spec_label: &str) -> String {
    let level = report.level();
    let heading = match semver::suggest(level, version) {
        Some(s) if s.next != s.current => format!("## {date}: spec changed; suggested version {} → {}", s.current, s.next),
        _ => format!("## {date}: spec changed ({} API)", level.as_str()),
    };
    let mut out = format!("{heading}\n\nGenerated from `{}`. {}.\n\n", code_text(spec_label), report::summary(report));
    for c in &report.changes {
        let mark = |v: Verdict| if v == Verdict::Compatible { v.as_str().to_string() } else { format!("**{}**", v.as_str()) };
        out.push_str(&format!(
            "- `{}` {}: {} (rust: {}, wire: {})\n",
            c.kind.as_str(),
            c.place.replace('`', "'"),
            c.detail,
            mark(c.rust),
            mark(c.wire)
        ));
    }
    out
}

/// Adds `entry` to the changelog in `out` (created with its header when absent), newest
/// first: before the first existing entry.
pub fn add_entry(out: &Path, crate_name: &str, entry: &str) -> io::Result<PathBuf> {
    let path = out.join(CHANGELOG);
    // A symlink or special file left there is replaced, never followed.
    codegen::write::replace_if_special(&path)?;
    let current = match fs::symlink_metadata(&path) {
        Ok(_) => codegen::load::read_text(&path).map_err(io::Error::other)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => header(crate_name),
        Err(e) => return Err(e),
    };
    let at = current.find("\n## ").map_or(current.len(), |i| i + 1);
    let (head, rest) = current.split_at(at);
    let mut text = head.trim_end().to_string();
    text.push_str("\n\n");
    text.push_str(entry.trim_end());
    text.push('\n');
    if !rest.is_empty() {
        text.push('\n');
        text.push_str(rest);
    }
    fs::write(&path, text)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = today();
        assert_eq!(d.len(), 10, "{d}");
        assert!(d.starts_with("20"), "{d}");
    }

    #[test]
    fn entries_go_newest_first() {
        let dir = std::env::temp_dir().join(format!("xtask-changelog-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        add_entry(&dir, "c", "## one\n\nfirst\n").unwrap();
        let path = add_entry(&dir, "c", "## two\n\nsecond\n").unwrap();
        let text = fs::read_to_string(path).unwrap();
        let (one, two) = (text.find("## one").unwrap(), text.find("## two").unwrap());
        assert!(text.starts_with("# Changelog of c\n"));
        assert!(two < one, "{text}");
        assert!(text.ends_with("first\n"), "{text:?}");
        // The header holds no command: the first run's need not be the next one's.
        assert!(!text.contains("xtask"), "{text}");
        let _ = fs::remove_dir_all(&dir);
    }
}
