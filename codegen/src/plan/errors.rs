//! Which documented error body each status of an operation decodes into, for APIs whose
//! operations document different error bodies (Slack's, SendGrid's): an enum per operation in
//! `responses.rs`, `<Op>Error`, with a variant per status. An API whose error responses all
//! share one schema (HubSpot's) has none: `ApiError::body` is that schema already.

use crate::ir::{Api, Operation, ResponseKind, Status, Ty};
use crate::names::{Case, Scope};

/// The documented error bodies of one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBodies {
    /// `responses::<name>`.
    pub name: String,
    /// In the order a status is matched: exact codes, then ranges, then `default`.
    pub statuses: Vec<ErrorStatus>,
}

/// One documented error response with a JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorStatus {
    pub status: Status,
    pub ty: Ty,
    pub description: Option<String>,
}

/// Per operation (in the order of [`Api::operations`]), its error bodies; all `None` when the
/// API's error responses share one body type (`shared`, see [`super::error_body`]).
pub fn error_bodies(api: &Api, shared: &Ty) -> Vec<Option<ErrorBodies>> {
    if *shared != Ty::Any {
        return vec![None; api.operations.len()];
    }
    // The enums live in `responses.rs` beside the success enums, whose names are taken.
    let mut scope = Scope::default();
    let taken: Vec<&str> = api.operations.iter().map(|op| op.responses_name.as_str()).collect();
    scope.reserve(&taken);
    api.operations
        .iter()
        .map(|op| {
            let statuses = documented(op);
            (!statuses.is_empty()).then(|| ErrorBodies { name: scope.claim(&format!("{} error", op.name), Case::Pascal), statuses })
        })
        .collect()
}

/// The error responses of `op` with a JSON body, in match order.
fn documented(op: &Operation) -> Vec<ErrorStatus> {
    let mut statuses: Vec<ErrorStatus> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success() && r.status != Status::Code(304))
        .filter_map(|r| {
            let body = r.body.as_ref().filter(|b| b.kind == ResponseKind::Json)?;
            Some(ErrorStatus { status: r.status.clone(), ty: body.ty.clone(), description: r.description.clone() })
        })
        .collect();
    statuses.sort_by_key(|s| match s.status {
        Status::Code(_) => 0,
        Status::Range(_) => 1,
        Status::Default => 2,
    });
    statuses
}
