//! Stage 2: `$ref` resolution across the root document and the files it points to.
//!
//! Every file reachable through `$ref` is loaded up front, so that the later stages
//! look references up without I/O and without mutation.
//!
//! A spec is untrusted input: a `$ref` may only name a file inside the root spec's folder
//! (or the folder the caller widened it to), after symlinks are resolved, and never an
//! absolute path, a system file or anything but a regular file. Otherwise a spec could copy
//! `/proc/self/environ` or `~/.ssh` into the generated code.
//!
//! Documents are named (in origins and diagnostics) by their path relative to the root
//! spec's folder, so that nothing downstream depends on how the spec's path was typed.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::Diagnostics;
use crate::fast_hash::{FastMap, FastSet};
use crate::load::{self, Document, Version};
use crate::pointer::{escape, percent_decode, Place};

pub struct Resolver {
    docs: Vec<Document>,
    /// How origins and diagnostics name each document (index as in `docs`).
    labels: Vec<String>,
    /// The document each file part of a `$ref` written in a document stands for, or why
    /// there is none.
    links: HashMap<(usize, String), Result<usize, String>>,
    /// Where a `$ref` chain ends, so that long chains are walked once.
    ends: RefCell<FastMap<Place, End>>,
    pub version: Version,
}

/// Where a chain of `$ref`s ends.
#[derive(Clone)]
enum End {
    At(Place),
    Cycle,
    /// At the `$ref` (its place) that points nowhere, and why: remembered as well, so that a
    /// chain of n broken `$ref`s, each also followed on its own, costs n steps, not n².
    Broken(Place, String),
}

/// How the root spec is named wherever a document's name appears: its file name only.
pub fn root_label(path: &Path) -> String {
    path.file_name().map_or_else(|| "spec".to_string(), |n| n.to_string_lossy().into_owned())
}

/// What a `$ref` to another file may reach.
struct Fence {
    /// The root spec's folder, symlinks resolved; `None` when it is unknown (a spec given
    /// as text with a made-up name), and then no file is read.
    home: Option<PathBuf>,
    /// Folders a `$ref` may reach: `home` and the one the caller widened it to.
    allowed: Vec<PathBuf>,
    /// Bytes all referenced files may still take together, so that many large files cannot
    /// exhaust memory where one cannot.
    budget: u64,
}

impl Resolver {
    /// Takes the root document and loads every file it references, transitively, inside
    /// the root spec's folder.
    pub fn new(root: Document, version: Version, diags: &mut Diagnostics) -> Self {
        Self::with_ref_root(root, version, None, diags)
    }

    /// Like [`Resolver::new`]; `ref_root` is a folder whose files a `$ref` may name too.
    pub fn with_ref_root(root: Document, version: Version, ref_root: Option<&Path>, diags: &mut Diagnostics) -> Self {
        let typed = root.path.clone();
        let parent = match typed.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let home = std::fs::canonicalize(parent).ok();
        let mut fence = Fence { home: home.clone(), allowed: home.into_iter().collect(), budget: load::MAX_BYTES };
        if let Some(extra) = ref_root {
            match std::fs::canonicalize(extra) {
                Ok(p) if p.is_dir() => fence.allowed.push(p),
                Ok(p) => diags.error(extra.display().to_string(), format!("the reference root `{}` is not a folder", p.display())),
                Err(e) => diags.error(extra.display().to_string(), format!("the reference root cannot be used: {e}")),
            }
        }
        let mut r = Resolver {
            docs: Vec::new(),
            labels: Vec::new(),
            links: HashMap::new(),
            ends: RefCell::new(FastMap::default()),
            version,
        };
        let mut by_path: HashMap<PathBuf, usize> = HashMap::new();
        let mut dirs: Vec<Option<PathBuf>> = Vec::new();
        if let Ok(real) = std::fs::canonicalize(&typed) {
            by_path.insert(real, 0);
        }
        r.labels.push(root_label(&typed));
        dirs.push(fence.home.clone());
        r.docs.push(root);
        let mut next = 0;
        while next < r.docs.len() {
            let refs = collect_external(&r.docs[next].root);
            for (file, at) in refs {
                let found = r.open(&mut fence, dirs.get(next).cloned().flatten(), &file, &mut by_path, &mut dirs, diags);
                if let Err(why) = &found {
                    let place = Place { doc: next, pointer: at };
                    diags.error(r.describe(&place.join("$ref")), why.clone());
                }
                r.links.insert((next, file), found);
            }
            next += 1;
        }
        r
    }

    /// Loads the file a `$ref` written in a document of folder `dir` names, if the fence lets it.
    fn open(
        &mut self,
        fence: &mut Fence,
        dir: Option<PathBuf>,
        file: &str,
        by_path: &mut HashMap<PathBuf, usize>,
        dirs: &mut Vec<Option<PathBuf>>,
        diags: &mut Diagnostics,
    ) -> Result<usize, String> {
        if file.contains("://") || file.starts_with("file:") {
            return Err(format!("remote reference `{file}` is not supported; download it next to the spec"));
        }
        if Path::new(file).is_absolute() || file.starts_with('\\') {
            return Err(format!("`{file}` is an absolute path; a `$ref` may only name files by a path relative to the spec"));
        }
        let Some(dir) = dir else {
            return Err(format!("`{file}` cannot be found: the spec's folder is unknown"));
        };
        let real = std::fs::canonicalize(dir.join(file)).map_err(|e| format!("file `{file}` could not be loaded: {e}"))?;
        if let Some(doc) = by_path.get(&real) {
            return Ok(*doc);
        }
        if load::is_system_path(&real) {
            return Err(format!("`{file}` is a system file (`{}`), not a spec", real.display()));
        }
        if !fence.allowed.iter().any(|root| real.starts_with(root)) {
            let home = fence.home.as_ref().map_or_else(String::new, |h| h.display().to_string());
            return Err(format!(
                "`{file}` is outside the spec's folder `{home}` (it is `{}`); a `$ref` may only name files inside it \
                 (`--ref-root DIR` lets it reach DIR too)",
                real.display()
            ));
        }
        let text = load::read_text_at_most(&real, fence.budget).map_err(|why| format!("file `{file}` could not be loaded: {why}"))?;
        fence.budget = fence.budget.saturating_sub(text.len() as u64);
        let Some(loaded) = load::parse_document(text, &real, diags) else {
            return Err(format!("file `{file}` is not valid JSON or YAML"));
        };
        let doc = self.docs.len();
        let label = match &fence.home {
            Some(home) => relative(home, &real),
            None => real.display().to_string(),
        };
        self.labels.push(label);
        dirs.push(real.parent().map(Path::to_path_buf));
        by_path.insert(real.clone(), doc);
        self.docs.push(loaded);
        Ok(doc)
    }

    /// Every document with the name diagnostics give it, to locate their places.
    pub fn sources(&self) -> Vec<(&str, &Document)> {
        self.labels.iter().map(String::as_str).zip(&self.docs).collect()
    }

    /// Fills in the file, line and column of every diagnostic placed in these documents, said
    /// once each (a broken `$ref` that many places lead to is one problem, at its place).
    pub fn locate(&self, diags: &mut Diagnostics) {
        locate_in(diags, &self.sources());
    }

    pub fn root(&self) -> &Value {
        &self.docs[0].root
    }

    pub fn get(&self, place: &Place) -> Option<&Value> {
        crate::pointer::lookup(&self.docs.get(place.doc)?.root, &place.pointer)
    }

    /// `file#/pointer`, for diagnostics.
    pub fn describe(&self, place: &Place) -> String {
        let file = self.labels.get(place.doc).map_or("", String::as_str);
        format!("{file}#{}", place.pointer)
    }

    /// The place a `$ref` string written at `from` points to.
    pub fn target(&self, from: &Place, reference: &str) -> Result<Place, String> {
        self.target_value(from, reference).map(|(place, _)| place)
    }

    /// [`Resolver::target`], and the node there (found on the way: no second walk from the root).
    pub fn target_value(&self, from: &Place, reference: &str) -> Result<(Place, &Value), String> {
        let (file, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag),
            None => (reference, ""),
        };
        let doc = if file.is_empty() {
            from.doc
        } else {
            match self.links.get(&(from.doc, file.to_string())) {
                Some(Ok(doc)) => *doc,
                Some(Err(why)) => return Err(format!("`{reference}`: {why}")),
                None => return Err(format!("`{reference}`: file `{file}` was not loaded")),
            }
        };
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(format!("`{reference}`: only JSON-pointer fragments are supported (no anchors)"));
        }
        let place = Place { doc, pointer };
        match self.get(&place) {
            Some(value) => Ok((place, value)),
            None => Err(format!("`{reference}` points to nothing")),
        }
    }

    /// Follows `$ref`s from `place` until a node without one. Reports missing targets and
    /// cycles (a broken chain met again is reported again, at the same place: the caller's
    /// `diags` may be a scratch list; [`Resolver::locate`] drops the repeats). A chain may be
    /// as long as the spec has places: only a place met twice is a cycle.
    pub fn follow(&self, place: &Place, diags: &mut Diagnostics) -> Option<(Place, &Value)> {
        self.follow_from(place, None, diags)
    }

    /// [`Resolver::follow`], from `node` when the caller holds the node at `place`.
    fn follow_from<'a>(&'a self, place: &Place, node: Option<&'a Value>, diags: &mut Diagnostics) -> Option<(Place, &'a Value)> {
        let mut here = place.clone();
        // The node at `here` when it is known (given, or found with its place once a `$ref`
        // led there): not walked to from the root again, nor once more when the chain ends there.
        let mut node = node;
        let mut walked = Vec::new();
        let mut seen = FastSet::default();
        let end = loop {
            if let Some(end) = self.ends.borrow().get(&here) {
                node = None;
                break end.clone();
            }
            let value = match node {
                Some(value) => value,
                None => self.get(&here)?,
            };
            let Some(reference) = crate::pointer::field(value, "$ref").and_then(Value::as_str) else {
                node = Some(value);
                break End::At(here);
            };
            if !seen.insert(here.clone()) {
                break End::Cycle;
            }
            match self.target_value(&here, reference) {
                Ok((next, value)) => {
                    walked.push(here);
                    here = next;
                    node = Some(value);
                }
                Err(msg) => {
                    let at = here.join("$ref");
                    walked.push(here);
                    break End::Broken(at, format!("unresolved reference {msg}"));
                }
            }
        };
        let mut ends = self.ends.borrow_mut();
        for p in walked {
            ends.insert(p, end.clone());
        }
        drop(ends);
        match end {
            End::At(end) => {
                let value = match node {
                    Some(value) => value,
                    None => self.get(&end)?,
                };
                Some((end, value))
            }
            End::Cycle => {
                diags.error(self.describe(place), "a cycle of `$ref`s that never reaches a definition");
                None
            }
            End::Broken(at, why) => {
                diags.error(self.describe(&at), why);
                None
            }
        }
    }

    /// Like [`Resolver::follow`], for nodes that may be absent or may not need following.
    pub fn follow_value<'a>(&'a self, place: &Place, value: &'a Value, diags: &mut Diagnostics) -> Option<(Place, &'a Value)> {
        if crate::pointer::field(value, "$ref").is_some() {
            self.follow_from(place, Some(value), diags)
        } else {
            Some((place.clone(), value))
        }
    }
}

/// `target` as a path from folder `base`, with `/` separators (`sub/a.yaml`, `../x/b.yaml`).
fn relative(base: &Path, target: &Path) -> String {
    let base: Vec<Component> = base.components().collect();
    let target: Vec<Component> = target.components().collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let ups = base.len().saturating_sub(common);
    let mut parts: Vec<String> = vec!["..".to_string(); ups];
    parts.extend(target.iter().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// The file part of every `$ref` naming another file, each with the pointer of the first
/// object holding such a `$ref`, in file order. Iterative: the spec controls the depth.
fn collect_external(root: &Value) -> BTreeMap<String, String> {
    enum Seg<'a> {
        Key(&'a str),
        Index(usize),
    }
    // Each node: (parent node, its segment). Built only for containers, rebuilt into a
    // pointer only for the first `$ref` to each file.
    let mut nodes: Vec<(usize, Seg)> = vec![(0, Seg::Index(0))];
    let mut stack: Vec<(&Value, usize)> = vec![(root, 0)];
    let mut out = BTreeMap::new();
    while let Some((value, node)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let file = r.split('#').next().unwrap_or_default();
                    if !file.is_empty() && !out.contains_key(file) {
                        let mut segments = Vec::new();
                        let mut at = node;
                        while at != 0 {
                            let Some((parent, seg)) = nodes.get(at) else { break };
                            segments.push(match seg {
                                Seg::Key(k) => escape(k),
                                Seg::Index(i) => i.to_string(),
                            });
                            at = *parent;
                        }
                        let pointer: String = segments.iter().rev().map(|s| format!("/{s}")).collect();
                        out.insert(file.to_string(), pointer);
                    }
                }
                // Reverse, so that the first `$ref` in document order is met first.
                for (k, child) in map.iter().rev() {
                    if child.is_object() || child.is_array() {
                        nodes.push((node, Seg::Key(k)));
                        stack.push((child, nodes.len() - 1));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    if child.is_object() || child.is_array() {
                        nodes.push((node, Seg::Index(i)));
                        stack.push((child, nodes.len() - 1));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// [`Resolver::locate`] in the documents of [`Resolver::sources`], which another thread may
/// hold while the resolver's own caches stay on this one.
pub fn locate_in(diags: &mut Diagnostics, sources: &[(&str, &Document)]) {
    diags.dedup();
    crate::diagnostics::locate(diags, sources);
}


#[cfg(test)]
mod tests {
    use super::*;

    fn place(pointer: &str) -> Place {
        Place { doc: 0, pointer: pointer.to_string() }
    }

    /// Chains of every length end at the node without a `$ref`, the node returned being the
    /// one at the returned place, the first time and from the remembered ends; cycles and
    /// broken links are reported each time.
    #[test]
    fn chains_end_at_the_node_their_place_holds() {
        let root = serde_json::json!({
            "a": {"$ref": "#/b"},
            "b": {"$ref": "#/c"},
            "c": {"$ref": "#/d"},
            "d": {"type": "string", "description": "the end"},
            "e": {"$ref": "#/d"},
            "x": {"$ref": "#/y"},
            "y": {"$ref": "#/x"},
            "z": {"$ref": "#/nowhere"},
            "w": {"$ref": "#/a"},
        });
        let mut diags = Diagnostics::default();
        let resolver = Resolver::new(Document::new(PathBuf::from("t.json"), root), Version::V30, &mut diags);
        for _ in 0..2 {
            for from in ["/a", "/b", "/c", "/d", "/e", "/w"] {
                let (end, value) = resolver.follow(&place(from), &mut diags).unwrap_or_else(|| panic!("{from}: {diags}"));
                assert_eq!(end, place("/d"), "{from}");
                assert!(std::ptr::eq(value, resolver.get(&end).unwrap()), "{from}");
            }
            let mut d = Diagnostics::default();
            assert!(resolver.follow(&place("/x"), &mut d).is_none());
            assert!(resolver.follow(&place("/z"), &mut d).is_none());
            assert!(resolver.follow(&place("/missing"), &mut d).is_none());
            let text = d.to_string();
            assert!(text.contains("cycle") && text.contains("points to nothing"), "{text}");
        }
    }
}
