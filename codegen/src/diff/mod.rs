//! A semantic diff of two OpenAPI descriptions, computed on the named IR (never on text),
//! with two verdicts per change:
//!
//! * `wire`: does an integration built with the crate generated from the OLD spec still
//!   work against a server that follows the NEW spec?
//! * `rust`: does code written against the OLD generated crate still compile against the
//!   NEW one?
//!
//! Operations are matched by operationId, else by method and path, else by signature
//! (same method, required parameters, body and result types: a path that moved while its
//! generated operationId changed with it). Types are matched by where they are used (the
//! request body of operation X, its field Y, ...), so that an inline type the generator
//! names differently still compares, and then by Rust name.
//!
//! One module per job: [`operations`], [`types`] and `multipart` (the parts of multipart
//! bodies) find changes, `shape` knows what the generated crate makes of the IR, `verdict`
//! turns a change into verdicts with the reason, `locate` finds JSON pointers, [`report`]
//! renders text and JSON, [`semver`] suggests the version bump.

mod helpers;
mod locate;
mod multipart;
mod operations;
pub mod report;
pub mod semver;
mod shape;
mod types;
mod verdict;
mod webhooks;

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::ir::Api;

/// How a change affects callers, from harmless to breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Compatible,
    /// Wire only: the new spec allows the server something the old client cannot handle
    /// (omit a field, send `null`, send a larger number or a new kind of value), but does
    /// not force it. The old client breaks only if the server actually does it.
    Maybe,
    Breaking,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Compatible => "compatible",
            Verdict::Maybe => "maybe",
            Verdict::Breaking => "breaking",
        }
    }
}

/// What kind of change: one name per rule family of the verdict table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    OperationAdded,
    OperationRemoved,
    OperationMoved,
    OperationRenamed,
    OperationDeprecated,
    PagesAdded,
    PagesRemoved,
    ParameterAdded,
    ParameterRemoved,
    ParameterMadeRequired,
    ParameterMadeOptional,
    ParameterRetyped,
    ParameterStyleChanged,
    ArgumentsReordered,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyMadeRequired,
    RequestBodyMadeOptional,
    RequestBodyRetyped,
    ResponseAdded,
    ResponseRemoved,
    ResponseBodyAdded,
    ResponseBodyRemoved,
    ResponseRetyped,
    ErrorBodyRetyped,
    MediaTypeChanged,
    SecurityChanged,
    SecuritySchemeAdded,
    SecuritySchemeRemoved,
    SecuritySchemeChanged,
    BaseUrlChanged,
    FieldAdded,
    FieldRemoved,
    FieldRetyped,
    FieldMadeRequired,
    FieldMadeOptional,
    FieldMadeNullable,
    FieldMadeNonNullable,
    EnumValueAdded,
    EnumValueRemoved,
    UnionVariantAdded,
    UnionVariantRemoved,
    UnionVariantRetyped,
    UnionTagChanged,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeRetyped,
    RustNameChanged,
    TraitRemoved,
}

impl Kind {
    pub const ALL: [Kind; 50] = [
        Kind::OperationAdded,
        Kind::OperationRemoved,
        Kind::OperationMoved,
        Kind::OperationRenamed,
        Kind::OperationDeprecated,
        Kind::PagesAdded,
        Kind::PagesRemoved,
        Kind::ParameterAdded,
        Kind::ParameterRemoved,
        Kind::ParameterMadeRequired,
        Kind::ParameterMadeOptional,
        Kind::ParameterRetyped,
        Kind::ParameterStyleChanged,
        Kind::ArgumentsReordered,
        Kind::RequestBodyAdded,
        Kind::RequestBodyRemoved,
        Kind::RequestBodyMadeRequired,
        Kind::RequestBodyMadeOptional,
        Kind::RequestBodyRetyped,
        Kind::ResponseAdded,
        Kind::ResponseRemoved,
        Kind::ResponseBodyAdded,
        Kind::ResponseBodyRemoved,
        Kind::ResponseRetyped,
        Kind::ErrorBodyRetyped,
        Kind::MediaTypeChanged,
        Kind::SecurityChanged,
        Kind::SecuritySchemeAdded,
        Kind::SecuritySchemeRemoved,
        Kind::SecuritySchemeChanged,
        Kind::BaseUrlChanged,
        Kind::FieldAdded,
        Kind::FieldRemoved,
        Kind::FieldRetyped,
        Kind::FieldMadeRequired,
        Kind::FieldMadeOptional,
        Kind::FieldMadeNullable,
        Kind::FieldMadeNonNullable,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::UnionVariantAdded,
        Kind::UnionVariantRemoved,
        Kind::UnionVariantRetyped,
        Kind::UnionTagChanged,
        Kind::TypeAdded,
        Kind::TypeRemoved,
        Kind::TypeRenamed,
        Kind::TypeRetyped,
        Kind::RustNameChanged,
        Kind::TraitRemoved,
    ];

    /// The kebab-case name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation-added",
            Kind::OperationRemoved => "operation-removed",
            Kind::OperationMoved => "operation-moved",
            Kind::OperationRenamed => "operation-renamed",
            Kind::OperationDeprecated => "operation-deprecated",
            Kind::PagesAdded => "pages-added",
            Kind::PagesRemoved => "pages-removed",
            Kind::ParameterAdded => "parameter-added",
            Kind::ParameterRemoved => "parameter-removed",
            Kind::ParameterMadeRequired => "parameter-made-required",
            Kind::ParameterMadeOptional => "parameter-made-optional",
            Kind::ParameterRetyped => "parameter-retyped",
            Kind::ParameterStyleChanged => "parameter-style-changed",
            Kind::ArgumentsReordered => "arguments-reordered",
            Kind::RequestBodyAdded => "request-body-added",
            Kind::RequestBodyRemoved => "request-body-removed",
            Kind::RequestBodyMadeRequired => "request-body-made-required",
            Kind::RequestBodyMadeOptional => "request-body-made-optional",
            Kind::RequestBodyRetyped => "request-body-retyped",
            Kind::ResponseAdded => "response-added",
            Kind::ResponseRemoved => "response-removed",
            Kind::ResponseBodyAdded => "response-body-added",
            Kind::ResponseBodyRemoved => "response-body-removed",
            Kind::ResponseRetyped => "response-retyped",
            Kind::ErrorBodyRetyped => "error-body-retyped",
            Kind::MediaTypeChanged => "media-type-changed",
            Kind::SecurityChanged => "security-changed",
            Kind::SecuritySchemeAdded => "security-scheme-added",
            Kind::SecuritySchemeRemoved => "security-scheme-removed",
            Kind::SecuritySchemeChanged => "security-scheme-changed",
            Kind::BaseUrlChanged => "base-url-changed",
            Kind::FieldAdded => "field-added",
            Kind::FieldRemoved => "field-removed",
            Kind::FieldRetyped => "field-retyped",
            Kind::FieldMadeRequired => "field-made-required",
            Kind::FieldMadeOptional => "field-made-optional",
            Kind::FieldMadeNullable => "field-made-nullable",
            Kind::FieldMadeNonNullable => "field-made-non-nullable",
            Kind::EnumValueAdded => "enum-value-added",
            Kind::EnumValueRemoved => "enum-value-removed",
            Kind::UnionVariantAdded => "union-variant-added",
            Kind::UnionVariantRemoved => "union-variant-removed",
            Kind::UnionVariantRetyped => "union-variant-retyped",
            Kind::UnionTagChanged => "union-tag-changed",
            Kind::TypeAdded => "type-added",
            Kind::TypeRemoved => "type-removed",
            Kind::TypeRenamed => "type-renamed",
            Kind::TypeRetyped => "type-retyped",
            Kind::RustNameChanged => "rust-name-changed",
            Kind::TraitRemoved => "trait-removed",
        }
    }

    /// Whether a compatible change of this kind adds to the crate's API (a minor release
    /// from 1.0 on, rather than a patch).
    pub fn adds_api(self) -> bool {
        matches!(
            self,
            Kind::OperationAdded
                | Kind::PagesAdded
                | Kind::ParameterAdded
                | Kind::FieldAdded
                | Kind::EnumValueAdded
                | Kind::UnionVariantAdded
                | Kind::TypeAdded
                | Kind::SecuritySchemeAdded
                | Kind::ResponseBodyAdded
                | Kind::RequestBodyAdded
        )
    }
}

/// Which spec a change's pointer points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

/// One change between the two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// Where, for people: `publishMessage request body .senders[] .senderActorId`.
    pub place: String,
    /// JSON pointer (RFC 6901) of the place, in the new spec or, for removals, the old one.
    /// `file#/pointer` when the place is in another file than the root document.
    pub pointer: Option<String>,
    pub side: Side,
    /// What changed: old and new value, Rust items involved.
    pub detail: String,
    pub wire: Verdict,
    pub rust: Verdict,
    /// What the generated crate does that leads to these verdicts.
    pub why: String,
}

/// Every change between two specs, in a stable order (operations in the new spec's order,
/// then security, then types in the order they were reached).
#[derive(Debug, Clone)]
pub struct Report {
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn rust_breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.rust == Verdict::Breaking).count()
    }

    pub fn wire_breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.wire == Verdict::Breaking).count()
    }

    pub fn wire_maybe(&self) -> usize {
        self.changes.iter().filter(|c| c.wire == Verdict::Maybe).count()
    }

    /// What the changes mean for the generated crate's version.
    pub fn level(&self) -> semver::Level {
        semver::Level::of(&self.changes)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// One side of a comparison: the named IR and the root document's JSON (for pointers).
pub struct Spec {
    pub api: Api,
    /// What the crate generated from it exposes beyond the IR (page helpers, params structs).
    pub plan: crate::plan::Plan,
    pub root: Value,
    /// The file as it was given (for the report).
    pub file: String,
    /// The root document as the IR's origins spell it.
    pub label: String,
    /// Where each type's properties are, by the type's pointer (see `locate::property`).
    properties: std::cell::RefCell<std::collections::HashMap<String, std::collections::HashMap<String, String>>>,
}

impl Spec {
    /// Loads a spec up to the named IR; `Err` carries every diagnostic when any is an error.
    pub fn load(path: &Path) -> Result<(Spec, Diagnostics), Diagnostics> {
        Self::load_with(path, None)
    }

    /// [`Spec::load`], where a `$ref` may also name files under `ref_root`.
    pub fn load_with(path: &Path, ref_root: Option<&Path>) -> Result<(Spec, Diagnostics), Diagnostics> {
        Self::load_selected(path, ref_root, &crate::config::Selection::default())
    }

    /// [`Spec::load_with`], keeping only the operations `selection` keeps (as generation does).
    pub fn load_selected(path: &Path, ref_root: Option<&Path>, selection: &crate::config::Selection) -> Result<(Spec, Diagnostics), Diagnostics> {
        let (api, plan, diags) = crate::load_plan_selected(path, ref_root, selection)?;
        let mut scratch = Diagnostics::default();
        let root = crate::load::load_file(path, &mut scratch).map(|d| d.root).unwrap_or(Value::Null);
        let label = crate::resolve::root_label(path);
        Ok((Spec { api, plan, root, file: path.display().to_string(), label, properties: Default::default() }, diags))
    }
}

/// Compares two loaded specs.
pub fn diff(old: &Spec, new: &Spec) -> Report {
    let mut cx = types::Cx::new(old, new);
    let ops = operations::match_operations(&old.api, &new.api);
    operations::reach(&mut cx, &ops);
    webhooks::reach(&mut cx);
    cx.propagate();
    cx.pair_by_name();
    cx.propagate();
    operations::compare(&mut cx, &ops);
    operations::compare_globals(&mut cx);
    cx.compare_types();
    Report { old: old.file.clone(), new: new.file.clone(), changes: cx.changes }
}

/// Loads both files and compares them. `Err` carries the diagnostics of every file that
/// cannot be loaded (both, when both fail); `Ok` carries the warnings met on the way.
pub fn diff_files(old: &Path, new: &Path) -> Result<(Report, Diagnostics), Diagnostics> {
    let loaded_old = Spec::load(old);
    let loaded_new = Spec::load(new);
    match (loaded_old, loaded_new) {
        (Ok((o, mut warnings)), Ok((n, more))) => {
            append(&mut warnings, more);
            Ok((diff(&o, &n), warnings))
        }
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        (Err(mut a), Err(b)) => {
            append(&mut a, b);
            Err(a)
        }
    }
}

fn append(to: &mut Diagnostics, from: Diagnostics) {
    for d in from.into_vec() {
        to.push(d);
    }
}
