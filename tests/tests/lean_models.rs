//! What the models module leaves out: one-value tag enums (serde writes the tag), hand-expanded
//! impls of open string enums (the runtime's `string_enum!` writes them), per-field renames that
//! `rename_all = "camelCase"` covers, `field: None` lines in `new` and one `From` impl per union
//! variant (the runtime's `constructors.rs` macros write them), and runtime files the crate does
//! not use. Specs are built here; the text of the generated `models.rs` is read.

use std::fs;

use codegen::Config;

fn generate(spec: &str) -> Vec<(String, String)> {
    // Tests run in parallel, some on the same spec: each call gets a directory of its own.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("lean-models-{}-{call}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("api.yaml");
    fs::write(&path, spec).expect("spec written");
    let config = Config::new("lean", "api.yaml", "cargo xtask generate");
    let out = codegen::generate(&path, &config).unwrap_or_else(|d| panic!("{d}"));
    fs::remove_dir_all(&dir).ok();
    out.files
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> Option<&'a str> {
    files.iter().find(|(path, _)| path == name).map(|(_, text)| text.as_str())
}

const TAGGED: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Attachment:
      oneOf:
        - $ref: "#/components/schemas/FileAttachment"
        - $ref: "#/components/schemas/LocationAttachment"
    FileAttachment:
      type: object
      required: [type, fileId]
      properties:
        type: {type: string, enum: [FILE], default: FILE}
        fileId: {type: string}
    LocationAttachment:
      type: object
      required: [type]
      properties:
        type: {$ref: "#/components/schemas/LocationKind"}
        kinds: {type: array, items: {$ref: "#/components/schemas/LocationKind"}}
    LocationKind: {type: string, enum: [LOCATION], default: LOCATION}
    Heartbeat:
      type: object
      required: [kind]
      properties:
        kind: {type: string, enum: [heartbeat], default: heartbeat}
        at: {type: integer}
"##;

#[test]
fn one_value_tags_are_written_by_serde_not_held_in_an_enum() {
    let files = generate(TAGGED);
    let models = file(&files, "src/models.rs").expect("models.rs");
    // In a union and outside one, the constant is the struct's serde tag.
    assert!(models.contains("#[serde(tag = \"type\", rename = \"FILE\", rename_all = \"camelCase\")]\npub struct FileAttachment {"), "{models}");
    assert!(models.contains("#[serde(tag = \"kind\", rename = \"heartbeat\")]\npub struct Heartbeat {"), "{models}");
    assert!(!models.contains("FileAttachmentType") && !models.contains("HeartbeatKind"), "{models}");
    assert!(models.contains("pub fn new(file_id: impl Into<String>) -> Self"), "{models}");
    // An enum also used as a plain value stays (its tag field is still a serde tag).
    assert!(models.contains("pub enum LocationKind {"), "{models}");
    assert!(models.contains("pub kinds: Option<Vec<LocationKind>>"), "{models}");
}

/// A tag in the middle of the properties: the fields after it keep their own docs.
const TAG_FIRST: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Created:
      type: object
      required: [kind]
      properties:
        before: {type: string, description: Doc of before.}
        kind: {type: string, enum: [created], default: created, description: Doc of the tag.}
        after: {type: integer, description: Doc of after.}
        last: {type: boolean, description: Doc of last.}
"##;

#[test]
fn fields_after_a_fixed_tag_keep_their_own_docs() {
    let files = generate(TAG_FIRST);
    let models = file(&files, "src/models.rs").expect("models.rs");
    assert!(models.contains("#[serde(tag = \"kind\", rename = \"created\")]"), "{models}");
    for (doc, field) in [("Doc of before.", "before: Option<String>"), ("Doc of after.", "after: Option<i64>"), ("Doc of last.", "last: Option<bool>")] {
        let at = models.find(field).unwrap_or_else(|| panic!("no {field} in {models}"));
        let before = &models[..at];
        let doc_at = before.rfind("///").expect("a doc line");
        assert!(before[doc_at..].contains(doc), "{field} carries {:?}, not {doc:?}", &before[doc_at..]);
    }
    assert!(!models.contains("Doc of the tag."), "the tag's doc went to another field: {models}");
}

#[test]
fn open_string_enums_get_their_impls_from_the_runtime_macro() {
    let spec = TAGGED.replace("    LocationKind: {type: string, enum: [LOCATION], default: LOCATION}", "    LocationKind: {type: string, enum: [LOCATION, AREA]}");
    let files = generate(&spec);
    let models = file(&files, "src/models.rs").expect("models.rs");
    assert!(models.contains("string_enum!(LocationKind, Location(\"LOCATION\"), Area(\"AREA\"));"), "{models}");
    assert!(!models.contains("impl From<&str> for LocationKind"), "{models}");
    assert!(file(&files, "support/src/open_enum.rs").is_some_and(|f| f.contains("macro_rules! string_enum")));
    assert!(file(&files, "support/src/lib.rs").is_some_and(|f| f.contains("pub mod open_enum;")));
    // Only one-value tags: no string enum is left, so neither is the macro's file.
    let only_tags = TAGGED.replace("        - $ref: \"#/components/schemas/LocationAttachment\"\n", "").replace("LocationKind", "Unused");
    let only_tags = only_tags.split("    LocationAttachment:").next().unwrap_or_default().to_string() + "    Heartbeat:" + only_tags.split("    Heartbeat:").nth(1).unwrap_or_default();
    let files = generate(&only_tags);
    assert!(file(&files, "src/models.rs").is_some_and(|m| !m.contains("pub enum")), "{only_tags}");
    assert!(file(&files, "support/src/open_enum.rs").is_none());
    assert!(file(&files, "support/src/lib.rs").is_some_and(|f| !f.contains("open_enum")));
}

const NESTED: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/Dog"
      discriminator: {propertyName: kind}
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}, lives: {type: integer}}
    Dog:
      type: object
      properties: {name: {type: string}}
    Owner:
      type: object
      properties: {pet: {$ref: "#/components/schemas/Pet"}}
    Bag:
      type: object
      properties: {pet: {$ref: "#/components/schemas/Boxed"}}
      additionalProperties: {type: integer}
    Boxed:
      oneOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/Dog"
      discriminator: {propertyName: kind}
    Either:
      oneOf:
        - $ref: "#/components/schemas/Boxed"
        - {type: array, items: {type: integer}}
        - {type: string, format: date}
"##;

#[test]
fn unions_read_raw_json_wherever_they_are() {
    let files = generate(NESTED);
    let models = file(&files, "src/models.rs").expect("models.rs");
    // `Pet` is reached only through plain fields: `tagged!` decodes it in one pass over raw
    // text, no `Value` tree.
    assert!(models.contains("tagged!(Pet(\"kind\") {"), "{models}");
    let tagged = file(&files, "support/src/tagged.rs").unwrap_or_default();
    assert!(tagged.contains("macro_rules! tagged") && tagged.contains("let raw = $crate::tagged::raw(deserializer)?;"), "{tagged}");
    // `Boxed` sits in a struct with a flattened map and in an untagged union, where serde
    // buffered the input; `deserialize_struct!` and `untagged!` read it in place, so it reads
    // raw text too.
    assert!(models.contains("tagged!(Boxed(\"kind\") {"), "{models}");
    assert!(!models.contains("serde_json::Value::deserialize"), "{models}");
    // The untagged union has no derived `Deserialize`: `untagged!` lists its variants in order,
    // each with the kinds of JSON value it takes.
    assert!(models.contains("untagged!(Either { List = ARRAY, Boxed = ANY, Date = STRING });"), "{models}");
    assert!(!models.contains("serde::Deserialize)]"), "{models}");
    // `Dog` has no `kind` field: the union writes the tag in front of its fields.
    assert!(models.contains("Dog(\"Dog\") with_tag"), "{models}");
    assert!(file(&files, "Cargo.toml").is_some_and(|m| m.contains("features = [\"raw_value\"]")));
}

const CASES: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Camel:
      type: object
      required: [channelAccountId]
      properties:
        channelAccountId: {type: string}
        inReplyToId: {type: string}
        type: {type: string}
        text: {type: string}
        htmlURL: {type: string}
        ID: {type: string}
        snake_name: {type: string}
    Pair:
      type: object
      required: [first, second]
      properties:
        first: {type: string}
        second: {type: string}
        note: {type: string}
    Snake:
      type: object
      properties:
        created_at: {type: string}
        updated_at: {type: string}
        userId: {type: string}
"##;

/// The text of the struct `name` in `models`, from its derive to its closing brace.
fn struct_text<'a>(models: &'a str, name: &str) -> &'a str {
    let end = models.find(&format!("pub struct {name} {{")).unwrap_or_else(|| panic!("no {name}: {models}"));
    let start = models[..end].rfind("#[derive").unwrap_or(0);
    let len = models[end..].find("\n}\n").unwrap_or(0);
    &models[start..end + len]
}

#[test]
fn camel_case_wire_names_come_from_rename_all_and_the_rest_keep_their_rename() {
    let files = generate(CASES);
    let models = file(&files, "src/models.rs").expect("models.rs");
    let camel = struct_text(models, "Camel");
    assert!(camel.contains("#[serde(rename_all = \"camelCase\")]\npub struct Camel {"), "{camel}");
    // serde's camelCase of these names is their wire name: no attribute but the optional's.
    assert!(camel.contains("    pub channel_account_id: String,"), "{camel}");
    assert!(camel.contains("    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub in_reply_to_id: Option<String>,"), "{camel}");
    assert!(camel.contains("    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub type_: Option<String>,"), "{camel}");
    // Not what serde's rule gives: named field by field, so they still travel as sent.
    for wire in ["htmlURL", "ID", "snake_name"] {
        assert!(camel.contains(&format!("#[serde(rename = \"{wire}\", skip_serializing_if")), "{wire}: {camel}");
    }
    assert_eq!(camel.matches("rename = ").count(), 3, "{camel}");
    // Decoding names every wire name that is not the field's own, `rename_all` or not.
    let decode = models.split("deserialize_struct!(").find(|d| d.trim_start().starts_with("Camel {")).unwrap_or_else(|| panic!("{models}"));
    let decode = decode.split(");").next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
    for entry in [r#"channel_account_id("channelAccountId")"#, r#"in_reply_to_id("inReplyToId")"#, r#"type_("type")"#, r#"html_url("htmlURL")"#, r#"id("ID")"#, "snake_name }", "text,"] {
        assert!(decode.contains(entry), "{entry}: {decode}");
    }
    // Mostly snake_case wire names: `rename_all` would rename more than it saves.
    let snake = struct_text(models, "Snake");
    assert!(!snake.contains("rename_all"), "{snake}");
    assert!(snake.contains("rename = \"userId\""), "{snake}");
}

#[test]
fn constructors_list_only_what_they_set() {
    let files = generate(CASES);
    let models = file(&files, "src/models.rs").expect("models.rs");
    // Required fields are set from the arguments; the optional ones are left to `unset!`
    // instead of one `field: None,` line each.
    assert!(models.contains("let channel_account_id = channel_account_id.into();\n        unset!(\n            Self { channel_account_id }, in_reply_to_id,"), "{models}");
    assert!(!models.contains(": None"), "{models}");
    // Arguments by name (two have one type): `new_by_name!` writes the whole `new`, each
    // field taken from the struct (not destructured first), the others listed once.
    assert!(models.contains("\nnew_by_name!(Pair, PairRequired { first, second }, note);\n"), "{models}");
    assert!(!models.contains("impl Pair ") && !models.contains("let PairRequired"), "{models}");
    // All optional: `new` is the `Default`, written by `default_new!`.
    assert!(models.contains("\ndefault_new!(Snake);\n"), "{models}");
    assert!(!models.contains("impl Snake"), "{models}");
    // The macros are the support crate's `constructors.rs`, with only those the models use.
    assert!(models.contains("use support::{default_new, unset, new_by_name, deserialize_struct};"), "{models}");
    let macros = file(&files, "support/src/constructors.rs").expect("constructors.rs");
    assert!(macros.contains("macro_rules! unset") && macros.contains("macro_rules! default_new") && !macros.contains("variant_from"), "{macros}");
    assert!(macros.contains("macro_rules! new_by_name"), "{macros}");
    assert!(file(&files, "support/src/lib.rs").is_some_and(|f| f.contains("pub mod constructors;")));
    let files = generate(TAG_FIRST);
    let models = file(&files, "src/models.rs").expect("models.rs");
    assert!(models.contains("use support::{default_new, deserialize_struct};") && models.contains("default_new!(Created);"), "{models}");
    assert!(file(&files, "support/src/constructors.rs").is_some_and(|f| !f.contains("macro_rules! unset")));
    // Neither structs nor unions: no macros, no file.
    let files = generate("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Kind: {type: string, enum: [a, b]}\n");
    assert!(file(&files, "support/src/constructors.rs").is_none());
    assert!(file(&files, "support/src/lib.rs").is_some_and(|f| !f.contains("constructors")));
}

#[test]
fn union_from_impls_come_from_one_macro_call() {
    let files = generate(NESTED);
    let models = file(&files, "src/models.rs").expect("models.rs");
    assert!(models.contains("variant_from!(Pet, Cat(Cat), Dog(Dog));"), "{models}");
    assert!(!models.contains("impl From<Cat>"), "{models}");
    assert!(file(&files, "support/src/constructors.rs").is_some_and(|f| f.contains("macro_rules! variant_from")));
    // No union with `From` impls, no macro.
    let files = generate(CASES);
    assert!(file(&files, "src/models.rs").is_some_and(|m| !m.contains("variant_from")));
    assert!(file(&files, "support/src/constructors.rs").is_some_and(|f| !f.contains("variant_from")));
}

/// The same one-value tag inline in two schemas: the second is an alias of the first enum.
const REPEATED_TAG: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Ping:
      type: object
      required: [kind]
      properties:
        kind: {type: string, enum: [beat], default: beat}
        at: {type: integer}
    Pong:
      type: object
      required: [kind]
      properties:
        kind: {type: string, enum: [beat], default: beat}
        late: {type: boolean}
"##;

#[test]
fn a_repeated_tag_is_a_serde_tag_through_its_alias_and_its_enum_goes_with_it() {
    let files = generate(REPEATED_TAG);
    let models = file(&files, "src/models.rs").expect("models.rs");
    assert!(models.contains("#[serde(tag = \"kind\", rename = \"beat\")]\npub struct Ping {"), "{models}");
    assert!(models.contains("#[serde(tag = \"kind\", rename = \"beat\")]\npub struct Pong {"), "{models}");
    assert!(!models.contains("PingKind") && !models.contains("PongKind"), "{models}");
}

#[test]
fn a_repeated_tag_also_used_as_a_value_keeps_its_enum_and_alias() {
    let spec = format!("{REPEATED_TAG}    Echo:\n      type: object\n      properties:\n        kinds: {{type: array, items: {{type: string, enum: [beat], default: beat}}}}\n");
    let files = generate(&spec);
    let models = file(&files, "src/models.rs").expect("models.rs");
    assert!(models.contains("#[serde(tag = \"kind\", rename = \"beat\")]\npub struct Pong {"), "{models}");
    assert!(models.contains("pub enum PingKind {") && models.contains("pub type EchoKind = PingKind;"), "{models}");
    assert!(!models.contains("PongKind"), "{models}");
}
