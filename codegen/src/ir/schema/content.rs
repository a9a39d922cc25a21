//! Inline schemas by content: big specs repeat the same inline object, enum or union many
//! times (GitHub's webhook payloads inline the same repository and user objects thousands of
//! times), and each repeat is one type, an alias of the first ([`super::Types::inline`]).
//!
//! Two schemas are the same when their JSON is equal (keys in any order), leaving out their own
//! top-level [`OWN_DOCS`]: the alias keeps those. Nested docs count: the alias's fields are the
//! first schema's, docs included. Only schemas of one document are compared (relative `$ref`s
//! in different files mean different things), and only within one [`Side`].
//!
//! A schema is hashed once: hashing a node walks its subtree and remembers the hash of every
//! node inside that may become a type, so the walk of an outer schema stops at inner ones
//! already hashed, and lowering the inner ones later finds their hash. Equal hashes are
//! confirmed with `==`. Which repeat is the canonical is decided by lowering order, never by
//! a hash table's order.

use std::hash::{Hash, Hasher};

use serde_json::{Map, Value};

use crate::fast_hash::{FastHasher, FastMap};
use crate::ir::TypeId;
use crate::pointer::Place;
use crate::resolve::Resolver;

/// Keys of a schema that only document it: they stay with each repeat's own type.
const OWN_DOCS: [&str; 3] = ["description", "title", "example"];

/// How many different schemas with one hash are kept to compare with: past that, a schema of
/// the same hash is a type of its own. Real collisions never come near it; a hostile spec
/// crafting many would otherwise make every lookup scan them all (quadratic).
const MAX_SAME_HASH: usize = 8;

/// Keys that make an inline schema a type of its own (see `Types::kind`): only such nodes are
/// hashed as schemas and remembered.
const TYPE_KEYS: [&str; 6] = ["properties", "enum", "const", "oneOf", "anyOf", "allOf"];

/// Where an inline schema is used, for the types that only error responses reach: those decode
/// leniently ([`crate::ir::TypeDef::error_only`]), so a repeat in an error body is never an
/// alias of one that success bodies or requests use, which decodes strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(in crate::ir) enum Side {
    #[default]
    Normal,
    Error,
    /// Inside a response reached by `$ref` (`#/components/responses/...`): one spec may use it
    /// for errors and successes both, so its schemas are compared only with such schemas,
    /// never made the canonical of an error body's repeat (which would decode strictly).
    Shared,
}

/// What finds a schema's first lowering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Key {
    doc: usize,
    side: Side,
    hash: u64,
}

#[derive(Default)]
pub(in crate::ir) struct Contents {
    /// Per node that may become a type, by address (the resolver's documents do not move while
    /// types are lowered): the hash of all of it, and of it without [`OWN_DOCS`].
    hashes: FastMap<usize, (u64, u64)>,
    /// The schemas lowered into a type, by key: (its place, its type), first ones first.
    first: FastMap<Key, Vec<(Place, TypeId)>>,
}

fn address(map: &Map<String, Value>) -> usize {
    map as *const Map<String, Value> as usize
}

/// Whether a schema may become a type of its own, so that it is worth hashing.
pub(super) fn may_be_type(obj: &Map<String, Value>) -> bool {
    // One pass over the object's few keys, not a hashed lookup per type key.
    obj.keys().any(|k| TYPE_KEYS.contains(&k.as_str()))
}

impl Contents {
    /// The key of `schema` (an object in document `doc`), hashing what is not hashed yet.
    pub(super) fn key(&mut self, doc: usize, side: Side, schema: &Map<String, Value>) -> Key {
        Key { doc, side, hash: self.hash(schema).1 }
    }

    /// The type an earlier schema equal to `obj` was lowered into.
    pub(super) fn find(&self, resolver: &Resolver, key: Key, obj: &Map<String, Value>) -> Option<TypeId> {
        let list = self.first.get(&key)?;
        list.iter().find(|(other, _)| same_at(resolver, other, obj)).map(|(_, id)| *id)
    }

    /// Records that `obj`, at `place`, was lowered into `id` (unless an equal schema was first).
    pub(super) fn lowered(&mut self, resolver: &Resolver, key: Key, place: &Place, obj: &Map<String, Value>, id: TypeId) {
        let list = self.first.entry(key).or_default();
        if list.len() < MAX_SAME_HASH && !list.iter().any(|(other, _)| same_at(resolver, other, obj)) {
            list.push((place.clone(), id));
        }
    }

    /// (whole, without own docs) hashes of `root`, by an explicit walk (documents nest as deep
    /// as the loader allows). Objects are remembered by address: every one is the resolver's.
    fn hash(&mut self, root: &Map<String, Value>) -> (u64, u64) {
        if let Some(h) = self.hashes.get(&address(root)) {
            return *h;
        }
        enum Step<'a> {
            Enter(&'a Value),
            Array(usize),
            Object(&'a Map<String, Value>),
        }
        let mut steps = vec![Step::Object(root)];
        steps.extend(root.values().rev().map(Step::Enter));
        // The whole hashes of the nodes walked, children in order above their parent's.
        let mut done: Vec<u64> = Vec::new();
        let mut root_hashes = (0, 0);
        while let Some(step) = steps.pop() {
            match step {
                Step::Enter(Value::Array(items)) => {
                    steps.push(Step::Array(items.len()));
                    steps.extend(items.iter().rev().map(Step::Enter));
                }
                Step::Enter(Value::Object(map)) => match self.hashes.get(&address(map)) {
                    Some(&(whole, _)) => done.push(whole),
                    None => {
                        steps.push(Step::Object(map));
                        steps.extend(map.values().rev().map(Step::Enter));
                    }
                },
                Step::Enter(scalar) => done.push(scalar_hash(scalar)),
                Step::Array(len) => {
                    let start = done.len().saturating_sub(len);
                    let mut h = FastHasher::fixed();
                    (6u8, len).hash(&mut h);
                    done[start..].hash(&mut h);
                    done.truncate(start);
                    done.push(h.finish());
                }
                Step::Object(map) => {
                    let start = done.len().saturating_sub(map.len());
                    let (mut all, mut docs, mut doc_keys) = (0u64, 0u64, 0usize);
                    for (key, value) in map.keys().zip(&done[start..]) {
                        let entry = entry_hash(key, *value);
                        // A sum: equal objects hash alike whatever their keys' order.
                        all = all.wrapping_add(entry);
                        if OWN_DOCS.contains(&key.as_str()) {
                            docs = docs.wrapping_add(entry);
                            doc_keys += 1;
                        }
                    }
                    done.truncate(start);
                    let hashes = (object_hash(map.len(), all), object_hash(map.len() - doc_keys, all.wrapping_sub(docs)));
                    let is_root = std::ptr::eq(map, root);
                    if is_root || may_be_type(map) {
                        self.hashes.insert(address(map), hashes);
                    }
                    if is_root {
                        root_hashes = hashes;
                    }
                    done.push(hashes.0);
                }
            }
        }
        root_hashes
    }
}

fn scalar_hash(v: &Value) -> u64 {
    let mut h = FastHasher::fixed();
    match v {
        Value::Null => 0u8.hash(&mut h),
        Value::Bool(b) => (1u8, b).hash(&mut h),
        // As `Number`'s `==`: an integer is never equal to a float.
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => (2u8, u).hash(&mut h),
            (None, Some(i), _) => (3u8, i).hash(&mut h),
            (None, None, f) => (4u8, f.map(f64::to_bits)).hash(&mut h),
        },
        Value::String(s) => (5u8, s).hash(&mut h),
        Value::Array(_) | Value::Object(_) => 9u8.hash(&mut h),
    }
    h.finish()
}

fn entry_hash(key: &str, value: u64) -> u64 {
    let mut h = FastHasher::fixed();
    (key, value).hash(&mut h);
    h.finish()
}

fn object_hash(len: usize, sum: u64) -> u64 {
    let mut h = FastHasher::fixed();
    (7u8, len, sum).hash(&mut h);
    h.finish()
}

fn same_at(resolver: &Resolver, place: &Place, obj: &Map<String, Value>) -> bool {
    resolver.get(place).and_then(Value::as_object).is_some_and(|other| same(other, obj))
}

/// JSON equality of two schemas, their own [`OWN_DOCS`] left out.
fn same(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let counted = |m: &Map<String, Value>| m.keys().filter(|k| !OWN_DOCS.contains(&k.as_str())).count();
    counted(a) == counted(b) && a.iter().filter(|(k, _)| !OWN_DOCS.contains(&k.as_str())).all(|(k, v)| b.get(k) == Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(c: &mut Contents, v: &'static Value) -> u64 {
        c.key(0, Side::Normal, v.as_object().unwrap()).hash
    }

    #[test]
    fn equal_schemas_hash_alike_whatever_their_key_order_and_own_docs() {
        let a: &'static Value = Box::leak(Box::new(json!({"type": "object", "description": "A", "properties": {"x": {"enum": [1, 2]}}})));
        let b: &'static Value = Box::leak(Box::new(json!({"properties": {"x": {"enum": [1, 2]}}, "title": "B", "type": "object"})));
        let c: &'static Value = Box::leak(Box::new(json!({"type": "object", "properties": {"x": {"enum": [2, 1]}}})));
        let d: &'static Value = Box::leak(Box::new(json!({"type": "object", "properties": {"x": {"enum": [1, 2], "description": "nested"}}})));
        let mut contents = Contents::default();
        assert_eq!(key(&mut contents, a), key(&mut contents, b));
        assert!(same(a.as_object().unwrap(), b.as_object().unwrap()));
        assert_ne!(key(&mut contents, a), key(&mut contents, c), "arrays keep their order");
        assert_ne!(key(&mut contents, a), key(&mut contents, d), "nested docs count");
        assert!(!same(a.as_object().unwrap(), d.as_object().unwrap()));
        let one: &'static Value = Box::leak(Box::new(json!({"enum": [1]})));
        let float: &'static Value = Box::leak(Box::new(json!({"enum": [1.0]})));
        assert_ne!(key(&mut contents, one), key(&mut contents, float));
    }

    #[test]
    fn inner_schemas_are_hashed_with_their_outer_one() {
        let outer: &'static Value = Box::leak(Box::new(json!({"properties": {"a": {"properties": {"b": {"enum": ["x"]}}}}})));
        let mut contents = Contents::default();
        key(&mut contents, outer);
        let inner = &outer["properties"]["a"];
        assert!(contents.hashes.contains_key(&address(inner.as_object().unwrap())));
        assert!(contents.hashes.contains_key(&address(inner["properties"]["b"].as_object().unwrap())));
    }
}
