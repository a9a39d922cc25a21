use serde::Deserialize;

thread_local! {
    /// How many times a `Counted` was decoded on this thread.
    static READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A string that counts its decodes: each one is a union's attempt reaching it.
#[derive(Debug, PartialEq, serde::Serialize)]
struct Counted(String);

impl<'de> Deserialize<'de> for Counted {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        READS.with(|n| n.set(n.get() + 1));
        String::deserialize(deserializer).map(Counted)
    }
}

fn reads(decode: impl FnOnce()) -> usize {
    READS.with(|n| n.set(0));
    decode();
    READS.with(std::cell::Cell::get)
}

#[derive(Debug, PartialEq, serde::Serialize, Deserialize)]
struct Strict {
    a: String,
    b: String,
}

#[derive(Debug, PartialEq, serde::Serialize, Deserialize)]
struct Loose {
    note: Option<String>,
}

/// The fixture's `Value` as the generator writes it (strict objects before loose ones).
#[derive(Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Any {
    List(Vec<String>),
    Strict(Strict),
    Loose(Loose),
    Integer(i64),
    Number(f64),
    Flag(Option<bool>),
    String(String),
    Unknown(serde_json::Value),
}

untagged!(Any {
    List = ARRAY,
    Strict = OBJECT,
    Loose = OBJECT,
    Integer = NUMBER,
    Number = NUMBER,
    Flag = BOOL | NULL,
    String = STRING,
});

/// The same union as serde derives it, to compare with.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum SerdeAny {
    List(Vec<String>),
    Strict(Strict),
    Loose(Loose),
    Integer(i64),
    Number(f64),
    Flag(Option<bool>),
    String(String),
    Unknown(serde_json::Value),
}

#[test]
fn the_first_variant_that_decodes_wins_as_with_serde() {
    for text in [
        r#"{"a":"1","b":"2"}"#,
        r#"{"a":"1"}"#,
        r#"{"note":"n","a":"1","b":"2"}"#,
        r#"{"note":5}"#,
        "{}",
        r#"["x","y"]"#,
        "[1]",
        "[]",
        "3",
        "-3",
        "3.5",
        "18446744073709551615",
        "true",
        "null",
        r#""s""#,
        " \n\"s\" ",
    ] {
        let ours = serde_json::from_str::<Any>(text).unwrap();
        let serde = serde_json::from_str::<SerdeAny>(text).unwrap();
        assert_eq!(format!("{ours:?}"), format!("{serde:?}"), "{text}");
    }
    // Out of `f64`'s range, no JSON value serde_json reads: an error for both.
    assert!(serde_json::from_str::<Any>("1e400").is_err());
    assert!(serde_json::from_str::<SerdeAny>("1e400").is_err());
    // Every kind written back as it came, what no variant takes too.
    for text in [
        r#"{"a":"1","b":"2"}"#,
        r#"{"note":"n"}"#,
        r#"["x"]"#,
        "[1,{}]",
        "-3",
        "3.5",
        "false",
        "null",
        r#""s""#,
    ] {
        let ours = serde_json::from_str::<Any>(text).unwrap();
        assert_eq!(serde_json::to_string(&ours).unwrap(), text);
    }
    assert!(matches!(
        serde_json::from_str::<Any>(r#"{"a":"1","b":"2"}"#),
        Ok(Any::Strict(_))
    ));
    assert!(matches!(
        serde_json::from_str::<Any>("[1]"),
        Ok(Any::Unknown(_))
    ));
    assert!(matches!(
        serde_json::from_str::<Any>("3"),
        Ok(Any::Integer(3))
    ));
    assert!(matches!(
        serde_json::from_str::<Any>("null"),
        Ok(Any::Flag(None))
    ));
    // From a `Value` too, as a caller may decode one.
    let value = serde_json::json!({"note": "n"});
    assert!(matches!(
        serde_json::from_value::<Any>(value),
        Ok(Any::Loose(_))
    ));
}

#[test]
fn the_kind_is_the_first_byte() {
    for (text, kind) in [
        ("{}", 1),
        (" [1]", 2),
        ("\"a\"", 4),
        ("-1", 8),
        ("0.5", 8),
        ("true", 16),
        ("false", 16),
        ("\tnull", 32),
        ("", 63),
        ("+1", 63),
    ] {
        assert_eq!(super::kind(text.as_bytes()), kind, "{text:?}");
    }
}

/// Stripe's expandable field: an id or the object.
#[derive(Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
enum Expandable {
    Customer(Customer),
    Id(Counted),
    Unknown(serde_json::Value),
}

#[derive(Debug, PartialEq, serde::Serialize, Deserialize)]
struct Customer {
    id: Counted,
    #[cfg(any())]
    gone: String,
}

untagged!(Expandable {
    Customer = OBJECT,
    #[cfg(all())]
    Id = STRING,
});

#[test]
fn a_variant_of_another_kind_is_not_tried() {
    let mut id = None;
    assert_eq!(
        reads(|| id = serde_json::from_str::<Expandable>(r#""cus_1""#).ok()),
        1
    );
    assert_eq!(id, Some(Expandable::Id(Counted("cus_1".to_string()))));
    let mut object = None;
    assert_eq!(
        reads(|| object = serde_json::from_str::<Expandable>(r#"{"id":"cus_1"}"#).ok()),
        1
    );
    assert!(matches!(object, Some(Expandable::Customer(_))));
    let unknown = serde_json::from_str::<Expandable>("[7]").unwrap();
    assert_eq!(unknown, Expandable::Unknown(serde_json::json!([7])));
}

/// A recursive union whose first variant fails only at the end of its value (`end` is
/// missing once `next` was read whole), as a hostile body makes it: serde's untagged enum,
/// and a union that retried without a budget, read the innermost value 2^levels times.
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
enum Rec {
    Both(Both),
    Next(Next),
    Leaf(Counted),
    Unknown(serde_json::Value),
}

#[derive(Debug, serde::Serialize, Deserialize)]
struct Both {
    next: Box<Rec>,
    end: String,
}

#[derive(Debug, serde::Serialize, Deserialize)]
struct Next {
    next: Box<Rec>,
}

untagged!(Rec {
    Both = OBJECT,
    Next = OBJECT,
    Leaf = STRING,
});

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SerdeRec {
    Both {
        #[serde(rename = "next")]
        _next: Box<SerdeRec>,
        #[serde(rename = "end")]
        _end: String,
    },
    Next {
        #[serde(rename = "next")]
        _next: Box<SerdeRec>,
    },
    Leaf(Counted),
}

/// `levels` objects, each the `next` of the one around it, around the string `"x"`; with an
/// `end` in each, if `ended`.
fn rec(levels: usize, ended: bool) -> String {
    let close = if ended { r#","end":"e"}"# } else { "}" };
    format!(
        "{}\"x\"{}",
        r#"{"next":"#.repeat(levels),
        close.repeat(levels)
    )
}

/// The path of the error of decoding `text` as `T`, as the client reads it, and the error.
fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> (String, String) {
    let e = serde_json::from_str::<T>(text).unwrap_err();
    (
        crate::json_path::error_path(text.as_bytes(), &e),
        e.to_string(),
    )
}

#[test]
fn a_hostile_recursive_union_spends_its_budget_instead_of_exponential_work() {
    let budget_error = "a union's value takes more than 128 passes over its text to decode";
    // Serde's own untagged enum, for scale: twice the reads per level.
    let text = rec(12, false);
    let serde = reads(|| assert!(serde_json::from_str::<SerdeRec>(&text).is_ok()));
    assert_eq!(serde, 1 << 12);
    for levels in [12, 30, 1_000] {
        let text = rec(levels, false);
        let mut result = None;
        let n = reads(|| result = Some(serde_json::from_str::<Rec>(&text)));
        // Each read of the leaf is an attempt on its three bytes, within 128 passes over the
        // whole text.
        assert!(n * 3 <= 128 * text.len(), "{levels} levels: {n} reads");
        let message = result.unwrap().unwrap_err().to_string();
        if levels <= 127 {
            assert!(message.contains(budget_error), "{levels}: {message}");
        }
        // Nothing is left behind: the next value is the outermost union, with a budget of its own.
        assert!(serde_json::from_str::<Rec>(&rec(5, false)).is_ok());
    }
    // The path leads to where it ran out; around the union, the client names its place.
    let text = format!(r#"[{{"next":"x"}},{}]"#, rec(30, false));
    let (path, message) = error_of::<Vec<Rec>>(&text);
    assert_eq!(path, "[1]");
    assert!(message.starts_with("in `next"), "{message}");
    assert!(message.contains(budget_error), "{message}");
}

#[test]
fn valid_bodies_never_meet_the_budget() {
    // 120 unions deep, each taking its first variant: the leaf is read once.
    let text = rec(120, true);
    assert_eq!(
        reads(|| assert!(matches!(
            serde_json::from_str::<Rec>(&text),
            Ok(Rec::Both(_))
        ))),
        1
    );
    // Unions side by side retry each their own part: the work grows with the body, not
    // faster, since each outermost union has a budget of its own.
    let one = rec(3, false);
    let many = format!("[{}]", vec![one.as_str(); 2_000].join(","));
    let n = reads(|| {
        assert_eq!(
            serde_json::from_str::<Vec<Rec>>(&many).unwrap().len(),
            2_000
        )
    });
    assert_eq!(n, 2_000 * 8);
    // Within one union, every level retrying once: 2^levels reads, but within budget.
    assert_eq!(
        reads(|| assert!(serde_json::from_str::<Rec>(&rec(5, false)).is_ok())),
        32
    );
}

#[test]
fn unions_nested_too_deep_are_an_error_not_a_stack_overflow() {
    let message = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            serde_json::from_str::<Rec>(&rec(5_000, true))
                .unwrap_err()
                .to_string()
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(
        message.starts_with("a union's value is nested more than 128 levels"),
        "{message}"
    );
}

/// A recursive union whose first variant fails at once on a branch (it lacks `value`, and skips
/// `child` unread): a plain tree, not a hostile one.
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
enum Nd {
    Leaf(NLeaf),
    Branch(NBranch),
    Unknown(serde_json::Value),
}

#[derive(Debug, serde::Serialize, Deserialize)]
struct NLeaf {
    value: String,
}

#[derive(Debug, serde::Serialize, Deserialize)]
struct NBranch {
    child: Box<Nd>,
}

untagged!(Nd {
    Leaf = OBJECT,
    Branch = OBJECT,
});

/// `levels` branches around a leaf whose value is `leaf`.
fn nd(levels: usize, leaf: &str) -> String {
    format!(
        "{}{{\"value\":\"{leaf}\"}}{}",
        r#"{"child":"#.repeat(levels),
        "}".repeat(levels)
    )
}

#[test]
fn a_union_taking_a_later_variant_at_every_level_is_not_refused() {
    // Each level's first attempt fails without meeting the union inside: it is not what makes
    // retries exponential, and counting it spent the budget at 64 levels with a big leaf.
    let big = "x".repeat(1 << 20);
    for (levels, leaf) in [(64, big.as_str()), (126, "x")] {
        let decoded = serde_json::from_str::<Nd>(&nd(levels, leaf));
        assert!(
            matches!(decoded, Ok(Nd::Branch(_))),
            "{levels} levels: {decoded:?}"
        );
    }
}
