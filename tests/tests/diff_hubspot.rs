//! The API diff on HubSpot's real spec versions, read from `../shared` (never copied into
//! this repository: they are not licensed for redistribution). Without `../shared` each test
//! prints a `skipped:` line and passes.

use std::path::{Path, PathBuf};

use codegen::diff::{self, report, Change, Report, Side};

const HISTORY: &str = "reference/hubspot/history/2026-03-18_5d9f57e/customChannels.json";
const CURRENT: &str = "reference/hubspot/customChannels.json";
const V2025_09: &str = "reference/hubspot/versions/2025-09/customChannels.json";
const V2026_03: &str = "reference/hubspot/versions/2026-03/customChannels.json";

fn files(old: &str, new: &str) -> Option<(PathBuf, PathBuf)> {
    match (pipeline_tests::shared(old), pipeline_tests::shared(new)) {
        (Some(o), Some(n)) => Some((o, n)),
        _ => {
            println!("skipped: ../shared/{old} or ../shared/{new} is not there");
            None
        }
    }
}

fn compare(old: &Path, new: &Path) -> Report {
    diff::diff_files(old, new).unwrap_or_else(|d| panic!("HubSpot's spec does not load:\n{d}")).0
}

fn find<'r>(report: &'r Report, kind: &str, place: &str) -> Vec<&'r Change> {
    report.changes.iter().filter(|c| c.kind.as_str() == kind && c.place.contains(place)).collect()
}

fn one<'r>(report: &'r Report, kind: &str, place: &str) -> &'r Change {
    let found = find(report, kind, place);
    assert_eq!(found.len(), 1, "expected one {kind} at {place}, found {}\n{}", found.len(), report::text(report, None));
    found[0]
}

fn verdicts(c: &Change) -> (&'static str, &'static str) {
    (c.wire.as_str(), c.rust.as_str())
}

/// 2026-03-18 → current v3: list/create moved from `/conversations/v3/custom-channels/` to
/// `/conversations/custom-channels/v3`; `developer_hapikey` and `private_apps` dropped;
/// `senderActorId` added; the staging-token update's fields optional; `contactVid` int64.
#[test]
fn history_to_current_v3() {
    let Some((old, new)) = files(HISTORY, CURRENT) else { return };
    let report = compare(&old, &new);
    let text = report::text(&report, Some("0.1.0"));

    // The operationIds are HubSpot's "{method}-{path}" strings, so they change with the path,
    // and the paths differ: the two operations pair by signature and are reported as moved.
    let moved = find(&report, "operation-moved", "");
    assert_eq!(moved.len(), 2, "{text}");
    for (method, how) in [("GET", "same method and required parameters"), ("POST", "same method, required parameters, body and result types")] {
        let m = moved
            .iter()
            .find(|c| c.detail.starts_with(&format!("`{method} /conversations/v3/custom-channels/` → `{method} /conversations/custom-channels/v3`")))
            .unwrap_or_else(|| panic!("{method} list/create not moved\n{text}"));
        assert_eq!(verdicts(m), ("breaking", "compatible"));
        assert!(m.detail.contains(how), "{}", m.detail);
        // How the matcher chose is not for readers.
        assert!(!m.detail.contains("pair left"), "{}", m.detail);
        assert_eq!(m.side, Side::New);
        assert_eq!(m.pointer.as_deref(), Some(format!("/paths/~1conversations~1custom-channels~1v3/{}", method.to_lowercase()).as_str()));
    }
    // The old file has summaries for them, the new one none: the method names change.
    let renamed = one(&report, "operation-renamed", "get_conversations_custom_channels_v3()");
    // The list is paginated: its page helpers and params struct are renamed with it.
    assert_eq!(
        renamed.detail,
        "`Client::get_all_channels_for_app` → `Client::get_conversations_custom_channels_v3`, \
         `Client::get_all_channels_for_app_pages` → `Client::get_conversations_custom_channels_v3_pages`, \
         `Client::get_all_channels_for_app_stream` → `Client::get_conversations_custom_channels_v3_stream`, \
         `params::GetAllChannelsForAppParams` → `params::GetConversationsCustomChannelsV3Params`"
    );
    assert_eq!(verdicts(renamed), ("compatible", "breaking"));
    let renamed = one(&report, "operation-renamed", "post_conversations_custom_channels_v3()");
    assert_eq!(renamed.detail, "`Client::create_custom_channel` → `Client::post_conversations_custom_channels_v3`");
    assert!(find(&report, "operation-added", "").is_empty() && find(&report, "operation-removed", "").is_empty(), "{text}");

    // Channel management: `security: [{developer_hapikey: []}]` → `security: []`.
    let dropped: Vec<&Change> = report.changes.iter().filter(|c| c.kind.as_str() == "security-changed" && c.detail == "developer_hapikey → none").collect();
    assert_eq!(dropped.len(), 5, "{text}");
    assert!(dropped.iter().all(|c| verdicts(c) == ("compatible", "compatible")));
    assert!(dropped.iter().any(|c| c.place.starts_with("get_custom_channel()")));
    // Still declared in components, but used by no operation: the crate loses its setter.
    let hapikey = one(&report, "security-scheme-removed", "developer_hapikey");
    assert_eq!(verdicts(hapikey), ("compatible", "breaking"));
    assert!(hapikey.detail.contains("`ClientBuilder::developer_hapikey` is gone"));

    // Account-level operations no longer accept `private_apps`: an old client configured with
    // it would send a credential the new spec does not accept.
    let private: Vec<&Change> = report.changes.iter().filter(|c| c.kind.as_str() == "security-changed" && c.detail.contains("private_apps")).collect();
    assert_eq!(private.len(), 8, "{text}");
    assert!(private.iter().all(|c| verdicts(c) == ("breaking", "compatible")));
    assert_eq!(verdicts(one(&report, "security-scheme-removed", "private_apps")), ("compatible", "breaking"));

    // `senderActorId` added to `ChannelIntegrationParticipant`, an optional request field.
    let sender = one(&report, "field-added", "publish_message() request body .recipients[] .senderActorId");
    assert_eq!(verdicts(sender), ("compatible", "compatible"));
    assert!(sender.detail.contains("`sender_actor_id: Option<String>` in `ChannelIntegrationParticipant`"), "{}", sender.detail);
    assert_eq!(sender.pointer.as_deref(), Some("/components/schemas/ChannelIntegrationParticipant/properties/senderActorId"));

    // Required-list change: the staging-token update's `required: [accountName, deliveryIdentifier]` is gone.
    for field in ["accountName", "deliveryIdentifier"] {
        let c = one(&report, "field-made-optional", &format!("update_channel_account_staging_token() request body .{field}"));
        assert_eq!(verdicts(c), ("compatible", "breaking"), "{field}");
    }
    // `PreResolvedContact.contactVid`: int32 → int64, sent by the client: wider is fine on the wire.
    let vid = one(&report, "field-retyped", ".contacts[] .contactVid");
    assert_eq!(verdicts(vid), ("compatible", "breaking"));
    assert!(vid.detail.ends_with("`i32` → `i64`"), "{}", vid.detail);

    // The 409-value contact property enum keeps growing: one change for the new values.
    let grown = one(&report, "enum-value-added", ".contactPropertiesLeadingToMatch[]");
    assert_eq!(verdicts(grown), ("compatible", "compatible"));
    assert!(grown.detail.contains("`hs_whatsapp_bsuids`"), "{}", grown.detail);

    assert_eq!(report.level(), diff::semver::Level::Breaking);
    assert!(text.contains("suggested version: 0.1.0 → 0.2.0"), "{text}");
}

/// 2025-09 → 2026-03: every path carries its version, so every operation moves (and their
/// operationIds with them); `senderActorId` is new in 2026-03 (NOTES §1, §2.5).
#[test]
fn dated_versions_2025_09_to_2026_03() {
    let Some((old, new)) = files(V2025_09, V2026_03) else { return };
    let report = compare(&old, &new);
    let text = report::text(&report, None);
    let moved = find(&report, "operation-moved", "");
    assert_eq!(moved.len(), 13, "{text}");
    for m in &moved {
        assert!(m.detail.contains("/conversations/custom-channels/2025-09") && m.detail.contains("/conversations/custom-channels/2026-03"), "{}", m.detail);
        assert_eq!(verdicts(m), ("breaking", "compatible"));
    }
    assert!(find(&report, "operation-added", "").is_empty() && find(&report, "operation-removed", "").is_empty(), "{text}");
    // 2025-09 has no summaries: its methods are named after method and path, which changed.
    let publish = one(&report, "operation-renamed", "publish_message()");
    assert_eq!(publish.detail, "`Client::post_conversations_custom_channels_2025_09_by_messages` → `Client::publish_message`");
    let sender = one(&report, "field-added", ".senderActorId");
    assert!(sender.detail.contains("ChannelIntegrationParticipant"), "{}", sender.detail);
    assert_eq!(verdicts(sender), ("compatible", "compatible"));
    for field in ["accountName", "deliveryIdentifier"] {
        assert_eq!(verdicts(one(&report, "field-made-optional", &format!(".{field}"))), ("compatible", "breaking"));
    }
    assert_eq!(find(&report, "security-changed", "").iter().filter(|c| c.detail == "developer_hapikey → none").count(), 5);
}

#[test]
fn current_v3_against_itself_is_unchanged() {
    let Some((old, new)) = files(CURRENT, CURRENT) else { return };
    let report = compare(&old, &new);
    assert!(report.is_empty(), "{}", report::text(&report, None));
}

#[test]
fn pointers_resolve_in_hubspot_files() {
    let Some((old, new)) = files(HISTORY, CURRENT) else { return };
    let report = compare(&old, &new);
    let load = |p: &Path| {
        let mut d = codegen::Diagnostics::default();
        codegen::load::load_file(p, &mut d).expect("loads").root
    };
    let (old_doc, new_doc) = (load(&old), load(&new));
    let mut checked = 0;
    for c in &report.changes {
        let Some(pointer) = &c.pointer else { continue };
        let doc = if c.side == Side::Old { &old_doc } else { &new_doc };
        assert!(doc.pointer(pointer).is_some(), "{} {}: {pointer}", c.kind.as_str(), c.place);
        checked += 1;
    }
    assert!(checked > 20, "only {checked} pointers");
}
