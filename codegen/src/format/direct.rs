//! The models' plain items printed from their tokens as prettyplease prints them, without
//! syn parsing them first: parsing the emitted tokens back and walking the tree was most of
//! generation's time, and most items are of a few shapes — structs with named fields, enums
//! of unit and one-field variants, type aliases, calls of the runtime's macros, under outer
//! attributes. Where prettyplease would break a line, this module breaks it the same way
//! for the cases it knows (a macro's arguments filled line by line, an attribute's list one
//! element a line); anything else (another token, another shape, a line it cannot tell how
//! prettyplease would break, a doc line prettyplease would not print as `///`) is `None`,
//! and the item goes to prettyplease as before. The tests hold every printed text to
//! prettyplease's, at every line length around its margin, and hold the text to reading back
//! as itself; generation's output is byte-identical to formatting everything through
//! prettyplease (`cargo xtask regen`, the snapshots, the corpus).

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// prettyplease's margin: a box breaks when what it holds (up to the next break) would end
/// past this column.
pub(super) const MARGIN: usize = 89;

/// prettyplease's text of `item` (one item's tokens, attributes included), ending with a
/// line break, when it is of a shape this module prints: a struct with named fields, an
/// enum of unit and one-field variants, a type alias, a call of one of the runtime's
/// macros, `use` and `mod` lines, or an `impl` block of a model's constructor or of methods
/// [`super::methods`] prints. Nothing is parsed with syn: an `impl` with a method of
/// another shape is `None`, for the caller to format where it formats the rest.
pub fn item(item: &[TokenTree]) -> Option<String> {
    item_with(item, false)
}

/// [`item`], where an `impl` block's methods of other shapes are formatted by prettyplease
/// one by one, here (on the core that formats the file), and the others printed.
pub fn item_or_parsed(item: &[TokenTree]) -> Option<String> {
    item_with(item, true)
}

fn item_with(item: &[TokenTree], parse_methods: bool) -> Option<String> {
    let mut out = String::with_capacity(1024);
    let item = inner_docs(item, &mut out)?;
    let rest = attributes(item, "", &mut out)?;
    let start = out.len();
    match rest {
        [TokenTree::Ident(vis), TokenTree::Ident(keyword), TokenTree::Ident(name), TokenTree::Group(body)]
            if vis == "pub" && (keyword == "struct" || keyword == "enum") && body.delimiter() == Delimiter::Brace =>
        {
            let fields: Vec<TokenTree> = body.stream().into_iter().collect();
            let keyword = keyword.to_string();
            name_word(name)?;
            out.push_str("pub ");
            out.push_str(&keyword);
            out.push(' ');
            push_display(&mut out, name);
            if fields.is_empty() {
                out.push_str(" {}");
                return line_end(&mut out, start).then_some(out);
            }
            out.push_str(" {");
            if !line_end(&mut out, start) {
                return None;
            }
            match keyword.as_str() {
                "struct" => named_fields(&fields, &mut out)?,
                "enum" => variants(&fields, &mut out)?,
                _ => return None,
            }
            out.push_str("}\n");
        }
        [TokenTree::Ident(vis), TokenTree::Ident(keyword), TokenTree::Ident(name), TokenTree::Punct(eq), after @ ..]
            if vis == "pub" && keyword == "type" && eq.as_char() == '=' =>
        {
            name_word(name)?;
            out.push_str("pub type ");
            push_display(&mut out, name);
            out.push_str(" = ");
            let ty_start = out.len();
            let [TokenTree::Punct(semi)] = ty(after, &mut out)? else { return None };
            if semi.as_char() != ';' {
                return None;
            }
            // prettyplease can break only inside a type's `<...>`: a path without is printed
            // whole, however long the line.
            let unbreakable = !out.get(ty_start..).unwrap_or_default().contains('<');
            out.push(';');
            if !line_end(&mut out, start) && !unbreakable {
                return None;
            }
        }
        [path @ .., TokenTree::Punct(bang), TokenTree::Group(args), TokenTree::Punct(semi)]
            if bang.as_char() == '!' && args.delimiter() == Delimiter::Parenthesis && semi.as_char() == ';' =>
        {
            let name = macro_path(path, &mut out)?;
            if !RUNTIME_MACROS.iter().any(|m| name == *m) {
                return None;
            }
            let mut line = String::with_capacity(256);
            let mut breaks = Vec::new();
            macro_tokens(args.stream(), &mut line, &mut breaks)?;
            let name_len = out.len() - start;
            if name_len + 2 + line.len() + 2 <= MARGIN {
                out.push_str("!(");
                out.push_str(&line);
                out.push_str(");\n");
            } else {
                // prettyplease's box around the arguments breaks: they go on lines of their
                // own, filled as far as each fits, then `);`.
                out.push_str("!(\n");
                fill(&line, &breaks, ARGS_INDENT, &mut out);
                out.push_str("\n);\n");
            }
        }
        [TokenTree::Ident(keyword), TokenTree::Ident(name), TokenTree::Group(body)]
            if keyword == "impl" && body.delimiter() == Delimiter::Brace =>
        {
            name_word(name)?;
            out.push_str("impl ");
            push_display(&mut out, name);
            out.push_str(" {");
            if !line_end(&mut out, start) {
                return None;
            }
            let inner: Vec<TokenTree> = body.stream().into_iter().collect();
            let methods = out.len();
            if constructor(&inner, &mut out).is_none() {
                out.truncate(methods);
                super::methods::impl_methods(name, &inner, parse_methods, &mut out)?;
            }
            out.push_str("}\n");
        }
        [TokenTree::Ident(kw), TokenTree::Ident(name), TokenTree::Punct(semi)] if kw == "mod" && semi.as_char() == ';' => {
            name_word(name)?;
            out.push_str("mod ");
            push_display(&mut out, name);
            out.push(';');
            // A name has no break: printed whole, however long the line.
            out.push('\n');
        }
        [TokenTree::Ident(vis), TokenTree::Ident(kw), TokenTree::Ident(name), TokenTree::Punct(semi)]
            if vis == "pub" && kw == "mod" && semi.as_char() == ';' =>
        {
            name_word(name)?;
            out.push_str("pub mod ");
            push_display(&mut out, name);
            out.push_str(";\n");
        }
        [TokenTree::Ident(vis), TokenTree::Ident(kw), tree @ ..] if vis == "pub" && kw == "use" => {
            out.push_str("pub use ");
            use_tree(tree, &mut out)?;
        }
        [TokenTree::Ident(kw), tree @ ..] if kw == "use" => {
            out.push_str("use ");
            use_tree(tree, &mut out)?;
        }
        _ => return None,
    }
    Some(out)
}

/// The tree of a `use` item at the top level, from its first segment to its `;`: a path, then
/// a name, `*`, or `{...}` of names. prettyplease prints a group of one name as the name
/// alone; a longer group on the line when it fits (its `;` too), else as a consistent box:
/// `{`, the names filled line by line a level deeper (an inconsistent box), a `,` after the
/// last, and `}` on a line of its own.
fn use_tree(mut tokens: &[TokenTree], out: &mut String) -> Option<()> {
    let start = out.rfind('\n').map_or(0, |i| i + 1);
    loop {
        match tokens {
            [TokenTree::Ident(segment), TokenTree::Punct(a), TokenTree::Punct(b), after @ ..]
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':' =>
            {
                path_word(segment)?;
                push_display(out, segment);
                out.push_str("::");
                tokens = after;
            }
            [TokenTree::Ident(name), TokenTree::Punct(semi)] if semi.as_char() == ';' => {
                name_word(name)?;
                push_display(out, name);
                out.push_str(";\n");
                return Some(());
            }
            [TokenTree::Punct(star), TokenTree::Punct(semi)] if star.as_char() == '*' && semi.as_char() == ';' => {
                out.push_str("*;\n");
                return Some(());
            }
            [TokenTree::Group(group), TokenTree::Punct(semi)] if group.delimiter() == Delimiter::Brace && semi.as_char() == ';' => {
                let items: Vec<TokenTree> = group.stream().into_iter().collect();
                let mut names = Vec::new();
                let mut rest = items.as_slice();
                while let [TokenTree::Ident(name), after @ ..] = rest {
                    name_word(name)?;
                    names.push(name.to_string());
                    rest = after_comma(after)?;
                }
                if !rest.is_empty() || names.is_empty() {
                    return None;
                }
                if let [name] = names.as_slice() {
                    out.push_str(name);
                    out.push_str(";\n");
                    return Some(());
                }
                let joined = names.join(", ");
                if out.len() - start + "{".len() + joined.len() + "};".len() <= MARGIN {
                    out.push('{');
                    out.push_str(&joined);
                    out.push_str("};\n");
                    return Some(());
                }
                let mut breaks = Vec::with_capacity(names.len());
                let mut at = 0;
                for name in names.iter().take(names.len() - 1) {
                    at += name.len() + ",".len();
                    breaks.push(at);
                    at += " ".len();
                }
                out.push_str("{\n");
                fill(&joined, &breaks, USE_INDENT, out);
                out.push_str(",\n};\n");
                return Some(());
            }
            _ => return None,
        }
    }
}

/// The indentation of the names of a broken `use` group.
const USE_INDENT: usize = 4;

/// The indentation of a method's body in an `impl` block.
const BODY_INDENT: &str = "        ";

/// The one method of a model's `impl` block, as the models emit it: under its attributes,
/// `pub fn new(field: Type, other: impl Into<String>) -> Self` whose body converts the
/// `impl Into` arguments (`let other = other.into();`) and ends with `Self { .. }` or an
/// `unset!(..)` call. prettyplease puts the signature on one line when it fits within the
/// margin, else each argument on a line of its own; a struct literal on one line when it
/// is at most 34 columns wide (its `max_width`), else each field on a line; a macro's
/// arguments as an item's are, a level deeper and without the `;`.
fn constructor(tokens: &[TokenTree], out: &mut String) -> Option<()> {
    let rest = attributes(tokens, "    ", out)?;
    let [TokenTree::Ident(vis), TokenTree::Ident(keyword), TokenTree::Ident(name), TokenTree::Group(args), TokenTree::Punct(dash), TokenTree::Punct(gt), TokenTree::Ident(ret), TokenTree::Group(body)] =
        rest
    else {
        return None;
    };
    let arrow = dash.as_char() == '-' && dash.spacing() == Spacing::Joint && gt.as_char() == '>';
    if vis != "pub" || keyword != "fn" || name != "new" || !arrow || ret != "Self" || args.delimiter() != Delimiter::Parenthesis || body.delimiter() != Delimiter::Brace {
        return None;
    }
    let params: Vec<TokenTree> = args.stream().into_iter().collect();
    let params = fn_args(&params)?;
    let start = out.len();
    out.push_str("    pub fn new(");
    out.push_str(&params.join(", "));
    out.push_str(") -> Self {");
    if !line_end(out, start) {
        // Too long for one line: each argument on a line of its own, each of which must fit.
        out.truncate(start);
        out.push_str("    pub fn new(\n");
        for (i, param) in params.iter().enumerate() {
            let line = out.len();
            out.push_str(BODY_INDENT);
            out.push_str(param);
            // A type breaks inside its `<...>` when it does not fit up to the next break:
            // after the `,` of an argument, before the last one's (printed as the box broke).
            let fits = out.len() - line <= MARGIN;
            out.push_str(",\n");
            if !fits || (i + 1 < params.len() && out.len() - line - 1 > MARGIN) {
                return None;
            }
        }
        out.push_str("    ) -> Self {\n");
    }
    let body: Vec<TokenTree> = body.stream().into_iter().collect();
    let mut rest = body.as_slice();
    // `let name = name.into();`
    while let [TokenTree::Ident(kw), TokenTree::Ident(local), TokenTree::Punct(eq), TokenTree::Ident(value), TokenTree::Punct(dot), TokenTree::Ident(into), TokenTree::Group(call), TokenTree::Punct(semi), after @ ..] =
        rest
    {
        if kw != "let" || eq.as_char() != '=' || dot.as_char() != '.' || into != "into" || semi.as_char() != ';' || !is_empty_call(call) {
            return None;
        }
        name_word(local)?;
        name_word(value)?;
        let line = out.len();
        out.push_str(BODY_INDENT);
        out.push_str("let ");
        push_display(out, local);
        out.push_str(" = ");
        push_display(out, value);
        out.push_str(".into();");
        if !line_end(out, line) {
            return None;
        }
        rest = after;
    }
    match rest {
        [TokenTree::Ident(path), TokenTree::Group(fields)] if path == "Self" && fields.delimiter() == Delimiter::Brace => {
            let fields: Vec<TokenTree> = fields.stream().into_iter().collect();
            let fields = field_values(&fields)?;
            let joined = fields.join(", ");
            if fields.is_empty() {
                out.push_str(BODY_INDENT);
                out.push_str("Self {}\n");
            } else if "Self { ".len() + joined.len() + " ".len() <= 34 {
                out.push_str(BODY_INDENT);
                out.push_str("Self { ");
                out.push_str(&joined);
                out.push_str(" }\n");
            } else {
                out.push_str(BODY_INDENT);
                out.push_str("Self {\n");
                for field in &fields {
                    let line = out.len();
                    out.push_str(BODY_INDENT);
                    out.push_str("    ");
                    out.push_str(field);
                    out.push(',');
                    if !line_end(out, line) {
                        return None;
                    }
                }
                out.push_str(BODY_INDENT);
                out.push_str("}\n");
            }
        }
        [TokenTree::Ident(mac), TokenTree::Punct(bang), TokenTree::Group(args)]
            if mac == "unset" && bang.as_char() == '!' && args.delimiter() == Delimiter::Parenthesis =>
        {
            let mut line = String::with_capacity(256);
            let mut breaks = Vec::new();
            macro_tokens(args.stream(), &mut line, &mut breaks)?;
            if line.is_empty() {
                // prettyplease opens no box for empty arguments: left to it.
                return None;
            }
            if BODY_INDENT.len() + "unset!(".len() + line.len() + ")".len() <= MARGIN {
                out.push_str(BODY_INDENT);
                out.push_str("unset!(");
                out.push_str(&line);
                out.push_str(")\n");
            } else {
                out.push_str(BODY_INDENT);
                out.push_str("unset!(\n");
                fill(&line, &breaks, BODY_INDENT.len() + ARGS_INDENT, out);
                out.push('\n');
                out.push_str(BODY_INDENT);
                out.push_str(")\n");
            }
        }
        _ => return None,
    }
    out.push_str("    }\n");
    Some(())
}

/// Whether `group` is the `()` of a call without arguments.
fn is_empty_call(group: &proc_macro2::Group) -> bool {
    group.delimiter() == Delimiter::Parenthesis && group.stream().is_empty()
}

/// A function's arguments (`name: Type`, `name: impl Into<Type>`), each as printed.
fn fn_args(mut rest: &[TokenTree]) -> Option<Vec<String>> {
    let mut args = Vec::new();
    while !rest.is_empty() {
        let [TokenTree::Ident(name), TokenTree::Punct(colon), after @ ..] = rest else { return None };
        if colon.as_char() != ':' || colon.spacing() != Spacing::Alone {
            return None;
        }
        name_word(name)?;
        let mut arg = String::with_capacity(64);
        push_display(&mut arg, name);
        arg.push_str(": ");
        let after = match after {
            [TokenTree::Ident(word), ty_tokens @ ..] if word == "impl" => {
                arg.push_str("impl ");
                ty_tokens
            }
            _ => after,
        };
        rest = after_comma(ty(after, &mut arg)?)?;
        args.push(arg);
    }
    Some(args)
}

/// A struct literal's fields (`name`, `name: value.into()`), each as printed.
fn field_values(mut rest: &[TokenTree]) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    while !rest.is_empty() {
        let mut field = String::with_capacity(32);
        match rest {
            [TokenTree::Ident(name), TokenTree::Punct(colon), TokenTree::Ident(value), TokenTree::Punct(dot), TokenTree::Ident(into), TokenTree::Group(call), after @ ..]
                if colon.as_char() == ':' && colon.spacing() == Spacing::Alone && dot.as_char() == '.' && into == "into" && is_empty_call(call) =>
            {
                name_word(name)?;
                name_word(value)?;
                push_display(&mut field, name);
                field.push_str(": ");
                push_display(&mut field, value);
                field.push_str(".into()");
                rest = after;
            }
            [TokenTree::Ident(name), after @ ..] => {
                name_word(name)?;
                push_display(&mut field, name);
                rest = after;
            }
            _ => return None,
        }
        rest = after_comma(rest)?;
        fields.push(field);
    }
    Some(fields)
}

/// Prints a macro's path (`name`, `crate::error::error_of`); its last segment.
fn macro_path(path: &[TokenTree], out: &mut String) -> Option<String> {
    let mut rest = path;
    loop {
        let [TokenTree::Ident(segment), after @ ..] = rest else { return None };
        push_display(out, segment);
        match after {
            [] => return Some(segment.to_string()),
            [TokenTree::Punct(a), TokenTree::Punct(b), after @ ..]
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':' =>
            {
                out.push_str("::");
                rest = after;
            }
            _ => return None,
        }
    }
}

/// The macros of the generated crate's runtime that models call at item level. prettyplease
/// prints some standard macros (`vec!`, `matches!`, ...) in forms of their own: only these
/// names are printed here, as it prints any other macro.
const RUNTIME_MACROS: [&str; 9] =
    ["deserialize_struct", "string_enum", "default_new", "new_by_name", "unset", "variant_from", "tagged", "untagged", "error_of"];

/// `pub name: Type,` lines, each after its attributes.
fn named_fields(mut rest: &[TokenTree], out: &mut String) -> Option<()> {
    while !rest.is_empty() {
        rest = attributes(rest, "    ", out)?;
        let start = out.len();
        let [TokenTree::Ident(vis), TokenTree::Ident(field), TokenTree::Punct(colon), after @ ..] = rest else { return None };
        if vis != "pub" || colon.as_char() != ':' || colon.spacing() != Spacing::Alone {
            return None;
        }
        name_word(field)?;
        out.push_str("    pub ");
        push_display(out, field);
        out.push_str(": ");
        let ty_start = out.len();
        rest = ty(after, out)?;
        out.push(',');
        if !line_end(out, start) {
            // Too long for its line: the type breaks inside its `<...>` as prettyplease's
            // boxes break, the field's `,` being what follows the type up to the next break.
            let flat = out.get(ty_start..out.len() - ",\n".len())?.to_string();
            out.truncate(ty_start);
            broken_ty(&flat, ty_start - start, FIELD_INDENT, 1, 0, out)?;
            out.push_str(",\n");
        }
        rest = after_comma(rest)?;
    }
    Some(())
}

/// The indentation of a struct's fields.
const FIELD_INDENT: usize = 4;

/// The deepest `<...>` nesting [`broken_ty`] lays out; a deeper type is left to prettyplease.
const TY_DEPTH: usize = 16;

/// `flat` (a type as [`ty`] prints it on one line: words, `::`, `<`, `, ` and `>`) printed
/// from column `col` as prettyplease prints it: each `<...>` is a consistent box indented a
/// level past `indent` (the indentation of the box around it), holding its arguments, each
/// but the last followed by `,` and a break, the last by a break that prints a `,` when it
/// breaks, then `>` after the box. A box stays on its line when what it holds, its `>` and
/// the `tail` columns after the type up to the next break fit within the margin; else every
/// break in it breaks. `None` for a text of another shape, or nested deeper than [`TY_DEPTH`].
pub(super) fn broken_ty(flat: &str, col: usize, indent: usize, tail: usize, depth: usize, out: &mut String) -> Option<()> {
    if depth > TY_DEPTH {
        return None;
    }
    let Some(open) = flat.find('<') else {
        // A path without arguments has no break: printed whole, however long the line.
        out.push_str(flat);
        return Some(());
    };
    // The `>` that closes the first `<` must end the type: `A<B>::C` is another shape.
    let inner = flat.get(open + 1..)?.strip_suffix('>')?;
    let mut args = Vec::new();
    let (mut level, mut from) = (0usize, 0);
    for (i, b) in inner.bytes().enumerate() {
        match b {
            b'<' | b'(' => level += 1,
            b'>' | b')' => level = level.checked_sub(1)?,
            b',' if level == 0 => {
                args.push(inner.get(from..i)?);
                from = i + ", ".len();
            }
            _ => {}
        }
    }
    if level != 0 {
        return None;
    }
    args.push(inner.get(from..)?);
    let head = flat.get(..=open)?;
    out.push_str(head);
    if col + head.len() + inner.len() + ">".len() + tail <= MARGIN {
        out.push_str(inner);
        out.push('>');
        return Some(());
    }
    // A tuple's box, or the bounds after `impl `, break in ways of their own: left to prettyplease.
    if head.contains([' ', '(']) || args.iter().any(|a| a.starts_with('(')) {
        return None;
    }
    let nested = indent + 4;
    for (i, arg) in args.iter().enumerate() {
        out.push('\n');
        push_spaces(out, nested);
        let last = i + 1 == args.len();
        broken_ty(arg, nested, nested, if last { 0 } else { 1 }, depth + 1, out)?;
        out.push(',');
    }
    out.push('\n');
    push_spaces(out, indent);
    out.push('>');
    Some(())
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// `Name,` and `Name(Type),` lines, each after its attributes.
fn variants(mut rest: &[TokenTree], out: &mut String) -> Option<()> {
    while !rest.is_empty() {
        rest = attributes(rest, "    ", out)?;
        let start = out.len();
        let [TokenTree::Ident(variant), after @ ..] = rest else { return None };
        name_word(variant)?;
        out.push_str("    ");
        push_display(out, variant);
        rest = after;
        if let [TokenTree::Group(field), after @ ..] = rest {
            if field.delimiter() != Delimiter::Parenthesis {
                return None;
            }
            let inner: Vec<TokenTree> = field.stream().into_iter().collect();
            out.push('(');
            if !ty(&inner, out)?.is_empty() {
                return None;
            }
            out.push(')');
            rest = after;
        }
        out.push(',');
        if !line_end(out, start) {
            return None;
        }
        rest = after_comma(rest)?;
    }
    Some(())
}

/// What follows the `,` that ends a field or variant (the last one's may be left out).
fn after_comma(rest: &[TokenTree]) -> Option<&[TokenTree]> {
    match rest {
        [TokenTree::Punct(comma), after @ ..] if comma.as_char() == ',' => Some(after),
        [] => Some(rest),
        _ => None,
    }
}

/// The tokens of a macro call as prettyplease's `macro_rules_tokens` prints them on a line
/// that fits (its breaks are spaces or nothing there), for the tokens the runtime's macros
/// take: words, literals, groups, `,`, `;`, `::`, `|`, `=` and `@`.
fn macro_tokens(tokens: TokenStream, out: &mut String, breaks: &mut Vec<usize>) -> Option<()> {
    #[derive(PartialEq, Clone, Copy)]
    enum State {
        Start,
        Colon,
        Colon2,
        Ident,
        Delim,
        Other,
    }
    let mut state = State::Start;
    let mut previous_is_joint = true;
    for tree in tokens {
        let (needs_space, next) = match &tree {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis || g.delimiter() == Delimiter::Bracket => {
                (state != State::Ident, State::Delim)
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => (true, State::Other),
            TokenTree::Group(_) => return None,
            TokenTree::Ident(ident) => {
                if is_keyword(&ident.to_string()) {
                    (true, State::Other)
                } else {
                    (state != State::Colon2, State::Ident)
                }
            }
            TokenTree::Literal(lit) => {
                if lit.to_string().ends_with('.') {
                    return None;
                }
                (true, State::Ident)
            }
            TokenTree::Punct(p) => match (state, p.as_char(), p.spacing()) {
                (_, ',' | ';', _) => (false, State::Other),
                (State::Colon, ':', _) => (false, State::Colon2),
                (_, ':', Spacing::Joint) => (state != State::Ident, State::Colon),
                (_, '!', Spacing::Alone) if state == State::Ident => return None,
                (_, '|' | '=' | '>' | '@', _) | (_, ':', Spacing::Alone) => (true, State::Other),
                _ => return None,
            },
        };
        if !previous_is_joint && needs_space {
            breaks.push(out.len());
            out.push(' ');
        }
        previous_is_joint = matches!(&tree, TokenTree::Punct(p) if p.spacing() == Spacing::Joint);
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ('(', ')'),
                    Delimiter::Bracket => ('[', ']'),
                    _ => ('{', '}'),
                };
                let brace = open == '{';
                out.push(open);
                let stream = group.stream();
                if !stream.is_empty() {
                    if brace {
                        breaks.push(out.len());
                        out.push(' ');
                    }
                    macro_tokens(stream, out, breaks)?;
                    if brace {
                        breaks.push(out.len());
                        out.push(' ');
                    }
                }
                out.push(close);
            }
            other => push_display(out, &other),
        }
        state = next;
    }
    Some(())
}

/// The indentation of a macro's arguments on lines of their own.
const ARGS_INDENT: usize = 4;

/// `line` laid out from column `indent` as prettyplease fills a broken box of inconsistent
/// breaks: at each break (a space at one of `breaks`), the text up to the next break stays
/// on the line if it fits within the margin, and starts the next line otherwise.
fn fill(line: &str, breaks: &[usize], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    out.push_str(&pad);
    let mut col = indent;
    let mut from = 0;
    for (i, &at) in breaks.iter().chain(std::iter::once(&line.len())).enumerate() {
        let segment = line.get(from..at).unwrap_or_default();
        if i > 0 {
            if col + 1 + segment.len() <= MARGIN {
                out.push(' ');
                col += 1;
            } else {
                out.push('\n');
                out.push_str(&pad);
                col = indent;
            }
        }
        out.push_str(segment);
        col += segment.len();
        from = at + 1;
    }
}

/// prettyplease's list of the keywords it spaces as other tokens in a macro call.
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async" | "await" | "box" | "break" | "const" | "continue" | "crate" | "dyn" | "else" | "enum" | "extern" | "fn" | "for"
            | "if" | "impl" | "in" | "let" | "loop" | "macro" | "match" | "mod" | "move" | "mut" | "pub" | "ref" | "return" | "static"
            | "struct" | "trait" | "type" | "unsafe" | "use" | "where" | "while" | "yield"
    )
}

/// Ends the line that began at `start`; whether it is narrow enough.
fn line_end(out: &mut String, start: usize) -> bool {
    let fits = out.len() - start <= MARGIN;
    out.push('\n');
    fits
}

/// A name this module prints where prettyplease would get it from syn: a keyword there does
/// not parse (the allocator never makes one; such an item goes to syn, which reports it).
pub(super) fn name_word(ident: &proc_macro2::Ident) -> Option<()> {
    (!is_reserved(&ident.to_string())).then_some(())
}

/// A segment of a type's path: `crate`, `super`, `self` and `Self` may start one.
pub(super) fn path_word(ident: &proc_macro2::Ident) -> Option<()> {
    let word = ident.to_string();
    (matches!(word.as_str(), "crate" | "super" | "self" | "Self") || !is_reserved(&word)).then_some(())
}

/// Rust's strict and reserved keywords (2021 and 2024 editions) and `_`: never a plain name.
fn is_reserved(word: &str) -> bool {
    const WORDS: [&str; 53] = [
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
        "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct",
        "super", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract",
        "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
        "gen", "_",
    ];
    WORDS.contains(&word)
}

pub(super) fn push_display(out: &mut String, token: &impl std::fmt::Display) {
    use std::fmt::Write;
    let _ = write!(out, "{token}");
}

/// Prints the file's doc attributes (`#![doc = "..."]`) that a file's first item starts with
/// as prettyplease prints them, a `//!` line each; the tokens after them. `None` for another
/// inner attribute, or a doc line [`doc_line`] does not take.
fn inner_docs<'t>(mut tokens: &'t [TokenTree], out: &mut String) -> Option<&'t [TokenTree]> {
    while let [TokenTree::Punct(pound), TokenTree::Punct(bang), TokenTree::Group(group), rest @ ..] = tokens {
        if pound.as_char() != '#' || bang.as_char() != '!' || group.delimiter() != Delimiter::Bracket {
            return None;
        }
        let meta: Vec<TokenTree> = group.stream().into_iter().collect();
        let [TokenTree::Ident(path), TokenTree::Punct(eq), TokenTree::Literal(lit)] = meta.as_slice() else { return None };
        if path != "doc" || eq.as_char() != '=' {
            return None;
        }
        out.push_str("//!");
        out.push_str(doc_line(&lit.to_string())?.trim_end_matches(' '));
        out.push('\n');
        tokens = rest;
    }
    Some(tokens)
}

/// Prints the outer attributes at the start of `tokens`, one a line, each after `indent`;
/// the tokens after them.
pub(super) fn attributes<'t>(mut tokens: &'t [TokenTree], indent: &str, out: &mut String) -> Option<&'t [TokenTree]> {
    while let [TokenTree::Punct(pound), TokenTree::Group(group), rest @ ..] = tokens {
        if pound.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
            break;
        }
        let start = out.len();
        out.push_str(indent);
        let meta: Vec<TokenTree> = group.stream().into_iter().collect();
        match meta.as_slice() {
            [TokenTree::Ident(path)] => {
                out.push_str("#[");
                push_display(out, path);
            }
            [TokenTree::Ident(path), TokenTree::Group(list)] if list.delimiter() == Delimiter::Parenthesis => {
                out.push_str("#[");
                push_display(out, path);
                out.push('(');
                let open = out.len();
                let mut commas = Vec::new();
                let trailing = list_tokens(list.stream(), out, &mut commas)?;
                out.push_str(")]");
                if out.len() - start > MARGIN {
                    // The list's box breaks: one element a line, each of which must fit.
                    let list = out.split_off(open);
                    broken_list(list.get(..list.len() - 2)?, &commas, open, trailing, indent, out)?;
                }
                tokens = rest;
                out.push('\n');
                continue;
            }
            [TokenTree::Ident(path), TokenTree::Punct(eq), TokenTree::Literal(lit)] if path == "doc" && eq.as_char() == '=' => {
                // A doc line is a comment, which prettyplease never breaks: no width to check.
                out.push_str("///");
                out.push_str(doc_line(&lit.to_string())?.trim_end_matches(' '));
                out.push('\n');
                tokens = rest;
                continue;
            }
            _ => return None,
        }
        out.push(']');
        if !line_end(out, start) {
            return None;
        }
        tokens = rest;
    }
    Some(tokens)
}

/// The value of a doc attribute's string literal when prettyplease prints it as a `///`
/// comment: one line, not starting with `/`. Raw literals hold their value as written; an
/// escaped one is taken only without escapes.
fn doc_line(repr: &str) -> Option<&str> {
    let value = match repr.strip_prefix('r') {
        Some(raw) => {
            let hashes = raw.len() - raw.trim_start_matches('#').len();
            raw.get(hashes..raw.len().checked_sub(hashes)?)?.strip_prefix('"')?.strip_suffix('"')?
        }
        None => {
            let value = repr.strip_prefix('"')?.strip_suffix('"')?;
            if value.contains('\\') {
                return None;
            }
            value
        }
    };
    (!value.contains(['\n', '\r']) && !value.starts_with('/')).then_some(value)
}

/// The tokens inside an attribute's parentheses, spaced as prettyplease's `attr_tokens`
/// spaces them on a line that fits: a space between words, around `=` and after `,`.
///
/// `commas` gets where each of its own `, ` starts in `out` (not those of nested lists), where
/// the list breaks when it is too long for its line; whether it ended with a comma.
fn list_tokens(tokens: TokenStream, out: &mut String, commas: &mut Vec<usize>) -> Option<bool> {
    let mut trailing = false;
    #[derive(PartialEq)]
    enum State {
        Word,
        Punct,
    }
    let mut state = State::Punct;
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Ident(ident) => {
                if state == State::Word {
                    out.push(' ');
                }
                push_display(out, &ident);
                state = State::Word;
            }
            TokenTree::Literal(lit) => {
                if state == State::Word {
                    out.push(' ');
                }
                push_display(out, &lit);
                state = State::Word;
            }
            TokenTree::Punct(punct) => {
                let ch = punct.as_char();
                match ch {
                    '=' => {
                        if state == State::Word {
                            out.push(' ');
                        }
                        out.push_str("= ");
                    }
                    // A trailing comma is printed only where the list breaks.
                    ',' if trees.peek().is_none() => trailing = true,
                    ',' => {
                        commas.push(out.len());
                        out.push_str(", ");
                    }
                    ':' => out.push(':'),
                    _ => return None,
                }
                state = State::Punct;
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
                out.push('(');
                list_tokens(group.stream(), out, &mut Vec::new())?;
                out.push(')');
                state = State::Punct;
            }
            TokenTree::Group(_) => return None,
        }
    }
    Some(trailing)
}

/// An attribute's list, printed one line of `list` (the text of its elements, which start
/// at `open` in the line and are separated where `commas` say) too long: as prettyplease's
/// broken box prints it, each element on a line of its own, then `)]`; `None` when an element
/// is itself too long (its own list would break).
fn broken_list(list: &str, commas: &[usize], open: usize, trailing: bool, indent: &str, out: &mut String) -> Option<()> {
    // An empty list's broken box is an empty line in prettyplease: left to it.
    if list.is_empty() {
        return None;
    }
    out.push('\n');
    let mut from = 0;
    let ends = commas.iter().map(|c| c - open).chain(std::iter::once(list.len()));
    let count = commas.len() + 1;
    for (i, end) in ends.enumerate() {
        let element = list.get(from..end)?;
        let start = out.len();
        out.push_str(indent);
        out.push_str("    ");
        out.push_str(element);
        if i + 1 < count || trailing {
            out.push(',');
        }
        if out.len() - start > MARGIN {
            return None;
        }
        out.push('\n');
        from = end + 2;
    }
    out.push_str(indent);
    out.push_str(")]");
    Some(())
}

/// Prints a type made of paths and angle-bracketed arguments (`Option<Vec<crate::X>>`); the
/// tokens after it (from the `,` or `;` that ends it).
pub(super) fn ty<'t>(tokens: &'t [TokenTree], out: &mut String) -> Option<&'t [TokenTree]> {
    let mut depth = 0usize;
    let mut after_word = false;
    let mut i = 0;
    while let Some(tree) = tokens.get(i) {
        match tree {
            TokenTree::Ident(ident) => {
                if after_word {
                    return None;
                }
                path_word(ident)?;
                push_display(out, ident);
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                match punct.as_char() {
                    ',' | ';' if depth == 0 => break,
                    // prettyplease drops a trailing comma in `<...>`: left to it.
                    ',' if matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '>') => return None,
                    ',' => out.push_str(", "),
                    '<' => {
                        depth += 1;
                        out.push('<');
                    }
                    '>' => {
                        depth = depth.checked_sub(1)?;
                        out.push('>');
                    }
                    ':' => {
                        // Only `::`, whole.
                        let next = tokens.get(i + 1);
                        if punct.spacing() != Spacing::Joint || !matches!(next, Some(TokenTree::Punct(p)) if p.as_char() == ':') {
                            return None;
                        }
                        out.push_str("::");
                        i += 1;
                    }
                    _ => return None,
                }
                after_word = false;
            }
            _ => return None,
        }
        i += 1;
    }
    // A type ends after a word or a `>`, and not inside `<...>`.
    let ended = matches!(tokens.get(i.wrapping_sub(1)), Some(TokenTree::Ident(_)))
        || matches!(tokens.get(i.wrapping_sub(1)), Some(TokenTree::Punct(p)) if p.as_char() == '>');
    (depth == 0 && i > 0 && ended).then(|| tokens.get(i..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn prettyplease(tokens: &TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap())
    }

    fn direct(tokens: &TokenStream) -> Option<String> {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        item(&trees)
    }

    /// The docs of `text` as the emitters write them (raw literals where they can), as one
    /// escaped literal, and as one raw literal of the text as it is.
    fn docs(text: &str) -> [TokenStream; 3] {
        let emitted = crate::emit::doc_attrs(text);
        let escaped = proc_macro2::Literal::string(text);
        let raw = format!("r##\"{text}\"##").parse::<proc_macro2::Literal>().ok().map(|raw| quote!(#[doc = #raw]));
        [quote!(#(#emitted)*), quote!(#[doc = #escaped]), quote!(#raw)]
    }

    /// Whether the constructor of `impl A { pub fn new ... }` is printed by [`constructor`].
    fn by_constructor(tokens: &TokenStream) -> bool {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let [_, _, TokenTree::Group(body)] = trees.as_slice() else { return false };
        let inner: Vec<TokenTree> = body.stream().into_iter().collect();
        constructor(&inner, &mut String::new()).is_some()
    }

    /// Every struct printed here is printed as prettyplease prints it.
    fn same(tokens: TokenStream) -> bool {
        match direct(&tokens) {
            Some(text) => {
                assert_eq!(text, prettyplease(&tokens), "{tokens}");
                // And the text reads back as itself: it is Rust, the items it was made from.
                assert_eq!(prettyplease::unparse(&syn::parse_file(&text).unwrap()), text);
                true
            }
            None => false,
        }
    }

    /// Shapes this module must leave to syn and prettyplease: a keyword as a name (which
    /// does not parse, and must be reported as a generator bug, not printed), a trailing
    /// comma in `<...>` (prettyplease drops it) and an empty attribute list too long for its
    /// line (prettyplease prints an empty line in it).
    #[test]
    fn shapes_it_cannot_print_as_prettyplease_are_left_to_it() {
        let long = "a".repeat(90);
        let texts = [
            "pub struct type {}".to_string(),
            "pub struct A { pub fn: u8, }".to_string(),
            "pub enum A { match, }".to_string(),
            "pub type where = u8;".to_string(),
            "pub type A = crate::loop::B;".to_string(),
            "pub type A = Vec<u8,>;".to_string(),
            "pub struct A { pub a: Vec<u8,>, }".to_string(),
            format!("#[{long}()] pub struct A {{}}"),
        ];
        for text in texts {
            let tokens: TokenStream = text.parse().unwrap();
            assert_eq!(direct(&tokens), None, "{text}");
        }
        // What they may hold still prints: paths from `crate`, `super`, `self`.
        let tokens: TokenStream = "pub type A = crate::models::B;".parse().unwrap();
        assert_eq!(direct(&tokens).as_deref(), Some("pub type A = crate::models::B;\n"));
    }

    #[test]
    fn the_models_shapes_print_as_prettyplease_prints_them() {
        let hostile = [
            " plain",
            "",
            " trailing spaces   ",
            " \"quoted\" and \"# hashes\"## and a ` tick",
            " */ /* a block comment's ends, and //",
            " `unbalanced",
            " non-ASCII: é, 世界, \u{202e}",
            " \\ a backslash \\n",
        ];
        for text in hostile {
            for (i, docs) in docs(text).into_iter().enumerate() {
                let printed = same(quote! {
                    #docs
                    #[doc = ""]
                    #[derive(Debug, Clone, Default, PartialEq, Eq)]
                    #[non_exhaustive]
                    #[cfg_attr(feature = "serialize", derive(serde::Serialize))]
                    pub struct BasicError {
                        #docs
                        #[cfg_attr(feature = "serialize", serde(skip_serializing_if = "Option::is_none"))]
                        pub message: Option<String>,
                        #[serde(rename = "a\"b\\c", skip_serializing_if = "Option::is_none")]
                        pub r#type: Option<std::collections::BTreeMap<String, Vec<crate::models::A>>>,
                        pub r#ref: ::std::boxed::Box<serde_json::Value>,
                    }
                });
                // The emitters' docs are always printed here; the others where they can be.
                assert!(printed || i > 0, "{text:?}");
            }
        }
        assert!(same(quote!(pub struct Empty {})));
        assert!(same(quote! {
            /// An enum.
            #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant)]
            pub enum Kind {
                /// `a`
                #[default]
                A,
                #[cfg(any(feature = "x", feature = "y"))]
                B(Box<crate::models::B>),
                /// A value this version of the crate does not know, kept as sent.
                Unknown(String),
            }
        }));
        assert!(same(quote!(pub enum Empty {})));
        assert!(same(quote!(/// An alias.
            pub type Alias = std::collections::BTreeMap<String, Vec<serde_json::Value>>;)));
        // The runtime's macros as the models call them.
        let calls = [
            quote!(deserialize_struct!(E {} default { message, r#type, ref_("ref") } nullable { a });),
            quote!(deserialize_struct!(E { a } rest extra(serde_json::Value));),
            quote!(deserialize_struct!(A { a, b });),
            quote!(default_new!(BasicError);),
            quote!(new_by_name!(A, ARequired { a, b }, c, d);),
            quote!(string_enum!(DirectionParam, Asc("asc"), Desc("desc"), Quote("\"\\"));),
            quote!(#[cfg(feature = "serialize")] string_enum!(@write Name);),
            quote!(string_enum!(@read Name, A("a"));),
            quote!(variant_from!(Name, A(crate::models::A); boxed B(B), C(C));),
            quote!(untagged!(Name { A = string | number, B = object });),
            quote!(unset!(Self { a, b }, c);),
            quote!(crate::error::error_of!(AddAppAccessRestrictionsError, 422 => Status422);),
            quote!(untagged!(A { a: u8 => b });),
        ];
        for call in calls {
            assert!(same(call.clone()), "{call}");
        }

        assert!(same(quote!(#[derive(Debug, Clone,)] #[serde(rename = "x",)] pub struct Commas {})));
        assert!(same(quote!(#[serde(tag = "kind", rename = "x")] pub struct A { pub a: u8 })));
    }

    /// Words of lengths that a small generator picks, the same on every run.
    fn words(seed: u64, n: usize) -> Vec<proc_macro2::Ident> {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (0..n)
            .map(|i| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let len = 1 + (x >> 59) as usize % 24;
                proc_macro2::Ident::new(&format!("w{i}{}", "x".repeat(len)), proc_macro2::Span::call_site())
            })
            .collect()
    }

    #[test]
    fn macro_calls_of_every_length_break_where_prettyplease_breaks_them() {
        let mut printed = 0;
        for seed in 0..400u64 {
            let n = (seed % 40) as usize;
            let all = words(seed, n + 2);
            let (name, rest) = all.split_first().unwrap();
            let (required, defaulted) = rest.split_at(n / 3);
            let wire = format!("wire {seed}");
            let call = if seed % 2 == 0 {
                quote!(deserialize_struct!(#name { #(#required),* } default { #(#defaulted),*, tail(#wire) });)
            } else {
                quote!(new_by_name!(#name, #(#required),* ; boxed #(#defaulted(crate::models::#defaulted)),*);)
            };
            assert!(same(call.clone()), "{call}");
            let statuses = (0..n).map(|i| proc_macro2::Literal::u16_unsuffixed(200 + i as u16));
            let call = if seed % 3 == 0 {
                quote!(crate::error::error_of!(#name, #(#statuses => #rest),*);)
            } else {
                quote!(error_of!(#name);)
            };
            assert!(same(call.clone()), "{call}");
            printed += 1;
        }
        assert_eq!(printed, 400);
        // One word longer than a line.
        let long = proc_macro2::Ident::new(&"L".repeat(100), proc_macro2::Span::call_site());
        assert!(same(quote!(deserialize_struct!(A { a } default { b } nullable { c } rest #long(u8));)));
        // Every length around the margin, on one line and not.
        for len in 60..100 {
            let name = proc_macro2::Ident::new(&"N".repeat(len), proc_macro2::Span::call_site());
            assert!(same(quote!(default_new!(#name);)));
            assert!(same(quote!(string_enum!(#name, A("a"), B("b"));)));
        }
    }

    /// The models' `new` impls, of every size: each printed is printed as prettyplease
    /// prints it, and most are printed.
    #[test]
    fn constructors_print_as_prettyplease_prints_them() {
        let types: [TokenStream; 6] = [
            quote!(u8),
            quote!(impl Into<String>),
            quote!(Vec<crate::models::ContactAddress>),
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(Option<std::collections::BTreeMap<String, serde_json::Value>>),
            quote!(Box<PublicDeliveryIdentifier>),
        ];
        let hostile = " \"quoted\" and \"# hashes\"## */ \\ é \u{202e}";
        let (mut printed, mut left) = (0, 0);
        for seed in 0..600u64 {
            let n = (seed % 9) as usize;
            let all = words(seed, n + 1 + (seed % 4) as usize);
            let (name, rest) = all.split_first().unwrap();
            let (args, unset) = rest.split_at(n.min(rest.len()));
            let mut params = Vec::new();
            let (mut converts, mut inits) = (Vec::new(), Vec::new());
            for (i, arg) in args.iter().enumerate() {
                let ty = &types[(seed as usize + i) % types.len()];
                params.push(quote!(#arg: #ty));
                if ty.to_string().starts_with("impl") {
                    converts.push(quote!(let #arg = #arg.into();));
                    inits.push(quote!(#arg: #arg.into()));
                } else {
                    inits.push(quote!(#arg));
                }
            }
            let body = if seed % 2 == 0 && !args.is_empty() {
                quote!(#(#converts)* unset!(Self { #(#args),* } #(, #unset)*))
            } else {
                quote!(Self { #(#inits),* })
            };
            let allow = (seed % 5 == 0).then(|| quote!(#[allow(clippy::too_many_arguments)]));
            let doc = match seed % 3 {
                0 => crate::emit::doc_lit(" A value with the required fields; optional fields start unset."),
                1 => crate::emit::doc_lit(hostile),
                _ => proc_macro2::Literal::string(" plain"),
            };
            let tokens = quote! {
                impl #name {
                    #[doc = #doc]
                    #allow
                    pub fn new(#(#params),*) -> Self {
                        #body
                    }
                }
            };
            if same(tokens.clone()) {
                printed += 1;
            } else {
                left += 1;
            }
        }
        // Struct literals of every width around prettyplease's 34 columns, and `unset!` calls
        // of every length around the margin.
        for len in 1..60 {
            let a = proc_macro2::Ident::new(&"a".repeat(len), proc_macro2::Span::call_site());
            let b = proc_macro2::Ident::new(&format!("b{}", "x".repeat(len % 7)), proc_macro2::Span::call_site());
            for tokens in [
                quote!(impl A { pub fn new(#a: u8) -> Self { Self { #a } } }),
                quote!(impl A { pub fn new(#a: u8, #b: impl Into<String>) -> Self { Self { #a, #b: #b.into() } } }),
                quote!(impl A { pub fn new(#a: u8) -> Self { unset!(Self { #a }, #b, #a, #b) } }),
                quote!(impl A { pub fn new(#b: impl Into<String>) -> Self { let #b = #b.into(); unset!(Self { #b }, #a) } }),
                quote!(impl #a { pub fn new(#a: Vec<#a>, #b: #a) -> Self { Self { #a, #b } } }),
                quote!(impl A { pub fn new(b: u8, #a: Vec<crate::models::#a>) -> Self { Self { b } } }),
                quote!(impl A { pub fn new(#a: Vec<crate::models::#a>, b: u8) -> Self { Self { b } } }),
            ] {
                if same(tokens.clone()) {
                    printed += 1;
                } else {
                    left += 1;
                }
            }
        }
        // Arguments of every length around the margin, last or not (a last one's `,` is not
        // counted: it is printed only because the box broke).
        for i in 15..35 {
            for j in 15..35 {
                let a = proc_macro2::Ident::new(&"a".repeat(i), proc_macro2::Span::call_site());
                let t = proc_macro2::Ident::new(&"T".repeat(j), proc_macro2::Span::call_site());
                for tokens in [
                    quote!(impl A { pub fn new(b: u8, #a: Vec<crate::models::#t>) -> Self { Self { b } } }),
                    quote!(impl A { pub fn new(#a: Vec<crate::models::#t>, b: u8) -> Self { Self { b } } }),
                ] {
                    // Held to prettyplease's text where printed; the signatures
                    // [`constructor`] cannot lay out go to prettyplease.
                    same(tokens.clone());
                    if by_constructor(&tokens) {
                        printed += 1;
                    } else {
                        left += 1;
                    }
                }
            }
        }
        assert!(printed > 1_400 && left > 0, "{printed} printed, {left} left");
        assert!(same(quote!(impl Empty { pub fn new() -> Self { Self {} } })));
    }

    #[test]
    fn other_impls_are_left_to_prettyplease() {
        let left = [
            quote!(impl A { fn new() -> Self { Self {} } }),
            quote!(impl A { pub fn make() -> Self { Self {} } }),
            quote!(impl A { pub fn new() -> A { Self {} } }),
            quote!(impl<T> A<T> { pub fn new() -> Self { Self {} } }),
            quote!(impl A for B { pub fn new() -> Self { Self {} } }),
            quote!(impl type { pub fn new() -> Self { Self {} } }),
            quote!(impl A { pub fn new() -> Self { unset!() } }),
            quote!(impl A { pub fn new() -> Self { other!(Self {}) } }),
            quote!(impl A { pub fn new(a: u8) -> Self { let a = a.clone(); Self { a } } }),
            quote!(impl A { pub fn new(a: u8) -> Self { Self { a: a } } }),
            quote!(impl A { pub fn new(a: u8) -> Self { Self { a: a.into(1) } } }),
            quote!(impl A { pub fn new(a: &u8) -> Self { Self { a } } }),
            quote!(impl A { pub fn new(self) -> Self { Self {} } }),
            quote!(impl A { pub fn new() -> Self { Self {} } pub fn other() {} }),
            quote!(impl A { pub fn new() -> Self { Self {}; } }),
            quote!(impl A { pub fn new(match: u8) -> Self { Self { match } } }),
        ];
        // Their methods go to prettyplease one by one ([`super::super::methods`]), or the
        // whole item does.
        for tokens in left {
            if let Some(text) = direct(&tokens) {
                assert_eq!(text, prettyplease(&tokens), "{tokens}");
            }
        }
    }

    #[test]
    fn lines_up_to_the_margin_are_printed_and_longer_ones_left_to_prettyplease() {
        let (mut printed, mut left) = (0, 0);
        for len in 50..110 {
            let n = proc_macro2::Ident::new(&"N".repeat(len), proc_macro2::Span::call_site());
            let wire = "w".repeat(len);
            for tokens in [
                quote!(pub struct A { pub a: Option<#n>, }),
                quote!(pub struct A { #[serde(rename = #wire)] pub a: u8, }),
                quote!(#[cfg_attr(feature = "serialize", serde(rename = #wire))] pub struct A {}),
                quote!(pub struct #n {}),
                quote!(pub type A = Vec<#n>;),
                quote!(pub type #n = crate::models::#n;),
                quote!(#[derive(Debug, #n, Clone,)] pub struct A { #[cfg_attr(feature = "s", serde(rename = #wire, skip_serializing_if = "Option::is_none"))] pub a: u8 }),
                quote!(pub enum A { B(crate::models::#n), }),
                quote!(pub enum #n { B }),
            ] {
                if same(tokens) {
                    printed += 1;
                } else {
                    left += 1;
                }
            }
        }
        assert!(printed > 100 && left > 200, "{printed} printed, {left} left");
    }

    #[test]
    fn long_field_types_break_inside_their_angle_brackets_as_prettyplease_breaks_them() {
        // Every length around the margin, for the field's name and its types' names, at
        // every nesting the models write (and deeper), one argument or several.
        let mut broken = 0;
        for len in (1..100).step_by(3) {
            let n = proc_macro2::Ident::new(&"N".repeat(len), proc_macro2::Span::call_site());
            let f = proc_macro2::Ident::new(&"f".repeat(len), proc_macro2::Span::call_site());
            let short = proc_macro2::Ident::new(&"S".repeat(len / 3 + 1), proc_macro2::Span::call_site());
            for tokens in [
                quote!(pub struct A { pub a: Option<#n>, }),
                quote!(pub struct A { pub #f: Option<#n>, pub b: u8, }),
                quote!(pub struct A { pub #f: Option<Vec<crate::models::#n>>, }),
                quote!(pub struct A { pub #f: Option<std::collections::BTreeMap<String, Vec<#n>>>, }),
                quote!(pub struct A { pub #f: Option<Vec<Vec<Vec<#short>>>>, }),
                quote!(pub struct A { pub #f: Option<std::collections::BTreeMap<#short, #n>>, }),
                quote!(pub struct A { pub #f: Vec<Option<Box<#short>>>, pub #n: Box<#n>, }),
                quote!(pub struct A { pub #f: #n, }),
                quote!(pub struct A { pub #f: crate::models::#n, }),
            ] {
                assert!(same(tokens.clone()), "{tokens}");
                broken += usize::from(direct(&tokens).is_some_and(|t| t.lines().any(|l| l.ends_with('<'))));
            }
        }
        assert!(broken > 100, "{broken} broken");
        // Deeper than the printer lays out: left to prettyplease.
        let deep: TokenStream = format!("pub struct A {{ pub {}: {}u8{}, }}", "a".repeat(80), "Vec<".repeat(20), ">".repeat(20)).parse().unwrap();
        assert_eq!(direct(&deep), None);
    }

    #[test]
    fn a_files_doc_lines_print_before_its_first_item_as_prettyplease_prints_them() {
        let hostile = [" plain", "", " trailing spaces   ", " \"quoted\" and ## and a ` tick", " non-ASCII: é, \u{202e}"];
        for text in hostile {
            let docs = crate::emit::inner_doc_attrs(text);
            let long = "x".repeat(300);
            assert!(same(quote!(#(#docs)* #![doc = #long] pub use crate::models::{A, B};)), "{text:?}");
            assert!(same(quote!(#(#docs)* #[allow(unused_imports)] use super::*;)), "{text:?}");
            assert!(same(quote!(#(#docs)* pub struct A {})), "{text:?}");
        }
    }

    #[test]
    fn use_and_mod_items_print_as_prettyplease_prints_them() {
        let mut broken = 0;
        for n in 0..40 {
            let names = words(n as u64, n);
            let long = proc_macro2::Ident::new(&"L".repeat(n * 3 + 1), proc_macro2::Span::call_site());
            for tokens in [
                quote!(pub use crate::models::{#(#names),*};),
                quote!(pub use crate::models::{#(#names,)*};),
                quote!(#[cfg(any(feature = "a", feature = "b"))] pub use crate::models::{#(#names,)* #long};),
                quote!(use super::{#long};),
                quote!(use super::#long::{#long, #(#names),*};),
                quote!(#[cfg(feature = "x")] pub use #long::*;),
                quote!(use std::fmt;),
                quote!(#[cfg(feature = "x")] mod #long;),
                quote!(pub mod #long;),
            ] {
                if n > 0 || !tokens.to_string().contains("{ }") {
                    assert!(same(tokens.clone()), "{tokens}");
                    broken += usize::from(direct(&tokens).is_some_and(|t| t.contains("{\n")));
                }
            }
        }
        assert!(broken > 40, "{broken} broken");
        for tokens in [
            quote!(use a::{};),
            quote!(use a::{self, b};),
            quote!(use a::{b::c, d};),
            quote!(use a::{b as c, d};),
            quote!(use a::b as c;),
            quote!(use ::a::b;),
            quote!(use a::{b, {c}};),
            quote!(use a::type;),
        ] {
            assert_eq!(direct(&tokens), None, "{tokens}");
        }
    }

    #[test]
    fn other_shapes_and_long_lines_are_left_to_prettyplease() {
        let long = "L".repeat(80);
        let long = proc_macro2::Ident::new(&long, proc_macro2::Span::call_site());
        let left = [
            quote!(pub struct A(u8);),
            quote!(pub struct A;),
            quote!(struct A { pub a: u8 }),
            quote!(pub struct A { a: u8 }),
            quote!(pub struct A<T> { pub a: T }),
            quote!(pub struct A { pub a: (u8, u8), }),
            quote!(pub struct A { pub a: &'static str }),
            quote!(pub struct A { pub a: [u8; 4] }),
            quote!(#[doc = "/ starts with a slash"] pub struct A {}),
            quote!(#[doc = "two\nlines"] pub struct A {}),
            quote!(#[doc = "an \"escape\""] pub struct A {}),
            quote!(#[serde(with = #long)] pub struct A { pub a: u8 }),
            quote!(#![allow(dead_code)] pub struct A {}),
            quote!(#![doc = "two\nlines"] pub struct A {}),
            quote!(pub struct A {} pub struct B {}),
            quote!(pub enum A { B = 1 }),
            quote!(pub mod a {}),
            quote!(pub trait A {}),
            quote!(pub enum A { B { c: u8 } }),
            quote!(pub enum A { B(u8, u8) }),
            quote!(pub type A<T> = Vec<T>;),
            quote!(pub type A = (u8, u8);),
            quote!(vec!(1, 2);),
            quote!(crate::errors::vec!(A);),
            quote!(crate::error::other!(A);),
            quote!(error_of!(A, 1 -> B);),
            quote!(string_enum!(A, B(-1));),
            quote!(untagged!(A { a: u8 -> b });),
        ];
        for tokens in left {
            assert_eq!(direct(&tokens), None, "{tokens}");
            // Each still parses: prettyplease formats it.
            let _ = prettyplease(&tokens);
        }
    }
}
