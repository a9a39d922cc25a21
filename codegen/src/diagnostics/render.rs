//! How a diagnostic is shown: as rustc shows one (through `annotate-snippets`, rustc's own
//! renderer), or as one line of JSON for editors and CI.

use annotate_snippets::{Level, Renderer, Snippet};
use serde_json::json;

use super::{Diagnostic, Severity};

pub fn text(d: &Diagnostic) -> String {
    let renderer = Renderer::plain();
    let level = match d.severity {
        Severity::Warning => Level::Warning,
        Severity::Error => Level::Error,
    };
    let fallback = d.fallback.as_ref().map(|f| format!("fallback: {f}"));
    let Some(at) = &d.location else {
        let mut message = level.title(&d.message).snippet(Snippet::source("").origin(&d.place));
        if let Some(f) = &fallback {
            message = message.footer(Level::Note.title(f));
        }
        let out = renderer.render(message).to_string();
        return out;
    };
    let label = at.pointer.as_ref().map(|p| format!("#{p}"));
    let partial = (!at.whole_line).then(|| format!("at {}:{}:{} (part of a long line)", at.file, at.line, at.column));
    // rustc marks the place of a warning with carets too (annotate-snippets would draw a
    // warning's with dashes).
    let mut annotation = Level::Error.span(at.span.clone());
    if let Some(label) = &label {
        annotation = annotation.label(label);
    }
    let mut snippet = Snippet::source(&at.excerpt).line_start(at.line).annotation(annotation);
    // The header's column is counted in the excerpt, so it is shown only for a whole line.
    if at.whole_line {
        snippet = snippet.origin(&at.file);
    }
    let mut message = level.title(&d.message).snippet(snippet);
    if let Some(p) = &partial {
        message = message.footer(Level::Note.title(p));
    }
    if let Some(f) = &fallback {
        message = message.footer(Level::Note.title(f));
    }
    let out = renderer.render(message).to_string();
    out
}

pub fn json(d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    };
    let at = d.location.as_ref();
    let (file, pointer) = match at {
        Some(at) => (at.file.clone(), at.pointer.clone()),
        // Not in a spec's text: the place is all there is (a file, or a path and pointer).
        None => match d.place.split_once('#') {
            Some((file, pointer)) => (file.to_string(), Some(pointer.to_string())),
            None => (d.place.clone(), None),
        },
    };
    json!({
        "severity": severity,
        "message": d.message,
        "file": file,
        "line": at.map(|a| a.line),
        "column": at.map(|a| a.column),
        "pointer": pointer,
        "fallback": d.fallback,
        "rendered": text(d),
    })
    .to_string()
}
