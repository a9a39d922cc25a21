use super::*;
use std::collections::BTreeMap;

/// The path of the byte at serde_json's position `line`/`column`.
fn path_at(text: &[u8], line: usize, column: usize) -> String {
    offset(text, line, column).map_or_else(String::new, |end| walk(&text[..end]))
}

/// The path `path_at` names for the error of decoding `text` as `T`, and the error.
fn named<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> (String, String) {
    let e = serde_json::from_str::<T>(text).unwrap_err();
    (error_path(text.as_bytes(), &e), e.to_string())
}

#[derive(Debug, serde::Deserialize)]
struct Outer {
    _inner: Vec<Inner>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Inner {
    #[serde(rename = "fileId")]
    _file_id: String,
    #[serde(default)]
    _kind: Option<Kind>,
    #[serde(default)]
    _n: Option<Vec<u8>>,
}

#[derive(Debug, serde::Deserialize)]
enum Kind {
    A,
}

#[test]
fn each_kind_of_error_names_the_value_it_is_in() {
    for (text, path) in [
        (r#"{"_inner":[{"fileId":7}]}"#, "_inner[0].fileId"),
        (r#"{"_inner":[{"fileId" : null }]}"#, "_inner[0].fileId"),
        (r#"{"_inner":[{"fileId":{"a":[1]}}]}"#, "_inner[0].fileId"),
        (r#"{"_inner":[{"fileId":[1,2]}]}"#, "_inner[0].fileId"),
        (
            r#"{"_inner":[{"fileId":"a","_n":[1,300]}]}"#,
            "_inner[0]._n[1]",
        ),
        (
            r#"{"_inner":[{"fileId":"a","_n":[1,{}]}]}"#,
            "_inner[0]._n[1]",
        ),
        (
            r#"{"_inner":[{"fileId":"a","_kind":"B"}]}"#,
            "_inner[0]._kind",
        ),
        // Missing field: the object's `}`; unknown field: in the object, before its `:`.
        (r#"{"_inner":[{"fileId":"a"},{}]}"#, "_inner[1]"),
        (r#"{"_inner":[{"fileId":"a","zz":1}]}"#, "_inner[0]"),
        (r#"{}"#, ""),
        (r#"{"_inner":7}"#, "_inner"),
        // Syntax errors, the end of the input, and what follows the value.
        (r#"{"_inner":[{"fileId":"a\q"}]}"#, "_inner[0].fileId"),
        (r#"{"_inner":[{"fileId":"a"},]}"#, "_inner"),
        (r#"{"_inner":[{"fileId":"a"}"#, "_inner[0]"),
        (r#"{"_inner":[{"fileId":"#, "_inner[0].fileId"),
        (r#"{"_inner":[]} x"#, ""),
        (r#"{"_inner":[]}{}"#, ""),
        ("", ""),
        // Positions on later lines count from their line's start.
        ("{\"_inner\":\n[{\"fileId\":\n7}]}", "_inner[0].fileId"),
        ("{\n\"_inner\":[\n{\"fileId\":\"a\"},\n{}\n]}", "_inner[1]"),
    ] {
        let (found, error) = named::<Outer>(text);
        assert_eq!(found, path, "{text}: {error}");
    }
}

#[test]
fn arrays_of_arrays_and_the_last_element() {
    type Grid = BTreeMap<String, Vec<Vec<u8>>>;
    for (text, path) in [
        (r#"{"a":[[1],[2,"x"]]}"#, "a[1][1]"),
        (r#"{"a":[[1],[2,3],[4,5,6,{}]]}"#, "a[2][3]"),
        (r#"{"a":[[],[],[[]]]}"#, "a[2][0]"),
        (r#"{"a":[[1]],"b":[[1],[1],[1,2,-1]]}"#, "b[2][2]"),
        (r#"{"a":[[1] , [ 2 , 3 ] , [256]]}"#, "a[2][0]"),
    ] {
        let (found, error) = named::<Grid>(text);
        assert_eq!(found, path, "{text}: {error}");
    }
    let (found, _) = named::<Vec<Vec<Vec<u8>>>>("[[[1]],[[1],[1,true]]]");
    assert_eq!(found, "[1][1][1]");
}

#[test]
fn keys_are_named_as_decoded() {
    type Map = BTreeMap<String, BTreeMap<String, u8>>;
    for (text, path) in [
        (r#"{"k\"y":{"a":"x"}}"#, "k\"y.a"),
        (r#"{"a\\b":{"\u00e9t\u00e9":-1}}"#, "a\\b.été"),
        (r#"{"日本":{"😀":1.5}}"#, "日本.😀"),
        (r#"{"\ud83d\ude00":{"x\ny":null}}"#, "😀.x\ny"),
        (r#"{"[0]":{"a.b":"x"}}"#, "[0].a.b"),
        (r#"{"":{"":"x"}}"#, "."),
        (r#"{"a":{"b":1},"c\"":{"d":1,"e\"}":[]}}"#, "c\".e\"}"),
    ] {
        let (found, error) = named::<Map>(text);
        assert_eq!(found, path, "{text}: {error}");
    }
}

#[test]
fn no_position_or_one_past_the_end_names_the_top_or_the_end() {
    let text = br#"{"a":[1,2]}"#;
    assert_eq!(path_at(text, 0, 0), "");
    assert_eq!(path_at(text, 0, 7), "");
    assert_eq!(path_at(text, 1, 0), "");
    assert_eq!(path_at(text, 1, 8), "a[1]");
    assert_eq!(path_at(text, 1, 10_000), "");
    assert_eq!(path_at(text, 2, 1), "", "a line the text does not have");
    assert_eq!(path_at(text, usize::MAX, usize::MAX), "");
    assert_eq!(path_at(b"[1,[2", 1, usize::MAX), "[1][0]");
}

/// Text no parser would accept, cut anywhere, with any position: some path, no panic, and
/// never more frames than the walk keeps.
#[test]
fn any_bytes_at_any_position_give_a_path_without_panicking() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"{}[]\":,\\ \nab01\xff\xc3";
    for _ in 0..3_000 {
        let len = (next() % 64) as usize;
        let text: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        for (line, column) in [
            (1, len),
            (next() as usize % 4, next() as usize % 80),
            (1, 0),
        ] {
            let _ = path_at(&text, line, column);
        }
    }
    let valid = br#"{"a":[{"b\"":[1,{"c":"d"}]}],"e":{}}"#;
    for cut in 0..=valid.len() {
        for column in 0..=valid.len() + 1 {
            let _ = path_at(&valid[..cut], 1, column);
        }
    }
    // Deeper than the walk keeps: the path names its first frames only.
    let deep = "[".repeat(10_000);
    let path = path_at(deep.as_bytes(), 1, deep.len());
    assert_eq!(path, "[0]".repeat(MAX_FRAMES));
    let closed = format!("{}{}[1,", "[".repeat(1_000), "]".repeat(1_000));
    assert_eq!(path_at(closed.as_bytes(), 1, closed.len()), "[1]");
    assert_eq!(path_at(b"]]]}}{\"a\":1", 1, 11), "a");
}

#[test]
fn a_union_s_path_continues_the_tracked_one() {
    let full = |tracked, message| full_path(tracked, message);
    assert_eq!(
        full(
            "attachments[1]",
            "in `fileId`: invalid type at line 1 column 9"
        ),
        (
            "attachments[1].fileId".to_string(),
            "invalid type at line 1 column 9".to_string()
        )
    );
    assert_eq!(
        full(".", "in `[2].a`: m"),
        ("[2].a".to_string(), "m".to_string())
    );
    assert_eq!(
        full("a", "in `[2]`: m"),
        ("a[2]".to_string(), "m".to_string())
    );
    assert_eq!(full(".", "m"), (String::new(), "m".to_string()));
    assert_eq!(
        full("a.b", "in `x"),
        ("a.b".to_string(), "in `x".to_string())
    );
}
