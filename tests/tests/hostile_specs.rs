//! Hostile specs built on the fly: cycles and diamonds through `allOf`, long chains of named
//! schemas, nesting as deep as the parsers allow and far deeper. The generator runs in a
//! debug build (as `cargo xtask` does) on a thread with a 2 MiB stack, a quarter of a main
//! thread's, and must come back (`Ok` or `Err`, as exit code 0 or 1) within a generous
//! limit. On the old code these abort the test process with a stack overflow or run for
//! hours (the limit turns that into a failure).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use codegen::{Config, Diagnostics, Generated};
use serde_json::{json, Map, Value};

/// Far above what the fixed code needs (a few seconds of CPU even for the largest case here)
/// and far below what the old code took (minutes to hours, or an abort), with room for a
/// machine busy with other builds: the limit tells a hang from a slow run, it times nothing.
const LIMIT: Duration = Duration::from_secs(60);

/// Runs `f` on a small stack and returns what it returns, failing past [`LIMIT`].
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    bounded_by(LIMIT, what, f)
}

fn bounded_by<T: Send + 'static>(limit: Duration, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("spawn");
    match rx.recv_timeout(limit) {
        Ok(out) => out,
        Err(_) => panic!("{what}: no result after {:?} (hang, exponential time, or a panic)", start.elapsed()),
    }
}

fn spec(schemas: Map<String, Value>, response: &str) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Hostile", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{response}")}}}
        }}}}},
        "components": {"schemas": schemas}
    })
}

fn generate(what: &str, text: String, name: &'static str) -> Result<Generated, Diagnostics> {
    bounded(what, move || codegen::generate_from_str(&text, Path::new(name), &Config::new("hostile", name, "test")))
}

fn generate_spec(what: &str, spec: &Value) -> Result<Generated, Diagnostics> {
    generate(what, spec.to_string(), "hostile.json")
}

/// The models, all of them when a big spec's are split into `src/models/*.rs`.
fn models(g: &Generated) -> String {
    g.files.iter().filter(|(p, _)| p.ends_with("models.rs") || p.contains("src/models/")).map(|(_, c)| c.as_str()).collect()
}

fn schemas(entries: impl IntoIterator<Item = (String, Value)>) -> Map<String, Value> {
    entries.into_iter().collect()
}

fn string_props(names: &[&str]) -> Value {
    let props: Map<String, Value> = names.iter().map(|n| (n.to_string(), json!({"type": "string"}))).collect();
    json!({"type": "object", "properties": props})
}

fn self_all_of() -> Value {
    spec(schemas([("A".to_string(), json!({"allOf": [{"$ref": "#/components/schemas/A"}, string_props(&["x"])]}))]), "A")
}

fn a_b_a_all_of() -> Value {
    spec(
        schemas([
            ("A".to_string(), json!({"allOf": [{"$ref": "#/components/schemas/B"}, string_props(&["a"])]})),
            ("B".to_string(), json!({"allOf": [{"$ref": "#/components/schemas/A"}, string_props(&["b"])]})),
        ]),
        "A",
    )
}

/// `levels` levels of two schemas each; each refers to both schemas of the next level
/// through `allOf`: merging naively walks 2^levels paths.
fn diamond(levels: usize, leaf: &str) -> Value {
    let name = |i: usize, side: &str| format!("L{i}{side}");
    let mut out = Map::new();
    for i in 0..levels {
        for side in ["a", "b"] {
            let next = |s: &str| json!({"$ref": format!("#/components/schemas/{}", name(i + 1, s))});
            out.insert(name(i, side), json!({"allOf": [next("a"), next("b"), string_props(&[&format!("f{i}{side}")])]}));
        }
    }
    for side in ["a", "b"] {
        out.insert(name(levels, side), json!({"type": "object", "properties": {"leaf": {"type": leaf}}}));
    }
    spec(out, "L0a")
}

/// `n` named schemas, each linking to the next by `link`.
fn chain(n: usize, link: &str) -> Value {
    let r = |i: usize| json!({"$ref": format!("#/components/schemas/S{i}")});
    let mut out = Map::new();
    for i in 0..n {
        let next = r(i + 1);
        let schema = match link {
            "property" => json!({"type": "object", "properties": {"next": next, "v": {"type": "integer"}}}),
            "items" => json!({"type": "array", "items": next}),
            "oneOf" => json!({"oneOf": [next, {"type": "string"}]}),
            "anyOf" => json!({"anyOf": [next, {"type": "integer"}]}),
            "additionalProperties" => json!({"type": "object", "additionalProperties": next}),
            "allOf" => json!({"allOf": [next, {"type": "object"}]}),
            // Each inline `p` merges the next schema, whose `p` merges the next: inline
            // types, no named one, chained by `$ref`s.
            "inline allOf" => json!({"type": "object", "properties": {"p": {"allOf": [next, {"type": "object"}]}}}),
            "allOf adding a field" => json!({"allOf": [next, string_props(&[&format!("f{i}")])]}),
            other => panic!("unknown link {other}"),
        };
        out.insert(format!("S{i}"), schema);
    }
    out.insert(format!("S{n}"), string_props(&["end"]));
    spec(out, "S0")
}

#[test]
fn all_of_that_contains_itself_is_merged_once() {
    let g = generate_spec("self allOf", &self_all_of()).unwrap_or_else(|d| panic!("{d}"));
    assert!(models(&g).contains("pub x: Option<"), "{}", models(&g));
    assert!(g.diagnostics.to_string().contains("leads back"), "{}", g.diagnostics);
}

#[test]
fn all_of_cycle_through_two_schemas_is_merged_once() {
    let g = generate_spec("A -> B -> A allOf", &a_b_a_all_of()).unwrap_or_else(|d| panic!("{d}"));
    let m = models(&g);
    assert!(m.contains("pub struct A") && m.contains("pub a: Option<") && m.contains("pub b: Option<"), "{m}");
}

#[test]
fn all_of_aliases_that_point_at_each_other_become_json_values() {
    let s = spec(
        schemas([
            ("A".to_string(), json!({"allOf": [{"$ref": "#/components/schemas/B"}]})),
            ("B".to_string(), json!({"allOf": [{"$ref": "#/components/schemas/A"}]})),
            ("C".to_string(), json!({"type": "array", "items": {"$ref": "#/components/schemas/C"}})),
        ]),
        "A",
    );
    let g = generate_spec("alias cycle", &s).unwrap_or_else(|d| panic!("{d}"));
    let m = models(&g);
    for alias in ["pub type A = serde_json::Value;", "pub type B = serde_json::Value;", "pub type C = serde_json::Value;"] {
        assert!(m.contains(alias), "{alias} in {m}");
    }
}

#[test]
fn a_thirty_level_all_of_diamond_merges_in_linear_time() {
    let g = generate_spec("30-level diamond", &diamond(30, "string")).unwrap_or_else(|d| panic!("{d}"));
    let m = models(&g);
    assert!(m.contains("pub leaf: Option<") && m.contains("pub f29b: Option<"), "{m}");
}

#[test]
fn chains_of_five_thousand_named_schemas_generate() {
    for link in ["property", "items", "oneOf", "anyOf", "additionalProperties", "allOf", "inline allOf"] {
        let what = format!("chain of 5000 by {link}");
        let g = generate_spec(&what, &chain(5000, link)).unwrap_or_else(|d| panic!("{what}: {d}"));
        assert!(models(&g).contains("S4999"), "{what}");
    }
}

#[test]
fn all_of_chain_with_quadratic_output_is_refused_fast() {
    let what = "chain of 5000 allOf adding a field each";
    let d = generate_spec(what, &chain(5000, "allOf adding a field")).err().unwrap_or_else(|| panic!("{what}: accepted"));
    assert!(d.to_string().contains("more than 1000000 fields"), "{d}");
}

/// One schema whose `allOf` has `n` members, each adding a field (every other one through
/// an `allOf` of its own).
fn wide_all_of(n: usize, prefix: &str) -> Value {
    let members: Vec<Value> = (0..n)
        .map(|i| {
            let own = string_props(&[&format!("{prefix}{i}")]);
            if i % 2 == 0 {
                own
            } else {
                json!({"allOf": [own, {"type": "object"}]})
            }
        })
        .collect();
    spec(schemas([("A".to_string(), json!({"allOf": members}))]), "A")
}

#[test]
fn an_all_of_of_ten_thousand_members_merges_and_diffs_in_linear_time() {
    let g = generate_spec("wide allOf", &wide_all_of(10_000, "f")).unwrap_or_else(|d| panic!("{d}"));
    assert!(models(&g).contains("pub f9999: Option<"));
    let report = diff("wide allOf", &wide_all_of(10_000, "f"), &wide_all_of(10_000, "g")).unwrap_or_else(|d| panic!("{d}"));
    let moved = report.changes.iter().filter(|c| matches!(c.kind.as_str(), "field-added" | "field-removed")).count();
    assert_eq!(moved, 20_000, "every field removed and another added");
}

#[test]
fn inline_nesting_as_deep_as_the_parsers_allow_generates() {
    // 120 levels of inline arrays (the type's spelling stops at 32 with a warning), and 60
    // levels of inline objects (two JSON levels each, a struct each).
    let mut items = json!({"type": "string"});
    for _ in 0..120 {
        items = json!({"type": "array", "items": items});
    }
    let mut object = json!({"type": "string"});
    for i in (0..60).rev() {
        object = json!({"type": "object", "properties": {format!("p{i}"): object}});
    }
    let s = spec(schemas([("Items".to_string(), items), ("Deep".to_string(), json!({"type": "object", "properties": {"o": object}}))]), "Deep");
    let g = generate_spec("deep inline nesting", &s).unwrap_or_else(|d| panic!("{d}"));
    assert!(g.diagnostics.to_string().contains("nested deeper than 32 levels inside one type"), "{}", g.diagnostics);
}

#[test]
fn hundred_thousand_levels_of_flow_nesting_are_refused_fast() {
    // The YAML parser takes minutes on the first (quadratic in depth) before its error.
    let cases: [(String, &'static str); 4] = [
        (format!("openapi: 3.1.0\ninfo: {}", "{a: ".repeat(100_000)), "deep.yaml"),
        ("[".repeat(100_000), "deep.yaml"),
        ("[".repeat(100_000), "deep.json"),
        (format!("{{\"openapi\": \"3.1.0\", \"info\": {}", "[".repeat(100_000)), "deep.json"),
    ];
    for (text, name) in cases {
        let d = generate(name, text, name).err().unwrap_or_else(|| panic!("{name}: accepted"));
        assert!(d.to_string().contains("nested deeper than 128 levels"), "{d}");
    }
}

/// Writes both specs to a fresh directory and diffs them, as `cargo xtask diff` does.
fn diff(what: &str, old: &Value, new: &Value) -> Result<codegen::diff::Report, Diagnostics> {
    diff_by(LIMIT, what, old, new)
}

fn diff_by(limit: Duration, what: &str, old: &Value, new: &Value) -> Result<codegen::diff::Report, Diagnostics> {
    let dir: PathBuf = std::env::temp_dir().join(format!("hostile-diff-{}-{}", std::process::id(), what.replace(' ', "-")));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (old_path, new_path) = (dir.join("old.json"), dir.join("new.json"));
    std::fs::write(&old_path, old.to_string()).expect("write old");
    std::fs::write(&new_path, new.to_string()).expect("write new");
    let out = bounded_by(limit, what, move || codegen::diff::diff_files(&old_path, &new_path).map(|(report, _)| report));
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn diff_of_cyclic_and_diamond_specs_comes_back() {
    diff("self allOf vs A-B-A", &self_all_of(), &a_b_a_all_of()).unwrap_or_else(|d| panic!("{d}"));
    diff("A-B-A vs self allOf", &a_b_a_all_of(), &self_all_of()).unwrap_or_else(|d| panic!("{d}"));
    let report = diff("diamonds", &diamond(30, "string"), &diamond(30, "integer")).unwrap_or_else(|d| panic!("{d}"));
    assert!(!report.changes.is_empty(), "the leaf's type changed");
}

#[test]
fn diff_of_long_chains_comes_back() {
    for link in ["items", "property", "allOf"] {
        let old = chain(5000, link);
        let mut new = old.clone();
        new["components"]["schemas"]["S5000"] = json!({"type": "object", "properties": {"end": {"type": "integer"}}});
        let what = format!("diff of chains by {link}");
        diff(&what, &old, &new).unwrap_or_else(|d| panic!("{what}: {d}"));
    }
}




/// `n` operations, each with its own path, operationId and required parameter.
fn many_operations(n: usize, prefix: &str) -> Value {
    let paths: Map<String, Value> = (0..n)
        .map(|i| {
            let op = json!({"get": {
                "operationId": format!("{prefix}{i}"),
                "parameters": [{"name": format!("p{i}"), "in": "query", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "done"}}
            }});
            (format!("/{prefix}/{i}"), op)
        })
        .collect();
    json!({"openapi": "3.1.0", "info": {"title": "Many", "version": "1"}, "paths": paths})
}

#[test]
fn diff_of_ten_thousand_moved_operations_pairs_them_in_linear_time() {
    // Loading 2 x 10,000 operations in debug takes most of 10 s; pairing them by scans took
    // another 35 s.
    let (old, new) = (many_operations(10_000, "a"), many_operations(10_000, "b"));
    let report = diff_by(Duration::from_secs(90), "many operations", &old, &new).unwrap_or_else(|d| panic!("{d}"));
    // Every operation is paired by its signature (renamed and moved), none added or removed.
    assert!(report.changes.iter().all(|c| !matches!(c.kind.as_str(), "operation-added" | "operation-removed")));
    assert!(report.changes.len() >= 10_000, "{}", report.changes.len());
}
