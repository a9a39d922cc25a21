//! Stage 2: `$ref` resolution across the root document and the files it points to.
//!
//! Every file reachable through `$ref` is loaded up front, so that the later stages
//! look references up without I/O and without mutation.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::load::{self, Document, Version};
use crate::pointer::{percent_decode, Place};

/// The longest `$ref` chain followed before it is called a cycle.
const MAX_CHAIN: usize = 64;

pub struct Resolver {
    docs: Vec<Document>,
    by_path: HashMap<PathBuf, usize>,
    pub version: Version,
}

impl Resolver {
    /// Takes the root document and loads every file it references, transitively.
    pub fn new(root: Document, version: Version, diags: &mut Diagnostics) -> Self {
        let mut r = Resolver { docs: Vec::new(), by_path: HashMap::new(), version };
        r.add(root);
        let mut next = 0;
        while next < r.docs.len() {
            let mut files = BTreeSet::new();
            collect_external(&r.docs[next].root, &mut files);
            let base = r.docs[next].path.clone();
            for file in files {
                let path = sibling(&base, &file);
                if r.by_path.contains_key(&path) {
                    continue;
                }
                if file.contains("://") {
                    diags.error(
                        format!("{}", base.display()),
                        format!("remote reference `{file}` is not supported; download it next to the spec"),
                    );
                    continue;
                }
                if let Some(doc) = load::load_file(&path, diags) {
                    r.add(doc);
                }
            }
            next += 1;
        }
        r
    }

    fn add(&mut self, doc: Document) {
        self.by_path.insert(doc.path.clone(), self.docs.len());
        self.docs.push(doc);
    }

    pub fn root(&self) -> &Value {
        &self.docs[0].root
    }

    pub fn get(&self, place: &Place) -> Option<&Value> {
        self.docs.get(place.doc)?.root.pointer(&place.pointer)
    }

    /// `file#/pointer`, for diagnostics.
    pub fn describe(&self, place: &Place) -> String {
        let file = self.docs.get(place.doc).map(|d| d.path.display().to_string()).unwrap_or_default();
        format!("{file}#{}", place.pointer)
    }

    /// The place a `$ref` string written at `from` points to.
    pub fn target(&self, from: &Place, reference: &str) -> Result<Place, String> {
        let (file, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag),
            None => (reference, ""),
        };
        let doc = if file.is_empty() {
            from.doc
        } else {
            let base = &self.docs.get(from.doc).ok_or("unknown document")?.path;
            let path = sibling(base, file);
            *self.by_path.get(&path).ok_or_else(|| format!("file `{}` could not be loaded", path.display()))?
        };
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(format!("`{reference}`: only JSON-pointer fragments are supported (no anchors)"));
        }
        let place = Place { doc, pointer };
        if self.get(&place).is_none() {
            return Err(format!("`{reference}` points to nothing"));
        }
        Ok(place)
    }

    /// Follows `$ref`s from `place` until a node without one. Reports missing targets and cycles.
    pub fn follow(&self, place: &Place, diags: &mut Diagnostics) -> Option<(Place, &Value)> {
        let mut here = place.clone();
        let mut value = self.get(&here)?;
        for _ in 0..MAX_CHAIN {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Some((here, value));
            };
            match self.target(&here, reference) {
                Ok(next) => {
                    value = self.get(&next)?;
                    here = next;
                }
                Err(msg) => {
                    diags.error(self.describe(&here.join("$ref")), format!("unresolved reference {msg}"));
                    return None;
                }
            }
        }
        diags.error(self.describe(place), "a cycle of `$ref`s that never reaches a definition");
        None
    }

    /// Like [`Resolver::follow`], for nodes that may be absent or may not need following.
    pub fn follow_value<'a>(&'a self, place: &Place, value: &'a Value, diags: &mut Diagnostics) -> Option<(Place, &'a Value)> {
        if value.get("$ref").is_some() {
            self.follow(place, diags)
        } else {
            Some((place.clone(), value))
        }
    }
}

fn sibling(base: &Path, file: &str) -> PathBuf {
    let joined = base.parent().unwrap_or(Path::new("")).join(file);
    normalize(&joined)
}

/// `a/./b/../c` → `a/c`, so one file loaded through two spellings is one document.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn collect_external(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let file = r.split('#').next().unwrap_or_default();
                if !file.is_empty() {
                    out.insert(file.to_string());
                }
            }
            for child in map.values() {
                collect_external(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_external(i, out)),
        _ => {}
    }
}
