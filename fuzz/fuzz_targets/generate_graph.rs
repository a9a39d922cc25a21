//! Structure-aware fuzz target: the fuzzer's bytes drive `arbitrary` to build a spec as a
//! *graph* (named schemas referring to each other through properties, `items`,
//! `allOf`/`oneOf`/`anyOf`, `additionalProperties`, with cycles, self-references, long
//! chains and diamonds; operations with odd paths and parameters; names and prose from
//! pools of hostile text), written as JSON and run through the whole generator. Random
//! bytes almost never make such a spec, so the plain `generate` target rarely gets past the
//! IR; this one starts there. A panic, an abort, a hang or running out of memory is a bug.
//! Run with `fuzz/run.sh graph`; see docs/fuzzing.md.

#![no_main]

use std::path::Path;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

/// Names that have broken generators: keywords, std and runtime names, case and separator
/// twins, digits, empty, non-ASCII, pointer and URL escapes, text-direction characters.
const NAMES: &[&str] = &[
    "Thing", "thing", "THING", "Thing2", "thing_2", "thing-2", "type", "self", "Self", "super", "crate", "fn", "async",
    "r#type", "Option", "Result", "Box", "String", "Vec", "Into", "From", "Default", "Client", "ClientBuilder", "Error",
    "Response", "RequestOptions", "models", "params", "call", "url", "execute", "authorize", "with_options", "header",
    "body", "1abc", "", "_", "__", "é", "日本", "a b", "a-b", "a_b", "A.B", "x/y", "~0", "~1", "%20", "a\u{202E}b",
    "+1", "-1", "=", "!=", "1.5", "Unknown", "value", "serializer", "de", "ser",
];

/// Prose that has broken doc comments: fences of both kinds in every container, indented
/// code, HTML, links, control and text-direction characters.
const TEXTS: &[&str] = &[
    "```rust\nstd::process::abort();\n```",
    "~~~\npanic!()\n~~~",
    "- item\n  ```compile_fail\n  x\n  ```",
    "> ```should_panic\n> 1\n> ```",
    "    indented();\n",
    "\tTabbed();",
    "<pre>\ncode\n</pre>",
    "<script>x</script><!--",
    "[link](x) [intra::doc] [^1]",
    "https://example.com/a?b&c",
    "bare\rCR\u{202E}rtl\u{2066}\u{200B}\0",
    "* a\nlazy\n* b",
    "```",
    "\\",
    "`",
    "1. one\n10. ten\n   more",
    "title\n[package]\nname = \"x\"",
    "",
];

#[derive(Arbitrary, Debug)]
enum Name {
    Pool(u8),
    Raw(String),
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Pool(i) => NAMES[usize::from(*i) % NAMES.len()].to_string(),
            Name::Raw(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Fragment {
    Pool(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Text(Vec<Fragment>);

impl Text {
    fn text(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|f| match f {
                Fragment::Pool(i) => TEXTS[usize::from(*i) % TEXTS.len()].to_string(),
                Fragment::Raw(s) => s.clone(),
            })
            .collect();
        parts.join("\n")
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Scalar {
    String,
    Int32,
    Int64,
    Integer,
    Number,
    Float,
    Boolean,
    DateTime,
    Date,
    Uuid,
    Byte,
    Binary,
    Uri,
    Null,
    Any,
}

/// A schema used somewhere: a reference to a named one, an inline schema, or a scalar.
#[derive(Arbitrary, Debug)]
enum Ref {
    Named(u16),
    Scalar(Scalar),
    Inline(Box<Shape>),
    /// A `$ref` to a schema that does not exist.
    Dangling,
}

#[derive(Arbitrary, Debug)]
struct Property {
    name: Name,
    schema: Ref,
    required: bool,
    nullable: bool,
    read_only: bool,
    description: Option<Text>,
}

#[derive(Arbitrary, Debug)]
enum Shape {
    Object { properties: Vec<Property>, additional: Option<Option<Ref>> },
    Array(Ref, Option<u8>),
    Tuple(Vec<Ref>),
    AllOf(Vec<Ref>),
    OneOf(Vec<Ref>, Option<Name>),
    AnyOf(Vec<Ref>),
    Enum(Vec<EnumValue>),
    Const(EnumValue),
    Scalar(Scalar),
    Not(Ref),
    Empty,
}

#[derive(Arbitrary, Debug)]
enum EnumValue {
    Name(Name),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

#[derive(Arbitrary, Debug)]
struct Schema {
    name: Name,
    shape: Shape,
    description: Option<Text>,
    title: Option<Text>,
    nullable: bool,
    deprecated: bool,
}

/// Long structures random bytes would not build: a chain of named schemas, each linking to
/// the next, or a diamond where each level refers to both schemas of the next.
#[derive(Arbitrary, Debug)]
enum Bulk {
    Chain { length: u16, link: Link, cyclic: bool },
    Diamond { levels: u8 },
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Link {
    Property,
    Items,
    AllOf,
    OneOf,
    AnyOf,
    AdditionalProperties,
}

#[derive(Arbitrary, Debug)]
enum Segment {
    Literal(Name),
    Param(Name),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Parameter {
    name: Name,
    location: u8,
    required: bool,
    schema: Ref,
    style: Option<u8>,
    explode: Option<bool>,
    description: Option<Text>,
}

#[derive(Arbitrary, Debug)]
struct Operation {
    path: Vec<Segment>,
    method: u8,
    operation_id: Option<Name>,
    summary: Option<Text>,
    description: Option<Text>,
    parameters: Vec<Parameter>,
    body: Option<(u8, Ref)>,
    responses: Vec<(u16, Option<Ref>, Option<Text>)>,
    security: Vec<u8>,
    deprecated: bool,
}

#[derive(Arbitrary, Debug)]
struct Spec {
    v31: bool,
    title: Text,
    version: Text,
    description: Option<Text>,
    schemas: Vec<Schema>,
    bulk: Vec<Bulk>,
    operations: Vec<Operation>,
    schemes: Vec<(Name, u8, Name)>,
}

/// Inline schemas deeper than this become `$ref`s: the JSON stays shallow enough for the
/// harness's own recursive serialisation (the generator's depth limits are not what this
/// target is about: the loader's are tested by the text target).
const MAX_INLINE_DEPTH: usize = 24;

struct Builder<'a> {
    names: &'a [String],
    v31: bool,
}

impl Builder<'_> {
    fn pointer(name: &str) -> String {
        let escaped = name.replace('~', "~0").replace('/', "~1");
        let mut out = String::from("#/components/schemas/");
        for b in escaped.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    fn reference(&self, r: &Ref, depth: usize) -> Value {
        match r {
            Ref::Named(i) if !self.names.is_empty() => {
                json!({ "$ref": Self::pointer(&self.names[usize::from(*i) % self.names.len()]) })
            }
            Ref::Named(_) | Ref::Dangling => json!({ "$ref": "#/components/schemas/DoesNotExist" }),
            Ref::Scalar(s) => scalar(*s),
            Ref::Inline(shape) if depth < MAX_INLINE_DEPTH => self.shape(shape, depth + 1),
            Ref::Inline(_) => json!({ "$ref": Self::pointer(self.names.first().map_or("Missing", String::as_str)) }),
        }
    }

    fn refs(&self, refs: &[Ref], depth: usize) -> Value {
        Value::Array(refs.iter().map(|r| self.reference(r, depth)).collect())
    }

    fn shape(&self, shape: &Shape, depth: usize) -> Value {
        match shape {
            Shape::Object { properties, additional } => {
                let mut props = Map::new();
                let mut required = Vec::new();
                for p in properties {
                    let name = p.name.text();
                    let mut schema = self.reference(&p.schema, depth);
                    if let Value::Object(o) = &mut schema {
                        if p.nullable && !self.v31 {
                            o.insert("nullable".into(), Value::Bool(true));
                        }
                        if p.read_only {
                            o.insert("readOnly".into(), Value::Bool(true));
                        }
                        if let Some(d) = &p.description {
                            o.insert("description".into(), Value::String(d.text()));
                        }
                    }
                    if p.required {
                        required.push(Value::String(name.clone()));
                    }
                    props.insert(name, schema);
                }
                let mut o = Map::new();
                o.insert("type".into(), json!("object"));
                o.insert("properties".into(), Value::Object(props));
                if !required.is_empty() {
                    o.insert("required".into(), Value::Array(required));
                }
                match additional {
                    None => {}
                    Some(None) => {
                        o.insert("additionalProperties".into(), Value::Bool(true));
                    }
                    Some(Some(r)) => {
                        o.insert("additionalProperties".into(), self.reference(r, depth));
                    }
                }
                Value::Object(o)
            }
            Shape::Array(items, max) => {
                let mut v = json!({ "type": "array", "items": self.reference(items, depth) });
                if let (Some(m), Value::Object(o)) = (max, &mut v) {
                    o.insert("maxItems".into(), json!(m));
                }
                v
            }
            Shape::Tuple(items) => {
                json!({ "type": "array", "prefixItems": self.refs(items, depth), "items": false })
            }
            Shape::AllOf(refs) => json!({ "allOf": self.refs(refs, depth) }),
            Shape::OneOf(refs, discriminator) => {
                let mut v = json!({ "oneOf": self.refs(refs, depth) });
                if let (Some(d), Value::Object(o)) = (discriminator, &mut v) {
                    o.insert("discriminator".into(), json!({ "propertyName": d.text() }));
                }
                v
            }
            Shape::AnyOf(refs) => json!({ "anyOf": self.refs(refs, depth) }),
            Shape::Enum(values) => json!({ "enum": values.iter().map(enum_value).collect::<Vec<_>>() }),
            Shape::Const(value) => json!({ "const": enum_value(value) }),
            Shape::Scalar(s) => scalar(*s),
            Shape::Not(r) => json!({ "not": self.reference(r, depth) }),
            Shape::Empty => json!({}),
        }
    }
}

fn enum_value(v: &EnumValue) -> Value {
    match v {
        EnumValue::Name(n) => Value::String(n.text()),
        EnumValue::Int(i) => json!(i),
        EnumValue::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        EnumValue::Bool(b) => Value::Bool(*b),
        EnumValue::Null => Value::Null,
    }
}

fn scalar(s: Scalar) -> Value {
    match s {
        Scalar::String => json!({ "type": "string" }),
        Scalar::Int32 => json!({ "type": "integer", "format": "int32" }),
        Scalar::Int64 => json!({ "type": "integer", "format": "int64" }),
        Scalar::Integer => json!({ "type": "integer", "minimum": -9_223_372_036_854_775_808i64 }),
        Scalar::Number => json!({ "type": "number" }),
        Scalar::Float => json!({ "type": "number", "format": "float", "maximum": 1e300 }),
        Scalar::Boolean => json!({ "type": "boolean" }),
        Scalar::DateTime => json!({ "type": "string", "format": "date-time" }),
        Scalar::Date => json!({ "type": "string", "format": "date" }),
        Scalar::Uuid => json!({ "type": "string", "format": "uuid" }),
        Scalar::Byte => json!({ "type": "string", "format": "byte" }),
        Scalar::Binary => json!({ "type": "string", "format": "binary" }),
        Scalar::Uri => json!({ "type": "string", "format": "uri" }),
        Scalar::Null => json!({ "type": "null" }),
        Scalar::Any => json!(true),
    }
}

/// The schemas of a chain or a diamond, named `Bulk{n}_{i}`.
fn bulk(n: usize, b: &Bulk, schemas: &mut Map<String, Value>) {
    match b {
        Bulk::Chain { length, link, cyclic } => {
            let length = usize::from(*length % 4000) + 1;
            for i in 0..length {
                let next = if i + 1 < length { Some(i + 1) } else { cyclic.then_some(0) };
                let target = next.map(|j| json!({ "$ref": format!("#/components/schemas/Bulk{n}_{j}") }));
                let target = target.unwrap_or_else(|| json!({ "type": "string" }));
                let schema = match link {
                    Link::Property => json!({ "type": "object", "properties": { "next": target } }),
                    Link::Items => json!({ "type": "array", "items": target }),
                    Link::AllOf => json!({ "allOf": [target, { "type": "object", "properties": { "x": { "type": "string" } } }] }),
                    Link::OneOf => json!({ "oneOf": [target, { "type": "string" }] }),
                    Link::AnyOf => json!({ "anyOf": [target, { "type": "integer" }] }),
                    Link::AdditionalProperties => json!({ "type": "object", "additionalProperties": target }),
                };
                schemas.insert(format!("Bulk{n}_{i}"), schema);
            }
        }
        Bulk::Diamond { levels } => {
            let levels = usize::from(*levels % 40) + 1;
            for level in 0..levels {
                for side in ["A", "B"] {
                    let schema = if level + 1 < levels {
                        json!({ "allOf": [
                            { "$ref": format!("#/components/schemas/Bulk{n}_{}A", level + 1) },
                            { "$ref": format!("#/components/schemas/Bulk{n}_{}B", level + 1) },
                        ] })
                    } else {
                        json!({ "type": "object", "properties": { side: { "type": "string" } } })
                    };
                    schemas.insert(format!("Bulk{n}_{level}{side}"), schema);
                }
            }
        }
    }
}

fn build(spec: &Spec) -> Value {
    let names: Vec<String> = spec.schemas.iter().map(|s| s.name.text()).collect();
    let b = Builder { names: &names, v31: spec.v31 };
    let mut schemas = Map::new();
    for s in &spec.schemas {
        let mut v = b.shape(&s.shape, 0);
        if let Value::Object(o) = &mut v {
            if let Some(d) = &s.description {
                o.insert("description".into(), Value::String(d.text()));
            }
            if let Some(t) = &s.title {
                o.insert("title".into(), Value::String(t.text()));
            }
            if s.nullable && !spec.v31 {
                o.insert("nullable".into(), Value::Bool(true));
            }
            if s.deprecated {
                o.insert("deprecated".into(), Value::Bool(true));
            }
        }
        schemas.insert(s.name.text(), v);
    }
    for (n, bulk_item) in spec.bulk.iter().enumerate().take(4) {
        bulk(n, bulk_item, &mut schemas);
    }

    let mut security_schemes = Map::new();
    let scheme_keys: Vec<String> = spec.schemes.iter().map(|(k, _, _)| k.text()).collect();
    for (key, kind, param) in &spec.schemes {
        let scheme = match kind % 5 {
            0 => json!({ "type": "apiKey", "in": "header", "name": param.text() }),
            1 => json!({ "type": "apiKey", "in": "query", "name": param.text() }),
            2 => json!({ "type": "http", "scheme": "bearer" }),
            3 => json!({ "type": "http", "scheme": "basic" }),
            _ => json!({ "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": "https://x/token", "scopes": { param.text(): "scope" } } } }),
        };
        security_schemes.insert(key.text(), scheme);
    }

    let mut paths = Map::new();
    for op in &spec.operations {
        let mut path = String::new();
        for seg in &op.path {
            path.push('/');
            match seg {
                Segment::Literal(n) => path.push_str(&n.text()),
                Segment::Param(n) => path.push_str(&format!("{{{}}}", n.text())),
                Segment::Raw(s) => path.push_str(s),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        let method = ["get", "put", "post", "delete", "options", "head", "patch", "trace"][usize::from(op.method % 8)];
        let parameters: Vec<Value> = op
            .parameters
            .iter()
            .map(|p| {
                let location = ["path", "query", "header", "cookie"][usize::from(p.location % 4)];
                let mut v = json!({
                    "name": p.name.text(),
                    "in": location,
                    "required": p.required || location == "path",
                    "schema": b.reference(&p.schema, 0),
                });
                if let Value::Object(o) = &mut v {
                    if let Some(s) = p.style {
                        let style = ["form", "simple", "label", "matrix", "spaceDelimited", "pipeDelimited", "deepObject"][usize::from(s % 7)];
                        o.insert("style".into(), json!(style));
                    }
                    if let Some(e) = p.explode {
                        o.insert("explode".into(), json!(e));
                    }
                    if let Some(d) = &p.description {
                        o.insert("description".into(), json!(d.text()));
                    }
                }
                v
            })
            .collect();
        let mut responses = Map::new();
        for (status, schema, description) in &op.responses {
            let key = match status % 7 {
                0 => "default".to_string(),
                1 => format!("{}XX", 1 + status % 5),
                _ => format!("{}", 100 + status % 500),
            };
            let mut r = json!({ "description": description.as_ref().map_or(String::new(), Text::text) });
            if let (Some(s), Value::Object(o)) = (schema, &mut r) {
                o.insert("content".into(), json!({ "application/json": { "schema": b.reference(s, 0) } }));
            }
            responses.insert(key, r);
        }
        let mut o = Map::new();
        if let Some(id) = &op.operation_id {
            o.insert("operationId".into(), json!(id.text()));
        }
        if let Some(s) = &op.summary {
            o.insert("summary".into(), json!(s.text()));
        }
        if let Some(d) = &op.description {
            o.insert("description".into(), json!(d.text()));
        }
        o.insert("parameters".into(), Value::Array(parameters));
        if let Some((media, schema)) = &op.body {
            let media = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/octet-stream", "text/plain", "application/merge-patch+json"][usize::from(media % 6)];
            o.insert("requestBody".into(), json!({ "required": true, "content": { media: { "schema": b.reference(schema, 0) } } }));
        }
        o.insert("responses".into(), Value::Object(responses));
        if !scheme_keys.is_empty() && !op.security.is_empty() {
            let reqs: Vec<Value> = op
                .security
                .iter()
                .map(|i| json!({ scheme_keys[usize::from(*i) % scheme_keys.len()].clone(): [] }))
                .collect();
            o.insert("security".into(), Value::Array(reqs));
        }
        if op.deprecated {
            o.insert("deprecated".into(), json!(true));
        }
        let item = paths.entry(path).or_insert_with(|| json!({}));
        if let Value::Object(item) = item {
            item.insert(method.to_string(), Value::Object(o));
        }
    }

    let mut info = json!({ "title": spec.title.text(), "version": spec.version.text() });
    if let (Some(d), Value::Object(o)) = (&spec.description, &mut info) {
        o.insert("description".into(), json!(d.text()));
    }
    json!({
        "openapi": if spec.v31 { "3.1.0" } else { "3.0.3" },
        "info": info,
        "servers": [{ "url": "https://api.example.com/v1" }],
        "paths": paths,
        "components": { "schemas": schemas, "securitySchemes": security_schemes },
    })
}

fuzz_target!(|spec: Spec| {
    let text = build(&spec).to_string();
    // No `$ref` here leaves the document, so the name only has to be a plain file name.
    let config = codegen::Config::new("fuzz-client", "fuzz graph", "fuzz");
    let _ = codegen::generate_from_str(&text, Path::new("fuzz-graph.json"), &config);
});
