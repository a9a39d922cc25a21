//! The layout of big crates (issue 12): past 400 types and 200 operations, every feature's
//! models, methods, params structs and responses enums live in files of their own behind one
//! gated `mod` line, so a one-feature build never reads another feature's files. Proved by
//! deleting them: the crate built with one feature still compiles under clippy `-D warnings`,
//! and a build of the feature whose files are gone fails.

use std::fs;
use std::path::Path;

use codegen::write::{self, Mode};
use codegen::Config;
use serde_json::{json, Map, Value};

/// Tags and their operations: more than 200 operations, with two models each more than 400
/// types.
const TAGS: [(&str, usize); 3] = [("alpha", 105), ("beta", 105), ("gamma", 5)];

fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// Operation `i` of `tag`: an optional query parameter (a params struct), two success bodies
/// (a responses enum), a documented error body of the tag's own (an error enum), an inline
/// reply object and a model of its own, and `Common`, which `alpha` and `beta` reach (and
/// `gamma` does not: what every tag reaches is compiled in every build).
fn big_spec() -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert("Common".into(), json!({"type": "object", "properties": {"id": {"type": "string"}}}));
    schemas.insert("Lonely".into(), json!({"type": "object", "properties": {"n": {"type": "integer"}}}));
    for (tag, count) in TAGS {
        let error = format!("{tag}_error");
        schemas.insert(error.clone(), json!({"type": "object", "properties": {"reason": {"type": "string"}}}));
        let common = if tag == "gamma" { schema(&error) } else { schema("Common") };
        for i in 0..count {
            let own = format!("{tag}_thing_{i}");
            schemas.insert(own.clone(), json!({"type": "object", "properties": {"value": {"type": "number"}, "note": {"type": "string"}}}));
            let reply = json!({"type": "object", "properties": {"common": common.clone(), "own": schema(&own)}});
            let get = json!({
                "operationId": format!("{tag}_get_{i}"),
                "tags": [tag],
                "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": reply}}},
                    "201": {"description": "created", "content": {"application/json": {"schema": common.clone()}}},
                    "404": {"description": "missing", "content": {"application/json": {"schema": schema(&error)}}}
                }
            });
            paths.insert(format!("/{tag}/{i}"), json!({"get": get}));
        }
    }
    serde_json::to_string_pretty(&json!({
        "openapi": "3.0.3",
        "info": {"title": "Big", "version": "1"},
        "servers": [{"url": "https://example.com"}],
        "paths": paths,
        "components": {"schemas": schemas}
    }))
    .expect("json")
}

use pipeline_tests::crates::clippy;

fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files.iter().find(|(p, _)| p == path).map(|(_, t)| t.as_str()).unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn a_one_feature_build_of_a_big_crate_never_reads_the_other_features_files() {
    let generated = codegen::generate_from_str(&big_spec(), Path::new("big.json"), &Config::new("big-layout", "big.json", "test"))
        .expect("generates");
    let files = &generated.files;
    for stem in ["models", "client", "params", "responses"] {
        for (tag, _) in TAGS {
            let child = file(files, &format!("src/{stem}/group_{tag}.rs"));
            assert!(!child.contains("#[cfg("), "src/{stem}/group_{tag}.rs: its items need no cfg of their own");
        }
        let root = file(files, &format!("src/{stem}.rs"));
        assert!(root.contains("#[cfg(feature = \"alpha\")]\nmod group_alpha;"), "src/{stem}.rs:\n{root}");
    }
    // Each tag's items are in its own files, not in the roots every build reads.
    assert!(file(files, "src/models/group_alpha.rs").contains("pub struct AlphaThing7 "));
    assert!(file(files, "src/params/group_beta.rs").contains("pub struct BetaGet7Params "));
    assert!(file(files, "src/responses/group_alpha.rs").contains("pub enum AlphaGet7Response "));
    assert!(file(files, "src/responses/group_beta.rs").contains("pub enum BetaGet7Error "));
    assert!(file(files, "src/client/group_beta.rs").contains("pub async fn beta_get_7("));
    for root in ["src/models.rs", "src/params.rs", "src/responses.rs", "src/client.rs"] {
        let text = file(files, root);
        assert!(!text.contains("Thing7") && !text.contains("Get7"), "{root} holds a tag's item");
    }
    // What both tags reach is in a file of their own, compiled with either.
    let common = files
        .iter()
        .find(|(p, t)| p.starts_with("src/models/shared_") && t.contains("pub struct Common "))
        .map(|(p, _)| p.trim_start_matches("src/models/").trim_end_matches(".rs").to_string())
        .expect("Common is in a shared module");
    let models = file(files, "src/models.rs");
    assert!(models.contains(&format!("feature = \"alpha\", feature = \"beta\"))]\nmod {common};")), "{models}");

    let dir = std::env::temp_dir().join(format!("big-layout-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    write::ensure(&dir, files, Mode::Write).expect("writes the crate");
    fs::copy(pipeline_tests::repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copies Cargo.lock");
    clippy(&dir, &[]).expect("the whole crate builds");
    // Every file only `beta` (or `unused_models`) compiles, gone.
    let mut removed = 0;
    for stem in ["models", "client", "params", "responses"] {
        for entry in fs::read_dir(dir.join("src").join(stem)).expect("a split module") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if name.ends_with("group_beta.rs") || name.ends_with("group_unused_models.rs") {
                fs::remove_file(&path).expect("removes");
                removed += 1;
            }
        }
    }
    assert_eq!(removed, 5, "beta's four files and unused_models' one");
    clippy(&dir, &["--no-default-features", "--features", "alpha"]).expect("`alpha` builds without beta's files");
    let missing = clippy(&dir, &["--no-default-features", "--features", "beta"]).expect_err("`beta` needs its files");
    assert!(missing.contains("group_beta"), "{missing}");

    // Regenerated small (only `gamma` selected), the crate has the simple layout again and
    // no file of the split one is left behind.
    let mut config = Config::new("big-layout", "big.json", "test");
    config.selection.include.push("tag:gamma".to_string());
    let small = codegen::generate_from_str(&big_spec(), Path::new("big.json"), &config).expect("generates");
    write::ensure(&dir, &small.files, Mode::Write).expect("rewrites the crate");
    for stem in ["models", "client", "params", "responses"] {
        let left: Vec<_> = fs::read_dir(dir.join("src").join(stem)).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        assert!(left.is_empty(), "stale files of the split layout: {left:?}");
    }
    assert!(dir.join("src/params.rs").is_file() && dir.join("src/responses.rs").is_file());
    let _ = fs::remove_dir_all(&dir);
}

/// `generate` has each module of the split models emitted on the core that formats it,
/// parsed from its tokens, while the main thread emits the next files: the files are those
/// of emitting every file first and formatting their printed text after.
#[test]
fn models_emitted_while_earlier_files_are_formatted_are_the_models_emitted_at_once() {
    use codegen::{emit, format, ir, load, names, plan, prune, resolve, Diagnostics};
    let text = big_spec();
    let path = Path::new("big.json");
    let config = Config::new("big-layout", "big.json", "test");
    let pipelined = codegen::generate_from_str(&text, path, &config).expect("generates").files;
    let mut diags = Diagnostics::default();
    let doc = load::Document::new(path.to_path_buf(), load::parse(&text, path, &mut diags).expect("parses"));
    let version = load::version(&doc, &mut diags).expect("a version");
    let resolver = resolve::Resolver::new(doc, version, &mut diags);
    let mut api = ir::lower(&resolver, &mut diags);
    names::assign(&mut api, &mut diags);
    prune::apply(&mut api, &config.selection, &mut diags);
    let mut plan = plan::build(&api);
    plan.features = plan::features::build(&api, &config.groups);
    plan.base_url = plan::base_url(&api, &config.base_url_fallback);
    let checked = emit::checked_config(&config, &mut diags);
    let eager = format::format(emit::emit(&api, &plan, &checked), &format::header(&checked.regenerate_command, &checked.spec_label), &mut diags);
    assert!(!diags.has_errors(), "{diags}");
    let paths: Vec<&str> = pipelined.iter().map(|(p, _)| p.as_str()).collect();
    assert!(paths.iter().filter(|p| p.starts_with("src/models/")).count() >= 3, "the models are split: {paths:?}");
    assert_eq!(paths, eager.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>());
    for ((path, a), (_, b)) in pipelined.iter().zip(&eager) {
        assert!(a == b, "{path} differs");
    }
}

/// A feature's module is a file named after it, and a file name has at most 255 bytes: a tag
/// of 120 CJK characters (a feature name of about 700 bytes in `u…` escapes) still generates,
/// into files whose names fit.
#[test]
fn a_tag_too_long_for_a_file_name_still_generates() {
    let long = "世界".repeat(60);
    let text = big_spec().replace("\"gamma\"", &format!("\"{long}\""));
    let generated = codegen::generate_from_str(&text, Path::new("big.json"), &Config::new("big-layout", "big.json", "test"))
        .expect("generates");
    let paths: Vec<&str> = generated.files.iter().map(|(p, _)| p.as_str()).collect();
    assert!(paths.iter().any(|p| p.starts_with("src/models/group")), "{paths:?}");
    for path in paths {
        for part in path.split('/') {
            assert!(part.len() <= 255, "a file name of {} bytes: {part}", part.len());
        }
    }
}
