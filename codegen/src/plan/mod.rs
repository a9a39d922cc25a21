//! Stage 5, after `names`: the public items the generated crate has, decided once,
//! so that the emitters and the diff read the same answer instead of each re-deriving it.
//!
//! So far the plan covers: per operation, its `Client` method, what it returns
//! ([`returns`]), its `params::…Params` struct, its page helpers (`<op>_pages` →
//! `Pages<Page>`, `<op>_stream` → `Items<Item>`, and the fields they walk), and
//! ([`operations`]) how each argument is passed and each parameter travels ([`Sent`]), the
//! security alternatives it accepts, which
//! success variants are boxed, when it may be retried and its locals, and its documented
//! error bodies by status ([`errors`], for APIs whose operations' differ); per type, its Rust form
//! ([`models`]: fields with their types and serde attributes, `new`'s arguments, derives,
//! union variants and their encoding; the `Option` rule is [`types::FieldForm`]) and how types
//! are spelled ([`rust_ty`]); for the crate, whether the `Pages` and `Items` runtime items
//! exist, the error body's type ([`error_body`]), the credentials' fields and helpers
//! ([`credentials`]: setters and OAuth 2 URL constants included), which shared pieces the
//! operations use ([`uses`]), which optional dependencies, runtime files and modules the crate
//! has ([`crate_uses`]), its default base URL and the std names its models shadow.

pub mod crate_uses;
pub mod crates;
pub mod credentials;
pub mod errors;
pub mod expansion;
pub mod features;
pub mod models;
pub mod operations;
pub mod returns;
pub mod rust_ty;
pub mod serialized;
pub mod types;
pub mod uses;

pub use operations::{Arg, ArgForm, Paging, RetrySafe, Sent, Step};
pub use models::TypePlan;
pub use returns::{error_body, success, Success};
pub use rust_ty::{spell, Aliases, RustTy};
pub use types::{eq_types, FieldForm};
pub use crate_uses::CrateUses;
pub use uses::{CallUses, ClientUses};

use crate::ir::{self, Api, Locals, Operation, SecurityRequirement, Ty};

/// The public surface of a generated crate, as far as it is planned here.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// One per operation, in the order of [`Api::operations`].
    pub operations: Vec<OperationPlan>,
    /// The crate exports `Pages` and `Items` (some operation is paginated).
    pub page_items: bool,
    /// Whether each named type derives `Eq`, by [`crate::ir::TypeId`].
    pub eq: Vec<bool>,
    /// Whether the client sends each named type, by [`crate::ir::TypeId`] ([`serialized`]).
    pub sent: Vec<bool>,
    pub credentials: credentials::Credentials,
    pub call_uses: CallUses,
    pub client_uses: ClientUses,
    /// The crate's optional dependencies, runtime files and modules.
    pub crate_uses: CrateUses,
    /// Each named type's Rust form, by [`crate::ir::TypeId`].
    pub types: Vec<TypePlan>,
    /// The crate's Cargo features and what each gates ([`features`]); set by the driver,
    /// which has the config's group overrides.
    pub features: features::FeaturePlan,
    /// The model crates of a big spec ([`crates`]; empty: the models are in the root crate);
    /// set by the driver, which has the config's layout.
    pub crates: crates::CratePlan,
    /// `Client::DEFAULT_BASE_URL`: the spec's server, else the config's fallback ([`base_url`],
    /// called by the driver, which has the config).
    pub base_url: String,
    /// The std names of [`crate::reserved::MODELS_STD`] that a model takes, so that the
    /// models module spells those std types in full.
    pub shadowed_std: Vec<&'static str>,
    /// `#![recursion_limit]` of the crate, when its types nest deeper than rustc's default
    /// lets its drop check and auto-trait checks follow ([`recursion_limit`]).
    pub recursion_limit: Option<usize>,
}

/// What one operation becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationPlan {
    /// `Client::<method>`.
    pub method: String,
    /// `params::<name>`: the struct of its optional parameters, when it has any.
    pub params: Option<String>,
    pub pages: Option<PageHelpers>,
    /// Its required parameters, the first arguments after `&self`; then `params` (when
    /// there is a params struct) and `body` (when there is a body, passed as `body`).
    pub args: Vec<Arg>,
    pub body: Option<ArgForm>,
    /// How each of its parameters travels, in the order of [`Operation::params`].
    pub sent: Vec<Sent>,
    /// The security alternatives it accepts, each a list of indexes into
    /// [`Api::security_schemes`], each once.
    pub security: Vec<Vec<usize>>,
    /// The alternatives as the operation's docs list them: each once, with its scopes.
    pub requirements: Vec<Vec<SecurityRequirement>>,
    /// The keys of the schemes in `security`, each once.
    pub accepted: Vec<String>,
    /// Per success response of its `responses::…` enum, when it has one: boxed or not.
    pub boxed: Vec<bool>,
    /// When it may be retried although it is a `POST` or `PATCH`.
    pub retry_safe: Option<RetrySafe>,
    /// The `Content-Type` of its body when that is bytes or text.
    pub raw_media: Option<String>,
    /// The names of the locals its method and page helpers use, claimed by `names` against
    /// its arguments.
    pub locals: Locals,
    /// `responses::<Op>Error`: its documented error bodies by status, when the API's differ.
    pub errors: Option<errors::ErrorBodies>,
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
    pub paging: Paging,
}

impl Plan {
    pub fn operation(&self, index: usize) -> Option<&OperationPlan> {
        self.operations.get(index)
    }

    pub fn type_plan(&self, id: crate::ir::TypeId) -> Option<&TypePlan> {
        self.types.get(id.0)
    }

    /// Whether type `id` implements `Serialize` only with the feature
    /// [`features::SERIALIZE`]: the crate has features and the client only receives it.
    pub fn serialize_gated(&self, id: crate::ir::TypeId) -> bool {
        !self.features.is_empty() && !self.sent.get(id.0).copied().unwrap_or(true)
    }
}

/// Plans the crate of `api`.
pub fn build(api: &Api) -> Plan {
    let mut sizes = ir::Sizes::new(api);
    let mut errors = errors::error_bodies(api, &error_body(api)).into_iter();
    let operations = api
        .operations
        .iter()
        .map(|op| {
            let params = op.params.iter().any(|p| !p.required).then(|| op.params_name.clone());
            let pages = op.pagination.as_ref().and_then(|p| page_helpers(api, op, params.is_some(), p));
            let requirements = operations::requirements(op);
            let security = operations::security(&requirements);
            OperationPlan {
                method: op.name.clone(),
                params,
                pages,
                args: operations::args(op),
                body: operations::body_arg(op),
                sent: operations::sent(op),
                accepted: operations::accepted(api, &security),
                security,
                requirements,
                boxed: operations::boxed(api, &mut sizes, op),
                retry_safe: operations::retry_safe(api, op),
                raw_media: operations::raw_media(op),
                locals: op.locals.clone(),
                errors: errors.next().flatten(),
            }
        })
        .collect();
    let page_items = api.operations.iter().any(|op| op.pagination.is_some());
    let eq = eq_types(api);
    let types = models::plan_types(api, &eq);
    let credentials = credentials::credentials(api);
    let crate_uses = crate_uses::crate_uses(api, &types, page_items, credentials.tokens);
    let call_uses = uses::CallUses { unions: crate_uses.tagged_unions, ..uses::call_uses(api, credentials.tokens) };
    Plan {
        operations,
        page_items,
        eq,
        sent: serialized::sent(api),
        types,
        credentials,
        call_uses,
        client_uses: uses::client_uses(api),
        crate_uses,
        features: Default::default(),
        crates: Default::default(),
        base_url: api.base_url.clone(),
        shadowed_std: crate::reserved::MODELS_STD
            .iter()
            .map(|(name, _)| *name)
            .filter(|n| api.types.iter().any(|t| t.name == *n))
            .collect(),
        recursion_limit: recursion_limit(crate::ir::nesting_bound(api)),
    }
}

/// rustc stops at 128 steps (E0320, "overflow while adding drop-check rules") and each type
/// costs it a few (`Option<Box<Vec<T>>>`): a chain of a few hundred schemas needs more.
/// Bounded by the number of types, so the limit stays a small multiple of the crate's size.
pub fn recursion_limit(nesting: usize) -> Option<usize> {
    const DEFAULT: usize = 128;
    let needed = nesting.saturating_mul(4).saturating_add(64);
    (needed > DEFAULT).then(|| needed.checked_next_power_of_two().unwrap_or(needed))
}

/// The client's default base URL: the spec's, else `fallback` (a spec without `servers`).
pub fn base_url(api: &Api, fallback: &str) -> String {
    if api.base_url.is_empty() { fallback } else { api.base_url.as_str() }.to_string()
}

/// The helpers `emit/client/pages.rs` writes for a paginated operation: it needs the params struct
/// (the cursor is an optional parameter), one success body type and an array of items in it.
fn page_helpers(api: &Api, op: &Operation, has_params: bool, p: &ir::Pagination) -> Option<PageHelpers> {
    if !has_params {
        return None;
    }
    let page = ir::success_type(op)?;
    let list = ir::field_path(api, page, &p.items)?;
    let Ty::List(item) = &list.last()?.ty else { return None };
    Some(PageHelpers {
        pages: op.pages_name.clone(),
        stream: op.stream_name.clone(),
        page: page.clone(),
        item: (**item).clone(),
        paging: operations::paging(api, op, page, p)?,
    })
}
