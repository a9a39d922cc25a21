//! Stage 4: every Rust name, decided once. Each scope (the crate's types, a struct's
//! fields, an enum's variants, the client's methods, an operation's arguments) claims its
//! names through one [`Scope`], which settles keyword and collision problems there.
//! Wire names are never changed: emitters keep them in serde attributes.

use crate::diagnostics::Diagnostics;
use crate::fast_hash::{FastMap, FastSet};
use crate::ir::{Api, Locals, Operation, SecurityKind, TypeDef, TypeKind, UrlConsts};
use crate::reserved;

/// Words Rust reserves, now or in any edition.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    "union",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Types and variants.
    Pascal,
    /// Fields, methods, arguments.
    Snake,
}

/// One namespace. Names are compared without case and underscores, so `fooBar` and
/// `foo_bar`, or `ASC` and `asc`, cannot both end up as the same identifier.
#[derive(Debug, Default)]
pub struct Scope {
    taken: FastSet<String>,
    /// Per base name, the first suffix not yet tried: every smaller one is taken (names are
    /// never given back), so a clash costs one probe, not one per earlier clash (20,000
    /// operations all called `Do it` were quadratic).
    next_suffix: FastMap<String, u64>,
}

impl Scope {
    /// A scope where `reserved` names are already taken (e.g. methods of the client itself).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        let mut s = Scope::default();
        for r in reserved {
            s.taken.insert(key(r));
        }
        s
    }

    /// Takes `names` as they are, for the scope's own items.
    pub fn reserve(&mut self, names: &[&str]) {
        for r in names {
            self.taken.insert(key(r));
        }
    }

    /// Whether `name`, exactly as it is, is still free.
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(&key(name))
    }

    /// Claims a name derived from `candidate`; a clash gets the smallest free numeric suffix.
    pub fn claim(&mut self, candidate: &str, case: Case) -> String {
        self.claim_ident(ident(candidate, case), case)
    }

    /// [`Scope::claim`] of a candidate whose [`ident`] in `case` is `first`, made beforehand.
    pub fn claim_ident(&mut self, first: String, case: Case) -> String {
        if self.taken.insert(key(&first)) {
            return first;
        }
        // `self_` + 2 is `self_2`, not `self__2`; `Self_` + 2 is `Self2`.
        let base = first.trim_end_matches('_');
        let next = self.next_suffix.entry(format!("{}{}", key(base), if case == Case::Pascal { "P" } else { "s" })).or_insert(2);
        loop {
            let name = match case {
                Case::Pascal => format!("{base}{next}"),
                Case::Snake => format!("{base}_{next}"),
            };
            *next += 1;
            if self.taken.insert(key(&name)) {
                return name;
            }
        }
    }
}

fn key(name: &str) -> String {
    if name.is_ascii() {
        // Every identifier `ident` makes: no per-character case tables.
        return name.bytes().filter(|b| *b != b'_').map(|b| char::from(b.to_ascii_lowercase())).collect();
    }
    name.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// Turns any text into a legal identifier in the given case.
pub fn ident(text: &str, case: Case) -> String {
    let mut out = cased(&joined(text), case);
    if out.is_empty() {
        out = match case {
            Case::Pascal => "Empty".to_string(),
            Case::Snake => "empty".to_string(),
        };
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = match case {
            Case::Pascal => format!("V{out}"),
            Case::Snake => format!("n{out}"),
        };
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// `heck`'s `to_upper_camel_case` / `to_snake_case` of `joined`, which [`words`] makes of
/// ASCII letters, digits and spaces only: the same word boundaries (a lowercase letter
/// before an uppercase one; the last of a run of capitals before a lowercase letter), without
/// heck's formatting machinery and Unicode case tables (they were two thirds of naming's
/// time on GitHub's spec). The test `cased_is_hecks_case` holds it to heck.
fn cased(joined: &str, case: Case) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    // Bytes, not chars: the words are ASCII letters and digits, and a byte split of the text
    // leaves the same words as a char split (a non-ASCII char's bytes only separate them).
    let mut out: Vec<u8> = Vec::with_capacity(joined.len() + 8);
    let mut first = true;
    let mut word_out = |w: &[u8], out: &mut Vec<u8>| {
        match case {
            Case::Snake => {
                if !first {
                    out.push(b'_');
                }
                out.extend(w.iter().map(u8::to_ascii_lowercase));
            }
            Case::Pascal => {
                if let Some((head, tail)) = w.split_first() {
                    out.push(head.to_ascii_uppercase());
                    out.extend(tail.iter().map(u8::to_ascii_lowercase));
                }
            }
        }
        first = false;
    };
    for bytes in joined.as_bytes().split(|c| !c.is_ascii_alphanumeric()) {
        let (mut init, mut mode) = (0, Mode::Boundary);
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word_out(bytes.get(init..).unwrap_or_default(), &mut out);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                word_out(bytes.get(init..=i).unwrap_or_default(), &mut out);
                (init, mode) = (i + 1, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word_out(bytes.get(init..i).unwrap_or_default(), &mut out);
                (init, mode) = (i, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
    }
    // Only ASCII letters, digits and `_` went in.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The words of `text`, as [`words`] splits it, joined by spaces: for ASCII text made in
/// one pass of its bytes into one string (no string per word; naming GitHub's spec called
/// this 46,000 times, and the words were most of naming's allocations), otherwise from
/// [`words`]. The test `joined_is_the_words_joined` holds the two to each other.
fn joined(text: &str) -> String {
    if !text.is_ascii() {
        return words(text).join(" ");
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    // Whether `out` ends inside a word that the next letters would go on.
    let mut in_word = false;
    let single = bytes.len() <= 1;
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        let symbol = match (c, next) {
            (b'!', Some(b'=')) => Some(("not equal", 2)),
            (b'>', Some(b'=')) => Some(("greater or equal", 2)),
            (b'<', Some(b'=')) => Some(("less or equal", 2)),
            (b'=', _) => Some(("equal", 1)),
            (b'>', _) => Some(("greater", 1)),
            (b'<', _) => Some(("less", 1)),
            (b'+', _) => Some(("plus", 1)),
            (b'-', Some(d)) if d.is_ascii_digit() && !in_word => Some(("minus", 1)),
            (b'*', _) if single => Some(("star", 1)),
            (b'.', Some(d)) if d.is_ascii_digit() && in_word && out.ends_with(|p: char| p.is_ascii_digit()) => Some(("point", 1)),
            _ => None,
        };
        if let Some((w, len)) = symbol {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
            in_word = false;
            i += len;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            // A run of letters and digits at once.
            let run = bytes.get(i..).unwrap_or_default().iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(text.get(i..i + run).unwrap_or_default());
            in_word = true;
            i += run;
            continue;
        }
        in_word = false;
        i += 1;
    }
    out
}

/// Splits text into ASCII words. Symbols that carry meaning in enum values (`+1`, `-1`,
/// `!=`, `>=`) become words, so that they stay distinct; other characters separate words.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    let single = text.chars().nth(1).is_none();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let symbol = match (c, next) {
            ('!', Some('=')) => Some(("not equal", 2)),
            ('>', Some('=')) => Some(("greater or equal", 2)),
            ('<', Some('=')) => Some(("less or equal", 2)),
            ('=', _) => Some(("equal", 1)),
            ('>', _) => Some(("greater", 1)),
            ('<', _) => Some(("less", 1)),
            ('+', _) => Some(("plus", 1)),
            ('-', Some(d)) if d.is_ascii_digit() && word.is_empty() => Some(("minus", 1)),
            ('*', _) if single => Some(("star", 1)),
            // `1.5` must not become the same name as `15`.
            ('.', Some(d)) if d.is_ascii_digit() && word.ends_with(|p: char| p.is_ascii_digit()) => Some(("point", 1)),
            _ => None,
        };
        if let Some((w, len)) = symbol {
            flush(&mut word, &mut out);
            out.push(w.to_string());
            if len == 2 {
                chars.next();
            }
            continue;
        }
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else if !c.is_ascii() && c.is_alphanumeric() {
            // Keep non-ASCII letters distinguishable without putting them in identifiers.
            use std::fmt::Write;
            let _ = write!(word, "u{:x}", c as u32);
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Whether an origin (`file#/pointer`) is a `components/schemas` entry itself.
fn is_component(origin: &str) -> bool {
    let pointer = origin.split_once('#').map_or(origin, |(_, p)| p);
    pointer.strip_prefix("/components/schemas/").is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// Names of the signature verification items of the `webhooks` module, which also holds
/// the payload types.
pub const WEBHOOK_RESERVED: &[&str] = &["Verifier", "WebhookRequest", "VerifyError", "SignatureVersion"];

/// Fills in every `name` in the IR. A paginated operation whose helpers' names are taken
/// loses its pagination, with a warning.
pub fn assign(api: &mut Api, diags: &mut Diagnostics) {
    // The scopes of one item each (a struct's fields, an enum's or a union's variants, an
    // operation's arguments and locals, a multipart body's parts) read nothing any other
    // scope decides: they are named first, on two cores, and the identifiers of the types'
    // hints (which the crate's scope claims below) are made there too.
    let mut idents = members(&mut api.types, &mut api.operations);
    // Types: component names first (in spec order), so that a component keeps its own
    // name even when an inline type somewhere would derive the same one.
    // Models live in their own module, so they cannot clash with `Client` or `Error`;
    // `Base64` is the models module's own type for `format: byte`.
    // The `webhooks` module re-exports payload types beside its verification items.
    let mut types = Scope::with_reserved(reserved::MODELS_OWN);
    if api.webhooks.signature.is_some() {
        types.reserve(WEBHOOK_RESERVED);
    }
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    // Decided on the pointer alone: the file part of an origin must not change names.
    order.sort_by_cached_key(|i| !is_component(&api.types[*i].origin));
    for i in order {
        let first = idents.get_mut(i).map(std::mem::take).unwrap_or_else(|| ident(&api.types[i].hint, Case::Pascal));
        api.types[i].name = types.claim_ident(first, Case::Pascal);
    }
    // After every schema's name, so that these never take one from a schema.
    for t in &mut api.types {
        if let TypeKind::Struct(s) = &mut t.kind {
            if s.fields.iter().filter(|f| f.required).count() >= 2 {
                s.required_name = types.claim(&format!("{} required", t.name), Case::Pascal);
            }
        }
    }
    let mut schemes = Scope::default();
    let mut variants = Scope::default();
    // Setters live on both `ClientBuilder` and `RequestOptions`, next to their own methods.
    let mut setters = Scope::with_reserved(reserved::SETTER_SCOPE);
    setters.reserve(reserved::STD_SETTER_LIKE);
    for s in &mut api.security_schemes {
        s.name = schemes.claim(&s.key, Case::Snake);
        s.variant = variants.claim(&s.name, Case::Pascal);
        match s.kind {
            SecurityKind::ApiKey { .. } => s.setter = setters.claim(&s.name, Case::Snake),
            SecurityKind::Bearer | SecurityKind::OAuth2 => {
                s.setter = setters.claim(&format!("{} token", s.name), Case::Snake);
                s.provider_setter = setters.claim(&format!("{} token provider", s.name), Case::Snake);
            }
            SecurityKind::Basic => s.setter = setters.claim(&format!("{} credentials", s.name), Case::Snake),
        }
    }
    let mut methods = Scope::with_reserved(reserved::CLIENT_METHODS);
    let mut params = Scope::default();
    let mut responses = Scope::default();
    for op in &mut api.operations {
        op.name = methods.claim(&op.hint, Case::Snake);
        op.params_name = params.claim(&format!("{} params", op.name), Case::Pascal);
        op.responses_name = responses.claim(&format!("{} response", op.name), Case::Pascal);
        // A typed multipart body is a struct of the models module, after the schemas' types.
        if let Some(body) = op.body.as_mut() {
            if body.parts.is_some() {
                body.name = types.claim(&format!("{} body", op.name), Case::Pascal);
            }
        }
    }
    // After every operation's own name: a helper never takes the name an operation asked for.
    for op in api.operations.iter_mut().filter(|op| op.pagination.is_some()) {
        let (pages, stream) = (format!("{}_pages", op.name), format!("{}_stream", op.name));
        let taken: Vec<&str> = [pages.as_str(), stream.as_str()].into_iter().filter(|n| !methods.is_free(n)).collect();
        if taken.is_empty() {
            methods.reserve(&[&pages, &stream]);
            (op.pages_name, op.stream_name) = (pages, stream);
        } else {
            diags.warning(
                op.origin.clone(),
                format!("paginated, but the method name `{}` is taken by another operation", taken.join("`, `")),
                "no page streams for it",
            );
            op.pagination = None;
        }
    }
    // Associated constants of `Client`, beside its methods: after every operation, so that a
    // constant never takes a name an operation asked for.
    for s in &mut api.security_schemes {
        let mut claim = |url: Option<&String>, what: &str| match url {
            Some(_) => methods.claim(&format!("{} {what}", s.name), Case::Snake).to_ascii_uppercase(),
            None => String::new(),
        };
        let code = s.flows.authorization_code.as_ref();
        let token = claim(code.and_then(|f| f.token_url.as_ref()), "token url");
        let refresh = claim(code.and_then(|f| f.refresh_url.as_ref().filter(|u| Some(*u) != f.token_url.as_ref())), "refresh url");
        let client_credentials = claim(s.flows.client_credentials.as_ref().and_then(|f| f.token_url.as_ref()), "client credentials url");
        s.url_consts = UrlConsts { token, refresh, client_credentials };
    }
}

/// Names the members of every type and operation (each a scope of its own), the items
/// split in two runs of about equal work, one on another thread. Each name depends on its
/// own scope only, so the result is the same whichever thread names it. Returns each
/// type's [`ident`] of its hint (in Pascal case), in the types' order.
fn members(types: &mut [TypeDef], operations: &mut [Operation]) -> Vec<String> {
    // Claims each item makes, roughly: what balances the two runs.
    let type_work = |t: &TypeDef| match &t.kind {
        TypeKind::Struct(s) => s.fields.len() + 2,
        TypeKind::Enum(e) => e.variants.len() + 2,
        TypeKind::Union(u) => u.variants.len() + 2,
        TypeKind::Alias(_) => 2,
    };
    let op_work = |op: &Operation| op.params.len() + reserved::LOCALS.len() + op.body.as_ref().and_then(|b| b.parts.as_ref()).map_or(0, Vec::len);
    let total: usize = types.iter().map(type_work).sum::<usize>() + operations.iter().map(op_work).sum::<usize>();
    // The first run takes the types up to half the work, then (if that is not half yet)
    // operations up to it.
    let mut work = 0;
    let type_split = types.iter().position(|t| {
        work += type_work(t);
        work * 2 >= total
    });
    let (types_first, types_second) = types.split_at_mut(type_split.map_or(types.len(), |i| i + 1));
    let op_split = if type_split.is_some() {
        0
    } else {
        operations.iter().position(|op| {
            work += op_work(op);
            work * 2 >= total
        }).map_or(operations.len(), |i| i + 1)
    };
    let (ops_first, ops_second) = operations.split_at_mut(op_split);
    let second = (types_second, ops_second);
    let run = |types: &mut [TypeDef], operations: &mut [Operation]| {
        let idents: Vec<String> = types.iter_mut().map(type_members).collect();
        operations.iter_mut().for_each(operation_members);
        idents
    };
    let (mut idents, other) = std::thread::scope(|s| {
        let other = std::thread::Builder::new().spawn_scoped(s, || run(second.0, second.1));
        (run(types_first, ops_first), other.ok().and_then(|h| h.join().ok()))
    });
    // A thread that cannot start is no error: its half is named here.
    idents.extend(other.unwrap_or_else(|| run(second.0, second.1)));
    idents
}

/// A struct's fields, an enum's or a union's variants; the [`ident`] of the type's hint.
fn type_members(t: &mut TypeDef) -> String {
    match &mut t.kind {
        TypeKind::Struct(s) => {
            let mut fields = Scope::default();
            for f in &mut s.fields {
                f.name = fields.claim(&f.wire, Case::Snake);
            }
            if s.additional.is_some() {
                s.additional_name = fields.claim("additional_properties", Case::Snake);
            }
        }
        TypeKind::Enum(e) => {
            let mut variants = Scope::with_reserved(&[reserved::UNKNOWN_VARIANT]);
            for v in &mut e.variants {
                v.name = variants.claim(&v.wire, Case::Pascal);
            }
        }
        TypeKind::Union(u) => {
            let mut variants = Scope::with_reserved(&[reserved::UNKNOWN_VARIANT]);
            for v in &mut u.variants {
                v.name = variants.claim(&v.hint, Case::Pascal);
            }
        }
        TypeKind::Alias(_) => {}
    }
    ident(&t.hint, Case::Pascal)
}

/// An operation's arguments and locals, and its multipart body's parts.
fn operation_members(op: &mut Operation) {
    if let Some(parts) = op.body.as_mut().and_then(|b| b.parts.as_mut()) {
        let mut fields = Scope::default();
        for p in parts {
            p.name = fields.claim(&p.wire, Case::Snake);
        }
    }
    name_args_and_locals(op);
}

/// The arguments first (they are the method's public face), then the locals of its body in
/// the same scope, so that neither shadows the other.
fn name_args_and_locals(op: &mut Operation) {
    let mut args = Scope::with_reserved(reserved::ARGS);
    args.reserve(reserved::CLIENT_FNS);
    for p in &mut op.params {
        p.name = args.claim(&p.wire, Case::Snake);
    }
    let mut claim = |name: &str| args.claim(name, Case::Snake);
    let [url, call, value, item, key, status, client, cursor, page, secrets] = reserved::LOCALS;
    let mut locals = Locals {
        url: claim(url),
        call: claim(call),
        value: claim(value),
        item: claim(item),
        key: claim(key),
        status: claim(status),
        client: claim(client),
        cursor: claim(cursor),
        page: claim(page),
        secrets: claim(secrets),
        pairs: Vec::new(),
    };
    for p in &op.params {
        locals.pairs.push(if p.deep_object { claim(&format!("{} pairs", p.name)) } else { String::new() });
    }
    op.locals = locals;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cased_is_hecks_case() {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        // Every string of up to 5 characters over an alphabet with each class `words` emits,
        // then longer pseudo-random ones.
        let alphabet = [b'a', b'B', b'c', b'D', b'E', b'1', b' '];
        let mut inputs: Vec<String> = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..5 {
            level = level.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{}", char::from(*c)))).collect();
            inputs.extend(level.iter().cloned());
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let len = (state % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let pool = b"abcxyzABCXYZ0189  ";
                s.push(char::from(pool[(state % pool.len() as u64) as usize]));
            }
            inputs.push(s);
        }
        for s in &inputs {
            assert_eq!(cased(s, Case::Snake), s.to_snake_case(), "snake case of {s:?}");
            assert_eq!(cased(s, Case::Pascal), s.to_upper_camel_case(), "Pascal case of {s:?}");
        }
    }

    #[test]
    fn joined_is_the_words_joined() {
        // Every string of up to 4 bytes over an alphabet with each class `words` tells apart
        // (the symbols it names, the separators, letters, digits), then longer ones.
        let alphabet = b"aB1.-+=<>!* _";
        let mut inputs: Vec<String> = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..4 {
            level = level.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{}", char::from(*c)))).collect();
            inputs.extend(level.iter().cloned());
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            let len = (state % 30) as usize;
            let mut s = String::new();
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push(char::from(alphabet[(state % alphabet.len() as u64) as usize]));
            }
            inputs.push(s);
        }
        for s in &inputs {
            assert_eq!(joined(s), words(s).join(" "), "{s:?}");
        }
        assert_eq!(joined("café x"), "cafue9 x");
    }

    #[test]
    fn keys_of_ascii_names_are_the_unicode_keys() {
        for name in ["Foo_Bar", "a__b", "ABC", "x9_Y", "", "_"] {
            let unicode: String = name.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect();
            assert_eq!(key(name), unicode);
        }
        assert_eq!(key("ÉTÉ_x"), "été_x".replace('_', ""));
    }

    #[test]
    fn idents() {
        assert_eq!(ident("type", Case::Snake), "type_");
        assert_eq!(ident("Self", Case::Pascal), "Self_");
        assert_eq!(ident("messageDirection", Case::Snake), "message_direction");
        assert_eq!(ident("TRUNCATED_TO_MOST_RECENT_REPLY", Case::Pascal), "TruncatedToMostRecentReply");
        assert_eq!(ident("+1", Case::Pascal), "Plus1");
        assert_eq!(ident("-1", Case::Pascal), "Minus1");
        assert_eq!(ident("!=", Case::Pascal), "NotEqual");
        assert_eq!(ident("", Case::Pascal), "Empty");
        assert_eq!(ident("2fa", Case::Snake), "n2fa");
        assert_eq!(ident("Publish message", Case::Snake), "publish_message");
        assert_eq!(ident("café", Case::Pascal), "Cafue9");
        assert_eq!(ident("1.5", Case::Pascal), "V1Point5");
    }

    #[test]
    fn many_clashes_of_one_name_take_linear_time() {
        // 100,000 claims of one name: quadratic probing would take hours; the guard turns a
        // hang into a failure.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut s = Scope::default();
            let last = (0..100_000).map(|_| s.claim("Do it", Case::Snake)).last();
            let _ = tx.send(last);
        });
        let last = rx.recv_timeout(std::time::Duration::from_secs(20)).expect("claims finish");
        assert_eq!(last.as_deref(), Some("do_it_100000"));
    }

    #[test]
    fn suffixes_skip_names_taken_meanwhile() {
        let mut s = Scope::default();
        assert_eq!(s.claim("a", Case::Snake), "a");
        assert_eq!(s.claim("a 3", Case::Snake), "a_3");
        assert_eq!(s.claim("a", Case::Snake), "a_2");
        assert_eq!(s.claim("A", Case::Snake), "a_4");
        assert_eq!(s.claim("a", Case::Pascal), "A5");
    }

    #[test]
    fn collisions_get_suffixes() {
        let mut s = Scope::default();
        assert_eq!(s.claim("ASC", Case::Pascal), "Asc");
        assert_eq!(s.claim("asc", Case::Pascal), "Asc2");
        assert_eq!(s.claim("Asc", Case::Pascal), "Asc3");
        let mut f = Scope::default();
        assert_eq!(f.claim("fooBar", Case::Snake), "foo_bar");
        assert_eq!(f.claim("foo_bar", Case::Snake), "foo_bar_2");
        assert_eq!(f.claim("self", Case::Snake), "self_");
        assert_eq!(f.claim("Self", Case::Snake), "self_2");
        let mut v = Scope::default();
        assert_eq!(v.claim("self", Case::Pascal), "Self_");
        assert_eq!(v.claim("Self", Case::Pascal), "Self2");
    }
}
