//! The client's methods (`impl Client { pub async fn ... }`) printed from their tokens as
//! prettyplease prints them, without syn parsing them first: they were most of what was
//! still parsed back after [`super::direct`] took the models.
//!
//! A method is printed here when each of its parts is of a shape this module knows, in a
//! table of statement forms: its attributes (as [`super::direct`] prints them), a signature
//! `pub [async] fn name(&self, arg: Type, ...) -> Type`, and a body of statements of the
//! forms below, each on one line that fits, except the call that starts most methods
//! (`let call = self.call(...)?;`), which is laid out as prettyplease breaks a method call
//! after a `let`. Expressions are paths, literals, `&` and `&mut`, arrays, calls, method
//! calls, fields, `?` and `.await`. Any other method (a `match`, a closure, a macro, a line
//! too long) is formatted by prettyplease alone, inside an `impl` of its own whose first and
//! last lines are dropped: prettyplease prints an `impl`'s methods one after the other, so
//! the texts put together are the block's. The tests hold every printed text to
//! prettyplease's; generation's output is byte-identical to formatting everything through it.
//!
//! The layouts follow prettyplease's boxes (its `algorithm.rs`, Oppen's printer): a box stays
//! on its line when what it holds, and what follows it up to the next break, fits within the
//! margin; a consistent box that does not breaks at each of its breaks.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use super::direct::{attributes, broken_ty, name_word, path_word, push_display, ty, MARGIN};

/// The indentation of a method in an `impl` block, and of its body.
const METHOD_INDENT: usize = 4;
const BODY_INDENT: usize = 8;
/// What a broken call chain (`self` then `.call(`) and its broken arguments are indented by.
const CHAIN_INDENT: usize = BODY_INDENT + 4;
const ARG_INDENT: usize = CHAIN_INDENT + 4;
/// The deepest nesting of expressions and types printed here; deeper is left to prettyplease.
const DEPTH: usize = 16;

/// The body of an `impl Name { ... }` block of methods, each printed here or, when it is not
/// of a shape this module prints, by prettyplease (`parse_methods`; else the block is `None`);
/// `None` when the block is not made of methods (or a method does not parse, which
/// prettyplease then reports for the whole item).
pub fn impl_methods(name: &proc_macro2::Ident, inner: &[TokenTree], parse_methods: bool, out: &mut String) -> Option<()> {
    let mut rest = inner;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        // A method ends with its body, the first `{...}` after its `fn`.
        let fn_at = rest.iter().position(|t| matches!(t, TokenTree::Ident(i) if i == "fn"))?;
        let body_at = fn_at + rest.get(fn_at..)?.iter().position(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))?;
        let (method_tokens, after) = rest.split_at(body_at + 1);
        let start = out.len();
        if method(method_tokens, out).is_none() {
            if !parse_methods {
                return None;
            }
            out.truncate(start);
            by_prettyplease(name, method_tokens, out)?;
        }
        rest = after;
    }
    Some(())
}

/// prettyplease's text of one method, as it prints it in an `impl` block.
fn by_prettyplease(name: &proc_macro2::Ident, method: &[TokenTree], out: &mut String) -> Option<()> {
    let method: TokenStream = method.iter().cloned().collect();
    let file: syn::File = syn::parse2(quote::quote!(impl #name { #method })).ok()?;
    let text = prettyplease::unparse(&file);
    let head = format!("impl {name} {{\n");
    out.push_str(text.strip_prefix(head.as_str())?.strip_suffix("}\n")?);
    Some(())
}

/// One method printed here, or `None` (what was pushed is then dropped by the caller).
fn method(tokens: &[TokenTree], out: &mut String) -> Option<()> {
    let rest = attributes(tokens, "    ", out)?;
    let (rest, asyncness) = match rest {
        [TokenTree::Ident(vis), TokenTree::Ident(a), TokenTree::Ident(f), rest @ ..] if vis == "pub" && a == "async" && f == "fn" => {
            (rest, "async ")
        }
        [TokenTree::Ident(vis), TokenTree::Ident(f), rest @ ..] if vis == "pub" && f == "fn" => (rest, ""),
        _ => return None,
    };
    let [TokenTree::Ident(name), TokenTree::Group(args), TokenTree::Punct(dash), TokenTree::Punct(gt), ret @ .., TokenTree::Group(body)] = rest else {
        return None;
    };
    let arrow = dash.as_char() == '-' && dash.spacing() == Spacing::Joint && gt.as_char() == '>';
    if !arrow || args.delimiter() != Delimiter::Parenthesis || body.delimiter() != Delimiter::Brace {
        return None;
    }
    name_word(name)?;
    let mut ret_flat = String::with_capacity(64);
    arg_ty(ret, &mut ret_flat, 0)?;
    let params: Vec<TokenTree> = args.stream().into_iter().collect();
    let params = fn_params(&params)?;
    signature(asyncness, &name.to_string(), &params, &ret_flat, out)?;
    let stmts: Vec<TokenTree> = body.stream().into_iter().collect();
    if stmts.is_empty() {
        return None;
    }
    let stmts = statements(&stmts)?;
    for (i, stmt) in stmts.iter().enumerate() {
        statement(stmt, i + 1 == stmts.len(), out)?;
    }
    push_spaces(out, METHOD_INDENT);
    out.push_str("}\n");
    Some(())
}

/// A parameter as printed: its text, and where its type starts in it (`None` for `&self`).
struct Param {
    text: String,
    ty_at: Option<usize>,
}

/// `&self`, then `name: Type` (a type [`arg_ty`] prints).
fn fn_params(mut rest: &[TokenTree]) -> Option<Vec<Param>> {
    let mut params = Vec::new();
    if let [TokenTree::Punct(amp), TokenTree::Ident(this), after @ ..] = rest {
        if amp.as_char() == '&' && this == "self" {
            params.push(Param { text: "&self".to_string(), ty_at: None });
            rest = after_comma(after)?;
        }
    }
    while !rest.is_empty() {
        let [TokenTree::Ident(name), TokenTree::Punct(colon), after @ ..] = rest else { return None };
        if colon.as_char() != ':' || colon.spacing() != Spacing::Alone {
            return None;
        }
        name_word(name)?;
        let mut text = String::with_capacity(64);
        push_display(&mut text, name);
        text.push_str(": ");
        let ty_at = text.len();
        let end = after.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')).unwrap_or(after.len());
        let (ty_tokens, after) = after.split_at(end);
        arg_ty(ty_tokens, &mut text, 0)?;
        params.push(Param { text, ty_at: Some(ty_at) });
        rest = after_comma(after)?;
    }
    Some(params)
}

/// A type as prettyplease prints it on one line: [`ty`]'s paths, after any `&`, `&mut`,
/// `impl `; `()`, or a tuple of two or more such types.
fn arg_ty(tokens: &[TokenTree], out: &mut String, depth: usize) -> Option<()> {
    if depth > DEPTH {
        return None;
    }
    match tokens {
        [TokenTree::Punct(amp), rest @ ..] if amp.as_char() == '&' => {
            out.push('&');
            let rest = match rest {
                [TokenTree::Ident(m), rest @ ..] if m == "mut" => {
                    out.push_str("mut ");
                    rest
                }
                _ => rest,
            };
            arg_ty(rest, out, depth + 1)
        }
        [TokenTree::Ident(word), rest @ ..] if word == "impl" && !rest.is_empty() => {
            out.push_str("impl ");
            arg_ty(rest, out, depth + 1)
        }
        [TokenTree::Group(tuple)] if tuple.delimiter() == Delimiter::Parenthesis => {
            let inner: Vec<TokenTree> = tuple.stream().into_iter().collect();
            let elems = split_commas(&inner)?;
            if elems.len() == 1 {
                // `(T,)`: left to prettyplease.
                return None;
            }
            out.push('(');
            for (i, elem) in elems.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                arg_ty(elem, out, depth + 1)?;
            }
            out.push(')');
            Some(())
        }
        _ => {
            // A path whose arguments may hold a tuple or a reference: each argument printed
            // as a type of its own.
            let open = tokens.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '<'));
            match open {
                None => ty(tokens, out)?.is_empty().then_some(()),
                Some(open) => {
                    let (path, args) = tokens.split_at(open);
                    if !ty(path, out)?.is_empty() {
                        return None;
                    }
                    let [TokenTree::Punct(_), inner @ .., TokenTree::Punct(close)] = args else { return None };
                    if close.as_char() != '>' {
                        return None;
                    }
                    out.push('<');
                    let args = split_angle_commas(inner)?;
                    for (i, arg) in args.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        arg_ty(arg, out, depth + 1)?;
                    }
                    out.push('>');
                    Some(())
                }
            }
        }
    }
}

/// The parts of a list split at its top-level commas (a trailing one is no part), `None` when
/// a part is empty.
fn split_commas(tokens: &[TokenTree]) -> Option<Vec<&[TokenTree]>> {
    let mut parts = Vec::new();
    let mut rest = tokens;
    while !rest.is_empty() {
        let end = rest.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')).unwrap_or(rest.len());
        let (part, after) = rest.split_at(end);
        if part.is_empty() {
            return None;
        }
        parts.push(part);
        rest = after.get(1..).unwrap_or_default();
    }
    Some(parts)
}

/// [`split_commas`] of the arguments between a type's `<` and `>`, where commas nested in
/// further `<...>` do not split.
fn split_angle_commas(tokens: &[TokenTree]) -> Option<Vec<&[TokenTree]>> {
    let mut parts = Vec::new();
    let (mut level, mut from) = (0usize, 0);
    for (i, t) in tokens.iter().enumerate() {
        if let TokenTree::Punct(p) = t {
            match p.as_char() {
                '<' => level += 1,
                '>' => level = level.checked_sub(1)?,
                ',' if level == 0 => {
                    parts.push(tokens.get(from..i).filter(|p| !p.is_empty())?);
                    from = i + 1;
                }
                _ => {}
            }
        }
    }
    // prettyplease drops a trailing comma in `<...>`: left to it.
    parts.push(tokens.get(from..).filter(|p| !p.is_empty())?);
    (level == 0).then_some(parts)
}

/// The signature line(s) and the body's `{`: on one line when it fits, else each parameter
/// on a line of its own (a parameter's type breaking inside its `<...>` as a field's does,
/// [`broken_ty`]), then `) -> Type {`, the return type breaking the same way.
fn signature(asyncness: &str, name: &str, params: &[Param], ret: &str, out: &mut String) -> Option<()> {
    push_spaces(out, METHOD_INDENT);
    out.push_str("pub ");
    out.push_str(asyncness);
    out.push_str("fn ");
    out.push_str(name);
    out.push('(');
    let col = METHOD_INDENT + "pub ".len() + asyncness.len() + "fn ".len() + name.len() + "(".len();
    let joined: usize = params.iter().map(|p| p.text.len()).sum::<usize>() + params.len().saturating_sub(1) * ", ".len();
    // The parameters' box is resolved only at the line's end (the boxes of the return type
    // after it start before it is): it breaks when the whole line does not fit.
    if col + joined + ") -> ".len() + ret.len() + " {".len() <= MARGIN {
        for (i, p) in params.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&p.text);
        }
        out.push_str(") -> ");
        broken_ty(ret, col + joined + ") -> ".len(), METHOD_INDENT, " {".len(), 0, out)?;
    } else {
        out.push('\n');
        for (i, p) in params.iter().enumerate() {
            push_spaces(out, BODY_INDENT);
            let last = i + 1 == params.len();
            match p.ty_at {
                Some(at) => {
                    out.push_str(p.text.get(..at)?);
                    broken_ty(p.text.get(at..)?, BODY_INDENT + at, BODY_INDENT, if last { 0 } else { 1 }, 0, out)?;
                }
                None => out.push_str(&p.text),
            }
            out.push_str(",\n");
        }
        push_spaces(out, METHOD_INDENT);
        out.push_str(") -> ");
        broken_ty(ret, METHOD_INDENT + ") -> ".len(), METHOD_INDENT, " {".len(), 0, out)?;
    }
    out.push_str(" {\n");
    Some(())
}

/// A statement of the body: its tokens without the `;`, and whether it had one.
struct Stmt<'t> {
    tokens: &'t [TokenTree],
    semi: bool,
}

/// The body's statements, split at its top-level `;`s; only the last may lack one.
fn statements(tokens: &[TokenTree]) -> Option<Vec<Stmt<'_>>> {
    let mut stmts = Vec::new();
    let mut rest = tokens;
    while !rest.is_empty() {
        match rest.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';')) {
            Some(end) => {
                let (stmt, after) = rest.split_at(end);
                if stmt.is_empty() {
                    return None;
                }
                stmts.push(Stmt { tokens: stmt, semi: true });
                rest = after.get(1..).unwrap_or_default();
            }
            None => {
                stmts.push(Stmt { tokens: rest, semi: false });
                rest = &[];
            }
        }
    }
    Some(stmts)
}

/// One statement, at the body's indentation: `let [mut] name[: Type] = expr;`, `expr;`, or
/// the body's last expression.
fn statement(stmt: &Stmt<'_>, last: bool, out: &mut String) -> Option<()> {
    if !stmt.semi && !last {
        return None;
    }
    let start = out.len();
    push_spaces(out, BODY_INDENT);
    match stmt.tokens {
        [TokenTree::Ident(kw), rest @ ..] if kw == "let" => {
            if !stmt.semi {
                return None;
            }
            out.push_str("let ");
            let rest = match rest {
                [TokenTree::Ident(m), rest @ ..] if m == "mut" => {
                    out.push_str("mut ");
                    rest
                }
                _ => rest,
            };
            let [TokenTree::Ident(local), rest @ ..] = rest else { return None };
            name_word(local)?;
            push_display(out, local);
            let eq = rest.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Alone))?;
            let (ty_tokens, init) = rest.split_at(eq);
            let typed = match ty_tokens {
                [] => false,
                [TokenTree::Punct(colon), ty_tokens @ ..] if colon.as_char() == ':' && colon.spacing() == Spacing::Alone => {
                    out.push_str(": ");
                    arg_ty(ty_tokens, out, 0)?;
                    true
                }
                _ => return None,
            };
            out.push_str(" = ");
            let init = init.get(1..)?;
            let init_at = out.len();
            expr(init, out, 0)?;
            out.push(';');
            if out.len() - start <= MARGIN {
                out.push('\n');
                return Some(());
            }
            if typed {
                return None;
            }
            // The call that starts a method, too long for its line: prettyplease breaks the
            // chain's box before the `.`, then the arguments' box if they do not fit either.
            out.truncate(init_at);
            broken_call(init, out)
        }
        tokens => {
            expr(tokens, out, 0)?;
            if stmt.semi {
                out.push(';');
            }
            // A longer line would break somewhere in prettyplease's boxes: left to it.
            (out.len() - start <= MARGIN).then(|| out.push('\n'))
        }
    }
}

/// `receiver.method(args)` or `receiver.method(args)?` after `let name = `, its box broken:
/// the receiver, then `.method(` on the next line, a level deeper, with the arguments on that
/// line when they fit (with `)`, the `?` and `;`), else each on a line of its own, another
/// level deeper, and `)` back on the chain's level.
fn broken_call(init: &[TokenTree], out: &mut String) -> Option<()> {
    let (call, question) = match init {
        [call @ .., TokenTree::Punct(q)] if q.as_char() == '?' => (call, "?"),
        _ => (init, ""),
    };
    let [TokenTree::Ident(receiver), TokenTree::Punct(dot), TokenTree::Ident(method), TokenTree::Group(args)] = call else {
        return None;
    };
    if dot.as_char() != '.' || args.delimiter() != Delimiter::Parenthesis || method == "await" {
        return None;
    }
    path_word(receiver)?;
    name_word(method)?;
    push_display(out, receiver);
    out.push('\n');
    let line = out.len();
    push_spaces(out, CHAIN_INDENT);
    out.push('.');
    push_display(out, method);
    out.push('(');
    let inner: Vec<TokenTree> = args.stream().into_iter().collect();
    let parts = split_commas(&inner)?;
    let mut printed = Vec::with_capacity(parts.len());
    for part in &parts {
        let mut text = String::with_capacity(64);
        let boxed = expr(part, &mut text, 0)?;
        printed.push((text, boxed));
    }
    let joined = printed.iter().map(|(t, _)| t.len()).sum::<usize>() + printed.len().saturating_sub(1) * ", ".len();
    if out.len() - line + joined + ")".len() + question.len() + ";".len() <= MARGIN {
        for (i, (text, _)) in printed.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(text);
        }
    } else {
        if printed.is_empty() {
            // An empty call's arguments have no box to break: left to prettyplease.
            return None;
        }
        out.push('\n');
        for (text, boxed) in &printed {
            // Each argument's own box (an array, a call) stays on its line only when it fits
            // with the `,` after it; a path or a literal has none, and is printed whole.
            if *boxed && ARG_INDENT + text.len() + ",".len() > MARGIN {
                return None;
            }
            push_spaces(out, ARG_INDENT);
            out.push_str(text);
            out.push_str(",\n");
        }
        push_spaces(out, CHAIN_INDENT);
    }
    out.push(')');
    out.push_str(question);
    out.push_str(";\n");
    Some(())
}

/// An expression printed on one line as prettyplease prints it when it fits: `&` and `&mut`
/// before a path, a literal, a tuple, an array or a call, then fields, method calls, calls, `?` and
/// `.await`. Whether it holds a box prettyplease could break (anything but a path or a
/// literal, and `&` of one).
fn expr(tokens: &[TokenTree], out: &mut String, depth: usize) -> Option<bool> {
    if depth > DEPTH {
        return None;
    }
    let mut rest = tokens;
    let mut boxed = false;
    while let [TokenTree::Punct(amp), after @ ..] = rest {
        if amp.as_char() != '&' {
            break;
        }
        out.push('&');
        rest = match after {
            [TokenTree::Ident(m), after @ ..] if m == "mut" => {
                out.push_str("mut ");
                after
            }
            _ => after,
        };
    }
    match rest {
        [TokenTree::Literal(lit), after @ ..] => {
            let repr = lit.to_string();
            // A number ending in `.` prints with a `0`, and a byte string or a suffixed
            // literal is not what the emitters write: left to prettyplease.
            if !(repr.starts_with('"') || repr.bytes().all(|b| b.is_ascii_digit())) {
                return None;
            }
            out.push_str(&repr);
            rest = after;
        }
        [TokenTree::Ident(first), after @ ..] => {
            path_word(first)?;
            push_display(out, first);
            rest = after;
            while let [TokenTree::Punct(a), TokenTree::Punct(b), TokenTree::Ident(segment), after @ ..] = rest {
                if a.as_char() != ':' || a.spacing() != Spacing::Joint || b.as_char() != ':' {
                    break;
                }
                path_word(segment)?;
                out.push_str("::");
                push_display(out, segment);
                rest = after;
            }
        }
        [TokenTree::Group(tuple), after @ ..] if tuple.delimiter() == Delimiter::Parenthesis => {
            // A tuple of two or more (one is `(a,)`, and a parenthesized expression another
            // shape: left to prettyplease).
            boxed = true;
            let inner: Vec<TokenTree> = tuple.stream().into_iter().collect();
            if split_commas(&inner)?.len() < 2 {
                return None;
            }
            out.push('(');
            list(&inner, out, depth)?;
            out.push(')');
            rest = after;
        }
        [TokenTree::Group(array), after @ ..] if array.delimiter() == Delimiter::Bracket => {
            boxed = true;
            let inner: Vec<TokenTree> = array.stream().into_iter().collect();
            out.push('[');
            list(&inner, out, depth)?;
            out.push(']');
            rest = after;
        }
        _ => return None,
    }
    loop {
        match rest {
            [] => return Some(boxed),
            [TokenTree::Punct(dot), TokenTree::Ident(word), after @ ..] if dot.as_char() == '.' => {
                boxed = true;
                out.push('.');
                if word == "await" {
                    out.push_str("await");
                } else {
                    name_word(word)?;
                    push_display(out, word);
                }
                rest = after;
            }
            [TokenTree::Punct(q), after @ ..] if q.as_char() == '?' => {
                out.push('?');
                rest = after;
            }
            [TokenTree::Group(args), after @ ..] if args.delimiter() == Delimiter::Parenthesis => {
                boxed = true;
                let inner: Vec<TokenTree> = args.stream().into_iter().collect();
                out.push('(');
                list(&inner, out, depth)?;
                out.push(')');
                rest = after;
            }
            _ => return None,
        }
    }
}

/// A call's arguments or an array's elements on one line (a trailing comma is dropped, as
/// prettyplease drops it where the list does not break).
fn list(tokens: &[TokenTree], out: &mut String, depth: usize) -> Option<()> {
    for (i, part) in split_commas(tokens)?.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(part, out, depth + 1)?;
    }
    Some(())
}

/// What follows the `,` that ends a parameter (the last one's may be left out).
fn after_comma(rest: &[TokenTree]) -> Option<&[TokenTree]> {
    match rest {
        [TokenTree::Punct(comma), after @ ..] if comma.as_char() == ',' => Some(after),
        [] => Some(rest),
        _ => None,
    }
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use proc_macro2::Ident;
    use quote::quote;

    use super::*;

    fn prettyplease(tokens: &TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap())
    }

    /// `impl Client { #method }` as the direct printer prints it, held to prettyplease's text;
    /// whether the method was printed here (not handed to prettyplease).
    fn same(tokens: TokenStream) -> bool {
        let block = quote!(impl Client { #tokens });
        let trees: Vec<TokenTree> = block.clone().into_iter().collect();
        let text = super::super::direct::item_or_parsed(&trees).expect("an impl of methods is printed");
        // Without syn, the block is printed only when each of its methods is printed here.
        let whole = super::super::direct::item(&trees);
        assert!(whole.is_none() || whole.as_ref() == Some(&text));
        assert_eq!(text, prettyplease(&block), "{block}");
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        super::method(&trees, &mut String::new()).is_some()
    }

    fn ident(text: &str) -> Ident {
        Ident::new(text, proc_macro2::Span::call_site())
    }

    #[test]
    fn methods_of_every_length_print_as_prettyplease_prints_them() {
        let mut here = 0;
        let mut total = 0;
        for len in (1..80).step_by(4) {
            let name = ident(&format!("m{}", "x".repeat(len)));
            let ty = ident(&format!("T{}", "y".repeat(len)));
            let arg = ident(&format!("a{}", "z".repeat(len / 2)));
            let path = format!("/p/{}", "q".repeat(len));
            let wire = "w".repeat(len / 3);
            for method in [
                quote! {
                    /// Docs.
                    pub async fn #name(&self, #arg: &str, body: &models::#ty) -> Result<Response<models::#ty>, Error> {
                        let mut call = self.call(#wire, Method::POST, #path, &[#arg], &[])?;
                        call.json(body)?;
                        self.send(call).await
                    }
                },
                quote! {
                    #[cfg(feature = "x")]
                    pub async fn #name(&self, #arg: i64, params: &crate::params::#ty) -> Result<Response<Vec<models::#ty>>, Error> {
                        let mut query: Vec<(&str, String)> = Vec::new();
                        push_param(&mut query, #wire, &params.#arg);
                        let call = self.call(#wire, Method::GET, #path, &[&param(&#arg), #arg], &[(#wire, param(&#arg)), ("b", x)])?;
                        self.send(call).await
                    }
                },
                quote! {
                    pub async fn #name(&self) -> Result<Response<()>, Error> {
                        let call = self.call(#wire, Method::GET, "/", &[], &[])?;
                        self.send_empty(call).await
                    }
                },
                quote! {
                    pub fn #name(&self, #arg: Option<std::collections::BTreeMap<String, Vec<models::#ty>>>) -> Pages<models::#ty> {
                        self.pages(#arg)
                    }
                },
                quote! {
                    pub async fn #name(&self, #arg: &str) -> Result<Response<models::#ty>, Error> {
                        let call = self.call(#wire, Method::GET, #path, &[#arg, #arg, #arg, #arg, #arg, #arg, #arg, #arg], &[])?;
                        self.send(call).await
                    }
                },
            ] {
                total += 1;
                here += usize::from(same(method));
            }
        }
        // Many are printed here; the others (a line too long for a known layout) by prettyplease.
        assert!(here * 3 > total && here < total, "{here} of {total} printed here");
    }

    #[test]
    fn other_methods_are_left_to_prettyplease_in_their_place() {
        let left = [
            quote!(pub async fn a(&self, p: &P) -> R { if let Some(v) = &p.v { call.header("v", &param(v))?; } self.send(call).await }),
            quote!(pub async fn a(&self) -> R { match x { A => 1, _ => 2 } }),
            quote!(pub async fn a(&self) -> R { let q = p.iter().map(|x| (x, 1)).collect(); q }),
            quote!(pub async fn a(&self) -> R { let p = format!("{}/{}", a, b); p }),
            quote!(pub async fn a(&self) -> R { let p = (1,); p }),
            quote!(pub async fn a(&self) -> R { let p = (1); p }),
            quote!(pub async fn a(&self) -> R { x = 1; y }),
            quote!(pub async fn a(&self) -> R { -1 }),
            quote!(pub async fn a(&self) -> R { 1.0 }),
            quote!(pub async fn a(&self) -> R { b"x" }),
            quote!(pub async fn a(&self) -> R { x::<u8>() }),
            quote!(pub async fn a(&self) -> R {}),
            quote!(pub async fn a<T>(&self) -> R { x }),
            quote!(pub async fn a(&mut self) -> R { x }),
            quote!(pub async fn a(&self, b: &[u8]) -> R { x }),
            quote!(pub async fn a(&self, b: (u8,)) -> R { x }),
            quote!(async fn a(&self) -> R { x }),
            quote!(pub async fn a(&self) { x }),
        ];
        for method in left {
            assert!(!same(method.clone()), "{method}");
        }
        // Methods of both kinds in one block, in their order.
        assert!(!same(quote! {
            pub async fn a(&self) -> R { x }
            pub async fn b(&self) -> R { match x { A => 1, _ => 2 } }
            pub async fn c(&self) -> R { y }
        }));
    }

    #[test]
    fn a_block_that_does_not_parse_is_left_to_the_caller() {
        let block = quote!(impl Client { pub async fn a(&self) -> R { match } });
        let trees: Vec<TokenTree> = block.into_iter().collect();
        assert_eq!(super::super::direct::item_or_parsed(&trees), None);
    }
}
