use super::*;

fn raw(text: &str) -> Box<RawValue> {
    RawValue::from_string(text.to_string()).unwrap()
}

#[test]
fn the_tag_is_found_wherever_it_is() {
    let first = raw(r#"{"type": "FILE", "nested": {"type": "NO"}, "list": [1, {"a": null}]}"#);
    assert_eq!(tag(&first, "type").as_deref(), Some("FILE"));
    let last = raw(r#"{"nested": {"type": "NO"}, "n": 1.5, "type": "LOCATION"}"#);
    assert_eq!(tag(&last, "type").as_deref(), Some("LOCATION"));
    assert!(matches!(tag(&last, "type"), Some(Cow::Borrowed(_))));
    let escaped = raw(r#"{"ty\u0070e": "F\u0049LE"}"#);
    assert_eq!(tag(&escaped, "type").as_deref(), Some("FILE"));
}

#[test]
fn no_string_tag_is_none() {
    for text in [
        r#"{"type": 3}"#,
        r#"{"type": null}"#,
        r#"{"kind": "FILE"}"#,
        r#"{"type": {"a": 1}}"#,
        "[1, 2]",
        "\"FILE\"",
        "7",
        "null",
    ] {
        assert_eq!(tag(&raw(text), "type"), None, "{text}");
    }
}

#[test]
fn the_tag_is_read_past_any_value() {
    for text in [
        r#"{"type":"FILE","fileId":"1"}"#,
        " \n{ \t\"type\" \r\n:  \"FILE\" }",
        r#"{"a":{"type":"NO","b":[{"type":"NO"}]},"c":["}","]",{"d":"\"{"}],"type":"FILE"}"#,
        r#"{"ty":"NO","types":"NO","a":"\"type\"","n":-1.5e3,"t":true,"f":null,"type":"FILE"}"#,
        r#"{"a\"type":"NO","\"type\"":"NO","type":"FILE"}"#,
        r#"{"n":[1,2.5,[],{}],"e":[],"o":{},"type":"FILE"}"#,
    ] {
        assert_eq!(tag(&raw(text), "type").as_deref(), Some("FILE"), "{text}");
        assert!(matches!(tag(&raw(text), "type"), Some(Cow::Borrowed(_))));
    }
    assert_eq!(tag(&raw(r#"{"type":""}"#), "type").as_deref(), Some(""));
    assert_eq!(tag(&raw(r#"{"type":"é"}"#), "type").as_deref(), Some("é"));
}

#[test]
fn the_first_string_of_that_name_is_the_tag() {
    for (text, found) in [
        (r#"{"type":"FILE","type":"LOCATION"}"#, "FILE"),
        (r#"{"type":3,"type":"FILE"}"#, "FILE"),
        (r#"{"type":[],"type":{"type":"NO"},"type":"FILE"}"#, "FILE"),
        (
            r#"{"type":null,"ty\u0070e":"F\u0049LE","type":"NO"}"#,
            "FILE",
        ),
    ] {
        assert_eq!(tag(&raw(text), "type").as_deref(), Some(found), "{text}");
    }
}

#[test]
fn escaped_keys_and_tags_are_decoded() {
    for (text, name, found) in [
        (r#"{"a\u0041":1, "type":"FILE"}"#, "type", "FILE"),
        (r#"{"type":"\u00e9\n"}"#, "type", "é\n"),
        (r#"{"type":"A\"B\\"}"#, "type", "A\"B\\"),
        (r#"{"a\"b":"X"}"#, "a\"b", "X"),
        (r#"{"a\\b":"X"}"#, "a\\b", "X"),
        (r#"{"\ud83d\ude00":"X"}"#, "😀", "X"),
    ] {
        assert_eq!(tag(&raw(text), name).as_deref(), Some(found), "{text}");
    }
    // Spelled alike, meant otherwise: `\b` is a backspace, not a backslash and a `b`.
    assert_eq!(tag(&raw(r#"{"a\b":"X"}"#), "a\\b"), None);
}

#[test]
fn text_that_is_not_json_has_no_tag_and_does_not_panic() {
    for text in [
        "",
        "{",
        r#"{"type""#,
        r#"{"type":"#,
        r#"{"type":"FILE"#,
        r#"{"a":[}"#,
        r#"{"a":"\"#,
        r#"{"a":1"#,
        r#"{"a":1 "type":"FILE"}"#,
        r#"{"a" 1,"type":"FILE"}"#,
        r#"{"a":}},"type":"FILE"}"#,
        "{]]",
        r#"{"type":"\uZZZZ"}"#,
    ] {
        assert_eq!(scan(text, "type"), None, "{text}");
    }
}

/// `tag` against what a union decoded through a `serde_json::Value` reads (`Value::get`),
/// on objects without repeated keys, where the two must agree.
#[test]
fn the_walk_finds_what_a_parse_finds() {
    let nested = serde_json::json!({
        "z": [{"type": "NO"}, "}", {"a": [[], {}, "\\", "\"]"]}],
        "m": {"type": "NO", "x": [1, -2.5e-3, true, false, null]},
        "type": "FI\"LE",
        "zz": "after",
    });
    for text in [
        &serde_json::to_string(&nested).unwrap(),
        &serde_json::to_string_pretty(&nested).unwrap(),
        r#"{ "type" : "FILE" , "n" : [1, {"type": "NO"}] }"#,
        r#"{"fileId":"1","type":"FILE"}"#,
        r#"{"fileId":"1","type":7}"#,
        r#"{"type":"\u00e9"}"#,
        r#"{"a\"type\"":"NO","type":"YES"}"#,
        r#"{"m":{"type":"NO"}}"#,
        r#"[{"type":"NO"}]"#,
        r#""type""#,
        "[]",
        "{}",
        "null",
    ] {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let parsed = value.get("type").and_then(serde_json::Value::as_str);
        assert_eq!(tag(&raw(text), "type").as_deref(), parsed, "{text}");
    }
}

#[derive(serde::Serialize)]
struct File {
    #[serde(rename = "fileId")]
    file_id: String,
}

/// A union as the generator writes one.
#[derive(Debug)]
enum Inner {
    File(File2),
    Unknown,
}

#[derive(Debug, serde::Deserialize)]
struct File2 {
    #[serde(rename = "fileId")]
    _file_id: String,
}

impl<'de> serde::Deserialize<'de> for Inner {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = super::raw(deserializer)?;
        let text = raw.get();
        match tag(&raw, "type").as_deref() {
            Some("FILE") => from_text(text).map(Inner::File),
            _ => Ok(Inner::Unknown),
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct Holder {
    _inner: Vec<Inner>,
}

/// The path of the error of decoding `text` as `T`, as the client's decode error reads it from
/// the parser's position (`.` at the top), and the error.
fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> (String, String) {
    let e = serde_json::from_str::<T>(text).unwrap_err();
    let path = crate::json_path::error_path(text.as_bytes(), &e);
    let path = if path.is_empty() {
        ".".to_string()
    } else {
        path
    };
    (path, e.to_string())
}

#[test]
fn a_variant_names_the_path_inside_it_through_nested_unions() {
    let (path, message) =
        error_of::<Vec<Inner>>(r#"[{"type":"FILE","fileId":"a"},{"type":"FILE","fileId":7}]"#);
    assert_eq!(path, "[1]");
    assert!(
        message.starts_with(
            "in `fileId`: invalid type: integer `7`, expected a string at line 1 column "
        ),
        "{message}"
    );
    let (_, message) = error_of::<Vec<Inner>>(r#"[{"type":"FILE"}]"#);
    assert!(
        message.starts_with("missing field `fileId` at line 1"),
        "{message}"
    );
}

#[test]
fn with_tag_writes_the_tag_first() {
    let file = File {
        file_id: "7".to_string(),
    };
    let text = serde_json::to_string(&WithTag {
        tag: Tag("type", "FILE"),
        value: &file,
    })
    .unwrap();
    assert_eq!(text, r#"{"type":"FILE","fileId":"7"}"#);
}

/// A recursive union as the generator writes one for `Node` (`oneOf`, tag `type`, a variant
/// holding more `Node`s).
#[derive(Debug)]
enum Node {
    Branch(Branch),
    Leaf(Leaf),
    Unknown,
}

#[derive(Debug, serde::Deserialize)]
struct Branch {
    #[serde(default)]
    children: Vec<Node>,
    child: Option<Box<Node>>,
}

#[derive(Debug, serde::Deserialize)]
struct Leaf {
    #[serde(rename = "fileId", deserialize_with = "counted")]
    _file_id: String,
}

thread_local! {
    /// How many times a `Leaf`'s `fileId` was decoded on this thread.
    static LEAF_READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn counted<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    LEAF_READS.with(|n| n.set(n.get() + 1));
    <String as serde::Deserialize>::deserialize(deserializer)
}

fn leaf_reads(decode: impl FnOnce()) -> usize {
    LEAF_READS.with(|n| n.set(0));
    decode();
    LEAF_READS.with(std::cell::Cell::get)
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = super::raw(deserializer)?;
        let text = raw.get();
        match tag(&raw, "type").as_deref() {
            Some("BRANCH") => from_text(text).map(Node::Branch),
            Some("LEAF") => from_text(text).map(Node::Leaf),
            _ => Ok(Node::Unknown),
        }
    }
}

/// An object around a union, as deep as a body likes.
#[derive(Debug, serde::Deserialize)]
struct Wrap {
    w: Option<Box<Wrap>>,
    node: Option<Node>,
}

/// `levels` branches, each the first child of the one around it, around `leaf`.
fn nested(levels: usize, leaf: &str) -> String {
    let open = r#"{"type":"BRANCH","children":["#;
    format!("{}{leaf}{}", open.repeat(levels), "]}".repeat(levels))
}

/// `levels` branches, each the `child` of the one around it (one level of JSON per union).
fn chained(levels: usize, leaf: &str) -> String {
    let open = r#"{"type":"BRANCH","child":"#;
    format!("{}{leaf}{}", open.repeat(levels), "}".repeat(levels))
}

/// `f` on a thread with a 2 MiB stack, tokio's worker default: an overflow aborts the process.
fn on_small_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// The union levels entered on this thread: none once a decode returned.
fn levels() -> usize {
    LEVELS.with(std::cell::Cell::get)
}

/// Each level of a failing union decoded its variant twice, and its inner level's too: 2^30
/// decodes here before, hours; now each level is decoded once.
#[test]
fn a_failure_deep_in_nested_unions_costs_no_more_per_level() {
    let text = nested(30, r#"{"type":"LEAF","fileId":7}"#);
    let path = format!("{}fileId", "children[0].".repeat(30));
    let expected = format!("in `{path}`: invalid type: integer `7`, expected a string");
    // With the path of the position, as the client reads a body's, and as a plain decode.
    let (tracked, message) = error_of::<Node>(&text);
    assert_eq!(
        (tracked.as_str(), message.as_str()),
        (".", expected.as_str())
    );
    let untracked = serde_json::from_str::<Node>(&text).unwrap_err().to_string();
    assert!(untracked.starts_with(&expected), "{untracked}");
    assert_eq!(levels(), 0);
}

/// Every level retried its own failure tracked, reading its part again for each union around
/// it: the leaf 60 levels down was read about 60 times (a 1 MB failing body took 6.7 s).
/// Then the outermost union's tracked retry read it once more; now it is read once.
#[test]
fn a_failure_deep_in_nested_unions_is_read_once_not_per_level() {
    for levels in [1, 10, 60] {
        let text = nested(levels, r#"{"type":"LEAF","fileId":7}"#);
        let plain = leaf_reads(|| {
            let _ = serde_json::from_str::<Node>(&text).unwrap_err();
        });
        assert_eq!(plain, 1, "{levels} levels");
        let named = leaf_reads(|| {
            let _ = error_of::<Node>(&text);
        });
        assert_eq!(
            named, 1,
            "{levels} levels, the path named from the position"
        );
        let chained_text = chained(levels, r#"{"type":"LEAF","fileId":7}"#);
        let plain = leaf_reads(|| {
            let _ = serde_json::from_str::<Node>(&chained_text).unwrap_err();
        });
        assert_eq!(plain, 1, "{levels} chained levels");
    }
    assert_eq!(levels(), 0);
}

/// Valid, 10,000 levels of JSON: each union's deserializer started its nesting limit over, and
/// the stack overflowed (an abort, not an error).
#[test]
fn unions_nested_past_the_limit_are_an_error_not_a_stack_overflow() {
    let leaf = r#"{"type":"LEAF","fileId":"a"}"#;
    let message = on_small_stack(move || {
        let raw = serde_json::from_str::<Node>(&nested(5_000, leaf)).unwrap_err();
        let chained = serde_json::from_str::<Node>(&chained(5_000, leaf)).unwrap_err();
        assert_eq!(raw.to_string(), chained.to_string());
        assert_eq!(levels(), 0);
        raw.to_string()
    });
    assert!(
        message.starts_with("a union's value is nested more than 128 levels"),
        "{message}"
    );
    // Inside another value, the union names where it is.
    let text = format!(r#"[{leaf},{}]"#, chained(200, leaf));
    let (path, message) = on_small_stack(move || error_of::<Vec<Node>>(&text));
    assert_eq!(path, "[1]");
    assert!(message.starts_with("a union's value is nested more than 128 levels"));
}

#[test]
fn unions_nested_up_to_the_limit_decode() {
    let leaf = r#"{"type":"LEAF","fileId":"a"}"#;
    on_small_stack(move || {
        // 128 levels of JSON with the leaf, the limit.
        assert!(serde_json::from_str::<Node>(&chained(127, leaf)).is_ok());
        assert!(serde_json::from_str::<Node>(&chained(128, leaf)).is_err());
        assert!(serde_json::from_str::<Node>(&chained(100, leaf)).is_ok());
        // Two levels of JSON per union: 63 and the leaf.
        assert!(serde_json::from_str::<Node>(&nested(63, leaf)).is_ok());
        // The limit counts from the outermost union, not from the body: 60 levels to it.
        let deep_body = format!(
            r#"{}{{"node":{}}}{}"#,
            r#"{"w":"#.repeat(60),
            chained(100, leaf),
            "}".repeat(60)
        );
        assert!(serde_json::from_str::<Wrap>(&deep_body).is_ok());
        let node = serde_json::from_str::<Node>(&chained(3, leaf)).unwrap();
        assert!(matches!(node, Node::Branch(Branch { child: Some(_), .. })));
        assert_eq!(levels(), 0);
    });
}

#[test]
fn the_depth_scan_counts_brackets_outside_strings() {
    for (text, depth) in [
        ("7", 0),
        ("{}", 1),
        (r#"{"a":[1,{"b":[]}]}"#, 4),
        (r#"{"a":"[[[[","b":"\"[{"}"#, 1),
        (r#"[[],[[]],[]]"#, 3),
        (r#"["\\",["\\\""]]"#, 2),
    ] {
        assert!(text_within(text, depth), "{text}");
        assert!(depth == 0 || !text_within(text, depth - 1), "{text}");
    }
    // More brackets than the limit, but in strings or side by side: counted, then scanned.
    let quoted = format!(
        r#"{{"a":"{}","b":[{}]}}"#,
        "[{".repeat(300),
        "[],".repeat(300) + "[]"
    );
    assert!(text_within(&quoted, 3) && !text_within(&quoted, 2));
    let node = serde_json::from_str::<Node>(&format!(
        r#"{{"type":"BRANCH","children":[{}]}}"#,
        vec![r#"{"type":"LEAF","fileId":"[[{{"}"#; 200].join(",")
    ));
    assert!(matches!(node, Ok(Node::Branch(b)) if b.children.len() == 200));
    // Not JSON (never a union's text): the parser refuses it, the scan does not panic.
    for text in ["[[\"", "]]]", "\"\\"] {
        let _ = text_within(text, 1);
    }
}

/// A union's error has no position of its own: serde_json gives it where the container around
/// stopped (past a `,` in an array, past the bracket that closes the container when the union
/// was last in it), and the union is found there by its text.
#[test]
fn a_failed_union_is_named_wherever_it_is_in_its_container() {
    let bad = r#"{"type":"FILE","fileId":7}"#;
    let good = r#"{"type":"FILE","fileId":"a"}"#;
    let message = "in `fileId`: invalid type: integer `7`, expected a string";
    for (text, path) in [
        (format!("[{bad}]"), "[0]"),
        (format!("[{good},{bad}]"), "[1]"),
        (format!("[{good}, {bad} ,{good}]"), "[1]"),
        (format!("[{bad},{good},{good}]"), "[0]"),
        (format!("[\n{good},\n  {bad}\n]"), "[1]"),
        // The same text twice: the first one that failed.
        (format!("[{good},{bad},{bad}]"), "[1]"),
    ] {
        let (found, error) = error_of::<Vec<Inner>>(&text);
        assert_eq!(found, path, "{text}: {error}");
        assert!(error.starts_with(message), "{text}: {error}");
    }
    for (text, path) in [
        (format!(r#"{{"a":{bad}}}"#), "a"),
        (format!(r#"{{"a":{good},"b":{bad}}}"#), "b"),
        (format!(r#"{{"a":{bad},"b":{good}}}"#), "a"),
        (format!(r#"{{ "a" : {bad} , "b" : {good} }}"#), "a"),
        (format!(r#"{{"a\"}}":{good},"b]":{bad} }}"#), "b]"),
        (
            format!(r#"{{"a":{{"b":[{good},{{"c":{bad}}}]}}}}"#),
            "a.b[1].c",
        ),
    ] {
        type Map = std::collections::BTreeMap<String, Inner>;
        let nested = text.contains(r#""c""#);
        let (found, error) = if nested {
            type Deep = std::collections::BTreeMap<
                String,
                std::collections::BTreeMap<String, Vec<std::collections::BTreeMap<String, Inner>>>,
            >;
            let text = text.replacen(good, &format!(r#"{{"c":{good}}}"#), 1);
            error_of::<Deep>(&text)
        } else {
            error_of::<Map>(&text)
        };
        assert_eq!(found, path, "{text}: {error}");
        assert!(error.starts_with(message), "{text}: {error}");
    }
}

/// Unions in unions, three deep, the error at the leaf, last or not in each container: each
/// level names its part of the path.
#[test]
fn three_unions_deep_name_the_whole_path_to_the_leaf() {
    let leaf = r#"{"type":"LEAF","fileId":"a"}"#;
    let bad = r#"{"type":"LEAF","fileId":[1]}"#;
    let text = format!(
        r#"{{"type":"BRANCH","children":[{leaf},{{"type":"BRANCH","child":{{"type":"BRANCH","children":[{leaf},{leaf},{bad}]}},"children":[{leaf}]}}]}}"#
    );
    let (path, message) = error_of::<Vec<Node>>(&format!("[{leaf},{text}]"));
    assert_eq!(path, "[1]");
    assert!(
        message.starts_with(
            "in `children[1].child.children[2].fileId`: invalid type: sequence, expected a string at line 1 column "
        ),
        "{message}"
    );
    assert_eq!(levels(), 0);
}

/// A 1 MB body that fails at its end under 100 unions: each union decodes its part once (the
/// leaf is read once), and the path of each level is read from its own text, one pass over at
/// most that text (so the work is bounded by the levels, at most 128, times the body).
#[test]
fn a_large_failing_body_under_many_unions_is_read_once() {
    let filler = "x".repeat(1 << 20);
    let leaf = format!(r#"{{"type":"LEAF","pad":"{filler}","fileId":7}}"#);
    let text = chained(100, &leaf);
    let mut result = None;
    let reads = leaf_reads(|| result = Some(error_of::<Node>(&text)));
    assert_eq!(reads, 1);
    let (_, message) = result.unwrap();
    let path = format!("{}fileId", "child.".repeat(100));
    assert_eq!(
        message,
        format!("in `{path}`: invalid type: integer `7`, expected a string")
    );
}

/// A union as the generator writes one with `tagged!`: a plain variant whose type has the tag,
/// a boxed one with two tag values, one whose type has no tag field, and one under a `cfg`
/// that does not hold.
#[derive(Debug, PartialEq)]
enum Shape {
    Circle(Circle),
    Square(Box<Square>),
    Dot(Dot),
    #[cfg(any())]
    Gone(Dot),
    Unknown(serde_json::Value),
}

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "shape", rename = "circle")]
struct Circle {
    r: u8,
}

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "shape")]
struct Square {
    side: u8,
}

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Dot {
    x: u8,
}

tagged!(Shape("shape") { Circle("circle"), Square("square" | "box") boxed, Dot("dot") with_tag, #[cfg(any())] Gone("gone") });

#[test]
fn tagged_decodes_by_the_tag_and_writes_each_variant() {
    let read = |text: &str| serde_json::from_str::<Shape>(text).unwrap();
    assert_eq!(
        read(r#"{"r":1,"shape":"circle"}"#),
        Shape::Circle(Circle { r: 1 })
    );
    let square = Shape::Square(Box::new(Square { side: 2 }));
    assert_eq!(read(r#"{"shape":"box","side":2}"#), square);
    assert_eq!(read(r#"{"shape":"square","side":2}"#), square);
    assert_eq!(read(r#"{"shape":"dot","x":3}"#), Shape::Dot(Dot { x: 3 }));
    // Another tag, no tag, a variant compiled out: `Unknown`, as sent.
    for text in [
        r#"{"shape":"hex","n":6}"#,
        r#"{"n":6}"#,
        r#"{"shape":"gone","x":1}"#,
        "[1]",
    ] {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(read(text), Shape::Unknown(value.clone()), "{text}");
        assert_eq!(serde_json::to_value(read(text)).unwrap(), value, "{text}");
    }
    // A known tag whose variant does not decode is an error, not `Unknown`.
    assert!(serde_json::from_str::<Shape>(r#"{"shape":"dot","x":"no"}"#).is_err());
    let write = |shape: &Shape| serde_json::to_string(shape).unwrap();
    assert_eq!(
        write(&Shape::Circle(Circle { r: 1 })),
        r#"{"shape":"circle","r":1}"#
    );
    assert_eq!(write(&square), r#"{"shape":"Square","side":2}"#);
    assert_eq!(write(&Shape::Dot(Dot { x: 3 })), r#"{"shape":"dot","x":3}"#);
}
