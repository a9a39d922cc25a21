//! The generator on `x-webhooks`, the extension 3.0 specs (GitHub's) use for 3.1's `webhooks`:
//! a 3.0 spec with it gets the crate its 3.1 twin gets (payload types behind the `webhooks`
//! feature, the event enum, verification only with `x-webhook-signature`); a spec with both
//! sections reads `webhooks` first and warns about each name the other repeats; an
//! `x-webhooks` of the wrong shape is a warning with its place; `webhook:NAME` selectors keep
//! or drop webhooks, and the event enum follows.

use std::path::Path;

use codegen::Config;

fn generate(spec: &str) -> codegen::Generated {
    let config = Config::new("x-webhook-test", "test.yaml", "test");
    match codegen::generate_from_str(spec, Path::new("test.yaml"), &config) {
        Ok(g) => g,
        Err(d) => panic!("generation failed: {:?}", d.into_vec()),
    }
}

fn file<'a>(g: &'a codegen::Generated, name: &str) -> &'a str {
    g.files.iter().find(|(n, _)| n == name).map(|(_, c)| c.as_str()).unwrap_or_else(|| panic!("no {name}"))
}

/// The Rust sources and the manifest: what a user builds (the copy of the spec and the
/// changelog name the spec's own text).
fn code(g: &codegen::Generated) -> Vec<(&str, &str)> {
    g.files.iter().filter(|(n, _)| n.ends_with(".rs") || n == "Cargo.toml").map(|(n, c)| (n.as_str(), c.as_str())).collect()
}

/// Two tags (so the crate has features) and two events told apart by `action`.
fn spec(version: &str, section: &str, extra: &str) -> String {
    format!(
        r##"
openapi: {version}
info: {{title: T, version: "1"}}
{extra}
paths:
  /issues:
    get:
      operationId: list_issues
      tags: [issues]
      responses:
        "200":
          description: ok
          content: {{application/json: {{schema: {{type: array, items: {{$ref: "#/components/schemas/Issue"}}}}}}}}
  /users:
    get:
      operationId: list_users
      tags: [users]
      responses: {{"200": {{description: ok}}}}
{section}:
  issues-opened:
    post:
      summary: An issue was opened.
      requestBody:
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/IssuesOpened"}}
      responses: {{"200": {{description: ok}}}}
  issues-closed:
    post:
      summary: An issue was closed.
      requestBody:
        content:
          application/json:
            schema: {{$ref: "#/components/schemas/IssuesClosed"}}
      responses: {{"200": {{description: ok}}}}
components:
  schemas:
    Issue:
      type: object
      required: [id]
      properties: {{id: {{type: integer}}}}
    Hook:
      type: object
      properties: {{url: {{type: string}}}}
    IssuesOpened:
      type: object
      required: [action, issue]
      properties:
        action: {{type: string, enum: [opened]}}
        issue: {{$ref: "#/components/schemas/Issue"}}
        hook: {{$ref: "#/components/schemas/Hook"}}
    IssuesClosed:
      type: object
      required: [action]
      properties:
        action: {{type: string, enum: [closed]}}
"##
    )
}

#[test]
fn a_30_spec_with_x_webhooks_gets_the_crate_of_its_31_twin() {
    for extra in ["", "x-webhook-signature: {scheme: hubspot, versions: [v3]}"] {
        let old = generate(&spec("3.0.3", "x-webhooks", extra));
        let new = generate(&spec("3.1.0", "webhooks", extra));
        assert_eq!(code(&old), code(&new), "the 3.0 crate differs from the 3.1 one (extension: {extra:?})");
        let module = file(&old, "src/webhooks.rs");
        assert!(module.contains("IssuesOpened") && module.contains("IssuesClosed") && module.contains("WebhookEvent"), "{module}");
        let manifest = file(&old, "Cargo.toml");
        assert!(manifest.contains("webhooks = ["), "{manifest}");
        // Only the payloads reach `Hook`: it goes with the `webhooks` feature, not `unused_models`.
        let models = file(&old, "src/models.rs");
        let hook = models.find("pub struct Hook").expect("the type Hook");
        let gate = models[..hook].rfind("#[cfg(").map(|at| &models[at..hook]).unwrap_or_default();
        assert!(gate.contains("\"webhooks\"") && !gate.contains("unused_models"), "Hook is gated by {gate:?}");
        // Verification only where the spec names its signature scheme.
        let verifies = old.files.iter().any(|(n, _)| n == "src/webhooks_verify.rs");
        assert_eq!(verifies, !extra.is_empty(), "webhooks_verify.rs with extension {extra:?}");
        assert!(old.diagnostics.iter().all(|d| !d.message.contains("webhook")), "{:?}", old.diagnostics);
    }
}

#[test]
fn with_both_sections_webhooks_come_first_and_repeated_names_are_warnings() {
    let both = spec("3.1.0", "webhooks", "").replace("components:", &format!(
        "{}components:",
        r##"x-webhooks:
  issues-opened:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Hook"}
      responses: {"200": {description: ok}}
  issues-reopened:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [action], properties: {action: {type: string, enum: [reopened]}}}
      responses: {"200": {description: ok}}
"##
    ));
    let g = generate(&both);
    let module = file(&g, "src/webhooks.rs");
    // `issues-opened` sends what `webhooks` says (`IssuesOpened`), not `Hook`; the name only
    // `x-webhooks` has is read too.
    assert!(module.contains("IssuesOpened") && module.contains("IssuesReopenedEvent"), "{module}");
    assert!(!module.contains("Hook"), "{module}");
    let repeated: Vec<_> = g.diagnostics.iter().filter(|d| d.message.contains("also in `webhooks`")).collect();
    assert_eq!(repeated.len(), 1, "{:?}", g.diagnostics);
    assert_eq!(repeated[0].place, "test.yaml#/x-webhooks/issues-opened");
    assert!(repeated[0].location.as_ref().is_some_and(|l| l.line > 1), "{:?}", repeated[0]);
    // The order of the sections in the text changes nothing.
    let (head, tail) = both.split_once("webhooks:\n").expect("the webhooks section");
    let (hooks, rest) = tail.split_once("components:").expect("components");
    let (own, ext) = hooks.split_once("x-webhooks:\n").expect("x-webhooks");
    let swapped = format!("{head}x-webhooks:\n{ext}webhooks:\n{own}components:{rest}");
    let g2 = generate(&swapped);
    assert_eq!(code(&g), code(&g2));
}

#[test]
fn x_webhooks_of_the_wrong_shape_are_warnings_with_places() {
    let cases: [(&str, &[&str]); 6] = [
        ("x-webhooks: [1, 2]", &["test.yaml#/x-webhooks"]),
        ("x-webhooks: 7", &["test.yaml#/x-webhooks"]),
        ("x-webhooks: {a: 1, b: [], c: {post: 7, get: [1]}}", &["test.yaml#/x-webhooks/a", "test.yaml#/x-webhooks/b", "test.yaml#/x-webhooks/c/post", "test.yaml#/x-webhooks/c/get"]),
        ("x-webhooks: {a: {post: {requestBody: {content: {application/json: {schema: 5}}}}}}", &[]),
        ("x-webhooks: {a: {post: {requestBody: 3}}, b: {post: {requestBody: {content: []}}}}", &[]),
        ("x-webhooks: {'*/ fn evil() {}': {post: {requestBody: {content: {application/json: {schema: {type: object}}}}}}, \"a\\nb\\e[31m\": 5}", &["test.yaml#/x-webhooks/a\nb\u{1b}[31m"]),
    ];
    for (section, places) in cases {
        let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n{section}\n");
        let g = generate(&text);
        for place in places {
            let found = g.diagnostics.iter().find(|d| d.place == *place).unwrap_or_else(|| panic!("no diagnostic at {place}: {:?}", g.diagnostics));
            assert!(found.location.is_some(), "{found:?}");
        }
        // A key's line breaks and controls stay out of the messages a terminal shows.
        assert!(g.diagnostics.iter().all(|d| !d.message.contains(['\n', '\u{1b}'])), "{:?}", g.diagnostics);
        if let Some(module) = g.files.iter().find(|(n, _)| n == "src/webhooks.rs").map(|(_, c)| c) {
            assert!(module.lines().all(|l| l.trim_start().starts_with("//") || !l.contains("evil")), "{module}");
        }
    }
    // References that loop or point nowhere are reported, never followed forever.
    for section in ["x-webhooks: {a: {$ref: '#/x-webhooks/a'}}", "x-webhooks: {a: {$ref: '#/nowhere'}}"] {
        let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n{section}\n");
        let config = Config::new("x-webhook-test", "test.yaml", "test");
        let diags = match codegen::generate_from_str(&text, Path::new("test.yaml"), &config) {
            Ok(g) => g.diagnostics,
            Err(d) => d,
        };
        assert!(diags.iter().any(|d| d.place.starts_with("test.yaml#/x-webhooks/a")), "{section}: {:?}", diags);
    }
}

fn selected(include: &[&str], exclude: &[&str]) -> codegen::Generated {
    let mut config = Config::new("x-webhook-test", "test.yaml", "test");
    config.selection.include = include.iter().map(|s| s.to_string()).collect();
    config.selection.exclude = exclude.iter().map(|s| s.to_string()).collect();
    codegen::generate_from_str(&spec("3.0.3", "x-webhooks", ""), Path::new("test.yaml"), &config).unwrap_or_else(|d| panic!("{:?}", d.into_vec()))
}

fn has(g: &codegen::Generated, path: &str, needle: &str) -> bool {
    g.files.iter().any(|(p, t)| p == path && t.contains(needle))
}

#[test]
fn selectors_name_webhooks_to_keep_or_drop() {
    // Operations only: every webhook stays, as before webhooks could be named.
    let g = selected(&["tag:issues"], &[]);
    assert!(has(&g, "src/webhooks.rs", "IssuesOpened") && has(&g, "src/models.rs", "pub struct Hook"));
    // `--exclude 'webhook:*'`: the one-tag crate without the payloads and what only they reach.
    let g = selected(&["tag:issues"], &["webhook:*"]);
    assert!(g.files.iter().all(|(p, _)| p != "src/webhooks.rs"), "a webhooks module without webhooks");
    assert!(has(&g, "src/models.rs", "pub struct Issue "), "the operation's model is gone");
    for gone in ["pub struct IssuesOpened", "pub struct IssuesClosed", "pub struct Hook", "WebhookEvent"] {
        assert!(!has(&g, "src/models.rs", gone), "{gone} is kept");
    }
    assert!(g.diagnostics.iter().all(|d| !d.message.contains("matches no")), "{:?}", g.diagnostics);
    // One webhook out: the event enum keeps the other's variant only, and its payload.
    let g = selected(&[], &["webhook:issues-closed"]);
    assert!(has(&g, "src/models.rs", "WebhookEvent") && !has(&g, "src/models.rs", "IssuesClosed"));
    assert!(has(&g, "src/webhooks.rs", "`issues-opened`") && !has(&g, "src/webhooks.rs", "issues-closed"));
    write_and_lint(&g, "x-webhooks-one-left");
    // Webhooks only: no operation, a warning, the named webhooks.
    let g = selected(&["webhook:issues-o*"], &[]);
    assert!(!has(&g, "src/models.rs", "IssuesClosed") && has(&g, "src/webhooks.rs", "IssuesOpened"));
    assert!(g.diagnostics.iter().any(|d| d.message.contains("leaves no operation")), "{:?}", g.diagnostics);
    // A webhook selector that names nothing says so, as an operation selector does.
    let g = selected(&[], &["webhook:nope", "nope"]);
    let messages: Vec<&str> = g.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("`--exclude webhook:nope` matches no webhook")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("`--exclude nope` matches no operation")), "{messages:?}");
}

fn write_and_lint(g: &codegen::Generated, name: &str) {
    pipeline_tests::crates::assert_passes_clippy(name, &g.files);
}
