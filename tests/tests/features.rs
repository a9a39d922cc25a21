//! Per-tag Cargo features (issue 12): every single feature of a generated crate builds alone
//! under clippy `-D warnings` (so features never break each other), for two corpus specs with
//! many tags, for a hostile spec built here (tags that collide once snake_cased, tags named
//! `default`, `self`, `crate`, an untagged operation among tagged ones, 1,000 tags; tags with
//! multipart bodies, per-status error bodies, webhooks and schemas nothing uses), and, in
//! the slow test `.ci/run` runs, for HubSpot's specs. The corpus and HubSpot's files are read
//! from `../shared`; without it those tests print a skip line.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::write::{self, Mode};
use codegen::Config;
use serde_json::{json, Value};


fn work(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("features-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// Generates `spec` (a file) into `dir` as a standalone crate sharing the workspace's lock file.
fn generate_file(spec: &Path, dir: &Path) -> Vec<(String, String)> {
    let name = xtask::corpus::crate_name(spec);
    let generated = codegen::generate(spec, &Config::new(&name, "spec", "test")).expect("the spec generates");
    write_crate(dir, &generated.files);
    generated.files
}

fn write_crate(dir: &Path, files: &[(String, String)]) {
    write::ensure(dir, files, Mode::Write).expect("writes the crate");
    fs::copy(pipeline_tests::repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copies Cargo.lock");
}

fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files.iter().find(|(p, _)| p == path).map(|(_, t)| t.as_str()).unwrap_or_else(|| panic!("no {path}"))
}

/// Every feature alone, and none, under clippy `-D warnings`; returns the features.
fn assert_each_feature_builds(dir: &Path) -> Vec<String> {
    let results = xtask::corpus::check_features(dir, &pipeline_tests::crates::target_dir());
    let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
    assert!(failed.is_empty(), "{}: features that do not build alone: {failed:?}", dir.display());
    // Without the build of every group together (a list).
    results.into_iter().map(|(f, _)| f).filter(|f| !f.is_empty() && !f.contains(',')).collect()
}

#[test]
fn every_tag_of_two_corpus_specs_builds_alone() {
    let Some(corpus) = pipeline_tests::shared("corpus") else {
        println!("skipped: ../shared/corpus is not present (it is not part of a clone)");
        return;
    };
    // Docker's engine (16 groups, an untagged operation among them) and Twilio's messaging
    // (22 tags): many tags, small enough for CI.
    for (spec, at_least) in [("docker_engine.json", 16), ("twilio_messaging_v1.json", 22)] {
        let dir = work(spec.split('.').next().unwrap_or(spec));
        let files = generate_file(&corpus.join(spec), &dir);
        assert!(file(&files, "README.md").contains("| Feature | Operations | Group |"));
        let features = assert_each_feature_builds(&dir);
        assert!(features.len() >= at_least, "{spec}: {features:?}");
        let _ = fs::remove_dir_all(&dir);
    }
}

#[test]
#[ignore = "slow (a clippy run per feature of 8 specs): run by .ci/run"]
fn every_tag_of_hubspots_specs_builds_alone() {
    let specs: Vec<PathBuf> =
        xtask::corpus::shared_specs().into_iter().filter(|p| p.to_string_lossy().contains("/reference/hubspot/")).collect();
    if specs.is_empty() {
        println!("skipped: ../shared/reference/hubspot is not present (it is not part of a clone)");
        return;
    }
    let mut built = 0;
    for spec in &specs {
        let dir = work(&xtask::corpus::crate_name(spec));
        generate_file(spec, &dir);
        built += assert_each_feature_builds(&dir).len();
        let _ = fs::remove_dir_all(&dir);
    }
    // The CRM contacts spec alone has four tags.
    assert!(built >= 4 * specs.len(), "{built} features over {} specs", specs.len());
}

/// An operation `GET /<path>` with these tags, answering with a `Shared` and its own model.
fn op(id: &str, tags: &[&str], own: &str) -> Value {
    json!({
        "operationId": id,
        "tags": tags,
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"shared": {"$ref": "#/components/schemas/Shared"}, "own": {"$ref": format!("#/components/schemas/{own}")}}
            }}}},
            "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Shared"}}}}
        }
    })
}

fn spec(paths: Vec<(String, Value)>, schemas: Vec<String>) -> String {
    let mut components = serde_json::Map::new();
    components.insert(
        "Shared".into(),
        json!({"type": "object", "properties": {"id": {"type": "string"}, "leaf": {"$ref": "#/components/schemas/Leaf"}}}),
    );
    components.insert("Leaf".into(), json!({"type": "object", "properties": {"n": {"type": "integer"}}}));
    for s in schemas {
        components.insert(s, json!({"type": "object", "properties": {"x": {"type": "number"}}}));
    }
    let paths: serde_json::Map<String, Value> = paths.into_iter().map(|(p, get)| (p, json!({"get": get}))).collect();
    serde_json::to_string_pretty(&json!({
        "openapi": "3.0.3",
        "info": {"title": "Tags", "version": "1"},
        "servers": [{"url": "https://example.com"}],
        "paths": paths,
        "components": {"schemas": components}
    }))
    .expect("json")
}

#[test]
fn hostile_tags_give_distinct_features_that_each_build_alone() {
    let hostile = ["Foo Bar", "foo-bar", "FOO_BAR", "default", "Default", "self", "crate", "webhooks", "", "Ünïcode"];
    let mut paths = Vec::new();
    let mut schemas = Vec::new();
    for (i, tag) in hostile.iter().enumerate() {
        paths.push((format!("/h{i}"), op(&format!("hostile{i}"), &[tag], &format!("Own{i}"))));
        schemas.push(format!("Own{i}"));
    }
    // No tag, among tagged operations.
    paths.push(("/none".to_string(), op("untaggedOp", &[], "OwnNone")));
    schemas.push("OwnNone".to_string());
    let text = spec(paths, schemas);
    let generated = codegen::generate_from_str(&text, Path::new("hostile.json"), &Config::new("hostile-tags", "hostile.json", "test"))
        .expect("generates");
    let manifest = file(&generated.files, "Cargo.toml");
    let features = xtask::corpus::group_features(manifest);
    assert_eq!(features.len(), hostile.len() + 1, "{features:?}");
    let mut keys: Vec<String> = features.iter().map(|f| f.replace('_', "").to_lowercase()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), features.len(), "features that differ only in case or underscores: {features:?}");
    assert!(!features.iter().any(|f| f == "default" || f == "webhooks"), "{features:?}");
    assert!(features.iter().any(|f| f == "untagged"), "{features:?}");
    let dir = work("hostile");
    write_crate(&dir, &generated.files);
    let built = assert_each_feature_builds(&dir);
    assert_eq!(built, features);
    // `Shared` is used by every operation: compiled with any feature, so never gated away
    // from one of them; `Own0` only with its operation's feature.
    let models = file(&generated.files, "src/models.rs");
    let own0 = models.find("pub struct Own0").expect("Own0");
    assert!(models[..own0].rfind("#[cfg(").is_some_and(|at| models[at..own0].contains("feature = \"foo_bar\"")), "Own0 is not gated by `foo_bar`");
    let shared = models.find("pub struct Shared").expect("Shared");
    // Items are separated by a blank line (an item may end in `;`, e.g. a macro call).
    let item_start = models[..shared].rfind("\n\n").unwrap_or(0);
    assert!(!models[item_start..shared].contains("#[cfg("), "Shared is gated");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_thousand_tags_generate_a_crate_that_builds() {
    let mut paths = Vec::new();
    for i in 0..1000 {
        paths.push((format!("/t{i}"), op(&format!("op{i}"), &[&format!("tag {i}")], "Leaf")));
    }
    // Every operation answers with a `responses` enum (a 200 and a 201 body): `call.rs` has no
    // `send_*` helper then, nor their imports.
    let text = spec(paths, Vec::new());
    let start = std::time::Instant::now();
    let generated =
        codegen::generate_from_str(&text, Path::new("many.json"), &Config::new("many-tags", "many.json", "test")).expect("generates");
    assert!(start.elapsed().as_secs() < 60, "generation took {:?}", start.elapsed());
    let features = xtask::corpus::group_features(file(&generated.files, "Cargo.toml"));
    assert_eq!(features.len(), 1000);
    let dir = work("thousand");
    write_crate(&dir, &generated.files);
    // All together (the default), none, and two alone: a clippy run per feature would be
    // 1,000 builds.
    let target = pipeline_tests::crates::target_dir();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    for extra in [vec![], vec!["--no-default-features"], vec!["--no-default-features", "--features", "tag_0"], vec!["--no-default-features", "--features", "tag_999"]] {
        let output = std::process::Command::new(&cargo)
            .args(["clippy", "--quiet", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .args(&extra)
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "{extra:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    let _ = fs::remove_dir_all(&dir);
}

/// Two tagged operations sharing `Shared` (and, through it, `Leaf`), each with its own model,
/// and a third whose model no other uses.
fn selection_spec() -> String {
    spec(
        vec![
            ("/pets".to_string(), op("listPets", &["pets"], "OwnPets")),
            ("/pets/one".to_string(), op("getPet", &["pets"], "OwnPet")),
            ("/stores".to_string(), op("listStores", &["stores"], "OwnStores")),
        ],
        vec!["OwnPets".into(), "OwnPet".into(), "OwnStores".into(), "Orphan".into()],
    )
}

fn generate_selected(include: &[&str], exclude: &[&str]) -> codegen::Generated {
    let mut config = Config::new("selected", "pets.json", "test");
    config.selection.include = include.iter().map(|s| s.to_string()).collect();
    config.selection.exclude = exclude.iter().map(|s| s.to_string()).collect();
    codegen::generate_from_str(&selection_spec(), Path::new("pets.json"), &config).expect("generates")
}

fn has(files: &[(String, String)], path: &str, needle: &str) -> bool {
    files.iter().any(|(p, t)| p == path && t.contains(needle))
}

#[test]
fn selection_keeps_what_it_names_and_the_models_they_share() {
    let g = generate_selected(&["listPets"], &[]);
    assert!(has(&g.files, "src/client.rs", "pub async fn list_pets("));
    assert!(!has(&g.files, "src/client.rs", "pub async fn get_pet("));
    assert!(!has(&g.files, "src/client.rs", "pub async fn list_stores("));
    for kept in ["pub struct Shared", "pub struct Leaf", "pub struct OwnPets"] {
        assert!(has(&g.files, "src/models.rs", kept), "{kept} is pruned");
    }
    for pruned in ["pub struct OwnPet ", "pub struct OwnStores", "pub struct Orphan"] {
        assert!(!has(&g.files, "src/models.rs", pruned), "{pruned} is kept");
    }

    // Tags, routes and globs; exclude wins over include.
    let g = generate_selected(&["tag:pe*"], &["GET /pets/one"]);
    assert!(has(&g.files, "src/client.rs", "pub async fn list_pets("));
    assert!(!has(&g.files, "src/client.rs", "pub async fn get_pet("));
    assert!(!has(&g.files, "src/client.rs", "pub async fn list_stores("));
    let g = generate_selected(&["get /*"], &["list*"]);
    assert!(has(&g.files, "src/client.rs", "pub async fn get_pet("));
    assert!(!has(&g.files, "src/client.rs", "pub async fn list_pets("));
    let g = generate_selected(&[], &["tag:pets"]);
    assert!(has(&g.files, "src/client.rs", "pub async fn list_stores("));
    assert!(!has(&g.files, "src/client.rs", "pub async fn list_pets("));
    assert!(has(&g.files, "src/models.rs", "pub struct Shared"));

    // What is left still builds, lint-clean.
    let dir = work("selected");
    write_crate(&dir, &generate_selected(&["listStores", "getPet"], &[]).files);
    assert_each_feature_builds(&dir);
    let _ = fs::remove_dir_all(&dir);
}

/// Stripe's shape: `Customer.default_source` is an id or, when the caller expands it, a `Card`
/// or a `Source` (which holds an `Owner`); `bank` an id or a `Bank`; `odd` has a malformed
/// `x-expansionResources`.
fn expansion_spec() -> String {
    let get = |id: &str, tag: &str, model: &str| {
        json!({"get": {"operationId": id, "tags": [tag], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{model}")}}}}}}})
    };
    let object = |properties: Value| json!({"type": "object", "properties": properties});
    // Twenty more string fields: `Card` and `Source` are alike in size, so neither is boxed
    // while both are variants, and the one left alone must be.
    let big = |name: &str, schema: Value| {
        let mut p: serde_json::Map<String, Value> = (0..20).map(|i| (format!("f{i}"), json!({"type": "string"}))).collect();
        p.insert(name.to_string(), schema);
        Value::Object(p)
    };
    let expandable = json!({
        "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Source"}],
        "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Source"}]}
    });
    let bank = json!({"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Bank"}], "x-expansionResources": {"$ref": "#/components/schemas/Bank"}});
    let odd = json!({"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Odd"}], "x-expansionResources": ["#/components/schemas/Odd"]});
    serde_json::to_string_pretty(&json!({
        "openapi": "3.0.3",
        "info": {"title": "Expansions", "version": "1"},
        "servers": [{"url": "https://example.com"}],
        "paths": {"/customers": get("getCustomer", "customers", "Customer"), "/cards": get("getCard", "cards", "Card"),
            "/sources": get("getSource", "sources", "Source"), "/banks": get("getBank", "banks", "Bank")},
        "components": {"schemas": {
            "Customer": object(json!({"id": {"type": "string"}, "default_source": expandable, "bank": bank, "odd": odd})),
            "Card": object(big("last4", json!({"type": "string"}))),
            "Source": object(big("owner", json!({"$ref": "#/components/schemas/Owner"}))),
            "Bank": object(big("routing", json!({"type": "string"}))),
            "Owner": object(json!({"name": {"type": "string"}})),
            "Odd": object(json!({"x": {"type": "integer"}}))
        }}
    }))
    .expect("json")
}

#[test]
fn selection_keeps_an_expandable_object_only_when_something_else_reaches_it() {
    let select = |include: &[&str]| {
        let mut config = Config::new("expansions", "expansions.json", "test");
        config.selection.include = include.iter().map(|s| s.to_string()).collect();
        let g = codegen::generate_from_str(&expansion_spec(), Path::new("expansions.json"), &config).expect("generates");
        file(&g.files, "src/models.rs").to_string()
    };
    let enum_of = |models: &str, name: &str| -> String {
        let start = models.find(&format!("pub enum {name} ")).expect("the union");
        models[start..].split("\n}").next().unwrap_or_default().to_string()
    };
    let union_of = |models: &str| enum_of(models, "CustomerDefaultSource");
    let bank_of = |models: &str| enum_of(models, "CustomerBank");
    // Customers alone: the id stays, the objects only an expansion reaches are not generated.
    let models = select(&["tag:customers"]);
    for union in [union_of(&models), bank_of(&models)] {
        assert!(union.contains("String(String)") && union.contains("Unknown(serde_json::Value)"), "{union}");
        assert!(!union.contains("Card(") && !union.contains("Source(") && !union.contains("Bank("), "{union}");
    }
    for pruned in ["pub struct Card", "pub struct Source", "pub struct Owner", "pub struct Bank"] {
        assert!(!models.contains(pruned), "{pruned} is kept");
    }
    // A malformed `x-expansionResources` names nothing: `Odd` is a plain variant, reached.
    assert!(models.contains("pub struct Odd"));
    // An object reached otherwise keeps its variant, and what it holds comes with it; beside
    // it, so does every other object of the union (`Source` would decode as a `Card`, whose
    // fields are all optional, if it were left out).
    let models = select(&["tag:customers", "tag:cards"]);
    let union = union_of(&models);
    assert!(union.contains("Card(") && union.contains("Source("), "{union}");
    assert!(!bank_of(&models).contains("Bank("), "{models}");
    assert!(models.contains("pub struct Owner"));
    let models = select(&["tag:customers", "tag:sources"]);
    assert!(union_of(&models).contains("Source(") && union_of(&models).contains("Card(") && models.contains("pub struct Owner"));
    assert!(bank_of(&select(&["tag:customers", "tag:banks"])).contains("Bank("), "{models}");
    // Without a selection every variant is there. `Card` and `Source` are compiled wherever
    // the union is (either one gated away would decode as the other); the lone `Bank` with its
    // object's feature (its `From` impl too), so `customers` alone does not compile `Bank`.
    let models = select(&[]);
    let union = union_of(&models);
    assert!(!union.contains("#[cfg("), "{union}");
    let bank = bank_of(&models);
    assert!(bank.contains("#[cfg(feature = \"banks\")]\n    Bank("), "{bank}");
    assert!(models.contains("#[cfg(feature = \"banks\")]\nvariant_from!(CustomerBank"), "{models}");
    assert!(!bank.contains("#[cfg(feature = \"customers\")]"), "{bank}");

    // The union with its id only still builds, lint-clean; so does every feature alone.
    for (name, include) in [
        ("expansions-selected", vec!["tag:customers".to_string()]),
        ("expansions-cards", vec!["tag:customers".to_string(), "tag:cards".to_string()]),
        ("expansions-all", Vec::new()),
    ] {
        let dir = work(name);
        let mut config = Config::new("expansions", "expansions.json", "test");
        config.selection.include = include;
        write_crate(&dir, &codegen::generate_from_str(&expansion_spec(), Path::new("expansions.json"), &config).expect("generates").files);
        assert_each_feature_builds(&dir);
        let _ = fs::remove_dir_all(&dir);
    }
}

#[test]
fn unknown_selectors_are_diagnostics() {
    let g = generate_selected(&["listPets", "noSuchOperation", "tag:nothing"], &["DELETE /pets"]);
    let warnings: Vec<String> = g.diagnostics.iter().map(ToString::to_string).collect();
    for selector in ["--include noSuchOperation", "--include tag:nothing", "--exclude DELETE /pets"] {
        assert!(warnings.iter().any(|w| w.contains(selector) && w.contains("matches no operation")), "{selector}: {warnings:?}");
    }
    assert!(!warnings.iter().any(|w| w.contains("--include listPets")), "{warnings:?}");
}

#[test]
fn the_options_file_next_to_the_spec_selects_for_generate_and_check() {
    let dir = work("options");
    fs::create_dir_all(&dir).expect("dir");
    let spec = dir.join("pets.json");
    fs::write(&spec, selection_spec()).expect("spec");
    fs::write(dir.join("pets.codegen.json"), r#"{"include": ["tag:stores"], "groups": {"listStores": "shop"}}"#).expect("options");
    let out = dir.join("crate");
    let config = xtask::generate_config(&spec, None, None, None);
    assert_eq!(config.selection.include, vec!["tag:stores".to_string()]);
    let run = xtask::run(&spec, &out, &config, Mode::Write).expect("generates");
    assert!(!run.changes.is_empty());
    let client = fs::read_to_string(out.join("src/client.rs")).expect("client");
    assert!(client.contains("pub async fn list_stores(") && !client.contains("pub async fn list_pets("));
    // The check sees the same selection: nothing is stale.
    let check = xtask::run(&spec, &out, &config, Mode::Check).expect("checks");
    assert!(check.changes.is_empty(), "{:?}", check.changes.changed);
    // A broken options file is an error, not a silent full crate.
    fs::write(dir.join("pets.codegen.json"), r#"{"include": "tag:stores"}"#).expect("options");
    assert!(matches!(xtask::run(&spec, &out, &config, Mode::Check), Err(xtask::TaskError::Spec(_))));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn specs_without_tags_are_grouped_by_the_resource_of_their_paths() {
    let mut paths = Vec::new();
    for i in 0..30 {
        let resource = ["customers", "invoices", "charges"][i % 3];
        let mut get = op(&format!("op{i}"), &[], "Leaf");
        get.as_object_mut().map(|o| o.remove("tags"));
        paths.push((format!("/v1/{resource}/x{i}"), get));
    }
    paths.push(("/v2".to_string(), json!({"operationId": "root", "responses": {"204": {"description": "none"}}})));
    let text = spec(paths, Vec::new());
    let generated = codegen::generate_from_str(&text, Path::new("untagged.json"), &Config::new("untagged", "untagged.json", "test"))
        .expect("generates");
    let features = xtask::corpus::group_features(file(&generated.files, "Cargo.toml"));
    assert_eq!(features, ["charges", "customers", "invoices", "untagged"]);
    assert!(file(&generated.files, "README.md").contains("| `customers` | 10 | paths of `customers` |"));
    // `tag:` names a resource when the operation has no tags.
    let mut config = Config::new("untagged", "untagged.json", "test");
    config.selection.include = vec!["tag:customers".to_string()];
    let selected = codegen::generate_from_str(&text, Path::new("untagged.json"), &config).expect("generates");
    let client = file(&selected.files, "src/client.rs");
    assert_eq!(client.matches("pub async fn").count(), 10);
    // The config's groups come first.
    let mut config = Config::new("untagged", "untagged.json", "test");
    config.groups = vec![("op0".to_string(), "Special Ones".to_string())];
    let regrouped = codegen::generate_from_str(&text, Path::new("untagged.json"), &config).expect("generates");
    let features = xtask::corpus::group_features(file(&regrouped.files, "Cargo.toml"));
    assert!(features.iter().any(|f| f == "special_ones"), "{features:?}");
    assert!(file(&regrouped.files, "README.md").contains("| `customers` | 9 |"));
}

/// The last `cfg` attribute above `pub struct NAME` / `pub enum NAME` in `text` (`""` if none).
fn gate_of<'a>(text: &'a str, item: &str) -> &'a str {
    let Some(at) = text.find(item) else { panic!("no `{item}`") };
    let start = text[..at].rfind("\n}\n").unwrap_or(0);
    text[start..at].lines().rev().find(|l| l.trim_start().starts_with("#[cfg(")).unwrap_or("")
}

/// Tags `a`, `b` and `c`: `a` uploads a multipart body whose part is a `Kind`, which `b`
/// returns too; `a` and `b` document different error bodies (so each has a `responses::…Error`
/// enum); a webhook sends an `Adoption` (with a `Kind` and an `AdoptionDetail` only it uses);
/// `Lonely` is used by nothing.
fn gated_spec() -> String {
    let schema = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    let json_of = |name: &str| json!({"application/json": {"schema": schema(name)}});
    serde_json::to_string_pretty(&json!({
        "openapi": "3.1.0",
        "info": {"title": "Gated", "version": "1"},
        "servers": [{"url": "https://example.com"}],
        "paths": {
            "/a": {"post": {
                "operationId": "uploadA", "tags": ["a"],
                "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["file", "kind"],
                    "properties": {
                        "file": {"type": "string", "contentMediaType": "application/octet-stream"},
                        "kind": schema("Kind"),
                        "note": {"type": "string"}
                    }
                }}}},
                "responses": {
                    "204": {"description": "stored"},
                    "404": {"description": "missing", "content": json_of("NotFoundA")}
                }
            }},
            "/b": {"get": {
                "operationId": "getB", "tags": ["b"],
                "responses": {
                    "200": {"description": "ok", "content": json_of("Kind")},
                    "409": {"description": "conflict", "content": json_of("ConflictB")}
                }
            }},
            "/c": {"get": {
                "operationId": "getC", "tags": ["c"],
                "responses": {"200": {"description": "ok", "content": json_of("OwnC")}}
            }}
        },
        "webhooks": {
            "adopted": {"post": {
                "requestBody": {"content": json_of("Adoption")},
                "responses": {"200": {"description": "ok"}}
            }}
        },
        "components": {"schemas": {
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
            "NotFoundA": {"type": "object", "properties": {"missing": {"type": "string"}}},
            "ConflictB": {"type": "object", "properties": {"conflict": {"type": "integer"}}},
            "OwnC": {"type": "object", "properties": {"c": {"type": "boolean"}}},
            "Adoption": {"type": "object", "properties": {"kind": schema("Kind"), "detail": schema("AdoptionDetail")}},
            "AdoptionDetail": {"type": "object", "properties": {"at": {"type": "string"}}},
            "Lonely": {"type": "object", "properties": {"friend": schema("LonelyFriend")}},
            "LonelyFriend": {"type": "object", "properties": {"n": {"type": "number"}}}
        }}
    }))
    .expect("json")
}

#[test]
fn multipart_bodies_error_enums_webhooks_and_unused_models_are_gated_and_each_feature_builds_alone() {
    let generated =
        codegen::generate_from_str(&gated_spec(), Path::new("gated.json"), &Config::new("gated", "gated.json", "test")).expect("generates");
    let manifest = file(&generated.files, "Cargo.toml");
    assert_eq!(xtask::corpus::group_features(manifest), ["a", "b", "c", "unused_models"], "{manifest}");
    assert!(manifest.contains("\nwebhooks = []"), "{manifest}");
    let models = file(&generated.files, "src/models.rs");
    let responses = file(&generated.files, "src/responses.rs");
    let lib = file(&generated.files, "src/lib.rs");
    // Items outside the schemas have their operation's feature.
    assert_eq!(gate_of(models, "pub struct UploadABody"), "#[cfg(feature = \"a\")]");
    assert_eq!(gate_of(responses, "pub enum UploadAError"), "#[cfg(feature = \"a\")]");
    assert_eq!(gate_of(responses, "pub enum GetBError"), "#[cfg(feature = \"b\")]");
    // What only the webhook uses is in `webhooks`; what nothing uses, in `unused_models`;
    // a model an operation and the webhook share, in either.
    assert_eq!(gate_of(models, "pub struct AdoptionDetail"), "#[cfg(feature = \"webhooks\")]");
    assert_eq!(gate_of(models, "pub struct Lonely "), "#[cfg(feature = \"unused_models\")]");
    assert_eq!(gate_of(models, "pub struct LonelyFriend"), "#[cfg(feature = \"unused_models\")]");
    assert!(lib.contains("#[cfg(feature = \"webhooks\")]\npub mod webhooks;"), "{lib}");
    let kind = gate_of(models, "pub enum Kind ");
    for feature in ["a", "b", "webhooks"] {
        assert!(kind.contains(&format!("feature = \"{feature}\"")), "Kind is not compiled with `{feature}`: {kind}");
    }
    let dir = work("gated");
    write_crate(&dir, &generated.files);
    let built = assert_each_feature_builds(&dir);
    assert!(built.iter().any(|f| f == "webhooks"), "{built:?}");
    let _ = fs::remove_dir_all(&dir);
}

/// Expansions that a selection must not leave out, and ones it may. `Charge.customer` is an id,
/// a `Customer` or a `DeletedCustomer` (both expansions; the second, requiring only `id`, is
/// reached through `Charge.deleted`): a `Customer` left out would decode as a
/// `DeletedCustomer` and lose its `email`. `Charge.account` has `Plain`, an object that is not
/// an expansion, beside its expansion `Account`. `Charge.kind` is tagged and all its members
/// are expansions that nothing else reaches: the tag tells them apart, so they all go.
fn fallthrough_spec() -> String {
    let get = |id: &str, tag: &str, model: &str| {
        json!({"get": {"operationId": id, "tags": [tag], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{model}")}}}}}}})
    };
    let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    let object = |required: Vec<&str>, properties: Value| json!({"type": "object", "required": required, "properties": properties});
    let kinds = ["Big", "Small", "Tiny"];
    let mapping: serde_json::Map<String, Value> = kinds.iter().map(|k| (k.to_lowercase(), json!(format!("#/components/schemas/{k}")))).collect();
    let kind_schema = |k: &str| object(vec!["kind"], json!({"kind": {"type": "string", "enum": [k.to_lowercase()]}, "n": {"type": "integer"}}));
    serde_json::to_string_pretty(&json!({
        "openapi": "3.0.3",
        "info": {"title": "Fallthrough", "version": "1"},
        "servers": [{"url": "https://example.com"}],
        "paths": {"/charges": get("getCharge", "charges", "Charge"), "/customers": get("getCustomer", "customers", "Customer"),
            "/big": get("getBig", "big", "Big")},
        "components": {"schemas": {
            "Charge": object(vec![], json!({
                "customer": {"anyOf": [{"type": "string"}, r("Customer"), r("DeletedCustomer")],
                    "x-expansionResources": {"oneOf": [r("Customer"), r("DeletedCustomer")]}},
                "deleted": r("DeletedCustomer"),
                "account": {"anyOf": [{"type": "string"}, r("Plain"), r("Account")], "x-expansionResources": r("Account")},
                "kind": {"oneOf": kinds.iter().map(|k| r(k)).collect::<Vec<_>>(),
                    "discriminator": {"propertyName": "kind", "mapping": mapping},
                    "x-expansionResources": {"anyOf": kinds.iter().map(|k| r(k)).collect::<Vec<_>>()}}
            })),
            "Customer": object(vec!["id", "email"], json!({"id": {"type": "string"}, "email": {"type": "string"}})),
            "DeletedCustomer": object(vec!["id"], json!({"id": {"type": "string"}, "deleted": {"type": "boolean"}})),
            "Plain": object(vec![], json!({"p": {"type": "string"}})),
            "Account": object(vec!["id"], json!({"id": {"type": "string"}, "name": {"type": "string"}})),
            "Big": kind_schema("Big"), "Small": kind_schema("Small"), "Tiny": kind_schema("Tiny")
        }}
    }))
    .expect("json")
}

#[test]
fn an_expansion_left_out_decodes_as_unknown_never_as_another_variant() {
    let generate = |include: &[&str]| {
        let mut config = Config::new("fallthrough", "fallthrough.json", "test");
        config.selection.include = include.iter().map(|s| s.to_string()).collect();
        codegen::generate_from_str(&fallthrough_spec(), Path::new("fallthrough.json"), &config).expect("generates")
    };
    let enum_of = |models: &str, name: &str| -> String {
        let start = models.find(&format!("pub enum {name} ")).unwrap_or_else(|| panic!("no {name}"));
        models[start..].split("\n}").next().unwrap_or_default().to_string()
    };
    let selected = generate(&["tag:charges"]);
    let models = file(&selected.files, "src/models.rs");
    // `DeletedCustomer` is reached, so `Customer` stays beside it; `Plain` is always there, so
    // `Account` stays.
    let customer = enum_of(models, "ChargeCustomer");
    assert!(customer.contains("\n    Customer(") && customer.contains("DeletedCustomer("), "{customer}");
    assert!(models.contains("pub struct Customer "), "{models}");
    let account = enum_of(models, "ChargeAccount");
    assert!(account.contains("Account(") && account.contains("Plain("), "{account}");
    // The tagged union keeps `Unknown` only, decoded without a `match` on its tag, and the
    // crate carries no part of `tagged.rs` it does not use (clippy `-D warnings` below).
    let kind = enum_of(models, "ChargeKind");
    assert!(!kind.contains("Big(") && !kind.contains("Tiny("), "{kind}");
    assert!(!models.contains("pub struct Big "), "{models}");
    assert!(!models.contains("_ => Ok(Self::Unknown(value))") && !models.contains("support::tagged::raw("), "{models}");

    // Features: `customers` and `big` alone do not gate a variant into which another's object
    // would fall; the tagged union's variants are gated by their own features.
    let all = generate(&[]);
    let models = file(&all.files, "src/models.rs");
    let customer = enum_of(models, "ChargeCustomer");
    assert!(!customer.contains("#[cfg("), "{customer}");
    assert!(!enum_of(models, "ChargeAccount").contains("#[cfg("), "{models}");

    for (name, generated) in [("fallthrough-selected", selected), ("fallthrough-all", all)] {
        let dir = work(name);
        write_crate(&dir, &generated.files);
        assert_each_feature_builds(&dir);
        let _ = fs::remove_dir_all(&dir);
    }
}

/// `Pet` is sent (a body) and received; `Status`, its `Event` (a tagged union) and `Kind` (a
/// string enum) only received; one tag is literally `serialize`.
fn serialize_spec() -> String {
    let pet = json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "kind": {"$ref": "#/components/schemas/Kind"}}});
    let ok = |schema: &str| json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}}});
    serde_json::to_string_pretty(&json!({
        "openapi": "3.0.3",
        "info": {"title": "Serialize", "version": "1"},
        "servers": [{"url": "https://example.com"}],
        "paths": {
            "/pets": {"post": {"operationId": "createPet", "tags": ["pets"], "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}, "responses": ok("Pet")}},
            "/status": {"get": {"operationId": "getStatus", "tags": ["serialize"], "responses": ok("Status")}}
        },
        "components": {"schemas": {
            "Pet": pet,
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
            "Status": {"type": "object", "properties": {"up": {"type": "boolean"}, "last": {"$ref": "#/components/schemas/Event"}, "mood": {"$ref": "#/components/schemas/Mood"}}},
            "Mood": {"type": "string", "enum": ["calm", "busy"]},
            "Event": {"oneOf": [{"$ref": "#/components/schemas/Started"}, {"$ref": "#/components/schemas/Stopped"}], "discriminator": {"propertyName": "type", "mapping": {"started": "#/components/schemas/Started", "stopped": "#/components/schemas/Stopped"}}},
            "Started": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}, "at": {"type": "string"}}},
            "Stopped": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}, "code": {"type": "integer"}}}
        }}
    }))
    .expect("json")
}

/// The text of the item that declares `decl`, from the blank line before it.
fn item_of<'a>(text: &'a str, decl: &str) -> &'a str {
    let at = text.find(decl).unwrap_or_else(|| panic!("no {decl}"));
    &text[text[..at].rfind("\n\n").unwrap_or(0)..at]
}

#[test]
fn received_only_types_serialize_only_with_the_feature_and_a_tag_named_serialize_is_renamed() {
    let generated = codegen::generate_from_str(&serialize_spec(), Path::new("ser.json"), &Config::new("ser", "ser.json", "test")).expect("generates");
    let manifest = file(&generated.files, "Cargo.toml");
    let features = xtask::corpus::group_features(manifest);
    assert_eq!(features.len(), 2, "{features:?}");
    assert!(!features.iter().any(|f| f == "serialize"), "{features:?}");
    assert!(manifest.contains("\nserialize = []") && manifest.contains("\"serialize\""), "{manifest}");
    let models = file(&generated.files, "src/models.rs");
    let gated = "#[cfg_attr(feature = \"serialize\", derive(serde::Serialize)";
    // Sent (and received): always `Serialize`, and so what it reaches.
    assert!(item_of(models, "pub struct Pet ").contains("serde::Serialize)]") && !item_of(models, "pub struct Pet ").contains(gated));
    assert!(!models.contains("string_enum!(@ read Kind"), "Kind is sent");
    // Received only: with the feature.
    assert!(item_of(models, "pub struct Status ").contains(gated), "{}", item_of(models, "pub struct Status "));
    assert!(models.contains("string_enum!(@ read Mood"), "Mood");
    // `tagged!` writes Event's `Serialize` under the feature.
    let event = models.split("tagged!(").find(|call| call.trim_start().starts_with("Event(")).expect("Event's tagged!");
    let event = event.split(");").next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(event.contains("Serialize if feature(\"serialize\")"), "Event's Serialize is not gated: {event}");
    let dir = work("serialize");
    write_crate(&dir, &generated.files);
    // Each group alone (without `serialize`), none, and the default.
    assert_each_feature_builds(&dir);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = std::process::Command::new(&cargo)
        .args(["clippy", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", pipeline_tests::crates::target_dir())
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "default: {}", String::from_utf8_lossy(&output.stderr));
    let _ = fs::remove_dir_all(&dir);
}
