//! The API diff on hand-written spec pairs, one per kind of change
//! (`tests/fixtures/diff/<case>/{old,new}.yaml`): each change found, with both verdicts,
//! and nothing else. Then the JSON report's documented shape, and pointers that resolve.

use std::path::PathBuf;

use codegen::diff::{self, report, Change, Report, Side};
use serde_json::Value;

fn case_dir(case: &str) -> PathBuf {
    pipeline_tests::repo_root().join("tests/fixtures/diff").join(case)
}

fn diff_case(case: &str) -> Report {
    let dir = case_dir(case);
    match diff::diff_files(&dir.join("old.yaml"), &dir.join("new.yaml")) {
        Ok((report, _warnings)) => report,
        Err(d) => panic!("{case}: the fixtures do not load:\n{d}"),
    }
}

/// (kind, a piece of the place, wire verdict, rust verdict).
type Expected<'a> = (&'a str, &'a str, &'a str, &'a str);

fn matches(c: &Change, e: &Expected<'_>) -> bool {
    c.kind.as_str() == e.0 && c.place.contains(e.1) && c.wire.as_str() == e.2 && c.rust.as_str() == e.3
}

/// Every expected change is found exactly once, and there is no other change.
fn check(case: &str, expected: &[Expected<'_>]) -> Report {
    check_report(case, diff_case(case), expected)
}

/// [`check`] of a report already made.
fn check_report(case: &str, report: Report, expected: &[Expected<'_>]) -> Report {
    let text = report::text(&report, None);
    for e in expected {
        let n = report.changes.iter().filter(|c| matches(c, e)).count();
        assert_eq!(n, 1, "{case}: expected one {e:?}, found {n}\n{text}");
    }
    assert_eq!(report.changes.len(), expected.len(), "{case}: unexpected changes\n{text}");
    report
}

#[test]
fn operation_added() {
    check("operation-added", &[("operation-added", "createThing", "compatible", "compatible")]);
}

#[test]
fn operation_removed() {
    check("operation-removed", &[("operation-removed", "createThing", "breaking", "breaking")]);
}

#[test]
fn operation_moved_keeps_the_method() {
    let report = check("operation-moved", &[("operation-moved", "getThing", "breaking", "compatible")]);
    let detail = &report.changes[0].detail;
    assert!(detail.contains("`GET /things/{id}` → `GET /items/{id}`") && detail.contains("same operationId"), "{detail}");
}

#[test]
fn operation_renamed_by_its_operation_id() {
    let report = check("operation-renamed", &[("operation-renamed", "fetchThing", "compatible", "breaking")]);
    assert!(report.changes[0].detail.contains("`Client::get_thing` → `Client::fetch_thing`"));
}

#[test]
fn parameter_added() {
    check(
        "parameter-added",
        &[
            // `params::ListThingsParams` exists: a new field, `..Default::default()` still compiles.
            ("parameter-added", "listThings parameter after", "compatible", "compatible"),
            // The first optional parameter: the method gains a `params` argument.
            ("parameter-added", "getThing parameter expand", "compatible", "breaking"),
            // Required: a new positional argument, never sent by the old client.
            ("parameter-added", "deleteThing parameter reason", "breaking", "breaking"),
        ],
    );
}

#[test]
fn parameter_removed() {
    check(
        "parameter-removed",
        &[
            // The server silently ignores a query parameter it no longer reads: the old
            // client's filter or cursor no longer applies.
            ("parameter-removed", "listThings parameter after", "maybe", "breaking"),
            ("parameter-removed", "listThings parameter tenant", "maybe", "breaking"),
        ],
    );
}

#[test]
fn parameter_made_required() {
    check("parameter-made-required", &[("parameter-made-required", "parameter tenant", "breaking", "breaking")]);
}

#[test]
fn parameter_made_optional() {
    check("parameter-made-optional", &[("parameter-made-optional", "parameter tenant", "compatible", "breaking")]);
}

#[test]
fn parameter_retyped() {
    check(
        "parameter-retyped",
        &[
            ("parameter-retyped", "parameter limit", "compatible", "breaking"),
            ("parameter-retyped", "parameter tenant", "breaking", "breaking"),
        ],
    );
}

#[test]
fn parameters_retyped_to_strings_still_take_the_old_values() {
    check(
        "parameter-to-string",
        &[
            ("parameter-retyped", "getThing parameter id (path)", "compatible", "breaking"),
            ("parameter-retyped", "getThing parameter ids (query)", "compatible", "breaking"),
        ],
    );
}

#[test]
fn a_free_form_object_is_not_any_json() {
    check(
        "object-retyped",
        &[
            ("field-retyped", "createThing request body .meta", "breaking", "breaking"),
            ("field-retyped", "createThing response 200 .count", "breaking", "breaking"),
            // Free-form JSON may hold floats: the structs lose `Eq`.
            ("trait-removed", "createThing request body", "compatible", "breaking"),
            ("trait-removed", "createThing response 200", "compatible", "breaking"),
        ],
    );
}

#[test]
fn unique_items_matter_for_what_the_client_sends() {
    let report = check(
        "unique-items",
        &[
            ("parameter-retyped", "createThing parameter tags", "breaking", "compatible"),
            ("field-retyped", "createThing request body .labels", "breaking", "compatible"),
            ("field-retyped", "createThing response 200 .owners", "compatible", "compatible"),
        ],
    );
    assert!(report.changes.iter().all(|c| c.detail.contains("uniqueItems")), "{:?}", report.changes);
}

#[test]
fn a_paginated_operation_names_its_helpers_and_params() {
    let report = check(
        "paginated",
        &[
            ("parameter-added", "listThings parameter tenant", "breaking", "breaking"),
            ("operation-renamed", "listWidgets", "compatible", "breaking"),
            ("parameter-removed", "listGadgets parameter after", "maybe", "breaking"),
            ("pages-removed", "listGadgets", "compatible", "breaking"),
        ],
    );
    let detail = |kind: &str| report.changes.iter().find(|c| c.kind.as_str() == kind).map(|c| c.detail.as_str()).unwrap_or_default();
    assert!(detail("parameter-added").contains("(the same in `Client::list_things_pages`, `Client::list_things_stream`)"), "{}", detail("parameter-added"));
    assert_eq!(
        detail("operation-renamed"),
        "`Client::list_others` → `Client::list_widgets`, `Client::list_others_pages` → `Client::list_widgets_pages`, \
         `Client::list_others_stream` → `Client::list_widgets_stream`, `params::ListOthersParams` → `params::ListWidgetsParams`"
    );
    assert!(detail("parameter-removed").contains("`params::ListGadgetsParams` is gone"), "{}", detail("parameter-removed"));
    assert_eq!(detail("pages-removed"), "`Client::list_gadgets_pages` and `Client::list_gadgets_stream` are gone");
}

#[test]
fn request_field_added() {
    check(
        "request-field-added",
        &[
            ("field-added", "createThing request body .color", "compatible", "compatible"),
            ("field-added", "createThing request body .size", "breaking", "breaking"),
        ],
    );
}

#[test]
fn request_field_removed() {
    check(
        "request-field-removed",
        &[
            ("field-removed", "request body .color", "compatible", "breaking"),
            ("field-removed", "request body .legacyCode", "compatible", "breaking"),
        ],
    );
}

#[test]
fn request_field_retyped() {
    check(
        "request-field-retyped",
        &[
            // int32 → int64: everything the old client sends still fits.
            ("field-retyped", "request body .size", "compatible", "breaking"),
            // integer → string: it does not.
            ("field-retyped", "request body .weight", "breaking", "breaking"),
        ],
    );
}

#[test]
fn request_field_made_required() {
    check("request-field-made-required", &[("field-made-required", "request body .color", "breaking", "breaking")]);
}

#[test]
fn request_field_made_optional() {
    check("request-field-made-optional", &[("field-made-optional", "request body .color", "compatible", "breaking")]);
}

#[test]
fn request_field_made_nullable() {
    check(
        "request-field-made-nullable",
        &[
            // Required: `String` becomes `Option<String>`.
            ("field-made-nullable", "request body .name", "compatible", "breaking"),
            // Optional: `Option<String>` becomes `Option<Option<String>>` (absent, null, value).
            ("field-made-nullable", "request body .color", "compatible", "breaking"),
        ],
    );
}

#[test]
fn response_field_added() {
    check(
        "response-field-added",
        &[
            ("field-added", "getThing response 200 .label", "compatible", "compatible"),
            // `new` gains an argument: response types have `new` too.
            ("field-added", "getThing response 200 .createdAt", "compatible", "breaking"),
        ],
    );
}

#[test]
fn response_field_removed() {
    check(
        "response-field-removed",
        &[
            ("field-removed", "response 200 .label", "compatible", "breaking"),
            // The old client's field is a plain required `DateTime`: a body without it fails to decode.
            ("field-removed", "response 200 .createdAt", "breaking", "breaking"),
        ],
    );
}

#[test]
fn response_field_retyped() {
    check(
        "response-field-retyped",
        &[
            // Larger numbers are allowed now: the old `i32` fails only if the server sends one.
            ("field-retyped", "response 200 .count", "maybe", "breaking"),
            // Date-times are strings: the old `String` field decodes them.
            ("field-retyped", "response 200 .createdAt", "compatible", "breaking"),
            ("field-retyped", "response 200 .score", "breaking", "breaking"),
        ],
    );
}

#[test]
fn response_field_made_required() {
    check("response-field-made-required", &[("field-made-required", "response 200 .label", "compatible", "breaking")]);
}

#[test]
fn response_field_made_optional() {
    // `T` → `Option<T>` breaks Rust callers; on the wire the old client (a plain `T`, no
    // serde default) fails only when the server actually leaves the field out.
    let report = check("response-field-made-optional", &[("field-made-optional", "response 200 .label", "maybe", "breaking")]);
    assert!(report.changes[0].why.contains("Error::Decode"), "{}", report.changes[0].why);
}

#[test]
fn response_field_made_nullable() {
    check(
        "response-field-made-nullable",
        &[
            ("field-made-nullable", "response 200 .id", "maybe", "breaking"),
            ("field-made-nullable", "response 200 .label", "compatible", "breaking"),
        ],
    );
}

#[test]
fn enum_value_added() {
    check(
        "enum-value-added",
        &[
            ("enum-value-added", "createThing request body .color", "compatible", "compatible"),
            // Open enums: the old client keeps it as `Unknown(String)`.
            ("enum-value-added", "createThing response 201 .status", "compatible", "compatible"),
        ],
    );
}

#[test]
fn enum_value_removed() {
    check(
        "enum-value-removed",
        &[
            ("enum-value-removed", "createThing request body .color", "breaking", "breaking"),
            ("enum-value-removed", "createThing response 201 .status", "compatible", "breaking"),
        ],
    );
}

#[test]
fn union_variant_added() {
    check("union-variant-added", &[("union-variant-added", "getMessage response 200 <LOCATION>", "compatible", "compatible")]);
}

#[test]
fn union_variant_removed() {
    check("union-variant-removed", &[("union-variant-removed", "publishMessage request body <LOCATION>", "breaking", "breaking")]);
}

#[test]
fn a_repeated_schema_that_becomes_a_struct_of_its_own_is_no_change() {
    // Old: getB's response type is an alias of getA's (the same inline schema). New: getA's
    // grew, getB's is a struct of its own with the old shape and name. Only getA changed.
    check("repeat-becomes-own-struct", &[("field-added", "getA response 200 .extra", "compatible", "compatible")]);
}

#[test]
fn a_repeated_schema_that_changes_is_reported_as_itself() {
    let report = check(
        "repeat-changes",
        &[
            ("field-added", "getB response 200 .extra", "compatible", "compatible"),
            ("field-removed", "getB response 200 .label", "compatible", "breaking"),
        ],
    );
    // Named as getB's users know it, not as the type its old alias stood for.
    for c in &report.changes {
        assert!(c.detail.contains("GetBResponse") && !c.detail.contains("GetAResponse"), "{}", c.detail);
        let pointer = c.pointer.as_deref().unwrap_or_default();
        assert!(pointer.contains("~1b"), "{pointer}");
    }
}

#[test]
fn security_changed() {
    let report = check(
        "security-changed",
        &[
            ("security-changed", "listThings security", "compatible", "compatible"),
            ("security-changed", "getThing security", "breaking", "compatible"),
            ("security-changed", "deleteThing security", "breaking", "compatible"),
            // Another alternative: the old token still does.
            ("security-changed", "replaceThing security", "compatible", "compatible"),
            // No operation uses the API key any more: the crate drops its setter.
            ("security-scheme-removed", "security scheme api_key", "compatible", "breaking"),
        ],
    );
    let list = report.changes.iter().find(|c| c.place.starts_with("listThings")).map(|c| c.detail.as_str());
    assert_eq!(list, Some("api_key → none"));
}

#[test]
fn oauth_flows_changed_name_the_constants_that_go() {
    let report = check(
        "oauth-flows-changed",
        &[
            ("security-scheme-changed", "security scheme oauth", "compatible", "breaking"),
            ("security-scheme-changed", "security scheme sso", "compatible", "breaking"),
        ],
    );
    let detail = |key: &str| report.changes.iter().find(|c| c.place.ends_with(key)).map(|c| c.detail.clone()).unwrap_or_default();
    assert!(detail("oauth").contains("`Client::OAUTH_CLIENT_CREDENTIALS_URL` gone"), "{}", detail("oauth"));
    assert!(detail("sso").contains("`Client::SSO_TOKEN_URL` gone"), "{}", detail("sso"));
}

#[test]
fn media_type_changed() {
    check(
        "media-type-changed",
        &[
            // JSON → form: the same Rust argument, other bytes on the wire.
            ("media-type-changed", "createThing request body", "breaking", "compatible"),
            // JSON → multipart: the argument becomes a `reqwest::multipart::Form`.
            ("media-type-changed", "uploadThing request body", "breaking", "breaking"),
            // Any JSON media type decodes the same.
            ("media-type-changed", "getThing response 200", "compatible", "compatible"),
        ],
    );
}

#[test]
fn inline_types_renamed_by_the_generator_still_compare() {
    let report = check(
        "inline-type-renamed",
        &[
            ("operation-renamed", "makeThing", "compatible", "breaking"),
            ("type-renamed", "makeThing request body", "compatible", "breaking"),
            ("field-added", "makeThing request body .color", "compatible", "compatible"),
        ],
    );
    let renamed = report.changes.iter().find(|c| c.kind.as_str() == "type-renamed").map(|c| c.detail.as_str());
    assert_eq!(renamed, Some("`CreateThingBody` is now `MakeThingBody`"));
}

#[test]
fn swapped_positional_arguments_are_breaking() {
    check(
        "arguments-reordered",
        &[
            ("operation-moved", "getThing", "breaking", "compatible"),
            ("arguments-reordered", "getThing", "compatible", "breaking"),
        ],
    );
}

#[test]
fn reordered_required_fields_break_a_positional_new_only() {
    // `Transfer`'s two strings go to `new` by name (`TransferRequired`), so their order is no
    // change; `Label`'s `new(name, weight)` becomes `new(weight, name)`.
    check("new-arguments-reordered", &[("arguments-reordered", "createLabel request body new()", "compatible", "breaking")]);
}

#[test]
fn a_type_sent_and_received_gets_the_worse_wire_verdict() {
    let report = check(
        "shared-type",
        &[
            // Received: the old `String` fails on a body without it. Sent: fine.
            ("field-made-optional", ".label", "maybe", "breaking"),
            // Sent: the old client never sends it. Received: ignored.
            ("field-added", ".owner", "breaking", "breaking"),
        ],
    );
    assert!(report.changes.iter().all(|c| c.why.contains("the type is also")), "{:?}", report.changes);
}

#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    let spec = pipeline_tests::repo_root().join(xtask::SPEC);
    let (report, _) = diff::diff_files(&spec, &spec).unwrap_or_else(|d| panic!("{d}"));
    assert!(report.is_empty(), "{}", report::text(&report, None));
    assert!(report::text(&report, Some("0.1.0")).contains("no API changes"));
}

/// All fixture cases, for the checks that apply to every report.
fn all_cases() -> Vec<String> {
    let dir = pipeline_tests::repo_root().join("tests/fixtures/diff");
    let mut cases: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("old.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_pointer_points_into_its_spec() {
    for case in all_cases() {
        let report = diff_case(&case);
        for c in &report.changes {
            let Some(pointer) = &c.pointer else { continue };
            let file = case_dir(&case).join(match c.side {
                Side::Old => "old.yaml",
                Side::New => "new.yaml",
            });
            let mut d = codegen::Diagnostics::default();
            let doc = codegen::load::load_file(&file, &mut d).expect("loads");
            assert!(doc.root.pointer(pointer).is_some(), "{case}: {} at {pointer} does not resolve in {}", c.kind.as_str(), file.display());
        }
    }
}

#[test]
fn json_report_has_the_documented_shape() {
    let report = diff_case("request-field-added");
    let json = report::json(&report, Some("0.4.2"));
    let summary = &json["summary"];
    for key in ["changes", "rust_breaking", "wire_breaking", "wire_maybe", "compatible"] {
        assert!(summary[key].is_u64(), "summary.{key}: {summary}");
    }
    assert_eq!(summary["changes"], 2);
    assert_eq!(summary["rust_breaking"], 1);
    assert_eq!(summary["semver"], "breaking");
    assert_eq!(summary["bump_while_0_x"], "minor");
    assert_eq!(summary["bump_from_1_0"], "major");
    assert_eq!(summary["current_version"], "0.4.2");
    assert_eq!(summary["suggested_version"], "0.5.0");
    assert!(summary["rule"].as_str().is_some_and(|r| r.contains("0.x")));
    assert!(json["old"].as_str().is_some_and(|p| p.ends_with("old.yaml")));
    assert!(json["new"].as_str().is_some_and(|p| p.ends_with("new.yaml")));
    let changes = json["changes"].as_array().expect("changes is an array");
    assert_eq!(changes.len(), 2);
    for c in changes {
        let obj = c.as_object().expect("each change is an object");
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(keys, ["kind", "place", "pointer", "spec", "detail", "wire", "rust", "why"]);
        for key in ["kind", "place", "detail", "why"] {
            assert!(c[key].as_str().is_some_and(|s| !s.is_empty()), "{key}: {c}");
        }
        assert!(c["pointer"].is_string() || c["pointer"].is_null());
        assert!(matches!(c["spec"].as_str(), Some("old" | "new")));
        assert!(matches!(c["wire"].as_str(), Some("compatible" | "maybe" | "breaking")));
        assert!(matches!(c["rust"].as_str(), Some("compatible" | "breaking")));
    }
    let size = changes.iter().find(|c| c["place"].as_str().is_some_and(|p| p.ends_with(".size"))).expect("size");
    assert_eq!(size["kind"], "field-added");
    assert_eq!(size["pointer"], "/components/schemas/ThingInput/properties/size");
    assert_eq!((size["wire"].as_str(), size["rust"].as_str()), (Some("breaking"), Some("breaking")));
    // The pretty text is the same JSON.
    let parsed: Value = serde_json::from_str(&report::json_text(&report, Some("0.4.2"))).expect("valid JSON");
    assert_eq!(parsed, json);
}

#[test]
fn text_report_is_grouped_and_states_the_rule() {
    let report = diff_case("security-changed");
    let text = report::text(&report, Some("1.2.3"));
    let rust = text.find("Breaking for Rust callers").expect("rust group");
    let wire = text.find("Breaking on the wire only").expect("wire group");
    let compatible = text.find("\nCompatible:").expect("compatible group");
    assert!(rust < wire && wire < compatible, "{text}");
    assert!(text.contains("What the generated crate does:"), "{text}");
    assert!(text.contains("suggested version: 1.2.3 → 2.0.0"), "{text}");
    assert!(text.contains("bumps the minor (0.x → 0.(x+1).0)"), "{text}");
    assert!(text.lines().nth(1).is_some_and(|l| l.starts_with("5 changes: 1 breaking for Rust callers, 2 breaking on the wire")), "{text}");
}

#[test]
fn every_change_says_what_the_crate_does() {
    for case in all_cases() {
        for c in diff_case(&case).changes {
            assert!(c.why.starts_with("Rust: ") && c.why.contains(". Wire: "), "{case}: {}", c.why);
        }
    }
}

// Multipart bodies, part by part: two versions of one upload, built here.

/// An upload whose body schema is inline (no model but the body struct): a required file
/// (declared `image/png`), an optional text `folder`, a required integer `count` and an
/// optional JSON object `options`.
fn upload() -> Value {
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Uploads", "version": "1"},
        "paths": {"/files": {"post": {
            "operationId": "uploadFile",
            "requestBody": {"required": true, "content": {"multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "count"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "folder": {"type": "string"},
                        "count": {"type": "integer"},
                        "options": {"type": "object", "properties": {"access": {"type": "string"}}}
                    }
                },
                "encoding": {"file": {"contentType": "image/png"}}
            }}},
            "responses": {"204": {"description": "Uploaded."}}
        }}}
    })
}

/// The upload's multipart media type.
fn upload_media(spec: &mut Value) -> &mut Value {
    &mut spec["paths"]["/files"]["post"]["requestBody"]["content"]["multipart/form-data"]
}

/// The upload's body schema, to change.
fn upload_schema(spec: &mut Value) -> &mut Value {
    &mut upload_media(spec)["schema"]
}

/// The upload with its body schema a component, `Upload`.
fn upload_component() -> Value {
    let mut spec = upload();
    let schema = std::mem::replace(upload_schema(&mut spec), serde_json::json!({"$ref": "#/components/schemas/Upload"}));
    spec["components"] = serde_json::json!({"schemas": {"Upload": schema}});
    spec
}

/// The report between `old` and it changed by `change`, checked as [`check`] does, and every
/// pointer resolving in its spec.
fn check_specs(case: &str, old: Value, change: impl FnOnce(&mut Value), expected: &[Expected<'_>]) -> Report {
    let mut new = old.clone();
    change(&mut new);
    let dir = std::env::temp_dir().join(format!("diff-multipart-{}-{case}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (old_file, new_file) = (dir.join("old.json"), dir.join("new.json"));
    std::fs::write(&old_file, old.to_string()).expect("write");
    std::fs::write(&new_file, new.to_string()).expect("write");
    let report = match diff::diff_files(&old_file, &new_file) {
        Ok((report, _warnings)) => report,
        Err(d) => panic!("{case}: the specs do not load:\n{d}"),
    };
    let _ = std::fs::remove_dir_all(&dir);
    let report = check_report(case, report, expected);
    for c in &report.changes {
        let spec = if c.side == Side::Old { &old } else { &new };
        if let Some(pointer) = &c.pointer {
            assert!(spec.pointer(pointer).is_some(), "{case}: {pointer} of {c:?} does not resolve");
        }
    }
    report
}

/// [`check_specs`] from `upload()`.
fn check_upload(case: &str, change: impl FnOnce(&mut Value), expected: &[Expected<'_>]) -> Report {
    check_specs(case, upload(), change, expected)
}

#[test]
fn a_multipart_body_compared_with_itself_has_no_changes() {
    check_upload("same", |_| {}, &[]);
}

#[test]
fn multipart_parts_added_break_only_when_required() {
    let report = check_upload(
        "added",
        |spec| {
            let schema = upload_schema(spec);
            schema["properties"]["owner"] = serde_json::json!({"type": "string"});
            schema["properties"]["note"] = serde_json::json!({"type": "string"});
            schema["required"] = serde_json::json!(["file", "count", "owner"]);
        },
        &[
            ("field-added", "uploadFile request body part owner", "breaking", "breaking"),
            ("field-added", "uploadFile request body part note", "compatible", "compatible"),
        ],
    );
    let owner = report.changes.iter().find(|c| c.place.ends_with("owner")).expect("owner");
    let at = "/paths/~1files/post/requestBody/content/multipart~1form-data/schema/properties/owner";
    assert_eq!(owner.pointer.as_deref(), Some(at));
    assert!(owner.detail.contains("`models::UploadFileBody::new` gains `owner: String`"), "{}", owner.detail);
}

#[test]
fn multipart_parts_removed_or_required_otherwise_break_their_field() {
    let report = check_upload(
        "removed",
        |spec| {
            let schema = upload_schema(spec);
            schema["properties"].as_object_mut().expect("properties").remove("folder");
            schema["required"] = serde_json::json!(["file", "options"]);
        },
        &[
            ("field-removed", "part folder", "compatible", "breaking"),
            ("field-made-optional", "part count", "compatible", "breaking"),
            ("field-made-required", "part options", "breaking", "breaking"),
        ],
    );
    let folder = report.changes.iter().find(|c| c.place.ends_with("folder")).expect("folder");
    let at = "/paths/~1files/post/requestBody/content/multipart~1form-data/schema/properties/folder";
    assert_eq!((folder.side, folder.pointer.as_deref()), (Side::Old, Some(at)));
}

#[test]
fn multipart_text_parts_retyped_travel_as_text() {
    check_upload(
        "retyped",
        |spec| {
            let schema = upload_schema(spec);
            // The integer the old client sends is text a string part takes; not the reverse.
            schema["properties"]["count"] = serde_json::json!({"type": "string"});
            schema["properties"]["folder"] = serde_json::json!({"type": "integer"});
        },
        &[
            ("field-retyped", "part count", "compatible", "breaking"),
            ("field-retyped", "part folder", "breaking", "breaking"),
        ],
    );
}

#[test]
fn a_file_part_that_becomes_text_or_files_is_retyped() {
    let report = check_upload(
        "file-to-text",
        |spec| upload_schema(spec)["properties"]["file"] = serde_json::json!({"type": "string"}),
        &[("field-retyped", "part file", "breaking", "breaking")],
    );
    assert!(report.changes[0].detail.contains("sent as a file → as text: `FilePart` → `String`"), "{}", report.changes[0].detail);
    check_upload(
        "file-to-files",
        |spec| {
            upload_schema(spec)["properties"]["file"] = serde_json::json!({"type": "array", "items": {"type": "string", "format": "binary"}});
        },
        &[("field-retyped", "part file", "compatible", "breaking")],
    );
}

#[test]
fn a_file_parts_declared_media_type_matters_on_the_wire_only() {
    check_upload(
        "content-type",
        |spec| upload_media(spec)["encoding"]["file"]["contentType"] = serde_json::json!("image/jpeg"),
        &[("media-type-changed", "part file", "breaking", "compatible")],
    );
    check_upload(
        "content-type-dropped",
        |spec| upload_media(spec)["encoding"] = serde_json::json!({}),
        &[("media-type-changed", "part file", "compatible", "compatible")],
    );
}

#[test]
fn the_types_inside_json_parts_are_compared() {
    check_upload(
        "json-part",
        |spec| {
            let options = &mut upload_schema(spec)["properties"]["options"];
            options["properties"]["ttl"] = serde_json::json!({"type": "integer"});
            options["required"] = serde_json::json!(["ttl"]);
        },
        &[("field-added", "part options .ttl", "breaking", "breaking")],
    );
}

#[test]
fn a_multipart_body_that_loses_its_parts_becomes_a_form() {
    check_upload(
        "to-form",
        |spec| *upload_schema(spec) = serde_json::json!({"type": "object"}),
        &[
            ("request-body-retyped", "uploadFile request body", "compatible", "breaking"),
            ("type-removed", "UploadFileBodyOptions", "compatible", "breaking"),
        ],
    );
}

#[test]
fn a_component_body_schema_keeps_its_model_which_no_operation_sends() {
    let report = check_specs(
        "component",
        upload_component(),
        |spec| {
            let schema = &mut spec["components"]["schemas"]["Upload"];
            schema["properties"]["owner"] = serde_json::json!({"type": "string"});
            schema["required"] = serde_json::json!(["file", "count", "owner"]);
        },
        &[
            ("field-added", "uploadFile request body part owner", "breaking", "breaking"),
            // `models::Upload` is public, but the operation sends `UploadFileBody`.
            ("field-added", "Upload .owner", "compatible", "breaking"),
        ],
    );
    for c in &report.changes {
        assert_eq!(c.pointer.as_deref(), Some("/components/schemas/Upload/properties/owner"), "{c:?}");
    }
}
