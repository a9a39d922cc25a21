//! Hostile Markdown, checked with pulldown-cmark (the parser rustdoc uses): whatever the
//! input, rustdoc must see no code block but ```` ```text ````, no HTML and no link but
//! autolinks.

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::*;

/// The Markdown rustdoc reads from the lines: joined, less their common indentation.
fn markdown(lines: &[String]) -> String {
    let indent = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    lines.iter().map(|l| l.get(indent..).unwrap_or("")).collect::<Vec<_>>().join("\n")
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The text of every code block rustdoc would see; panics on anything unsafe.
fn checked(input: &str) -> Vec<String> {
    let out = lines(input);
    for l in &out {
        assert!(!l.contains(['\n', '\r', '\u{202E}', '\u{2066}', '\0']), "unsafe character in {l:?} from {input:?}");
        assert!(!l.contains('\t'), "tab in {l:?} from {input:?}");
    }
    let md = markdown(&out);
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(&md, options()) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                match &kind {
                    CodeBlockKind::Fenced(info) if info.as_ref() == "text" => {}
                    other => panic!("code block {other:?} rustdoc could run, from {input:?}:\n{md}"),
                }
                current = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => blocks.push(current.take().unwrap_or_default()),
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML {h:?} from {input:?}:\n{md}"),
            Event::Start(Tag::Link { link_type, dest_url, .. }) if link_type != LinkType::Autolink => {
                panic!("link to {dest_url:?} from {input:?}:\n{md}")
            }
            Event::Start(Tag::Image { dest_url, .. }) => panic!("image {dest_url:?} from {input:?}"),
            Event::FootnoteReference(f) => panic!("footnote {f:?} from {input:?}"),
            _ => {}
        }
    }
    blocks
}

const EVIL: &str = "std::fs::write(\"/tmp/pwned\", \"\").unwrap();";

#[test]
fn prose_is_made_safe() {
    assert_eq!(lines("see [docs] at https://x.io/a.")[0], " see \\[docs\\] at <https://x.io/a>.");
    assert_eq!(lines("a <b> tag &amp; more")[0], " a &lt;b&gt; tag &amp;amp; more");
    assert_eq!(lines("```\nlet x;\n```"), vec![" ```text", " let x;", " ```"]);
    assert_eq!(lines("   indented")[0], " indented");
    assert_eq!(lines("1. one\n2. two"), vec![" 1. one", " 2. two"]);
    assert_eq!(lines("`[a]` and `<b>`")[0], " `[a]` and `<b>`");
    assert_eq!(lines("a ` b")[0], " a \\` b");
}

#[test]
fn list_continuation_lines_stay_in_the_item() {
    // Issue 11: the front page's list items were split by blank lines.
    assert_eq!(lines("- a\nmore"), vec![" - a", "   more"]);
    assert_eq!(lines("* **Channels**: one\n  two\n* next\nlazy"), vec![" * **Channels**: one", "   two", " * next", "   lazy"]);
    assert_eq!(lines("10. ten\n    more"), vec![" 10. ten", "     more"]);
    assert_eq!(lines("- a\n\n  second paragraph\n\nafter"), vec![" - a", "", "   second paragraph", "", " after"]);
    assert_eq!(lines("text\n- a"), vec![" text", "", " - a"]);
    checked("- a\nmore\n\tb");
}

#[test]
fn backtick_fences_of_any_info_string_become_text() {
    for info in ["", "rust", "compile_fail", "should_panic", "ignore", "no_run", "rust,no_run", "edition2021", "{.rust}", "  rust  "] {
        for ticks in ["```", "````", "``````"] {
            let blocks = checked(&format!("Example:\n{ticks}{info}\n{EVIL}\n{ticks}\nAfter."));
            assert_eq!(blocks, vec![format!("{EVIL}\n")], "{ticks}{info}");
        }
    }
    // A longer fence is not closed by a shorter one.
    assert_eq!(checked("````rust\n```\nx\n````"), vec!["```\nx\n"]);
}

#[test]
fn tilde_fences_become_text() {
    for fence in ["~~~", "~~~~", "~~~ rust", "~~~rust,should_panic", "~~~ ```"] {
        let blocks = checked(&format!("{fence}\n{EVIL}\n~~~~~~\n"));
        assert_eq!(blocks, vec![format!("{EVIL}\n")], "{fence}");
    }
}

#[test]
fn fences_at_any_indentation() {
    for indent in ["", " ", "  ", "   ", "    ", "\t", "      "] {
        checked(&format!("{indent}```rust\n{indent}{EVIL}\n{indent}```"));
        checked(&format!("para\n{indent}```rust\n{EVIL}\n```"));
        checked(&format!("para\n\n{indent}~~~rust\n{EVIL}\n"));
    }
}

#[test]
fn fences_in_list_items() {
    for marker in ["-", "*", "+", "1.", "1)", "123456789.", "- -", "1. -", "- 1."] {
        let pad = " ".repeat(marker.len() + 1);
        let blocks = checked(&format!("{marker} ```rust\n{pad}{EVIL}\n{pad}```"));
        assert_eq!(blocks.len(), 1, "{marker}");
        assert!(blocks[0].contains(EVIL), "{marker}: {blocks:?}");
        checked(&format!("{marker} item\n\n   ```compile_fail\n   {EVIL}\n   ```\n\n   more"));
        checked(&format!("{marker} item\n```should_panic\n{EVIL}\n```"));
        checked(&format!("{marker} ~~~\n{EVIL}"));
    }
}

#[test]
fn fences_in_block_quotes() {
    for quote in [">", "> ", ">>", "> >", ">>>>>>>>", "   >", "> - ", "- > "] {
        let blocks = checked(&format!("{quote}```rust\n{quote}{EVIL}\n{quote}```"));
        if !quote.contains('-') {
            assert!(blocks.iter().any(|b| b.contains(EVIL)), "{quote}: {blocks:?}");
        }
        checked(&format!("{quote}```rust\n{EVIL}\n```"));
        checked(&format!("{quote} text\nlazy\n```rust\n{EVIL}\n```"));
        checked(&format!("{quote}    {EVIL}"));
    }
}

#[test]
fn unclosed_fences_are_closed() {
    assert_eq!(checked(&format!("```rust\n{EVIL}")), vec![format!("{EVIL}\n")]);
    assert_eq!(checked(&format!("- ~~~\n  {EVIL}\n\n")), vec![format!("{EVIL}\n")]);
    checked("```");
    checked("~~~");
}

#[test]
fn indented_code_blocks_become_text() {
    assert_eq!(checked(&format!("Run:\n\n    {EVIL}\n    more\n\nAfter")), vec![format!("{EVIL}\nmore\n")]);
    assert_eq!(checked(&format!("\t{EVIL}")), vec![format!("{EVIL}\n")]);
    assert_eq!(checked(&format!("- item\n\n      {EVIL}")), vec![format!("{EVIL}\n")]);
    // Inside a paragraph indentation is not code, in CommonMark as here.
    assert!(checked(&format!("para\n    {EVIL}")).is_empty());
    checked(&format!("1.\n\n           {EVIL}"));
    checked(&format!("123456789.\n\n           {EVIL}"));
    checked(&format!("123456789. a\n\n           {EVIL}"));
    checked(&format!("-\n           {EVIL}"));
}

#[test]
fn html_is_text() {
    assert_eq!(checked(&format!("<pre>\n{EVIL}\n</pre>")), vec![format!("{EVIL}\n")]);
    assert_eq!(checked("<pre><code>let x = 1;</code></pre>"), vec!["let x = 1;</code>\n"]);
    for html in ["<script>alert(1)</script>", "<!-- ```rust -->", "<details>\n\n```rust\nx\n```\n</details>", "<code>x</code>", "<a href=\"x\">y</a>", "&lt;pre&gt;", "<PRE>\nx"] {
        checked(html);
    }
}

#[test]
fn backslashes_links_and_footnotes_are_text() {
    for text in ["\\```rust\nx\n\\```", "a\\", "\\\\", "[a]: http://x", "[x](y) ![i](j)", "a[^1]\n\n[^1]: x", "<https://x>", "`a` `` b `` ```c```"] {
        checked(text);
    }
}

#[test]
fn control_and_direction_characters_are_replaced() {
    let out = checked("a\u{202E}b\rc\r\n```rust\r\nx\r\n```\u{2028}d\0e\u{1b}[31m");
    assert_eq!(out, vec!["x\n"]);
    let all = lines("a\u{202E}b\u{2066}c\u{200B}d").join("\n");
    assert!(!all.contains(['\u{202E}', '\u{2066}', '\u{200B}']), "{all:?}");
}

#[test]
fn long_and_repetitive_lines_stay_linear() {
    // Backtick runs of every length, none closed: a naive pairing would be quadratic.
    let runs: String = (1..1500).map(|n| format!("{} ", "`".repeat(n))).collect();
    checked(&runs);
    checked(&">".repeat(200_000));
    checked(&"- ".repeat(100_000));
    checked(&format!("{}```rust\n{EVIL}", "> - ".repeat(10_000)));
    checked(&"```\n".repeat(10_000));
    checked(&"a\n".repeat(100_000));
}

#[test]
fn code_spans_hold_any_name() {
    for name in ["plain", "with space", "a`b", "``x``", "`", "```", "~~~", "a\nb", "\r", "x\u{202E}", "<b>", "[x]", ""] {
        let span = code(name);
        assert!(!span.contains(['\n', '\r', '\u{202E}']), "{span:?}");
        let out = checked(&format!("The {span} field.\n{span}\n- {span}"));
        assert!(out.is_empty(), "{name:?}: {out:?}");
        // Each line of the prose keeps the span whole.
        assert_eq!(lines(&span)[0], format!(" {span}"), "{name:?}");
    }
}

/// Docs written here wrap at 92 columns, but never inside a span of spec text, where a new
/// line could start a fence.
#[test]
fn wrapped_docs_keep_spans_whole() {
    let names = ["a ```rust b", "x ~~~ y", "- item", "    indented", "``` `` ```"];
    for name in names {
        for pad in 0..100 {
            let text = format!("{}{} then more words after the span.", "w ".repeat(pad), code(name));
            let out = super::super::runtime::doc_texts(&text);
            assert!(out.iter().any(|l| l.contains(&code(name))), "{name:?} split: {out:?}");
            let md = markdown(&out);
            for event in Parser::new_ext(&md, options()) {
                assert!(!matches!(event, Event::Start(Tag::CodeBlock(_))), "{name:?}: {md}");
            }
        }
    }
}

#[test]
fn blank_descriptions_fall_back() {
    let docs = |d: &str| Docs { title: None, description: Some(d.to_string()), deprecated: false };
    assert_eq!(item_text(&docs(" \n\t "), "The `x` schema."), "The `x` schema.");
    assert_eq!(item_text(&docs("real"), "fallback"), "real");
}

/// Lines from hostile pieces, combined at random (a fixed seed): none may give rustdoc
/// anything but text.
#[test]
fn random_combinations_of_hostile_lines_are_safe() {
    const PREFIXES: [&str; 14] =
        ["", " ", "    ", "\t", "> ", ">>", "- ", "  - ", "1. ", "10) ", "* > ", "> 1. ", "-\t", "      "];
    const BODIES: [&str; 18] = [
        "```rust",
        "```",
        "````",
        "~~~",
        "~~~ should_panic",
        "```compile_fail,E0308",
        "std::process::abort();",
        "",
        "text [link](x) <b>",
        "<pre>",
        "</pre>",
        "<!--",
        "-->",
        "---",
        "`code`",
        "\\",
        "  ",
        "# heading",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..4000 {
        let count = 1 + next(8);
        let text: Vec<String> =
            (0..count).map(|_| format!("{}{}", PREFIXES[next(PREFIXES.len())], BODIES[next(BODIES.len())])).collect();
        let separator = ["\n", "\r\n", "\r"][next(3)];
        checked(&text.join(separator));
    }
}

/// A doc line's literal, raw or not, holds the line, and formats as the escaped literal of
/// the same line does: hostile quotes and hashes that would close a raw string early too.
#[test]
fn doc_literals_hold_their_line_and_format_as_escaped_ones() {
    let hashes_255 = format!(" \"{}", "#".repeat(255));
    let lines = [
        "", " plain", " \"quoted\"", " \"# closes r#", " \"## and \"#", " ends with \"", " \\ back\\slash \\\"#", " {} #[x] */ /*",
        "/ starts with a slash", "// two", " tab\tinside", " é 日本 👨\u{200D}👩", " trailing   ", hashes_255.as_str(), " \"#\"###\"##",
    ];
    for line in lines {
        let lit = doc_lit(line);
        let value = syn::parse2::<syn::LitStr>(quote!(#lit)).ok().map(|s| s.value());
        assert_eq!(value.as_deref(), Some(line), "the literal {lit} of {line:?}");
        let escaped = Literal::string(line);
        let format = |lit: &Literal| {
            let outer = prettyplease::unparse(&syn::parse2(quote!(#[doc = #lit] pub struct A; )).unwrap());
            let inner = prettyplease::unparse(&syn::parse2(quote!(#![doc = #lit] pub struct A; )).unwrap());
            // Through text too, as the formatter's pieces go.
            let text = quote!(#[doc = #lit] pub struct A;).to_string();
            (outer, inner, prettyplease::unparse(&syn::parse_file(&text).unwrap()))
        };
        assert_eq!(format(&lit), format(&escaped), "{line:?}");
    }
    // What a raw literal cannot hold stays escaped.
    assert!(doc_lit(" a\rb").to_string().starts_with('"'));
    assert!(doc_lit(&format!(" \"{}", "#".repeat(255))).to_string().starts_with('"'));
    assert!(doc_lit(" \"#").to_string().starts_with("r##\""));
}

/// [`escape_text`] as it was before it copied runs of plain text at once: one char at a time.
fn per_char_escape_text(mut rest: &str, out: &mut String) {
    while !rest.is_empty() {
        if let Some(url_len) = url_at(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\`"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

#[test]
fn plain_runs_escape_as_char_by_char() {
    let pieces = [
        "a", "h", "ht", "http://", "https://", "http:/", "x.y", " ", "[", "]", "<", ">", "&", "\\", "`", "é", "日本", ".", ",", ")", "\"", "hh",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..(state % 24) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        let (mut fast, mut slow) = (String::new(), String::new());
        escape_text(&text, &mut fast);
        per_char_escape_text(&text, &mut slow);
        assert_eq!(fast, slow, "{text:?}");
        // And the spans of backticks, with or without the scan for one.
        let spans = code_spans(&text);
        assert!(!text.contains('`') || spans.iter().all(|&(s, e)| text[s..e].starts_with('`') && text[s..e].ends_with('`')));
        assert!(text.contains('`') || spans.is_empty());
    }
}
