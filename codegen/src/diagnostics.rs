//! Problems found in a spec, collected as data: every stage reports into one list,
//! and the driver prints them all instead of stopping at the first.

use std::collections::HashSet;
use std::fmt;

mod locate;
mod render;

pub use locate::{locate, Location};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation went on with a fallback; the output compiles but may be less precise.
    Warning,
    /// Generation cannot produce a trustworthy crate.
    Error,
}

/// One problem, with the place it was found (a JSON pointer into the spec).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `file#/json/pointer` of the offending node.
    pub place: String,
    pub message: String,
    /// What the generator did instead, when it went on.
    pub fallback: Option<String>,
    /// Where the place is written (file, line, column, the line itself), filled in from the
    /// positions gathered at load ([`locate`]); `None` for a place in no spec text.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// The diagnostic as rustc shows one: message, `--> file:line:col`, the line and a caret.
    pub fn render(&self) -> String {
        render::text(self)
    }

    /// The diagnostic as one line of JSON (`--message-format json`).
    pub fn to_json(&self) -> String {
        render::json(self)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.location {
            Some(at) if at.is_spec_node() => {
                write!(f, "{level}: {}:{}:{}: {}: {}", at.file, at.line, at.column, self.place, self.message)?
            }
            Some(at) => write!(f, "{level}: {}:{}:{}: {}", at.file, at.line, at.column, self.message)?,
            None => write!(f, "{level}: {}: {}", self.place, self.message)?,
        }
        if let Some(fallback) = &self.fallback {
            write!(f, " (fallback: {fallback})")?;
        }
        Ok(())
    }
}

/// The list every stage appends to.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, place: impl Into<String>, message: impl Into<String>) {
        self.items.push(Diagnostic {
            severity: Severity::Error,
            place: place.into(),
            message: message.into(),
            fallback: None,
            location: None,
        });
    }

    /// An error whose position is already known (a parse error, reported by the parser).
    pub fn error_at(&mut self, at: Location, message: impl Into<String>) {
        self.items.push(Diagnostic {
            severity: Severity::Error,
            place: format!("{}:{}:{}", at.file, at.line, at.column),
            message: message.into(),
            fallback: None,
            location: Some(at),
        });
    }

    /// Adds one diagnostic as it is (location included).
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn warning(
        &mut self,
        place: impl Into<String>,
        message: impl Into<String>,
        fallback: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            severity: Severity::Warning,
            place: place.into(),
            message: message.into(),
            fallback: Some(fallback.into()),
            location: None,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// Drops each diagnostic that repeats an earlier one (severity, place, message, fallback).
    pub fn dedup(&mut self) {
        let mut seen = HashSet::new();
        let keep: Vec<bool> = self
            .items
            .iter()
            .map(|d| seen.insert((d.severity, d.place.as_str(), d.message.as_str(), d.fallback.as_deref())))
            .collect();
        let mut keep = keep.into_iter();
        self.items.retain(|_| keep.next().unwrap_or(true));
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}
