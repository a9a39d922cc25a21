//! Diagnostics that point (issue 14): every diagnostic placed in a spec carries the file, line
//! and column of its place, in YAML, JSON and referenced files, from any stage, and renders
//! as rustc does (`--> file:line:col`, the line, a caret). Specs are built here, in a fresh
//! temporary folder, with the offending node on a line the test knows.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::{Config, Diagnostic, Diagnostics, Severity};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("diagnostics-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn config() -> Config {
    Config::new("pointing", "api.yaml", "cargo xtask generate")
}

fn errors_of(spec: &Path) -> Diagnostics {
    match codegen::generate(spec, &config()) {
        Ok(_) => panic!("{} generated, but it has an error", spec.display()),
        Err(diags) => diags,
    }
}

fn find<'a>(diags: &'a Diagnostics, message: &str) -> &'a Diagnostic {
    diags.iter().find(|d| d.message.contains(message)).unwrap_or_else(|| panic!("no diagnostic `{message}` in:\n{diags}"))
}

/// Asserts the diagnostic is at `file:line:col` and renders that line with a caret under the column.
fn assert_points(d: &Diagnostic, file: &Path, line: usize, column: usize, line_text: &str, caret: &str) {
    let at = d.location.as_ref().unwrap_or_else(|| panic!("no location: {d}"));
    assert_eq!((at.file.as_str(), at.line, at.column), (file.to_str().unwrap(), line, column), "{d}");
    let rendered = d.render();
    assert!(rendered.contains(&format!("--> {}:{line}:{column}", file.display())), "{rendered}");
    let shown = rendered
        .lines()
        .find(|l| l.starts_with(&format!("{line} |")))
        .unwrap_or_else(|| panic!("line {line} not shown:\n{rendered}"));
    assert_eq!(shown.split_once(" | ").map(|(_, t)| t), Some(line_text), "{rendered}");
    // The caret line follows, its carets under the column (the gutter is as wide as before).
    let lines: Vec<&str> = rendered.lines().collect();
    let i = lines.iter().position(|l| *l == shown).unwrap();
    let caret_line = lines[i + 1];
    let gutter = shown.len() - line_text.len();
    let under = &caret_line[gutter..];
    assert!(under.starts_with(&format!("{}{caret}", " ".repeat(column - 1))), "{rendered}");
}

const YAML: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Missing'
";

#[test]
fn an_unresolvable_ref_in_yaml_points_at_its_line() {
    let dir = temp_dir("yaml");
    let spec = dir.join("api.yaml");
    fs::write(&spec, YAML).unwrap();
    let diags = errors_of(&spec);
    let d = find(&diags, "points to nothing");
    assert_eq!(d.severity, Severity::Error);
    assert_points(d, &spec, 13, 17, "                $ref: '#/components/schemas/Missing'", "^^^^");
    let at = d.location.as_ref().unwrap();
    assert_eq!(at.pointer.as_deref(), Some("/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"));
    assert!(d.render().contains("^^^^ #/paths/~1pets/get/responses/200/"), "{}", d.render());
    // The one-line form starts with the position too.
    assert!(d.to_string().starts_with(&format!("error: {}:13:17: ", spec.display())), "{d}");
}

#[test]
fn an_unresolvable_ref_in_json_points_at_its_line() {
    let dir = temp_dir("json");
    let spec = dir.join("api.json");
    let text = r##"{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "paths": {},
  "components": {
    "schemas": {
      "Pet": {
        "type": "object",
        "properties": {"owner": {"$ref": "#/components/schemas/Owner"}}
      }
    }
  }
}
"##;
    fs::write(&spec, text).unwrap();
    let diags = errors_of(&spec);
    let d = find(&diags, "points to nothing");
    assert_points(
        d,
        &spec,
        9,
        34,
        r##"        "properties": {"owner": {"$ref": "#/components/schemas/Owner"}}"##,
        "^^^^^^",
    );
}

#[test]
fn a_problem_in_a_referenced_file_points_into_that_file() {
    let dir = temp_dir("external");
    let spec = dir.join("api.yaml");
    fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      $ref: 'models/pet.yaml#/Pet'\n",
    )
    .unwrap();
    let models = dir.join("models");
    fs::create_dir_all(&models).unwrap();
    let pet = models.join("pet.yaml");
    fs::write(&pet, "Pet:\n  type: object\n  properties:\n    tag:\n      $ref: '#/Tag'\n").unwrap();
    let diags = errors_of(&spec);
    let d = find(&diags, "`#/Tag` points to nothing");
    let real = fs::canonicalize(&pet).unwrap();
    assert_points(d, &real, 5, 7, "      $ref: '#/Tag'", "^^^^");
}

#[test]
fn a_warning_of_a_later_stage_points_at_its_line() {
    let dir = temp_dir("ir-warning");
    let spec = dir.join("api.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n        2XY:\n          description: odd\n";
    fs::write(&spec, text).unwrap();
    let generated = codegen::generate(&spec, &config()).expect("a warning only");
    let d = find(&generated.diagnostics, "is not a status code");
    assert_eq!(d.severity, Severity::Warning);
    assert_points(d, &spec, 10, 9, "        2XY:", "^^^");
    assert!(d.render().contains("= note: fallback: the response is ignored"), "{}", d.render());
}

#[test]
fn a_parse_error_points_at_its_line_too() {
    let dir = temp_dir("parse");
    let spec = dir.join("api.json");
    fs::write(&spec, "{\n  \"openapi\": \"3.1.0\",\n  \"info\": ,\n}\n").unwrap();
    let diags = errors_of(&spec);
    let d = find(&diags, "invalid JSON");
    let at = d.location.as_ref().expect("located");
    assert_eq!((at.line, at.column), (3, 11), "{d}");
    assert!(d.render().contains(&format!("--> {}:3:11", spec.display())), "{}", d.render());
    assert!(d.render().contains("3 |   \"info\": ,"), "{}", d.render());
}

/// A chain of `$ref`s that ends nowhere, each link a schema of its own (so each is followed
/// from itself, and walks the rest of the chain): one error, at the `$ref` that points
/// nowhere, however many links lead to it.
#[test]
fn a_broken_chain_of_refs_is_one_error_at_its_broken_ref() {
    let dir = temp_dir("broken-chain");
    let spec = dir.join("api.yaml");
    let n = 2_000;
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
    for i in 0..n {
        text.push_str(&format!("    S{i}: {{$ref: '#/components/schemas/S{}'}}\n", i + 1));
    }
    fs::write(&spec, &text).unwrap();
    let diags = errors_of(&spec);
    let refs: Vec<&Diagnostic> = diags.iter().filter(|d| d.message.contains("points to nothing")).collect();
    assert_eq!(refs.len(), 1, "{} diagnostics, the first: {}", diags.len(), refs.first().map(|d| d.to_string()).unwrap_or_default());
    let last = n - 1;
    assert!(refs[0].message.contains(&format!("`#/components/schemas/S{n}`")), "{}", refs[0]);
    let line = format!("    S{last}: {{$ref: '#/components/schemas/S{n}'}}");
    assert_points(refs[0], &spec, 5 + n, line.find('$').unwrap() + 1, &line, "^^^^");
}

/// A minified spec is one line: each excerpt shows only a window of it, bidirectional
/// controls of the spec never reach the terminal, and thousands of diagnostics on that line cost a
/// sweep of the text, not a walk of the line each.
#[test]
fn diagnostics_on_one_huge_line_stay_small_safe_and_fast() {
    let dir = temp_dir("minified");
    let spec = dir.join("api.json");
    let mut props = String::new();
    // Enough for a walk of the line per diagnostic to take minutes.
    let n = 5_000;
    for i in 0..n {
        if i > 0 {
            props.push(',');
        }
        props.push_str(&format!("\"p{i}\":{{\"$ref\":\"#/components/schemas/Gone{i}\",\"description\":\"\u{202e}x\"}}"));
    }
    let text = format!(
        "{{\"openapi\":\"3.1.0\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"components\":{{\"schemas\":{{\"Pet\":{{\"type\":\"object\",\"properties\":{{{props}}}}}}}}}}}"
    );
    fs::write(&spec, &text).unwrap();
    let started = Instant::now();
    let diags = errors_of(&spec);
    let rendered: Vec<String> = diags.iter().map(Diagnostic::render).collect();
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    let refs: Vec<&Diagnostic> = diags.iter().filter(|d| d.message.contains("points to nothing")).collect();
    assert_eq!(refs.len(), n, "{}", diags.len());
    let last = refs.iter().find(|d| d.message.contains(&format!("Gone{}`", n - 1))).unwrap();
    let at = last.location.as_ref().unwrap();
    assert_eq!(at.line, 1);
    let key = format!("\"p{}\":{{", n - 1);
    let before = &text[..text.find(&key).unwrap()];
    assert_eq!(at.column, before.chars().count() + 1 + key.len());
    assert!(!at.whole_line);
    assert!(at.excerpt.len() < 400, "{}", at.excerpt.len());
    assert_eq!(&at.excerpt[at.span.clone()], "\"$ref\"");
    for r in &rendered {
        assert!(r.len() < 2_000, "{r}");
        // A right-to-left override would reorder what the terminal shows.
        assert!(!r.contains('\u{202e}'), "{r}");
    }
    assert!(rendered.last().unwrap().contains(&format!("at {}:1:", spec.display())), "{}", rendered.last().unwrap());
}
