//! The documentation page's example request and response, through the generated types.
//!
//! `tests/fixtures/publish-message.*.json` are our own examples in the shape of HubSpot's
//! documentation page for "Publish a message" (same fields, realistic values). When
//! `../shared` is present, the page's own examples are read from it too.

use hubspot_custom_channels::models::{
    ChannelIntegrationMessageEgg, ChannelIntegrationMessageEggAttachment, ChannelIntegrationMessageEggRequired, ChannelIntegrationMessageEggMessageDirection,
    PublicConversationsMessage, PublicConversationsMessageAttachment, PublicConversationsMessageTruncationStatus,
};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = pipeline_tests::repo_root().join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// Decodes `input` as `T` and encodes it again.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("does not decode: {e}\n{input:#}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    (decoded, encoded)
}

#[test]
fn publish_request_round_trips_field_for_field() {
    let input = fixture("publish-message.request.json");
    let (egg, output) = round_trip::<ChannelIntegrationMessageEgg>(&input);
    assert_eq!(output, input);
    assert_eq!(egg.message_direction, ChannelIntegrationMessageEggMessageDirection::Incoming);
    assert_eq!(egg.associate_with_contact_id, Some(123));
    assert!(matches!(&egg.attachments[0], ChannelIntegrationMessageEggAttachment::File(f) if f.file_id == "184467440737"));
    assert_eq!(egg.timestamp.to_rfc3339(), "2023-11-07T05:31:56+00:00");
}

#[test]
fn publish_response_round_trips_field_for_field() {
    let input = fixture("publish-message.response.json");
    let (message, output) = round_trip::<PublicConversationsMessage>(&input);
    assert_eq!(output, input);
    assert_eq!(message.truncation_status, PublicConversationsMessageTruncationStatus::NotTruncated);
    assert_eq!(message.client.integration_app_id, Some(123));
    assert!(matches!(&message.attachments[0], PublicConversationsMessageAttachment::File(f) if f.name.as_deref() == Some("lieferschein.png")));
}

#[test]
fn unset_optional_fields_are_omitted() {
    let input = fixture("publish-message.request.json");
    let egg: ChannelIntegrationMessageEgg = serde_json::from_value(input).expect("decodes");
    let minimal = ChannelIntegrationMessageEgg::new(ChannelIntegrationMessageEggRequired {
        attachments: Vec::new(),
        channel_account_id: egg.channel_account_id.clone(),
        message_direction: ChannelIntegrationMessageEggMessageDirection::Outgoing,
        recipients: egg.recipients.clone(),
        senders: egg.senders.clone(),
        text: "hi".to_string(),
        timestamp: egg.timestamp,
    });
    let encoded = serde_json::to_value(&minimal).expect("encodes");
    let keys: Vec<&str> = encoded.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["attachments", "channelAccountId", "messageDirection", "recipients", "senders", "text", "timestamp"],
        "only the required fields are sent"
    );
    assert_eq!(encoded["attachments"], json!([]), "an empty attachment list is still sent");
}

#[test]
fn unknown_fields_are_ignored() {
    let mut input = fixture("publish-message.response.json");
    input["someFieldFromTheFuture"] = json!({"nested": true});
    input["client"]["anotherNewField"] = json!(1);
    let (_, output): (PublicConversationsMessage, _) = round_trip(&input);
    assert!(output.get("someFieldFromTheFuture").is_none());
    assert!(output["client"].get("anotherNewField").is_none());
}

#[test]
fn unknown_attachment_type_and_enum_value_survive_a_round_trip() {
    let mut input = fixture("publish-message.response.json");
    let unknown = json!({"type": "VIDEO_CALL", "roomUrl": "https://meet.example/abc", "durationSeconds": 93});
    input["attachments"].as_array_mut().expect("array").push(unknown.clone());
    input["truncationStatus"] = json!("TRUNCATED_BY_A_NEW_RULE");
    input["direction"] = json!("SIDEWAYS");
    let (message, output) = round_trip::<PublicConversationsMessage>(&input);
    assert_eq!(output, input);
    assert!(matches!(&message.attachments[1], PublicConversationsMessageAttachment::Unknown(raw) if *raw == unknown));
    assert_eq!(message.truncation_status.as_str(), "TRUNCATED_BY_A_NEW_RULE");
    assert!(matches!(message.truncation_status, PublicConversationsMessageTruncationStatus::Unknown(_)));
}

#[test]
fn a_known_attachment_type_with_a_bad_body_is_an_error_not_unknown() {
    let mut input = fixture("publish-message.response.json");
    input["attachments"][0] = json!({"type": "FILE", "fileId": 42});
    let err = serde_json::from_value::<PublicConversationsMessage>(input).expect_err("a FILE needs a string fileId");
    assert!(err.to_string().contains("fileId") || err.to_string().contains("string"), "{err}");
}

/// The JSON examples on HubSpot's documentation page (request, then response).
fn docs_examples() -> Option<(Value, Value)> {
    let Some(path) = pipeline_tests::shared("reference/hubspot/publish-a-message.docs-page.de.txt") else {
        println!("skipped: ../shared/reference/hubspot is not present (it is not part of a clone)");
        return None;
    };
    let text = std::fs::read_to_string(path).expect("docs page");
    let start = text.find("--data '").expect("curl body") + "--data '".len();
    let end = start + text[start..].find("\n'").expect("end of curl body");
    let request: Value = serde_json::from_str(&text[start..end]).expect("request example is JSON");
    let rest = &text[end + 2..];
    let open = rest.find('{').expect("response example");
    let mut de = serde_json::Deserializer::from_str(&rest[open..]).into_iter::<Value>();
    let response = de.next().expect("response example").expect("response example is JSON");
    Some((request, response))
}

/// The page's examples leave out fields the API requires (the renderer skips enum-typed
/// fields without a default); this puts them in, and the test checks these are the only gaps.
fn complete(value: &mut Value, path: &[&str], field: &str, filler: Value) -> bool {
    let mut here = &mut *value;
    for p in path {
        here = match here {
            Value::Array(items) => {
                for item in items.iter_mut() {
                    complete(item, &[], field, filler.clone());
                }
                return true;
            }
            other => &mut other[*p],
        };
    }
    match here {
        Value::Array(items) => items.iter_mut().for_each(|i| {
            i.as_object_mut().map(|o| o.entry(field).or_insert(filler.clone()));
        }),
        Value::Object(o) => {
            o.entry(field).or_insert(filler);
        }
        _ => return false,
    }
    true
}

#[test]
fn documentation_page_examples_round_trip() {
    let Some((mut request, mut response)) = docs_examples() else { return };
    assert!(serde_json::from_value::<ChannelIntegrationMessageEgg>(request.clone()).is_err(), "the page's request lacks messageDirection");
    complete(&mut request, &[], "messageDirection", json!("INCOMING"));
    for list in ["recipients", "senders"] {
        for item in request[list].as_array_mut().expect("list") {
            complete(item, &["deliveryIdentifier"], "type", json!("HS_EMAIL_ADDRESS"));
        }
        for item in response[list].as_array_mut().expect("list") {
            complete(item, &["deliveryIdentifier"], "type", json!("HS_EMAIL_ADDRESS"));
        }
    }
    complete(&mut response, &[], "direction", json!("INCOMING"));
    complete(&mut response, &[], "truncationStatus", json!("NOT_TRUNCATED"));
    complete(&mut response, &["client"], "clientType", json!("INTEGRATION"));
    complete(&mut response, &["status"], "statusType", json!("SENT"));
    complete(&mut response["attachments"][0], &[], "fileUsageType", json!("IMAGE"));
    let (_, output) = round_trip::<ChannelIntegrationMessageEgg>(&request);
    assert_eq!(output, request);
    let (_, output) = round_trip::<PublicConversationsMessage>(&response);
    assert_eq!(output, response);
}

/// What `new` and `From` build (now written by the models' `unset!`, `default_new!`,
/// `new_by_name!` and `variant_from!`) encodes to exactly the fields set, boxed variants included.
#[test]
fn values_built_in_code_encode_what_was_set() {
    use hubspot_custom_channels::models::{ContactAttachment, ContactName, ContactProfile, FileAttachment};
    let mut name = ContactName::new();
    name.first_name = Some("Ada".to_string());
    let mut profile = ContactProfile::new(Vec::new(), Vec::new(), Vec::new(), Vec::new());
    profile.name = Some(name);
    let contact = ChannelIntegrationMessageEggAttachment::from(ContactAttachment::new(profile));
    assert!(matches!(&contact, ChannelIntegrationMessageEggAttachment::Contact(_)));
    let expected = json!({"type": "CONTACT", "contactProfile": {"addresses": [], "emails": [], "name": {"firstName": "Ada"}, "phones": [], "urls": []}});
    assert_eq!(serde_json::to_value(&contact).expect("encodes"), expected);
    let file = ChannelIntegrationMessageEggAttachment::from(FileAttachment::new("f1"));
    assert_eq!(serde_json::to_value(&file).expect("encodes"), json!({"type": "FILE", "fileId": "f1"}));
}
