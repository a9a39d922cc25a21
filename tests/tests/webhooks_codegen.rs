//! The generator on `webhooks` (3.1) and `callbacks` (3.0): the callbacks fixture's crate
//! (payloads, event enum, names claimed for the verification items, v3-only verification),
//! specs built here that give no tag, an unknown signature scheme or hostile webhook keys,
//! and the API diff on webhook payloads (compared like response bodies).

#[path = "support/sign.rs"]
mod sign;

use std::path::Path;

use codegen::diff::{Kind, Verdict};
use codegen::Config;

fn generate(spec: &str) -> codegen::Generated {
    let config = Config::new("webhook-test", "test.yaml", "test");
    match codegen::generate_from_str(spec, Path::new("test.yaml"), &config) {
        Ok(g) => g,
        Err(d) => panic!("generation failed: {:?}", d.into_vec()),
    }
}

fn file<'a>(g: &'a codegen::Generated, name: &str) -> Option<&'a str> {
    g.files.iter().find(|(n, _)| n == name).map(|(_, c)| c.as_str())
}

fn warnings(g: &codegen::Generated) -> Vec<String> {
    g.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn callbacks_become_payload_types_and_an_event_enum() {
    use fixture_callbacks::models::Verifier2;
    use fixture_callbacks::webhooks::{OrderPaid, SignatureVersion, Verifier, VerifyError, WebhookEvent, WebhookRequest};

    // The model named `Verifier` gave way to the verification item of the same module.
    let _subscription = Verifier2::new("https://me.test/hook");
    let paid: WebhookEvent = serde_json::from_str(r#"{"event":"order.paid","orderId":"o1","note":null,"extra":1}"#).unwrap();
    match &paid {
        WebhookEvent::OrderPaid(OrderPaid { order_id, .. }) => assert_eq!(order_id, "o1"),
        other => panic!("{other:?}"),
    }
    let refunded: WebhookEvent = serde_json::from_str(r#"{"event":"order.refunded","amount":5}"#).unwrap();
    assert!(matches!(refunded, WebhookEvent::OrderRefunded(ref r) if r.amount == Some(5)), "{refunded:?}");
    let unknown: WebhookEvent = serde_json::from_str(r#"{"event":"order.lost"}"#).unwrap();
    assert!(matches!(unknown, WebhookEvent::Unknown(_)));

    // The extension lists v3 only: a valid v1 signature is refused.
    let body = br#"{"event":"order.paid","orderId":"o2"}"#;
    let url = "https://me.test/hook";
    let ts = "1700000000000";
    let verifier = Verifier::new("s3cret");
    let v3 = WebhookRequest::new("POST", url, body)
        .header("X-HubSpot-Signature-v3", sign::v3("s3cret", "POST", url, body, ts))
        .header("X-HubSpot-Request-Timestamp", ts)
        .now_ms(1_700_000_000_500);
    assert!(matches!(verifier.verify(&v3), Ok(WebhookEvent::OrderPaid(_))));
    let v1 = WebhookRequest::new("POST", url, body)
        .header("X-HubSpot-Signature", sign::v1("s3cret", body))
        .header("X-HubSpot-Signature-Version", "v1");
    assert_eq!(verifier.check(&v1), Err(VerifyError::UnsupportedVersion("v1".to_string())));
    assert_eq!(Verifier::new("s3cret").versions(&[SignatureVersion::V1]).check(&v1), Ok(SignatureVersion::V1));
}

const TAGLESS: &str = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
webhooks:
  a:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {x: {type: string}}}
      responses: {"200": {description: ok}}
  b:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {y: {type: integer}}}
      responses: {"200": {description: ok}}
"#;

#[test]
fn payloads_without_a_tag_get_types_and_a_warning_but_no_enum() {
    let g = generate(TAGLESS);
    let module = file(&g, "src/webhooks.rs").expect("a webhooks module");
    assert!(module.contains("AEvent") && module.contains("BEvent"), "{module}");
    assert!(!file(&g, "src/models.rs").unwrap().contains("enum WebhookEvent"));
    assert!(warnings(&g).iter().any(|w| w.contains("no event enum")), "{:?}", warnings(&g));
    // No signature extension: no verification and no crypto dependencies.
    assert!(file(&g, "src/webhooks_verify.rs").is_none());
    assert!(file(&g, "support/src/webhooks_verify.rs").is_none());
    assert!(!file(&g, "Cargo.toml").unwrap().contains("hmac"));
    assert!(!file(&g, "support/Cargo.toml").unwrap().contains("hmac"));
    // Without operations the crate is models and webhooks only.
    assert!(file(&g, "src/client.rs").is_none());
}

const REPEATED_UNION: &str = r#"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /events:
    post:
      operationId: sendEvent
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - {type: object, required: [kind], properties: {kind: {const: a}, x: {type: string}}}
                - {type: object, required: [kind], properties: {kind: {const: b}, y: {type: integer}}}
      responses: {"204": {description: sent}}
webhooks:
  event:
    post:
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - {type: object, required: [kind], properties: {kind: {const: a}, x: {type: string}}}
                - {type: object, required: [kind], properties: {kind: {const: b}, y: {type: integer}}}
      responses: {"200": {description: ok}}
"#;

#[test]
fn a_single_payload_that_repeats_a_tagged_union_is_the_event() {
    // The payload is an alias of the request body's union: still the union that tells events apart.
    let g = generate(REPEATED_UNION);
    let models = file(&g, "src/models.rs").expect("models");
    assert!(models.contains("pub type EventEvent = SendEventBody;"), "{models}");
    let module = file(&g, "src/webhooks.rs").expect("a webhooks module");
    assert!(module.contains("and `EventEvent`, which tells them apart"), "{module}");
}

#[test]
fn an_unknown_signature_scheme_is_a_warning_and_no_verification() {
    let spec = TAGLESS.replace("paths: {}", "paths: {}\nx-webhook-signature: {scheme: acme-hmac, versions: [v9]}");
    let g = generate(&spec);
    assert!(warnings(&g).iter().any(|w| w.contains("unknown webhook signature scheme")), "{:?}", warnings(&g));
    assert!(file(&g, "src/webhooks_verify.rs").is_none());
    let odd_version = TAGLESS.replace("paths: {}", "paths: {}\nx-webhook-signature: {scheme: hubspot, versions: [v9, 3]}");
    let g = generate(&odd_version);
    assert!(warnings(&g).iter().any(|w| w.contains("unknown signature version")), "{:?}", warnings(&g));
    let verify = file(&g, "src/webhooks_verify.rs").expect("verification with v3 as the fallback");
    assert!(verify.contains("SignatureVersion::V3"));
    // The check and its crypto are the support crate's, behind its `webhooks`, which the
    // client's turns on.
    assert!(file(&g, "support/src/webhooks_verify.rs").is_some_and(|f| f.contains("pub fn check(")));
    assert!(file(&g, "support/src/lib.rs").unwrap().contains("#[cfg(feature = \"webhooks\")]\npub mod webhooks_verify;"));
    assert!(file(&g, "support/Cargo.toml").unwrap().contains("webhooks = [\"dep:base64\", \"dep:hmac\", \"dep:sha2\"]"));
    let manifest = file(&g, "Cargo.toml").unwrap();
    assert!(manifest.contains("webhooks = [\"support/webhooks\"]") && !manifest.contains("hmac"), "{manifest}");
}

#[test]
fn hostile_webhook_sections_do_not_break_generation() {
    let shapes = [
        "webhooks: [1, 2]",
        "webhooks: {a: 1, b: [], c: {post: 7}, d: {post: {requestBody: {content: {application/json: {schema: 5}}}}}}",
        "webhooks: {a: {$ref: '#/webhooks/a'}}",
        "webhooks: {a: {$ref: '#/nowhere'}}",
        "paths: {/x: {post: {callbacks: [1], responses: {'200': {description: ok}}}}}",
        "paths: {/x: {post: {callbacks: {c: 1, d: {e: 2}}, responses: {'200': {description: ok}}}}}",
    ];
    for extra in shapes {
        let spec = format!("openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\n{extra}\n");
        let spec = if spec.contains("paths:") { spec } else { format!("{spec}paths: {{}}\n") };
        let config = Config::new("webhook-test", "test.yaml", "test");
        // Errors are fine (a `$ref` to nothing); a panic is not.
        let _ = codegen::generate_from_str(&spec, Path::new("test.yaml"), &config);
    }
    // Keys that look like code, Markdown or comment ends stay text.
    let key = "\"*/ } fn evil() { `x` [link] <b>\\n# heading\"";
    let spec = format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\nwebhooks:\n  {key}:\n    post:\n      summary: \"</code> */ ]]\"\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: object, required: [kind], properties: {{kind: {{const: \"*/\\\"\"}}}}}}\n      responses: {{'200': {{description: ok}}}}\n"
    );
    let g = generate(&spec);
    let module = file(&g, "src/webhooks.rs").expect("module");
    assert!(module.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with("//") || !l.contains("evil")), "{module}");
}

fn diff(old: &str, new: &str) -> codegen::diff::Report {
    let dir = std::env::temp_dir().join(format!("webhooks-diff-{}-{}", std::process::id(), old.len() * 31 + new.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    let report = codegen::diff::diff_files(&a, &b).map(|(r, _)| r);
    let _ = std::fs::remove_dir_all(&dir);
    match report {
        Ok(r) => r,
        Err(d) => panic!("{:?}", d.into_vec()),
    }
}

const HOOKS: &str = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
webhooks:
  MESSAGE_CREATED:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/MessageCreated"}
      responses: {"200": {description: ok}}
components:
  schemas:
    MessageCreated:
      type: object
      required: [type, id]
      properties:
        type: {type: string, const: MESSAGE_CREATED}
        id: {type: string}
        text: {type: string}
"##;

#[test]
fn the_diff_treats_webhook_payloads_like_responses() {
    // The API stops sending a field receivers require: breaking on the wire.
    let dropped = HOOKS.replace("required: [type, id]", "required: [type]").replace("        id: {type: string}\n", "");
    let report = diff(HOOKS, &dropped);
    let removed = report.changes.iter().find(|c| c.kind == Kind::FieldRemoved).unwrap_or_else(|| panic!("{:?}", report.changes));
    assert_eq!(removed.wire, Verdict::Breaking, "{removed:?}");
    assert!(removed.place.contains("webhook MESSAGE_CREATED payload"), "{}", removed.place);
    // An optional field becoming required is fine for a receiver (as for a response).
    let required = HOOKS.replace("required: [type, id]", "required: [type, id, text]");
    let report = diff(HOOKS, &required);
    let made = report.changes.iter().find(|c| c.kind == Kind::FieldMadeRequired).unwrap_or_else(|| panic!("{:?}", report.changes));
    assert_eq!(made.wire, Verdict::Compatible, "{made:?}");
    // A new event type is a new variant of the event enum: compatible on the wire.
    let more = HOOKS.replace(
        "components:",
        "  MESSAGE_DELETED:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, required: [type], properties: {type: {type: string, const: MESSAGE_DELETED}}}\n      responses: {\"200\": {description: ok}}\ncomponents:",
    );
    let report = diff(HOOKS, &more);
    let added = report.changes.iter().find(|c| c.kind == Kind::UnionVariantAdded).unwrap_or_else(|| panic!("{:?}", report.changes));
    assert_eq!(added.wire, Verdict::Compatible, "{added:?}");
}
