//! `allOf` with several members: one struct with every member's fields.
//!
//! Members may be `allOf`s themselves, through `$ref`s, as deep as the spec likes, may be
//! shared (a diamond: each level refers to both schemas of the next), and may lead back
//! to a schema being merged. So the merge walks an explicit stack, in the order a
//! recursive walk would (the types it meets are registered in that order), remembers
//! each schema's merge, and merges a member that leads back into itself only once.


use serde_json::{Map, Value};

use super::Types;
use crate::diagnostics::Diagnostics;
use crate::fast_hash::FastMap;
use crate::ir::{Field, Struct, Ty};
use crate::pointer::Place;

/// Fields all merges may produce together. Merging copies fields, so a chain of `allOf`s
/// that each add one field has quadratically many: beyond this, generation fails.
const MAX_MERGED_FIELDS: usize = 1_000_000;

#[derive(Default)]
pub(in crate::ir) struct Merges {
    done: FastMap<Place, Struct>,
    fields: usize,
    over_budget: bool,
}

struct Frame<'v> {
    place: Place,
    obj: &'v Map<String, Value>,
    next: usize,
    /// The member whose own merge is being computed above this frame.
    waiting: Option<(Place, Place, &'v Map<String, Value>)>,
    fields: FieldSet,
    additional: Option<Ty>,
}

impl<'v> Frame<'v> {
    fn new(place: Place, obj: &'v Map<String, Value>) -> Self {
        Frame { place, obj, next: 0, waiting: None, fields: FieldSet::default(), additional: None }
    }
}

fn empty() -> Struct {
    Struct { fields: Vec::new(), additional: None, additional_name: String::new(), required_name: String::new() }
}

impl Types<'_> {
    pub(super) fn merged(&mut self, place: &Place, obj: &Map<String, Value>, hint: &str, diags: &mut Diagnostics) -> Struct {
        let resolver = self.resolver;
        if let Some(done) = self.merges.done.get(place).cloned() {
            return self.budget(place, done, diags);
        }
        let mut stack = vec![Frame::new(place.clone(), obj)];
        let mut result = empty();
        while let Some(top) = stack.last_mut() {
            if let Some((member_place, resolved, member)) = top.waiting.take() {
                let inner = self.merges.done.get(&resolved).cloned().unwrap_or_else(empty);
                self.member(top, &member_place, &resolved, member, Some(inner), hint, diags);
                continue;
            }
            let members = top.obj.get("allOf").and_then(Value::as_array).map_or(0, Vec::len);
            if top.next >= members {
                let Some(mut frame) = stack.pop() else { break };
                self.add_fields(&frame.place, frame.obj, hint, &mut frame.fields, diags);
                let merged = Struct { fields: frame.fields.into_vec(), additional: frame.additional, additional_name: String::new(), required_name: String::new() };
                let merged = self.budget(&frame.place, merged, diags);
                self.merges.done.insert(frame.place, merged.clone());
                result = merged;
                continue;
            }
            let member_place = top.place.join("allOf").index(top.next);
            top.next += 1;
            let Some((resolved, member)) = resolver.follow(&member_place, diags) else { continue };
            let Some(member) = member.as_object() else { continue };
            // `Some(inner)`: the member can be merged now; `None`: its own merge comes first.
            let inner = if !member.contains_key("allOf") {
                Some(None)
            } else if let Some(done) = self.merges.done.get(&resolved).cloned() {
                Some(Some(done))
            } else if stack.iter().any(|f| f.place == resolved) {
                diags.warning(
                    resolver.describe(&member_place),
                    format!("`allOf` leads back to `{}`, which is being merged", resolver.describe(&resolved)),
                    "its fields are merged once",
                );
                Some(Some(empty()))
            } else {
                None
            };
            let Some(top) = stack.last_mut() else { break };
            match inner {
                Some(inner) => self.member(top, &member_place, &resolved, member, inner, hint, diags),
                None => {
                    top.waiting = Some((member_place, resolved.clone(), member));
                    stack.push(Frame::new(resolved, member));
                }
            }
        }
        result
    }

    /// One member, after its own merge (`inner`, for members that are `allOf`s) is known.
    #[allow(clippy::too_many_arguments)]
    fn member(
        &mut self,
        frame: &mut Frame<'_>,
        member_place: &Place,
        resolved: &Place,
        member: &Map<String, Value>,
        inner: Option<Struct>,
        hint: &str,
        diags: &mut Diagnostics,
    ) {
        match inner {
            Some(inner) => {
                // Later members win, and move to the end: what a field-by-field merge does.
                for f in inner.fields {
                    frame.fields.move_to_end(f);
                }
                frame.additional = frame.additional.take().or(inner.additional);
            }
            None if member.contains_key("oneOf") || member.contains_key("anyOf") => {
                diags.warning(
                    self.resolver.describe(member_place),
                    "`allOf` with a `oneOf`/`anyOf` member: the union's fields are not merged",
                    "the union's fields are left out of the struct",
                );
            }
            None => {}
        }
        self.add_fields(resolved, member, hint, &mut frame.fields, diags);
        if frame.additional.is_none() {
            frame.additional = self.additional(resolved, member, hint, diags);
        }
    }

    /// Counts a merge's fields against [`MAX_MERGED_FIELDS`]; past it, merges are empty.
    fn budget(&mut self, place: &Place, merged: Struct, diags: &mut Diagnostics) -> Struct {
        self.merges.fields = self.merges.fields.saturating_add(merged.fields.len());
        if self.merges.fields <= MAX_MERGED_FIELDS {
            return merged;
        }
        if !self.merges.over_budget {
            self.merges.over_budget = true;
            diags.error(
                self.resolver.describe(place),
                format!("merging `allOf`s makes more than {MAX_MERGED_FIELDS} fields in all (each merge copies its members' fields)"),
            );
        }
        empty()
    }
}

/// Fields by wire name, in order, so that merging many members stays linear: a field set
/// again replaces the old one where it stood, one moved goes to the end.
#[derive(Default)]
pub(super) struct FieldSet {
    slots: Vec<Option<Field>>,
    at: FastMap<String, usize>,
}

impl FieldSet {
    pub(super) fn set(&mut self, field: Field) {
        match self.at.get(&field.wire).and_then(|i| self.slots.get_mut(*i)) {
            Some(slot) => *slot = Some(field),
            None => {
                self.at.insert(field.wire.clone(), self.slots.len());
                self.slots.push(Some(field));
            }
        }
    }

    pub(super) fn move_to_end(&mut self, field: Field) {
        if let Some(slot) = self.at.get(&field.wire).and_then(|i| self.slots.get_mut(*i)) {
            *slot = None;
        }
        self.at.insert(field.wire.clone(), self.slots.len());
        self.slots.push(Some(field));
    }

    pub(super) fn require(&mut self, wire: &str) {
        if let Some(Some(f)) = self.at.get(wire).and_then(|i| self.slots.get_mut(*i)) {
            f.required = true;
        }
    }

    pub(super) fn into_vec(self) -> Vec<Field> {
        self.slots.into_iter().flatten().collect()
    }
}
