//! What each method returns: one rule, read by the client emitter and the diff.

use crate::ir::{Api, Operation, ResponseKind, Status, Ty};

/// What an operation's success looks like to its caller.
pub enum Success<'a> {
    /// No success response has a body.
    Empty,
    /// Every success response has the same body.
    One(ResponseKind, &'a Ty),
    /// Success responses differ (a 200 with a list and a 206 with one item, a 201 with a body
    /// and a 202 without): an enum of them, chosen by status.
    Several(Vec<&'a crate::ir::Response>),
}

pub fn success(op: &Operation) -> Success<'_> {
    let responses: Vec<&crate::ir::Response> = op.responses.iter().filter(|r| r.status.is_success()).collect();
    let bodies: Vec<(ResponseKind, &Ty)> = responses.iter().filter_map(|r| r.body.as_ref().map(|b| (b.kind, &b.ty))).collect();
    match bodies.first() {
        None => Success::Empty,
        Some(first) if bodies.len() == responses.len() && bodies.iter().all(|b| b == first) => Success::One(first.0, first.1),
        Some(_) => Success::Several(responses),
    }
}

/// The type error responses decode into: the one schema every error response shares,
/// or plain JSON when they differ.
pub fn error_body(api: &Api) -> Ty {
    let mut found: Option<&Ty> = None;
    for op in &api.operations {
        for r in op.responses.iter().filter(|r| !r.status.is_success() && r.status != Status::Code(304)) {
            let Some(body) = &r.body else { continue };
            match found {
                None => found = Some(&body.ty),
                Some(t) if *t == body.ty => {}
                Some(_) => return Ty::Any,
            }
        }
    }
    found.cloned().unwrap_or(Ty::Any)
}
