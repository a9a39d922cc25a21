//! Operations: matching old and new ones, and what changed in their parameters, bodies,
//! responses, media types and security; then the API-wide pieces (security schemes, base
//! URL, error body).

use std::collections::{HashMap, VecDeque};

use super::shape::{self, Returns};
use super::types::Cx;
use super::verdict::{self, Dirs, Retype};
use super::helpers::{companions, helpers, roles, with};
use super::{locate, multipart, Kind, Side};
use crate::ir::{Api, BodyKind, Operation, Param, ParamLocation, SecurityKind, Status, Ty};

/// How an old and a new operation were found to be the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum How {
    OperationId,
    MethodAndPath,
    /// Same method, required parameters, body and result types; matched only when exactly
    /// one old and one new operation (among those left) have that signature.
    Signature,
    /// Same method and required parameters, and the only such pair left.
    Arguments,
}

impl How {
    fn describe(self) -> &'static str {
        match self {
            How::OperationId => "same operationId",
            How::MethodAndPath => "same method and path",
            How::Signature => "same method, required parameters, body and result types",
            How::Arguments => "same method and required parameters",
        }
    }
}

/// Old index, new index, and how they matched (for matched pairs).
pub(super) struct OpPair {
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub how: Option<How>,
}

/// New operations in their order (matched or added), then removed ones in theirs.
pub(super) fn match_operations(old: &Api, new: &Api) -> Vec<OpPair> {
    let mut of_new: Vec<Option<(usize, How)>> = vec![None; new.operations.len()];
    let mut used = vec![false; old.operations.len()];
    // Old operations by key, in order: each new operation takes the first unused one.
    // (Lookups, not scans: specs with thousands of operations stay linear.)
    let mut by_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, o) in old.operations.iter().enumerate() {
        if let Some(id) = &o.operation_id {
            by_id.entry(id.as_str()).or_default().push_back(i);
        }
    }
    for (j, n) in new.operations.iter().enumerate() {
        let Some(id) = &n.operation_id else { continue };
        if let Some(i) = by_id.get_mut(id.as_str()).and_then(VecDeque::pop_front) {
            used[i] = true;
            of_new[j] = Some((i, How::OperationId));
        }
    }
    let mut by_route: HashMap<(crate::ir::Method, &str), VecDeque<usize>> = HashMap::new();
    for (i, o) in old.operations.iter().enumerate() {
        by_route.entry((o.method, o.path.as_str())).or_default().push_back(i);
    }
    for (j, n) in new.operations.iter().enumerate() {
        if of_new[j].is_some() {
            continue;
        }
        let Some(queue) = by_route.get_mut(&(n.method, n.path.as_str())) else { continue };
        while let Some(i) = queue.pop_front() {
            if !used[i] {
                used[i] = true;
                of_new[j] = Some((i, How::MethodAndPath));
                break;
            }
        }
    }
    for (how, full) in [(How::Signature, true), (How::Arguments, false)] {
        let sig_old: Vec<String> = old.operations.iter().map(|o| signature(old, o, full)).collect();
        let sig_new: Vec<String> = new.operations.iter().map(|o| signature(new, o, full)).collect();
        // A pair only when exactly one unused old and one unmatched new share the signature.
        let mut olds: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, sig) in sig_old.iter().enumerate().filter(|(i, _)| !used[*i]) {
            olds.entry(sig.as_str()).or_default().push(i);
        }
        let mut news: HashMap<&str, usize> = HashMap::new();
        for (_, sig) in sig_new.iter().enumerate().filter(|(k, _)| of_new[*k].is_none()) {
            *news.entry(sig.as_str()).or_default() += 1;
        }
        for j in 0..new.operations.len() {
            if of_new[j].is_some() {
                continue;
            }
            let sig = sig_new[j].as_str();
            if let (Some([i]), Some(1)) = (olds.get(sig).map(Vec::as_slice), news.get(sig)) {
                let i = *i;
                used[i] = true;
                of_new[j] = Some((i, how));
                olds.remove(sig);
                news.remove(sig);
            }
        }
    }
    let mut out: Vec<OpPair> = of_new
        .iter()
        .enumerate()
        .map(|(j, m)| OpPair { old: m.map(|(i, _)| i), new: Some(j), how: m.map(|(_, h)| h) })
        .collect();
    out.extend(used.iter().enumerate().filter(|(_, u)| !**u).map(|(i, _)| OpPair { old: Some(i), new: None, how: None }));
    out
}

/// Method and required parameters; with `full`, also the body and result types.
fn signature(api: &Api, op: &Operation, full: bool) -> String {
    let mut params: Vec<String> = op.params.iter().filter(|p| p.required).map(|p| format!("{}:{}", locate::location(p.location), p.wire)).collect();
    params.sort();
    let mut sig = format!("{} {}", op.method.as_str(), params.join(","));
    if full {
        let body = op.body.as_ref().map(|b| shape::body_arg(api, b)).unwrap_or_default();
        sig.push_str(&format!(" {body} {}", shape::render_returns(api, &shape::returns(op))));
    }
    sig
}

/// How reports name an operation: its operationId when that is a plain identifier, else
/// the generated method (`publish_message()`).
fn label(op: &Operation) -> String {
    match &op.operation_id {
        Some(id) if id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) => id.clone(),
        _ => format!("{}()", op.name),
    }
}

fn status(s: &Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".to_string(),
    }
}

fn find_param<'o>(op: &'o Operation, p: &Param) -> Option<&'o Param> {
    op.params.iter().find(|q| q.wire == p.wire && q.location == p.location)
}

/// Pairs the types used by matched operations (parameters, bodies, responses, error body).
pub(super) fn reach(cx: &mut Cx<'_>, pairs: &[OpPair]) {
    let (old, new) = (cx.old, cx.new);
    for p in pairs {
        let (Some(i), Some(j)) = (p.old, p.new) else { continue };
        let (o, n) = (&old.api.operations[i], &new.api.operations[j]);
        let name = label(n);
        for pn in &n.params {
            if let Some(po) = find_param(o, pn) {
                cx.reach(&po.ty, &pn.ty, Dirs::REQUEST, &format!("{name} parameter {}", pn.wire));
            }
        }
        if let (Some(bo), Some(bn)) = (&o.body, &n.body) {
            multipart::reach(cx, bo, bn, &name);
            // A typed multipart body sends its parts, not its schema's model (a component's).
            if bo.parts.is_none() || bn.parts.is_none() {
                cx.reach(&bo.ty, &bn.ty, Dirs::REQUEST, &format!("{name} request body"));
            }
        }
        for rn in &n.responses {
            let Some(ro) = o.responses.iter().find(|r| r.status == rn.status) else { continue };
            if let (Some(bo), Some(bn)) = (&ro.body, &rn.body) {
                cx.reach(&bo.ty, &bn.ty, Dirs::RESPONSE, &format!("{name} response {}", status(&rn.status)));
            }
        }
        if let (Returns::Body(x), Returns::Body(y)) = (shape::returns(o), shape::returns(n)) {
            cx.reach(x, y, Dirs::RESPONSE, &format!("{name} response"));
        }
    }
    cx.reach(&shape::error_body(&old.api), &shape::error_body(&new.api), Dirs::RESPONSE, "ErrorBody");
}

/// Reports the changes of every operation.
pub(super) fn compare(cx: &mut Cx<'_>, pairs: &[OpPair]) {
    let (old, new) = (cx.old, cx.new);
    for p in pairs {
        match (p.old, p.new) {
            (None, Some(j)) => {
                let n = &new.api.operations[j];
                let detail = format!("`{} {}`: `Client::{}`{}", n.method.as_str(), n.path, n.name, with(&companions(new.plan.operation(j))));
                cx.push(Kind::OperationAdded, label(n), locate::operation(new, n), Side::New, detail, verdict::operation_added());
            }
            (Some(i), None) => {
                let o = &old.api.operations[i];
                let detail = format!("`{} {}`: `Client::{}`{}", o.method.as_str(), o.path, o.name, with(&companions(old.plan.operation(i))));
                cx.push(Kind::OperationRemoved, label(o), locate::operation(old, o), Side::Old, detail, verdict::operation_removed());
            }
            (Some(i), Some(j)) => {
                let how = p.how.unwrap_or(How::OperationId);
                operation(cx, i, j, how);
            }
            (None, None) => {}
        }
    }
}

fn operation(cx: &mut Cx<'_>, i: usize, j: usize, how: How) {
    let (old, new) = (cx.old, cx.new);
    let (o, n) = (&old.api.operations[i], &new.api.operations[j]);
    let (plan_o, plan_n) = (old.plan.operation(i), new.plan.operation(j));
    let name = label(n);
    let pointer = locate::operation(new, n);
    if o.method != n.method || o.path != n.path {
        let detail = format!("`{} {}` → `{} {}` (matched by {})", o.method.as_str(), o.path, n.method.as_str(), n.path, how.describe());
        cx.push(Kind::OperationMoved, name.clone(), pointer.clone(), Side::New, detail, verdict::operation_moved());
    }
    if o.name != n.name {
        let mut detail = format!("`Client::{}` → `Client::{}`", o.name, n.name);
        // The items named after the method go with it.
        for (a, b) in roles(plan_o).into_iter().zip(roles(plan_n)) {
            if let (Some(a), Some(b)) = (a, b) {
                detail.push_str(&format!(", {a} → {b}"));
            }
        }
        cx.push(Kind::OperationRenamed, name.clone(), pointer.clone(), Side::New, detail, verdict::operation_renamed());
    } else if o.params_name != n.params_name && o.params.iter().any(|p| !p.required) && n.params.iter().any(|p| !p.required) {
        let detail = format!("`params::{}` → `params::{}`", o.params_name, n.params_name);
        cx.push(Kind::RustNameChanged, name.clone(), pointer.clone(), Side::New, detail, verdict::rust_name_changed());
    }
    if o.docs.deprecated != n.docs.deprecated {
        let detail = if n.docs.deprecated { "deprecated" } else { "no longer deprecated" };
        cx.push(Kind::OperationDeprecated, name.clone(), pointer.clone(), Side::New, detail, verdict::operation_deprecated());
    }
    let before = cx.changes.len();
    parameters(cx, o, n, &name);
    request_body(cx, o, n, &name);
    responses(cx, o, n, &name);
    if let (Some(po), Some(pn)) = (plan_o, plan_n) {
        helpers(cx, before, po, pn, &name, pointer.clone());
    }
    security(cx, o, n, &name);
}

fn parameters(cx: &mut Cx<'_>, o: &Operation, n: &Operation, name: &str) {
    let (old, new) = (cx.old, cx.new);
    let had_params_struct = o.params.iter().any(|p| !p.required);
    for pn in &n.params {
        let place = format!("{name} parameter {} ({})", pn.wire, locate::location(pn.location));
        let pointer = locate::parameter(new, n, &pn.wire, pn.location);
        let Some(po) = find_param(o, pn) else {
            let ty = shape::render(&new.api, &pn.ty);
            let detail = if pn.required {
                format!("required: `Client::{}` gains the argument `{}: {ty}`", n.name, pn.name)
            } else {
                format!("optional: `params::{}::{}: Option<{ty}>`", n.params_name, pn.name)
            };
            cx.push(Kind::ParameterAdded, place, pointer, Side::New, detail, verdict::parameter_added(pn.required, had_params_struct));
            continue;
        };
        if po.name != pn.name {
            let detail = format!("argument `{}` is now `{}`", po.name, pn.name);
            cx.push(Kind::RustNameChanged, place.clone(), pointer.clone(), Side::New, detail, verdict::rust_name_changed());
        }
        if po.required != pn.required {
            let (kind, call, detail) = if pn.required {
                (Kind::ParameterMadeRequired, verdict::parameter_made_required(), format!("now a positional argument of `Client::{}`", n.name))
            } else {
                (Kind::ParameterMadeOptional, verdict::parameter_made_optional(), format!("now `params::{}::{}`", n.params_name, pn.name))
            };
            cx.push(kind, place.clone(), pointer.clone(), Side::New, detail, call);
        }
        if let Some(mut c) = cx.use_change(&po.ty, &pn.ty) {
            // Parameters travel as text: `123` is also a valid string.
            c.retype.new_accepts_old |= texts_accept(&new.api, &pn.ty, &old.api, &po.ty, 0);
            let detail = format!("`{}` → `{}`", c.old, c.new);
            cx.push(Kind::ParameterRetyped, place.clone(), pointer.clone(), Side::New, detail, verdict::parameter_retyped(c.retype));
        } else if po.unique != pn.unique {
            let detail = unique_detail(pn.unique);
            cx.push(Kind::ParameterRetyped, place.clone(), pointer.clone(), Side::New, detail, verdict::unique_items_changed(Dirs::REQUEST, pn.unique, false));
        } else if po.explode != pn.explode && pn.location == ParamLocation::Query && matches!(pn.ty, Ty::List(_)) {
            let style = |e: bool| if e { "repeated keys (explode)" } else { "comma-separated" };
            let detail = format!("{} → {}", style(po.explode), style(pn.explode));
            cx.push(Kind::ParameterStyleChanged, place, pointer, Side::New, detail, verdict::parameter_style_changed());
        }
    }
    for po in o.params.iter().filter(|p| find_param(n, p).is_none()) {
        let place = format!("{name} parameter {} ({})", po.wire, locate::location(po.location));
        let detail = if po.required {
            format!("`Client::{}` loses the argument `{}`", o.name, po.name)
        } else {
            format!("`params::{}::{}` is gone", o.params_name, po.name)
        };
        let call = verdict::parameter_removed(po.required, po.location == ParamLocation::Query);
        cx.push(Kind::ParameterRemoved, place, locate::parameter(old, o, &po.wire, po.location), Side::Old, detail, call);
    }
    // Required parameters are positional, in spec order.
    let positional = |op: &Operation, other: &Operation| -> Vec<String> {
        op.params
            .iter()
            .filter(|p| p.required && find_param(other, p).is_some_and(|q| q.required))
            .map(|p| p.name.clone())
            .collect()
    };
    let (ao, an) = (positional(o, n), positional(n, o));
    if ao != an {
        let detail = format!("`Client::{}({})` → `({})`", n.name, ao.join(", "), an.join(", "));
        let call = verdict::arguments_reordered(&format!("`Client::{}`", n.name));
        cx.push(Kind::ArgumentsReordered, name.to_string(), locate::operation(new, n), Side::New, detail, call);
    }
}

/// Whether a parameter of type `recv` takes, as text, every value the old client writes for
/// a parameter of type `val`: a string takes numbers, booleans, enum values and formatted
/// strings; a list takes a list whose items it takes.
pub(super) fn texts_accept(recv_api: &Api, recv: &Ty, val_api: &Api, val: &Ty, depth: usize) -> bool {
    use crate::ir::{Scalar, TypeKind};
    if depth > 1 {
        return false;
    }
    match (shape::unalias(recv_api, recv), shape::unalias(val_api, val)) {
        (Ty::Scalar(Scalar::String), Ty::Scalar(_)) => true,
        (Ty::Scalar(Scalar::String), Ty::Named(id)) => matches!(val_api.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Enum(_))),
        (Ty::List(r), Ty::List(v)) => texts_accept(recv_api, r, val_api, v, depth + 1),
        _ => false,
    }
}

/// The detail of a `uniqueItems` change.
pub(super) fn unique_detail(now: bool) -> String {
    if now {
        "`uniqueItems` set: items must differ".to_string()
    } else {
        "`uniqueItems` dropped: items may repeat".to_string()
    }
}

/// What kind of Rust argument a body is: typed bodies share one form, the others differ.
fn body_form(kind: BodyKind) -> u8 {
    match kind {
        BodyKind::Json | BodyKind::FormUrlEncoded => 0,
        BodyKind::Multipart => 1,
        BodyKind::Binary => 2,
        BodyKind::Text => 3,
    }
}

fn request_body(cx: &mut Cx<'_>, o: &Operation, n: &Operation, name: &str) {
    let (old, new) = (cx.old, cx.new);
    let place = format!("{name} request body");
    let pointer = locate::child(new, locate::operation(new, n), &["requestBody"]);
    match (&o.body, &n.body) {
        (None, Some(bn)) => {
            let detail = format!("`{}` ({}): `Client::{}` gains `body: {}`", bn.media_type, if bn.required { "required" } else { "optional" }, n.name, shape::body_arg(&new.api, bn));
            cx.push(Kind::RequestBodyAdded, place, pointer, Side::New, detail, verdict::request_body_added(bn.required));
        }
        (Some(bo), None) => {
            let detail = format!("`Client::{}` loses `body: {}`", o.name, shape::body_arg(&old.api, bo));
            let pointer = locate::child(old, locate::operation(old, o), &["requestBody"]);
            cx.push(Kind::RequestBodyRemoved, place, pointer, Side::Old, detail, verdict::request_body_removed());
        }
        (Some(bo), Some(bn)) => {
            if bo.required != bn.required {
                let (kind, detail) = if bn.required {
                    (Kind::RequestBodyMadeRequired, "optional → required")
                } else {
                    (Kind::RequestBodyMadeOptional, "required → optional")
                };
                cx.push(kind, place.clone(), pointer.clone(), Side::New, detail, verdict::request_body_required_changed());
            }
            let same_form = body_form(bo.kind) == body_form(bn.kind);
            if bo.media_type != bn.media_type {
                let still = locate::body_accepts(new, n, &bo.media_type);
                let detail = format!("`{}` → `{}`", bo.media_type, bn.media_type);
                let pointer = locate::child(new, pointer.clone(), &["content"]);
                cx.push(Kind::MediaTypeChanged, place.clone(), pointer, Side::New, detail, verdict::request_media_type_changed(still, same_form));
            }
            if bo.kind == BodyKind::Multipart && bn.kind == BodyKind::Multipart {
                multipart::compare(cx, (o, bo), (n, bn), name);
            }
            if same_form && body_form(bn.kind) == 0 {
                if let Some(c) = cx.use_change(&bo.ty, &bn.ty) {
                    let detail = format!("`body: &{}` → `&{}`", c.old, c.new);
                    cx.push(Kind::RequestBodyRetyped, place, pointer, Side::New, detail, verdict::request_body_retyped(c.retype));
                }
            }
        }
        (None, None) => {}
    }
}

fn responses(cx: &mut Cx<'_>, o: &Operation, n: &Operation, name: &str) {
    let (old, new) = (cx.old, cx.new);
    let op_pointer = locate::operation(new, n);
    for rn in &n.responses {
        let place = format!("{name} response {}", status(&rn.status));
        let pointer = locate::child(new, op_pointer.clone(), &["responses", &status(&rn.status)]);
        match o.responses.iter().find(|r| r.status == rn.status) {
            None => {
                let detail = format!("status {}", status(&rn.status));
                cx.push(Kind::ResponseAdded, place, pointer, Side::New, detail, verdict::response_status(true));
            }
            Some(ro) => {
                if let (Some(bo), Some(bn)) = (&ro.body, &rn.body) {
                    if bo.media_type != bn.media_type {
                        let detail = format!("`{}` → `{}`", bo.media_type, bn.media_type);
                        let pointer = locate::child(new, pointer, &["content"]);
                        cx.push(Kind::MediaTypeChanged, place, pointer, Side::New, detail, verdict::response_media_type_changed());
                    }
                }
            }
        }
    }
    for ro in o.responses.iter().filter(|r| !n.responses.iter().any(|x| x.status == r.status)) {
        let place = format!("{name} response {}", status(&ro.status));
        let pointer = locate::child(old, locate::operation(old, o), &["responses", &status(&ro.status)]);
        let detail = format!("status {}", status(&ro.status));
        cx.push(Kind::ResponseRemoved, place, pointer, Side::Old, detail, verdict::response_status(false));
    }
    let (ro, rn) = (shape::returns(o), shape::returns(n));
    let place = format!("{name} response");
    let pointer = locate::child(new, op_pointer, &["responses"]);
    let detail = || format!("`Client::{}` returns `{}` → `{}`", n.name, shape::render_returns(&old.api, &ro), shape::render_returns(&new.api, &rn));
    match (&ro, &rn) {
        (Returns::Unit, Returns::Unit) => {}
        (Returns::Other(a), Returns::Other(b)) if a == b => {}
        (Returns::Unit, _) => cx.push(Kind::ResponseBodyAdded, place, pointer, Side::New, detail(), verdict::response_body_added()),
        (_, Returns::Unit) => cx.push(Kind::ResponseBodyRemoved, place, pointer, Side::New, detail(), verdict::response_body_removed()),
        (Returns::Body(x), Returns::Body(y)) => {
            if let Some(c) = cx.use_change(x, y) {
                cx.push(Kind::ResponseRetyped, place, pointer, Side::New, detail(), verdict::response_retyped(c.retype));
            }
        }
        // A body that becomes text, bytes or an enum of several bodies, or the reverse: the
        // Rust type changes; old code reads the new answers only if the representation stayed.
        (Returns::Body(_) | Returns::Other(_), Returns::Body(_) | Returns::Other(_)) => {
            let t = Retype { new_accepts_old: true, old_decodes_new: false };
            cx.push(Kind::ResponseRetyped, place, pointer, Side::New, detail(), verdict::response_retyped(t));
        }
    }
}

/// Alternatives of requirements as sorted (scheme key, sorted scopes) lists.
fn alternatives(api: &Api, op: &Operation) -> Vec<Vec<(String, Vec<String>)>> {
    let mut alts: Vec<Vec<(String, Vec<String>)>> = op
        .security
        .iter()
        .map(|alt| {
            let mut reqs: Vec<(String, Vec<String>)> = alt
                .iter()
                .map(|r| {
                    let key = api.security_schemes.get(r.scheme).map(|s| s.key.clone()).unwrap_or_default();
                    let mut scopes = r.scopes.clone();
                    scopes.sort();
                    (key, scopes)
                })
                .collect();
            reqs.sort();
            reqs
        })
        .collect();
    alts.sort();
    alts.dedup();
    alts
}

fn describe_alternatives(alts: &[Vec<(String, Vec<String>)>]) -> String {
    if alts.is_empty() {
        return "none".to_string();
    }
    alts.iter()
        .map(|alt| {
            if alt.is_empty() {
                return "anonymous".to_string();
            }
            alt.iter()
                .map(|(k, scopes)| if scopes.is_empty() { k.clone() } else { format!("{k} ({})", scopes.join(", ")) })
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn security(cx: &mut Cx<'_>, o: &Operation, n: &Operation, name: &str) {
    let (old, new) = (cx.old, cx.new);
    let (ao, an) = (alternatives(&old.api, o), alternatives(&new.api, n));
    if ao == an {
        return;
    }
    // What the old client may send: one of its alternatives (nothing when there are none).
    let sends: Vec<Vec<(String, Vec<String>)>> = if ao.is_empty() { vec![Vec::new()] } else { ao.clone() };
    let satisfied = |need: &Vec<(String, Vec<String>)>, has: &Vec<(String, Vec<String>)>| {
        need.iter().all(|(k, scopes)| has.iter().any(|(h, s)| h == k && scopes.iter().all(|x| s.contains(x))))
    };
    let still = an.is_empty() || sends.iter().all(|has| an.iter().any(|need| satisfied(need, has)));
    let detail = format!("{} → {}", describe_alternatives(&ao), describe_alternatives(&an));
    cx.push(Kind::SecurityChanged, format!("{name} security"), locate::security(new, n), Side::New, detail, verdict::security_changed(still));
}

/// Security schemes, base URL and the error body: what the whole crate shares.
pub(super) fn compare_globals(cx: &mut Cx<'_>) {
    let (old, new) = (cx.old, cx.new);
    let scheme_pointer = |spec: &super::Spec, key: &str| locate::child(spec, Some("/components/securitySchemes".to_string()), &[key]);
    for s in &new.api.security_schemes {
        let place = format!("security scheme {}", s.key);
        match old.api.security_schemes.iter().find(|o| o.key == s.key) {
            None => {
                let detail = format!("{}: `ClientBuilder::{}`", shape::scheme_kind(s), shape::setter(new, &s.key));
                cx.push(Kind::SecuritySchemeAdded, place, scheme_pointer(new, &s.key), Side::New, detail, verdict::security_scheme_added());
            }
            Some(o) => {
                let setter_same = shape::setter(old, &o.key) == shape::setter(new, &s.key);
                let kept = shape::url_consts(new, &s.key);
                let gone: Vec<String> = shape::url_consts(old, &o.key).into_iter().filter(|c| !kept.contains(c)).collect();
                if o.kind == s.kind && setter_same && gone.is_empty() {
                    continue;
                }
                let mut detail = format!(
                    "{} → {}; `ClientBuilder::{}` → `ClientBuilder::{}`",
                    shape::scheme_kind(o),
                    shape::scheme_kind(s),
                    shape::setter(old, &o.key),
                    shape::setter(new, &s.key)
                );
                if !gone.is_empty() {
                    detail.push_str(&format!("; `Client::{}` gone", gone.join("`, `Client::")));
                }
                // Bearer and OAuth 2 both send `Authorization: Bearer <token>`.
                let token = |k: &SecurityKind| matches!(k, SecurityKind::Bearer | SecurityKind::OAuth2);
                let same_wire = o.kind == s.kind || (token(&o.kind) && token(&s.kind));
                let call = verdict::security_scheme_changed(same_wire, setter_same, gone.is_empty());
                cx.push(Kind::SecuritySchemeChanged, place, scheme_pointer(new, &s.key), Side::New, detail, call);
            }
        }
    }
    for o in old.api.security_schemes.iter().filter(|o| !new.api.security_schemes.iter().any(|s| s.key == o.key)) {
        let detail = format!("{}: `ClientBuilder::{}` is gone", shape::scheme_kind(o), shape::setter(old, &o.key));
        let place = format!("security scheme {}", o.key);
        cx.push(Kind::SecuritySchemeRemoved, place, scheme_pointer(old, &o.key), Side::Old, detail, verdict::security_scheme_removed());
    }
    if old.api.base_url != new.api.base_url {
        let detail = format!("`{}` → `{}`", old.api.base_url, new.api.base_url);
        let pointer = locate::child(new, Some(String::new()), &["servers", "0", "url"]);
        cx.push(Kind::BaseUrlChanged, "servers", pointer, Side::New, detail, verdict::base_url_changed());
    }
    let (eo, en) = (shape::error_body(&old.api), shape::error_body(&new.api));
    if let Some(c) = cx.use_change(&eo, &en) {
        let detail = format!("`ErrorBody = {}` → `{}`", c.old, c.new);
        cx.push(Kind::ErrorBodyRetyped, "ErrorBody", None, Side::New, detail, verdict::error_body_retyped());
    }
}
