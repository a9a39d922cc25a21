//! Typed multipart bodies, part by part: each part is a field of the body's struct
//! (`models::<Op>Body`, `#[non_exhaustive]`, required parts in `new`) and a part on the wire
//! (a file, files, text or JSON), so parts are matched by wire name and compared as request
//! fields are, plus how they travel and the media type a file part declares.

use std::collections::HashMap;

use super::operations::texts_accept;
use super::shape::{self, FieldShape};
use super::types::Cx;
use super::verdict::{self, Dirs};
use super::{locate, Kind, Side, Spec};
use crate::ir::{Api, Body, Operation, Part, PartKind};

/// How a part travels (as `emit/client/bodies.rs` sends it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    File,
    Files,
    Text,
    Json,
}

impl Sent {
    fn of(api: &Api, p: &Part) -> Sent {
        match &p.kind {
            PartKind::File => Sent::File,
            PartKind::Files => Sent::Files,
            PartKind::Value(ty) if crate::ir::is_text_part(api, ty) => Sent::Text,
            PartKind::Value(_) | PartKind::Json(_) => Sent::Json,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Sent::File => "a file",
            Sent::Files => "files (a part each)",
            Sent::Text => "text",
            Sent::Json => "JSON",
        }
    }
}

/// The value's type of a `Value` or `Json` part.
fn value_ty(p: &Part) -> Option<&crate::ir::Ty> {
    match &p.kind {
        PartKind::Value(ty) | PartKind::Json(ty) => Some(ty),
        PartKind::File | PartKind::Files => None,
    }
}

/// The part's field type without its `Option`.
fn rust_ty(api: &Api, p: &Part) -> String {
    match value_ty(p) {
        Some(ty) => shape::render(api, ty),
        None if p.kind == PartKind::Files => "Vec<FilePart>".to_string(),
        None => "FilePart".to_string(),
    }
}

/// The part's field: `T` and a `new` argument when required, else `Option<T>`.
fn field(api: &Api, p: &Part) -> FieldShape {
    let ty = rust_ty(api, p);
    let optional = !p.required;
    FieldShape {
        ty: if optional { format!("Option<{ty}>") } else { ty },
        option: optional,
        arg: p.required,
        may_be_absent: optional,
        may_be_null: false,
        sends_null: false,
        may_omit: optional,
    }
}

fn place(name: &str, p: &Part) -> String {
    format!("{name} request body part {}", p.wire)
}

fn pointer(spec: &Spec, op: &Operation, body: &Body, p: &Part) -> Option<String> {
    locate::part(spec, op, &body.media_type, &p.wire)
}

/// Pairs the types of the parts both bodies have (the body itself is `Any`).
pub(super) fn reach(cx: &mut Cx<'_>, bo: &Body, bn: &Body, name: &str) {
    let (Some(po), Some(pn)) = (&bo.parts, &bn.parts) else { return };
    let old = by_wire(po);
    for p in pn {
        let Some(q) = old.get(p.wire.as_str()) else { continue };
        if let (Some(x), Some(y)) = (value_ty(q), value_ty(p)) {
            cx.reach(x, y, Dirs::REQUEST, &place(name, p));
        }
    }
}

/// A body's parts by wire name, the first of a name winning.
fn by_wire(parts: &[Part]) -> HashMap<&str, &Part> {
    parts.iter().rev().map(|p| (p.wire.as_str(), p)).collect()
}

/// The changes between two multipart bodies of the operation `name`: the body struct that
/// came, went or was renamed, then each part that came, went or changed.
pub(super) fn compare(cx: &mut Cx<'_>, (o, bo): (&Operation, &Body), (n, bn): (&Operation, &Body), name: &str) {
    let (old, new) = (cx.old, cx.new);
    let body_place = format!("{name} request body");
    let body_pointer = locate::child(new, locate::operation(new, n), &["requestBody"]);
    let (po, pn) = match (&bo.parts, &bn.parts) {
        (Some(po), Some(pn)) => (po, pn),
        (None, None) => return,
        (_, parts) => {
            let detail = format!("`body: {}` → `{}`", shape::body_arg(&old.api, bo), shape::body_arg(&new.api, bn));
            let required = parts.iter().flatten().any(|p| p.required);
            cx.push(Kind::RequestBodyRetyped, body_place, body_pointer, Side::New, detail, verdict::multipart_form_changed(parts.is_none(), required));
            return;
        }
    };
    if bo.name != bn.name {
        let detail = format!("`models::{}` is now `models::{}`", bo.name, bn.name);
        cx.push(Kind::RustNameChanged, body_place, body_pointer, Side::New, detail, verdict::rust_name_changed());
    }
    let olds = by_wire(po);
    for p in pn {
        let (place, at) = (place(name, p), pointer(new, n, bn, p));
        let Some(q) = olds.get(p.wire.as_str()) else {
            let shape = field(&new.api, p);
            let detail = if p.required {
                format!("required, sent as {}: `models::{}::new` gains `{}: {}`", Sent::of(&new.api, p).as_str(), bn.name, p.name, shape.ty)
            } else {
                format!("optional, sent as {}: `models::{}::{}: {}`", Sent::of(&new.api, p).as_str(), bn.name, p.name, shape.ty)
            };
            cx.push(Kind::FieldAdded, place, at, Side::New, detail, verdict::field_added(Dirs::REQUEST, &shape, p.required, false));
            continue;
        };
        part(cx, (q, &bo.name), (p, &bn.name), &place, at);
    }
    let news = by_wire(pn);
    for q in po.iter().filter(|q| !news.contains_key(q.wire.as_str())) {
        let shape = field(&old.api, q);
        let detail = format!("`models::{}::{}: {}` is gone", bo.name, q.name, shape.ty);
        cx.push(Kind::FieldRemoved, place(name, q), pointer(old, o, bo, q), Side::Old, detail, verdict::field_removed(Dirs::REQUEST, &shape, false));
    }
}

/// What changed in one part: its field's name, whether it is required, how it travels, the
/// type of its value, the media type a file declares.
fn part(cx: &mut Cx<'_>, (q, old_body): (&Part, &str), (p, new_body): (&Part, &str), place: &str, at: Option<String>) {
    let (old, new) = (cx.old, cx.new);
    let (fo, fn_) = (field(&old.api, q), field(&new.api, p));
    if q.name != p.name {
        let detail = format!("`models::{old_body}::{}` is now `models::{new_body}::{}`", q.name, p.name);
        cx.push(Kind::RustNameChanged, place, at.clone(), Side::New, detail, verdict::rust_name_changed());
    }
    if q.required != p.required {
        let (kind, detail, call) = if p.required {
            (Kind::FieldMadeRequired, "optional → required", verdict::field_made_required(Dirs::REQUEST, &fo, &fn_, false))
        } else {
            (Kind::FieldMadeOptional, "required → optional", verdict::field_made_optional(Dirs::REQUEST, &fo, &fn_, false))
        };
        cx.push(kind, place, at.clone(), Side::New, detail, call);
    }
    let (so, sn) = (Sent::of(&old.api, q), Sent::of(&new.api, p));
    let (to, tn) = (rust_ty(&old.api, q), rust_ty(&new.api, p));
    if so != sn {
        let detail = format!("sent as {} → as {}: `{to}` → `{tn}`", so.as_str(), sn.as_str());
        let call = verdict::part_sent_changed(so.as_str(), sn.as_str(), (so, sn) == (Sent::File, Sent::Files), &to, &tn);
        cx.push(Kind::FieldRetyped, place, at, Side::New, detail, call);
        return;
    }
    if let (Some(x), Some(y)) = (value_ty(q), value_ty(p)) {
        if let Some(mut c) = cx.use_change(x, y) {
            // Text parts travel as text, as parameters do: `123` is also a valid string.
            if sn == Sent::Text {
                c.retype.new_accepts_old |= texts_accept(&new.api, y, &old.api, x, 0);
            }
            let detail = format!("`{}` → `{}`", c.old, c.new);
            cx.push(Kind::FieldRetyped, place, at, Side::New, detail, verdict::field_retyped(Dirs::REQUEST, c.retype, false, "part's field"));
        }
        return;
    }
    if q.content_type != p.content_type {
        let media = |m: &Option<String>| m.as_ref().map_or_else(|| "none declared".to_string(), |m| format!("`{m}`"));
        let detail = format!("media type {} → {}", media(&q.content_type), media(&p.content_type));
        cx.push(Kind::MediaTypeChanged, place, at, Side::New, detail, verdict::part_media_type_changed(p.content_type.is_none()));
    }
}
