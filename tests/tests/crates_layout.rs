//! The crates layout (issue 12): a big spec's models split into crates of their own, forced
//! here on a small hostile spec — a cycle across two groups, a self-recursive type, a type
//! every group reaches, schemas named `support`, `models` and `models_1`, a tagged union, an
//! open enum, bytes, a multipart body and a schema nothing uses. Every feature alone, none
//! and all compile under clippy `-D warnings`, every type keeps its path `crate::models::X`,
//! and the API-change report sees no change between the two layouts.

use std::fs;
use std::path::Path;

use codegen::plan::crates::Layout;
use codegen::Config;
use pipeline_tests::crates::{clippy, write_crate};
use serde_json::{json, Value};

const TAGS: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn reply(tag: &str, body: Value) -> Value {
    json!({
        "operationId": format!("get_{tag}"),
        "tags": [tag],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": body}}}}
    })
}

fn hostile_spec() -> String {
    let with_everywhere = |own: Value| json!({"type": "object", "properties": {"own": own, "everywhere": schema("Everywhere")}});
    let multipart = json!({
        "operationId": "upload_gamma",
        "tags": ["gamma"],
        "requestBody": {"content": {"multipart/form-data": {"schema": {
            "type": "object",
            "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}, "meta": schema("models")}
        }}}},
        "responses": {"204": {"description": "done"}}
    });
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile crates", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/alpha": {"get": reply("alpha", with_everywhere(schema("CycleA")))},
            "/beta": {"get": reply("beta", with_everywhere(schema("CycleB")))},
            "/gamma": {"get": reply("gamma", with_everywhere(schema("support"))), "post": multipart},
            "/delta": {"get": reply("delta", with_everywhere(schema("models_1")))},
            "/alpha/tree": {"get": {
                "operationId": "tree_alpha", "tags": ["alpha"],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema("SelfRef")}}}}
            }}
        },
        "components": {"schemas": {
            "Everywhere": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}},
            "CycleA": {"type": "object", "properties": {"next": schema("CycleB"), "color": schema("Color")}},
            "CycleB": {"type": "object", "properties": {"back": schema("CycleA"), "more": {"type": "array", "items": schema("CycleB")}}},
            "SelfRef": {"type": "object", "properties": {"children": {"type": "array", "items": schema("SelfRef")}, "parent": schema("SelfRef")}},
            "Color": {"type": "string", "enum": ["red", "green"]},
            "support": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}, "models": schema("models")}},
            "models": {"type": "object", "properties": {"value": {"type": "integer"}, "raw": {"type": "string", "format": "byte"}}},
            "models_1": {"type": "object", "properties": {"pet": schema("Pet"), "everywhere": schema("Everywhere")}},
            "Pet": {"oneOf": [schema("Cat"), schema("Dog")], "discriminator": {"propertyName": "kind"}},
            "Cat": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
            "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "good": {"type": "boolean"}}},
            "Orphan": {"type": "object", "properties": {"alone": {"type": "string"}}}
        }}
    });
    serde_json::to_string_pretty(&spec).expect("json")
}

fn config(layout: Layout) -> Config {
    let mut config = Config::new("hostile-crates", "hostile.json", "test");
    config.layout = layout;
    config
}

fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files.iter().find(|(p, _)| p == path).map(|(_, t)| t.as_str()).unwrap_or_else(|| panic!("no {path}"))
}

/// The folder of the model crate that defines `item` (`pub struct CycleA `, say).
fn crate_of<'a>(files: &'a [(String, String)], item: &str) -> &'a str {
    let found: Vec<&str> = files
        .iter()
        .filter(|(p, t)| p.starts_with("models-") && p.ends_with(".rs") && t.contains(item))
        .filter_map(|(p, _)| p.split_once('/').map(|(dir, _)| dir))
        .collect();
    assert_eq!(found.len(), 1, "{item} is defined once, in a model crate: {found:?}");
    found[0]
}

#[test]
fn a_hostile_spec_in_the_crates_layout_compiles_for_every_feature_and_keeps_its_paths() {
    let text = hostile_spec();
    let generated = codegen::generate_from_str(&text, Path::new("hostile.json"), &config(Layout::Forced(true))).expect("generates");
    let files = &generated.files;
    let crates: Vec<&str> = files.iter().filter(|(p, _)| p.starts_with("models-") && p.ends_with("/Cargo.toml")).map(|(p, _)| p.as_str()).collect();
    assert!(crates.len() >= 2, "the models are in several crates: {crates:?}");
    // A cycle stays in one crate; a self-recursive type is where it is alone.
    assert_eq!(crate_of(files, "pub struct CycleA "), crate_of(files, "pub struct CycleB "));
    crate_of(files, "pub struct SelfRef ");
    // Another crate's type is spelled through the crate's imports, never as `crate::models::X`.
    for (path, text) in files.iter().filter(|(p, _)| p.starts_with("models-")) {
        assert!(!text.contains("crate::models::"), "{path} names a type by the root's path");
    }
    // Each crate's types are in modules of one set of features each, as a big `models.rs` is.
    assert!(files.iter().any(|(p, _)| p.starts_with("models-") && p.contains("/src/models/")), "model crates are split");
    // The root keeps the multipart body (it names `crate::FilePart`) and re-exports the rest.
    let models = file(files, "src/models.rs");
    assert!(models.contains("pub file: crate::FilePart,"), "{models}");
    assert!(models.contains("pub use hostile_crates_models_1::*;"), "{models}");
    let manifest = file(files, "Cargo.toml");
    assert!(manifest.contains("hostile_crates_models_1 = { package = \"hostile-crates-models-1\", path = \"models-1\""), "{manifest}");

    let dir = write_crate("crates-layout", files);
    // Every type by its public path, from outside the crate.
    let names = ["Everywhere", "CycleA", "CycleB", "SelfRef", "Color", "Support", "Models", "Models1", "Pet", "Cat", "Dog", "Orphan", "Base64"];
    let uses: Vec<String> = names.iter().map(|n| format!("    let _: Option<hostile_crates::models::{n}> = None;")).collect();
    fs::create_dir_all(dir.join("examples")).expect("examples");
    fs::write(dir.join("examples/paths.rs"), format!("//! Every type at its path.\nfn main() {{\n{}\n}}\n", uses.join("\n"))).expect("example");
    let mut builds: Vec<Vec<String>> = vec![vec!["--all-targets".into()], vec!["--no-default-features".into()], vec!["--all-features".into()]];
    for feature in TAGS.iter().copied().chain(["webhooks", "unused_models", "serialize"]) {
        if manifest.contains(&format!("\n{feature} = [")) {
            builds.push(vec!["--no-default-features".into(), "--features".into(), feature.into()]);
        }
    }
    for build in &builds {
        let args: Vec<&str> = build.iter().map(String::as_str).collect();
        if let Err(stderr) = clippy(&dir, &args) {
            panic!("{args:?} of the crate in {} fails:\n{stderr}", dir.display());
        }
    }

    // Regenerated in the one-crate layout, no model crate is left behind.
    let one = codegen::generate_from_str(&text, Path::new("hostile.json"), &config(Layout::Forced(false))).expect("generates");
    assert!(!one.files.iter().any(|(p, _)| p.starts_with("models-")));
    codegen::write::ensure(&dir, &one.files, codegen::write::Mode::Write).expect("rewrites");
    let left: Vec<String> = fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("models-"))
        .flat_map(|e| walk(&e.path()))
        .collect();
    assert!(left.is_empty(), "files of the model crates left: {left:?}");
    let _ = fs::remove_dir_all(&dir);
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().display().to_string());
            }
        }
    }
    out
}

#[test]
fn the_api_change_report_sees_no_change_between_the_layouts() {
    let dir = std::env::temp_dir().join(format!("crates-layout-diff-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("dir");
    let spec = dir.join("hostile.json");
    fs::write(&spec, hostile_spec()).expect("spec");
    let (old, _) = codegen::diff::Spec::load(&spec).expect("loads");
    let (mut new, _) = codegen::diff::Spec::load(&spec).expect("loads");
    let features = codegen::plan::features::build(&new.api, &[]);
    new.plan.crates = codegen::plan::crates::build(&new.api, &new.plan.types, &features, "hostile-crates", Layout::Forced(true));
    assert!(new.plan.crates.crates.len() >= 2);
    let report = codegen::diff::diff(&old, &new);
    assert!(report.is_empty(), "{}", codegen::diff::report::text(&report, None));
    let _ = fs::remove_dir_all(&dir);
}

/// Names the crates layout gives must not meet the user's: a crate name Cargo refuses
/// (`9lives`) is checked before the model crates are named after it, and a tag named as a
/// model crate's dependency would be switched on by every feature that forwards to that
/// crate (`x/f` also turns on a feature `x`), so the dependency takes another name.
#[test]
fn model_crates_take_the_checked_crate_name_and_no_features_name() {
    let mut config = config(Layout::Forced(true));
    config.crate_name = "9lives".into();
    let generate = |text: &str| codegen::generate_from_str(text, Path::new("hostile.json"), &config).expect("generates").files;
    let name_of = |manifest: &str| manifest.lines().find_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"')).expect("a package name").to_string();
    let section = |manifest: &str, name: &str| -> Vec<String> {
        let start = manifest.find(&format!("\n[{name}]\n")).unwrap_or_else(|| panic!("no [{name}]"));
        let body = &manifest[start + name.len() + 4..];
        let body = &body[..body.find("\n[").unwrap_or(body.len())];
        body.lines().filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string())).collect()
    };
    let model_deps = |manifest: &str| -> Vec<String> { section(manifest, "dependencies").into_iter().filter(|d| d.contains("_models_")).collect() };
    let first = generate(&hostile_spec());
    let root = file(&first, "Cargo.toml");
    let package = name_of(root);
    assert_ne!(package, "9lives");
    let models: Vec<&(String, String)> = first.iter().filter(|(p, _)| p.starts_with("models-") && p.ends_with("/Cargo.toml")).collect();
    assert!(!models.is_empty(), "no model crate");
    for (path, manifest) in &models {
        assert!(name_of(manifest).starts_with(&format!("{package}-models-")), "{path}: {}", name_of(manifest));
    }
    // Every model crate's dependency name, as a tag of its own.
    let deps = model_deps(root);
    assert!(!deps.is_empty(), "no model crate dependency in {root}");
    let mut text = hostile_spec();
    for (dep, tag) in deps.iter().zip(TAGS) {
        text = text.replace(&format!("\"{tag}\""), &format!("\"{dep}\""));
    }
    let second = generate(&text);
    let root = file(&second, "Cargo.toml");
    let features = section(root, "features");
    for dep in &deps {
        assert!(features.contains(dep), "the tag `{dep}` is no feature: {features:?}");
    }
    for dep in model_deps(root) {
        assert!(!features.contains(&dep), "`{dep}` is both a model crate's dependency and a feature");
    }
}
