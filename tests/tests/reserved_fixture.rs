//! The crate of `spec/fixtures/reserved.yaml` (every reserved name in every scope) at run
//! time, against a server on 127.0.0.1: each argument still reaches its own place although
//! it is named like a local of the method body, a setter renamed from `sub` (clippy would take
//! it for `Sub::sub`) sends the scheme's key, odd path templates send their braces as text, and
//! a tag value two variants claimed selects the first.

use fixture_reserved::models::{self, Result as ResultModel};
use fixture_reserved::params::LocalsRequiredParams;
use fixture_reserved::responses::LocalsRequiredResponse;
use fixture_reserved::Client;
use pipeline_tests::{Reply, TestServer};

fn client(server: &TestServer) -> Client {
    // `header` is the scheme's key; `header` is also the builder's own method.
    Client::builder().base_url(&server.base_url).header_2("the-key").max_attempts(1).build().expect("client")
}

#[tokio::test]
async fn arguments_named_like_locals_reach_their_own_places() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"value": "known"}"#)]);
    let body = models::Into::new("n", ResultModel::Unknown(serde_json::json!({"kind": "other"})));
    let params = LocalsRequiredParams { opt: Some("o".into()), filter: None };
    let response = client(&server)
        .locals_required(
            "s", "b", 7, "q", "h", "p", "d", "u", "c", "v", "i", "k", "st", "cl", "cu", "pg", "call-header", "key-cookie",
            &["f1".to_string()], &params, &body,
        )
        .await
        .expect("200");
    assert!(matches!(response.body(), LocalsRequiredResponse::Status200(_)));
    let sent = &server.requests()[0];
    assert_eq!(sent.path(), "/locals/s/b/7");
    for (name, value) in [
        ("query", "q"), ("headers", "h"), ("param", "p"), ("deep_object", "d"), ("url", "u"), ("call", "c"), ("value", "v"),
        ("item", "i"), ("key", "k"), ("status", "st"), ("client", "cl"), ("cursor", "cu"), ("page", "pg"), ("opt", "o"),
        ("filter_pairs", "f1"),
    ] {
        assert_eq!(sent.query(name).as_deref(), Some(value), "query parameter `{name}` in {}", sent.target);
    }
    assert_eq!(sent.header("call"), Some("call-header"));
    assert_eq!(sent.header("x-header"), Some("the-key"));
    assert_eq!(sent.header("cookie"), Some("key=key-cookie"));
    assert_eq!(sent.json()["name"], "n");
}

#[tokio::test]
async fn missing_credentials_name_each_accepted_scheme_once() {
    let server = TestServer::start(Vec::new());
    let c = Client::builder().base_url(&server.base_url).max_attempts(1).build().expect("client");
    // The API's alternatives name `header`, `type` and `timeout` twice: alone and together.
    let error = c.odd_empty_braces().await.expect_err("no credentials");
    let fixture_reserved::Error::MissingCredentials { accepted, .. } = error else { panic!("{error:?}") };
    let mut unique = accepted.to_vec();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(accepted.len(), unique.len(), "{accepted:?}");
    assert!(["header", "type", "timeout", "merge"].iter().all(|k| accepted.contains(k)), "{accepted:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_scheme_keyed_like_an_operator_method_sends_its_key_through_the_renamed_setter() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]);
    let c = Client::builder().base_url(&server.base_url).sub_2("the-sub-key").max_attempts(1).build().expect("client");
    // Operations keep such names: `async` methods are no trait method look-alikes.
    c.add().await.expect("200");
    assert_eq!(server.requests()[0].header("x-sub"), Some("the-sub-key"));
}

#[tokio::test]
async fn odd_path_templates_send_their_braces_as_text() {
    let server = TestServer::start(vec![Reply { status: 204, headers: Vec::new(), body: String::new() }]);
    let c = client(&server);
    c.odd_double_braces("v").await.expect("204");
    c.odd_empty_braces().await.expect("204");
    c.odd_unused().await.expect("204");
    c.odd_twice("w").await.expect("204");
    c.odd_unbalanced().await.expect("204");
    // A value that alone would be refused is fine inside text: the segment is `ab}{c`.
    c.odd_mixed("").await.expect("204");
    c.odd_mixed("/").await.expect("204");
    let paths: Vec<String> = server.requests().iter().map(|r| r.path().to_string()).collect();
    assert_eq!(
        paths,
        [
            "/odd/%7Bv%7D",
            "/odd/%7B%7D/empty",
            "/odd/declared-unused",
            "/odd/w/w",
            "/odd/%7Bx/unbalanced",
            "/odd/ab%7D%7Bc",
            "/odd/a%2Fb%7D%7Bc",
        ]
    );
    // Each templated segment is checked, and named as the template writes it.
    for (error, segment) in [
        (c.odd_twice("..").await.expect_err("refused"), "`{x}`"),
        (c.odd_undeclared(".").await.expect_err("refused"), "`{undeclared}`"),
    ] {
        assert!(
            matches!(&error, fixture_reserved::Error::InvalidRequest { message, .. } if message.contains(segment)),
            "{error:?}"
        );
    }
    assert_eq!(server.requests().len(), 7);
}

#[test]
fn a_tag_value_two_variants_claim_selects_the_first() {
    let ok: ResultModel = serde_json::from_str(r#"{"kind": "ok"}"#).expect("decodes");
    assert!(matches!(ok, ResultModel::Ok(_)), "{ok:?}");
    let unknown: ResultModel = serde_json::from_str(r#"{"kind": "Unknown"}"#).expect("decodes");
    assert!(matches!(unknown, ResultModel::Unknown2(_)), "{unknown:?}");
    let other: ResultModel = serde_json::from_str(r#"{"kind": "nope"}"#).expect("decodes");
    assert!(matches!(other, ResultModel::Unknown(_)), "{other:?}");
}

/// What the generator did with each odd construct of the fixture is a warning with its place,
/// not an error.
#[test]
fn odd_paths_and_shared_tag_values_are_warnings_with_places() {
    let fixture = xtask::fixtures::all().into_iter().find(|f| f.name == "reserved").expect("the reserved fixture");
    let generated = codegen::generate(&fixture.spec, &fixture.config()).unwrap_or_else(|d| panic!("does not generate:\n{d}"));
    let warnings: Vec<String> = generated.diagnostics.iter().map(|d| format!("{} {}", d.place, d.message)).collect();
    for (place, message) in [
        ("~1odd~1{{x}}/get", "braces that are not a `{name}`"),
        ("~1odd~1{}~1empty/get", "braces that are not a `{name}`"),
        ("~1odd~1{x~1unbalanced/get", "path parameter `x` is not in the path"),
        ("~1odd~1declared-unused/get", "path parameter `unused` is not in the path"),
        ("~1odd~1{undeclared}/get", "path parameter `undeclared` is not declared"),
        ("~1odd~1{x}~1{x}/get", "a parameter appears twice"),
        ("schemas/Result", "the `kind` value `ok` of variant `ok` already selects an earlier variant"),
        ("schemas/ConstClash", "the `kind` value `ok` of variant `ok` already selects an earlier variant"),
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(place) && w.contains(message)),
            "no warning `{message}` at `{place}` in:\n{}",
            warnings.join("\n")
        );
    }
}
