//! Which optional dependencies, Cargo features, runtime files and modules the generated crate
//! has, decided from the API and the rest of the plan, so that the manifest, `lib.rs` and the
//! file list all print the same answer and the crate has no dead code.

use super::models::{NewForm, TypePlan};
use crate::ir::webhooks::SignatureScheme;
use crate::ir::{Api, BodyKind, EnumRepr, Operation, Scalar, Ty, TypeKind};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CrateUses {
    pub chrono: bool,
    pub uuid: bool,
    /// `format: byte` somewhere: the models module has its `Base64` type.
    pub bytes: bool,
    pub multipart: bool,
    /// Some request body is binary (a `FilePart`).
    pub binary: bool,
    /// Operations exist, so the crate has a client (and needs reqwest, http and tokio).
    pub client: bool,
    /// Some operation is paginated: page streams (and futures-core).
    pub pagination: bool,
    /// Some path has a templated segment, which `path.rs` checks.
    pub path_params: bool,
    /// The crate has a `webhooks` module (the API describes deliveries).
    pub webhooks: bool,
    /// The spec names a webhook signature scheme: verification behind the `webhooks` feature.
    pub webhook_signatures: bool,
    /// Some scheme is a bearer or OAuth 2 token: `auth.rs` and `TokenProvider`.
    pub tokens: bool,
    /// Some OAuth 2 flow has a token endpoint: `OAuthTokens` (and tokio's `sync`).
    pub oauth: bool,
    /// Some union reads raw JSON text: serde_json's `raw_value` feature.
    pub raw_json: bool,
    /// Some union decodes its variant through `tagged.rs`: its decode errors name their path
    /// (`json_path.rs`).
    pub tagged_unions: bool,
    /// What the crate needs of the runtime's `tagged.rs`.
    pub tagged_file: TaggedUses,
    /// Some union is untagged: the `untagged!` macro of `untagged.rs`.
    pub untagged: bool,
    /// Some open string enum is emitted: the `string_enum!` macro of `open_enum.rs`.
    pub open_enums: bool,
    /// Some struct is emitted: the runtime's `struct_de.rs` writes its `Deserialize`.
    pub struct_de: bool,
    /// What the models need of the runtime's `constructors.rs`.
    pub constructors: ConstructorUses,
}

/// The macros of the runtime's `constructors.rs` the models use: some struct has only optional
/// fields (`default_new`), some `new` with arguments leaves fields unset or takes a struct of
/// required fields (`unset`), some union has `From` impls (`variant_from`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConstructorUses {
    pub default_new: bool,
    pub unset: bool,
    pub new_by_name: bool,
    pub variant_from: bool,
}

impl ConstructorUses {
    pub fn of<'a>(types: impl Iterator<Item = &'a TypePlan> + Clone) -> Self {
        let structs = || types.clone().filter_map(|t| match t {
            TypePlan::Struct(s) => Some(s),
            _ => None,
        });
        ConstructorUses {
            default_new: structs().any(|s| s.new_form() == NewForm::Default),
            unset: structs().any(|s| s.new_form() == NewForm::Unset),
            new_by_name: structs().any(|s| s.new_form() == NewForm::ByName),
            variant_from: types.clone().any(|t| matches!(t, TypePlan::Union(u) if u.has_from_impls())),
        }
    }

    /// The crate has the runtime's `constructors.rs`.
    pub fn any(&self) -> bool {
        self.default_new || self.unset || self.new_by_name || self.variant_from
    }
}

/// What the crate needs of the runtime's `tagged.rs`: some union reads raw JSON text (`raw`,
/// every union does), some reads a tag from it (`tag`), some variant is written with the
/// union's tag in front (`with_tag`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaggedUses {
    pub raw: bool,
    pub tag: bool,
    pub with_tag: bool,
}

impl CrateUses {
    /// The crate has the runtime's `tagged.rs`.
    pub fn tagged(&self) -> bool {
        let t = self.tagged_file;
        t.raw || t.tag || t.with_tag
    }
}

/// What a module of models imports from the runtime.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModelUses {
    /// `Base64`, which the models module re-exports.
    pub bytes: bool,
    pub open_enums: bool,
    pub constructors: ConstructorUses,
    pub struct_de: bool,
    /// Some union is tagged: the `tagged!` macro of `tagged.rs`.
    pub tagged: bool,
    pub untagged: bool,
}

impl CrateUses {
    /// What the models module of the one-crate layout imports.
    pub fn models(&self) -> ModelUses {
        ModelUses {
            bytes: self.bytes,
            open_enums: self.open_enums,
            constructors: self.constructors,
            struct_de: self.struct_de,
            tagged: self.tagged_file.tag,
            untagged: self.untagged,
        }
    }
}

/// What the types `ids` of `api` (planned as `types`) import from the runtime, as
/// [`crate_uses`] decides it for all of them.
pub fn model_uses(api: &Api, types: &[TypePlan], ids: &[usize], bytes: bool) -> ModelUses {
    let plans = || ids.iter().filter_map(|i| types.get(*i));
    ModelUses {
        bytes,
        open_enums: ids.iter().any(|i| {
            types.get(*i) == Some(&TypePlan::Other)
                && matches!(api.types.get(*i).map(|t| &t.kind), Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String)
        }),
        constructors: ConstructorUses::of(plans()),
        struct_de: plans().any(|t| matches!(t, TypePlan::Struct(_))),
        tagged: plans().any(|t| matches!(t, TypePlan::Union(u) if !u.untagged())),
        untagged: plans().any(|t| matches!(t, TypePlan::Union(u) if u.untagged())),
    }
}

/// What the crate of `api` uses; `types`, `page_items` and `tokens` are the plan's.
pub fn crate_uses(api: &Api, types: &[TypePlan], page_items: bool, tokens: bool) -> CrateUses {
    let body = |kind| api.operations.iter().any(|op| op.body.as_ref().is_some_and(|b| b.kind == kind));
    let client = !api.operations.is_empty();
    let webhooks = !api.webhooks.hooks.is_empty();
    let tagged_file = tagged_uses(types);
    let mut uses = CrateUses {
        multipart: body(BodyKind::Multipart),
        binary: body(BodyKind::Binary),
        client,
        pagination: client && page_items,
        path_params: api.operations.iter().any(has_templated_segment),
        webhooks,
        webhook_signatures: webhooks && api.webhooks.signature.as_ref().is_some_and(|s| s.scheme == SignatureScheme::HubSpot),
        tokens,
        oauth: client && has_oauth_flows(api),
        raw_json: tagged_file.raw,
        tagged_unions: tagged_file.raw,
        tagged_file,
        untagged: types.iter().any(|t| matches!(t, TypePlan::Union(u) if u.untagged())),
        struct_de: types.iter().any(|t| matches!(t, TypePlan::Struct(_))),
        constructors: ConstructorUses::of(types.iter()),
        open_enums: api.types.iter().zip(types).any(|(t, p)| *p == TypePlan::Other && matches!(&t.kind, TypeKind::Enum(e) if e.repr == EnumRepr::String)),
        ..CrateUses::default()
    };
    let mut visit = |ty: &Ty| walk(ty, &mut |s| match s {
        Scalar::DateTime | Scalar::Date => uses.chrono = true,
        Scalar::Uuid => uses.uuid = true,
        Scalar::Bytes => uses.bytes = true,
        _ => {}
    });
    for t in &api.types {
        match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|x| &x.ty).chain(s.additional.iter()).for_each(&mut visit),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty)),
            TypeKind::Alias(ty) => visit(ty),
            TypeKind::Enum(_) => {}
        }
    }
    // Bodies, responses and payloads may be scalars or lists of them (GitHub's `GET /versions`
    // answers `Vec<chrono::NaiveDate>`), named by no type.
    // So may the parts of a typed multipart body.
    api.operations.iter().flat_map(Operation::tys).for_each(&mut visit);
    api.webhooks.hooks.iter().filter_map(|h| h.payload.as_ref()).for_each(&mut visit);
    uses
}

/// Whether a segment of the operation's path is filled in at run time (so that
/// `support::path::segment` checks it).
pub fn has_templated_segment(op: &Operation) -> bool {
    op.path.split('/').any(crate::ir::path::is_templated)
}

/// Whether some OAuth 2 scheme has a flow whose tokens `OAuthTokens` can get.
fn has_oauth_flows(api: &Api) -> bool {
    api.security_schemes.iter().any(|s| s.flows.authorization_code.is_some() || s.flows.client_credentials.is_some())
}

fn tagged_uses(types: &[TypePlan]) -> TaggedUses {
    let mut uses = TaggedUses::default();
    for u in types.iter().filter_map(|p| match p {
        TypePlan::Union(u) => Some(u),
        _ => None,
    }) {
        uses.raw = true;
        // One with no variants left (a selection dropped them all) is written as an untagged
        // one: it reads no tag.
        if !u.untagged() {
            uses.tag = true;
            uses.with_tag |= u.variants.iter().any(|v| !v.writes_tag);
        }
    }
    uses
}

/// A `Ty` nests no deeper than one JSON document, which the loader bounds.
fn walk(ty: &Ty, f: &mut impl FnMut(Scalar)) {
    match ty {
        Ty::Scalar(s) => f(*s),
        Ty::List(t) | Ty::Map(t) => walk(t, f),
        Ty::Tuple(items) => items.iter().for_each(|t| walk(t, f)),
        Ty::Named(_) | Ty::Any | Ty::Object => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;

    fn uses(text: &str) -> super::CrateUses {
        let mut diags = Diagnostics::default();
        let doc = crate::load::parse_document(text.to_string(), std::path::Path::new("spec.json"), &mut diags).expect("parses");
        let (_, api, _) = crate::named_ir(doc, None, diags).unwrap_or_else(|d| panic!("{d}"));
        crate::plan::build(&api).crate_uses
    }

    #[test]
    fn a_crate_uses_what_its_operations_and_types_need_and_nothing_else() {
        let bare = uses(r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#);
        assert_eq!(bare, super::CrateUses::default());
        let rich = uses(
            r##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "security": [{"o": []}],
                "paths": {"/a/{id}": {"put": {"operationId": "a",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}}],
                    "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/K"}}}}}}}},
                "components": {
                    "schemas": {"K": {"type": "string", "enum": ["a", "b"]}},
                    "securitySchemes": {"o": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://a.example/t", "scopes": {}}}}}}}"##,
        );
        assert!(rich.client && rich.binary && rich.uuid && rich.path_params && rich.tokens && rich.oauth && rich.open_enums);
        assert!(!rich.multipart && !rich.chrono && !rich.bytes && !rich.pagination && !rich.webhooks && !rich.tagged());
    }

    #[test]
    fn dates_in_bodies_parts_responses_and_payloads_alone_bring_chrono() {
        let date = r#"{"type": "array", "items": {"type": "string", "format": "date"}}"#;
        let response = format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{"/v": {{"get": {{"operationId": "v",
                "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {date}}}}}}}}}}}}}}}}}"#
        );
        let body = format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{"/v": {{"post": {{"operationId": "v",
                "requestBody": {{"content": {{"application/json": {{"schema": {date}}}}}}},
                "responses": {{"204": {{"description": "ok"}}}}}}}}}}}}"#
        );
        let payload = format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "webhooks": {{"w": {{"post": {{
                "requestBody": {{"content": {{"application/json": {{"schema": {date}}}}}}},
                "responses": {{"200": {{"description": "ok"}}}}}}}}}}}}"#
        );
        let part = format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{"/v": {{"post": {{"operationId": "v",
                "requestBody": {{"content": {{"multipart/form-data": {{"schema": {{"type": "object", "properties": {{
                    "file": {{"type": "string", "contentMediaType": "image/png"}}, "when": {date}}}}}}}}}}},
                "responses": {{"204": {{"description": "ok"}}}}}}}}}}}}"#
        );
        for spec in [response, body, payload, part] {
            assert!(uses(&spec).chrono, "{spec}");
        }
    }
}
