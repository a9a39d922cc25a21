//! Stage 5, after `names` and `hints`: the public items the generated crate has, decided once,
//! so that the emitters and the diff read the same answer instead of each re-deriving it.
//!
//! So far the plan covers: per operation, its `Client` method, what it returns
//! ([`returns`]), its `params::…Params` struct and its page helpers (`<op>_pages` →
//! `Pages<Page>`, `<op>_stream` → `Items<Item>`); per type, whether it derives `Eq`, and per
//! struct field its `Option` form ([`types::FieldForm`]); for the crate, whether the `Pages`
//! and `Items` runtime items exist. The error body's type ([`error_body`]) too. Type spelling and setter names are still
//! decided in `emit` (and spelled again for reports in `diff/shape.rs`).

pub mod features;
pub mod returns;
pub mod types;

pub use returns::{error_body, success, Success};
pub use types::{eq_types, FieldForm};

use crate::hints::{self, Hints};
use crate::ir::{Api, Operation, Ty};

/// The public surface of a generated crate, as far as it is planned here.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// One per operation, in the order of [`Api::operations`].
    pub operations: Vec<OperationPlan>,
    /// The crate exports `Pages` and `Items` (some operation is paginated).
    pub page_items: bool,
    /// Whether each named type derives `Eq`, by [`crate::ir::TypeId`].
    pub eq: Vec<bool>,
    /// The crate's Cargo features and what each gates ([`features`]); set by the driver,
    /// which has the config's group overrides.
    pub features: features::FeaturePlan,
}

/// What one operation becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationPlan {
    /// `Client::<method>`.
    pub method: String,
    /// `params::<name>`: the struct of its optional parameters, when it has any.
    pub params: Option<String>,
    pub pages: Option<PageHelpers>,
}

/// The two helpers of a paginated operation.
#[derive(Debug, Clone, PartialEq)]
pub struct PageHelpers {
    /// `Client::<op>_pages`, returning `Pages<page>`.
    pub pages: String,
    /// `Client::<op>_stream`, returning `Items<item>`.
    pub stream: String,
    pub page: Ty,
    pub item: Ty,
}

impl Plan {
    pub fn operation(&self, index: usize) -> Option<&OperationPlan> {
        self.operations.get(index)
    }
}

/// Plans the crate of `api` with its runtime `hints`.
pub fn build(api: &Api, hints: &Hints) -> Plan {
    let operations = api
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let params = op.params.iter().any(|p| !p.required).then(|| op.params_name.clone());
            let pages = hints.operation(i).and_then(|h| h.pagination.as_ref()).and_then(|p| page_helpers(api, op, params.is_some(), &p.items));
            OperationPlan { method: op.name.clone(), params, pages }
        })
        .collect();
    Plan { operations, page_items: !api.operations.is_empty() && hints.any_pagination(), eq: eq_types(api), features: Default::default() }
}

/// The helpers `emit/client/pages.rs` writes for a paginated operation: it needs the params struct
/// (the cursor is an optional parameter), one success body type and an array of items in it.
fn page_helpers(api: &Api, op: &Operation, has_params: bool, items: &[String]) -> Option<PageHelpers> {
    if !has_params {
        return None;
    }
    let page = hints::success_type(op)?;
    let list = hints::field_path(api, page, items)?;
    let Ty::List(item) = &list.last()?.ty else { return None };
    Some(PageHelpers {
        pages: hints::helper_name(op, "pages"),
        stream: hints::helper_name(op, "stream"),
        page: page.clone(),
        item: (**item).clone(),
    })
}
