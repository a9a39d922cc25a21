//! Serde round trips of the shapes the fixture specs (`spec/fixtures/`) produce. The crates
//! under `tests/generated/` are built by `cargo test --workspace`, so each also compiles.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Decodes `input` as `T`, encodes it again and checks nothing changed.
fn round_trip<T: DeserializeOwned + Serialize>(input: Value) -> T {
    let decoded: T = serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("does not decode: {e}\n{input:#}"));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), input);
    decoded
}

mod nullable {
    use super::*;
    use fixture_nullable::models::{Address, Contact, ContactPatch};

    #[test]
    fn absent_null_and_value_stay_distinct() {
        let absent: ContactPatch = round_trip(json!({}));
        assert_eq!(absent.nickname, None);
        let null: ContactPatch = round_trip(json!({"nickname": null, "score": null, "address": null}));
        assert_eq!(null.nickname, Some(None));
        assert_eq!(null.score, Some(None));
        assert_eq!(null.address, Some(None));
        let value: ContactPatch = round_trip(json!({"nickname": "Al", "tags": [], "address": {"city": "Graz"}}));
        assert_eq!(value.nickname, Some(Some("Al".to_string())));
        assert_eq!(value.tags, Some(Some(Vec::new())), "an empty array is sent, not dropped");
        assert_eq!(value.address, Some(Some(Address::new("Graz"))));
    }

    #[test]
    fn a_patch_built_in_code_sends_exactly_what_was_set() {
        let mut patch = ContactPatch::new();
        patch.nickname = Some(None);
        patch.tags = Some(Some(Vec::new()));
        assert_eq!(serde_json::to_value(&patch).expect("encodes"), json!({"nickname": null, "tags": []}));
    }

    #[test]
    fn a_required_nullable_field_accepts_null() {
        let contact: Contact = round_trip(json!({"id": "1", "nickname": null}));
        assert_eq!(contact.nickname, None);
    }
}

mod nullable_30 {
    use super::*;
    use fixture_nullable_30::models::PatchThingBody;

    #[test]
    fn openapi_30_nullable_keeps_null_apart_from_absent() {
        let body: PatchThingBody = round_trip(json!({"label": null, "size": 1.5}));
        assert_eq!(body.label, Some(None));
        assert_eq!(body.size, Some(Some(1.5)));
        let empty: PatchThingBody = round_trip(json!({}));
        assert_eq!(empty.label, None);
    }
}

mod enums {
    use super::*;
    use fixture_enums::models::{Mixed, Oddities, Operator, Priority, Reaction, SortOrder, Summary};

    #[test]
    fn awkward_string_values_get_distinct_variants_and_keep_their_wire_form() {
        assert_eq!(round_trip::<Reaction>(json!("+1")), Reaction::Plus1);
        assert_eq!(round_trip::<Reaction>(json!("-1")), Reaction::Minus1);
        assert_eq!(round_trip::<Operator>(json!("!=")), Operator::NotEqual);
        assert_eq!(round_trip::<Operator>(json!("<=")), Operator::LessOrEqual);
        assert_eq!(round_trip::<Oddities>(json!("")), Oddities::Empty);
        assert_eq!(round_trip::<Oddities>(json!("1st")), Oddities::V1st);
        assert_eq!(round_trip::<Oddities>(json!("self")), Oddities::Self_);
        assert_eq!(round_trip::<Oddities>(json!("Self")), Oddities::Self2);
        let orders: Vec<SortOrder> = round_trip(json!(["ASC", "asc", "Asc", "DESC"]));
        assert_eq!(orders, [SortOrder::Asc, SortOrder::Asc2, SortOrder::Asc3, SortOrder::Desc]);
    }

    #[test]
    fn unknown_values_round_trip() {
        assert_eq!(round_trip::<Reaction>(json!("party")), Reaction::Unknown("party".into()));
        assert_eq!(round_trip::<Priority>(json!(99)), Priority::Unknown(99));
        assert_eq!(round_trip::<Mixed>(json!({"x": 1})), Mixed::Unknown(json!({"x": 1})));
    }

    #[test]
    fn integer_and_mixed_enums() {
        assert_eq!(round_trip::<Priority>(json!(10)), Priority::V10);
        assert_eq!(Priority::default(), Priority::V2);
        assert_eq!(round_trip::<Mixed>(json!(1.5)), Mixed::V1Point5);
        assert_eq!(round_trip::<Mixed>(json!(true)), Mixed::True);
        assert_eq!(round_trip::<Mixed>(json!("auto")), Mixed::Auto);
        assert_eq!(round_trip::<Mixed>(json!(0)), Mixed::V0);
    }

    #[test]
    fn a_const_field_is_no_field_and_always_sent() {
        // `kind` has one value: serde writes it, so the struct carries no field (and no enum) for it.
        let summary = Summary::new(SortOrder::Desc, Reaction::Eyes);
        let json = serde_json::to_value(&summary).expect("encodes");
        assert_eq!(json, json!({"order": "DESC", "reaction": "eyes", "kind": "summary"}));
        round_trip::<Summary>(json);
    }
}

mod unions {
    use super::*;
    use fixture_unions::models::{Attachment, Envelope, Event, Expandable, FileAttachment, Merged, Node, Pet, Value as Any};

    #[test]
    fn explicit_discriminator_with_a_mapping() {
        assert!(matches!(round_trip::<Event>(json!({"kind": "click", "x": 1, "y": 2})), Event::Click(c) if c.x == 1));
        assert!(matches!(round_trip::<Event>(json!({"kind": "scroll", "delta": 0.5})), Event::Scroll(_)));
        assert!(matches!(round_trip::<Event>(json!({"kind": "hover"})), Event::Unknown(_)));
    }

    #[test]
    fn explicit_discriminator_without_a_mapping_uses_schema_names() {
        assert!(matches!(round_trip::<Pet>(json!({"petType": "Cat", "lives": 9})), Pet::Cat(c) if c.lives == Some(9)));
        assert!(matches!(round_trip::<Pet>(json!({"petType": "Dog", "goodBoy": true})), Pet::Dog(_)));
    }

    #[test]
    fn implicit_tag_from_single_value_enums() {
        assert!(matches!(round_trip::<Attachment>(json!({"type": "FILE", "fileId": "f1"})), Attachment::File(_)));
        assert!(matches!(round_trip::<Attachment>(json!({"type": "UNSUPPORTED_CONTENT"})), Attachment::UnsupportedContent(_)));
        assert!(matches!(round_trip::<Attachment>(json!({"type": "STICKER", "id": 3})), Attachment::Unknown(_)));
    }

    #[test]
    fn a_variant_writes_its_tag_and_is_picked_by_it() {
        let file = Attachment::from(FileAttachment::new("f1"));
        assert_eq!(serde_json::to_value(&file).expect("encodes"), json!({"type": "FILE", "fileId": "f1"}));
        // A body shaped like a file but tagged otherwise is not a file.
        let other = serde_json::from_value::<Attachment>(json!({"type": "UNSUPPORTED_CONTENT", "fileId": "f1"})).expect("decodes");
        assert!(matches!(other, Attachment::UnsupportedContent(_)));
        let unknown = serde_json::from_value::<Attachment>(json!({"fileId": "f1"})).expect("decodes");
        assert!(matches!(unknown, Attachment::Unknown(_)));
    }

    #[test]
    fn the_tag_is_read_from_the_text_wherever_it_is_and_unknown_kinds_round_trip() {
        let file: Attachment = serde_json::from_str(r#"{"fileId": "f1", "ty\u0070e": "FILE"}"#).expect("decodes");
        assert!(matches!(file, Attachment::File(_)));
        let sticker = json!({"type": "STICKER", "id": 3, "nested": {"type": "FILE"}});
        let unknown: Attachment = serde_json::from_str(&sticker.to_string()).expect("decodes");
        assert_eq!(unknown, Attachment::Unknown(sticker.clone()));
        assert_eq!(serde_json::to_value(&unknown).expect("encodes"), sticker);
        // A known tag on a body its variant cannot read is an error, not an unknown kind.
        assert!(serde_json::from_str::<Attachment>(r#"{"type": "FILE", "fileId": 5}"#).is_err());
    }

    #[test]
    fn untagged_variants_do_not_swallow_each_other() {
        assert!(matches!(round_trip::<Any>(json!({"a": "1", "b": "2"})), Any::Strict(_)));
        assert!(matches!(round_trip::<Any>(json!({"note": "n"})), Any::Loose(_)));
        assert!(matches!(round_trip::<Any>(json!(3)), Any::Integer(3)));
        assert!(matches!(round_trip::<Any>(json!(3.5)), Any::Number(_)));
        assert!(matches!(round_trip::<Any>(json!("s")), Any::String(_)));
        assert!(matches!(round_trip::<Any>(json!(["x"])), Any::List(_)));
        assert!(matches!(round_trip::<Any>(json!(null)), Any::Unknown(Value::Null)));
        assert!(matches!(round_trip::<Expandable>(json!("cus_123")), Expandable::String(_)));
        assert!(matches!(round_trip::<Expandable>(json!({"a": "1", "b": "2"})), Expandable::Strict(_)));
    }

    #[test]
    fn all_of_merges_every_member() {
        let merged: Merged = round_trip(json!({"a": "1", "b": "2", "c": 3}));
        assert_eq!((merged.a.as_str(), merged.b.as_str(), merged.c), ("1", "2", 3));
    }

    #[test]
    fn recursive_types() {
        let tree: Node = round_trip(json!({
            "name": "root",
            "children": [{"name": "a", "parent": {"name": "root"}}],
            "meta": {"x": {"name": "m"}}
        }));
        let children = tree.children.expect("children");
        assert_eq!(children[0].parent.as_ref().map(|p| p.name.as_str()), Some("root"));
    }

    #[test]
    fn a_whole_envelope() {
        round_trip::<Envelope>(json!({
            "event": {"kind": "click", "x": 1, "y": 2},
            "pets": [{"petType": "Dog"}],
            "attachments": [{"type": "FILE", "fileId": "f"}, {"type": "NEW"}],
            "values": [1, "two", {"a": "a", "b": "b"}],
            "expandable": "id_1"
        }));
    }
}

mod names {
    use super::*;
    use fixture_names::models::{FooBar, FooBar2, FooBar3, Option as OptionModel};

    #[test]
    fn fields_that_clash_keep_their_wire_names() {
        let input = json!({"type": "t", "self": "s", "String": "S", "fooBar": "1", "foo_bar": "2", "FOO_BAR": "3", "1st": "4", "": "5"});
        let value: OptionModel = round_trip(input);
        assert_eq!(value.type_, "t");
        assert_eq!(value.self_, "s");
        assert_eq!(value.string, "S");
        assert_eq!((value.foo_bar.as_deref(), value.foo_bar_2.as_deref(), value.foo_bar_3.as_deref()), (Some("1"), Some("2"), Some("3")));
        assert_eq!(value.n1st.as_deref(), Some("4"));
    }

    #[test]
    fn schemas_differing_only_in_case_are_three_types() {
        round_trip::<FooBar>(json!({"a": "x"}));
        round_trip::<FooBar2>(json!({"b": "x"}));
        round_trip::<FooBar3>(json!({"c": "x"}));
    }
}

mod shapes {
    use super::*;
    use fixture_shapes::models::{Closed, Shapes};

    #[test]
    fn formats_maps_and_free_form_values() {
        let input = json!({
            "id": "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f",
            "createdAt": "2024-02-29T23:59:59.500Z",
            "day": "2024-02-29",
            "small": -5, "big": 9007199254740993i64, "unsigned": 4000000000u32,
            "ratio": 0.5, "amount": 12.25,
            "anything": [1, {"x": null}],
            "freeForm": {"nested": {"deep": true}},
            "labels": {"a": "b"},
            "counts": {"x": 3},
            "matrix": [[1.5, 2.5], []],
            "blob": "aGVsbG8gd29ybGQ=",
            "point": [1.5, "north"],
            "openTuple": [1, "more", true],
            "extra": {"name": "n", "color": "red", "size": 3}
        });
        let shapes: Shapes = round_trip(input);
        assert_eq!(shapes.big, Some(9_007_199_254_740_993));
        assert_eq!(shapes.unsigned, Some(4_000_000_000));
        assert_eq!(shapes.blob.as_ref().map(|b| b.0.as_slice()), Some(&b"hello world"[..]));
        assert_eq!(shapes.point, Some((1.5, "north".to_string())));
        let extra = shapes.extra.expect("extra");
        assert_eq!(extra.additional_properties.get("color"), Some(&json!("red")));
    }

    #[test]
    fn base64_round_trips_every_length_and_rejects_other_text() {
        use fixture_shapes::models::Base64;
        for len in 0..8u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(97) ^ 0xA5).collect();
            let text = Base64(bytes.clone()).encode();
            assert_eq!(text.len() % 4, 0, "{text}");
            assert_eq!(Base64::decode(&text), Some(Base64(bytes)));
        }
        assert_eq!(Base64(b"Man".to_vec()).encode(), "TWFu");
        assert_eq!(Base64(b"Ma".to_vec()).encode(), "TWE=");
        assert!(serde_json::from_value::<Base64>(json!("not base64!")).is_err());
        // Text made of base64 letters that no encoder writes: trailing bits set, a lone
        // letter, mixed alphabets, bad padding.
        for text in ["2024-01-01", "hello", "abcde", "aGVsbG9=", "+-AA", "YQ=", "YQ==="] {
            assert_eq!(Base64::decode(text), None, "{text}");
        }
    }

    #[test]
    fn a_day_in_a_union_with_bytes_is_a_day() {
        use fixture_shapes::models::ShapesStamp;
        let day: ShapesStamp = serde_json::from_value(json!("2024-01-01")).expect("decodes");
        assert_eq!(day, ShapesStamp::Date(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a day")));
        let bytes: ShapesStamp = serde_json::from_value(json!("aGk=")).expect("decodes");
        assert_eq!(bytes, ShapesStamp::Bytes(fixture_shapes::models::Base64(b"hi".to_vec())));
    }

    #[test]
    fn a_uuid_in_a_union_that_lists_bytes_first_is_a_uuid() {
        use fixture_shapes::models::{Base64, ShapesHandle};
        // Every letter of a uuid is a base64 letter, and 36 of them leave no bits over.
        let text = "123e4567-e89b-12d3-a456-426614174000";
        assert!(Base64::decode(text).is_some(), "the trap this test is about");
        let id: ShapesHandle = serde_json::from_value(json!(text)).expect("decodes");
        assert_eq!(id, ShapesHandle::Uuid(text.parse().expect("a uuid")));
        let bytes: ShapesHandle = serde_json::from_value(json!("aGk=")).expect("decodes");
        assert_eq!(bytes, ShapesHandle::Bytes(Base64(b"hi".to_vec())));
    }

    #[test]
    fn closed_objects_ignore_unknown_fields_on_decode() {
        let closed: Closed = serde_json::from_value(json!({"name": "n", "other": 1})).expect("decodes");
        assert_eq!(serde_json::to_value(closed).expect("encodes"), json!({"name": "n"}));
    }
}
