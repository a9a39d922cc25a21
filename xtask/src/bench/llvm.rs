//! LLVM IR lines of a crate, counted the way `cargo llvm-lines` does (which is not installable
//! here): the crate is built with `--emit=llvm-ir` and LLVM's passes switched off, so that the
//! IR is what rustc hands LLVM, before inlining; a function's lines are its instruction lines,
//! and functions are grouped by their demangled name without hash and generic arguments, so
//! that every instantiation of one generic function is one entry.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use super::cargo;
use super::compile::{self, Crate, Profile};
use super::stats::{self, Ratio};
use super::table::Row;

/// The IR of one crate, grouped by function.
#[derive(Debug, Default)]
pub struct Counts {
    pub lines: usize,
    /// Functions defined (instantiations counted one by one).
    pub copies: usize,
    /// `(name, lines, copies)`, most lines first.
    pub functions: Vec<(String, usize, usize)>,
}

/// Counts the instruction lines of every function defined in `ir`.
pub fn count(ir: &str) -> Counts {
    let mut groups: HashMap<String, (usize, usize)> = HashMap::new();
    let mut current: Option<String> = None;
    let mut lines = 0;
    for line in ir.lines() {
        if line.starts_with("define ") {
            current = symbol(line).map(|s| group(&demangle(s)));
            lines = 0;
        } else if line == "}" {
            if let Some(name) = current.take() {
                let entry = groups.entry(name).or_default();
                entry.0 += lines;
                entry.1 += 1;
            }
        } else if line.starts_with("  ") && !line.starts_with("   ") {
            lines += 1;
        }
    }
    let mut functions: Vec<(String, usize, usize)> = groups.into_iter().map(|(name, (l, c))| (name, l, c)).collect();
    functions.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    Counts { lines: functions.iter().map(|f| f.1).sum(), copies: functions.iter().map(|f| f.2).sum(), functions }
}

/// The symbol of a `define` line: between `@` and `(`, quotes removed.
fn symbol(line: &str) -> Option<&str> {
    let (_, rest) = line.split_once('@')?;
    let (name, _) = rest.split_once('(')?;
    Some(name.trim_matches('"'))
}

/// A Rust symbol in readable form: legacy (`_ZN…E`) and v0 (`_R…`) manglings; anything else
/// (or a symbol that does not parse) as it is.
pub fn demangle(symbol: &str) -> String {
    let name = symbol.trim_matches('"');
    let parsed = if let Some(rest) = name.strip_prefix("_ZN") {
        legacy(rest)
    } else if let Some(rest) = name.strip_prefix("_R") {
        v0::demangle(rest)
    } else {
        None
    };
    parsed.unwrap_or_else(|| name.to_string())
}

/// Legacy mangling: length-prefixed segments up to `E`, the last one `h` and 16 hex digits
/// (the hash, left out), with `$…$` escapes and `..` for `::` inside segments.
fn legacy(mut rest: &str) -> Option<String> {
    let mut segments = Vec::new();
    while !rest.starts_with('E') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let len: usize = rest.get(..digits)?.parse().ok()?;
        let segment = rest.get(digits..digits + len)?;
        rest = &rest[digits + len..];
        segments.push(segment);
    }
    if segments.last().is_some_and(|s| s.len() == 17 && s.starts_with('h') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())) {
        segments.pop();
    }
    let segments: Vec<String> = segments.iter().map(|s| unescape(s)).collect();
    Some(segments.join("::"))
}

fn unescape(segment: &str) -> String {
    // A leading `_` only keeps a segment that starts with `$` from reading as a number.
    let mut rest = if segment.starts_with("_$") { &segment[1..] } else { segment };
    let mut out = String::new();
    while let Some(c) = rest.chars().next() {
        if let Some(tail) = rest.strip_prefix("..") {
            out.push_str("::");
            rest = tail;
        } else if c == '$' {
            let Some(end) = rest[1..].find('$') else {
                out.push_str(rest);
                break;
            };
            let code = &rest[1..1 + end];
            let decoded = match code {
                "SP" => Some('@'),
                "BP" => Some('*'),
                "RF" => Some('&'),
                "LT" => Some('<'),
                "GT" => Some('>'),
                "LP" => Some('('),
                "RP" => Some(')'),
                "C" => Some(','),
                _ => code.strip_prefix('u').and_then(|hex| u32::from_str_radix(hex, 16).ok()).and_then(char::from_u32),
            };
            match decoded {
                Some(d) => out.push(d),
                None => out.push_str(&rest[..end + 2]),
            }
            rest = &rest[end + 2..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// `name` without a trailing `::h<hash>` and without generic arguments (`<…>` right after a
/// name), so that instantiations of one generic group together; `<T as Trait>` stays.
pub fn group(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // For each open `<`: whether it opened generic arguments (dropped) or a qualified path.
    let mut opened: Vec<bool> = Vec::new();
    for c in name.chars() {
        match c {
            '<' => {
                let arguments = out.chars().last().is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '>' || p == '}');
                let dropping = opened.iter().any(|&d| d);
                opened.push(arguments);
                if !arguments && !dropping {
                    out.push(c);
                }
            }
            '>' if !opened.is_empty() => {
                let arguments = opened.pop().unwrap_or(false);
                if !arguments && !opened.iter().any(|&d| d) {
                    out.push(c);
                }
            }
            _ if opened.iter().any(|&d| d) => {}
            _ => out.push(c),
        }
    }
    out
}

mod v0 {
    //! The v0 mangling (`_R…`), enough for names: paths in full, generic arguments parsed and
    //! left out (they are dropped by [`super::group`] anyway), types printed plainly.

    const MAX_DEPTH: usize = 64;

    struct Parser<'a> {
        s: &'a [u8],
        pos: usize,
        depth: usize,
    }

    pub fn demangle(rest: &str) -> Option<String> {
        let mut p = Parser { s: rest.as_bytes(), pos: 0, depth: 0 };
        // An encoding version, when present, is a decimal number.
        while p.peek().is_some_and(|b| b.is_ascii_digit()) {
            p.pos += 1;
        }
        let mut out = String::new();
        p.path(&mut out)?;
        Some(out)
    }

    impl Parser<'_> {
        fn peek(&self) -> Option<u8> {
            self.s.get(self.pos).copied()
        }

        fn next(&mut self) -> Option<u8> {
            let b = self.peek()?;
            self.pos += 1;
            Some(b)
        }

        fn eat(&mut self, b: u8) -> bool {
            let ate = self.peek() == Some(b);
            if ate {
                self.pos += 1;
            }
            ate
        }

        fn base62(&mut self) -> Option<usize> {
            if self.eat(b'_') {
                return Some(0);
            }
            let mut n: usize = 0;
            loop {
                let d = match self.next()? {
                    b'_' => return n.checked_add(1),
                    b @ b'0'..=b'9' => b - b'0',
                    b @ b'a'..=b'z' => b - b'a' + 10,
                    b @ b'A'..=b'Z' => b - b'A' + 36,
                    _ => return None,
                };
                n = n.checked_mul(62)?.checked_add(usize::from(d))?;
            }
        }

        fn disambiguator(&mut self) -> Option<()> {
            if self.eat(b's') {
                self.base62()?;
            }
            Some(())
        }

        fn ident(&mut self) -> Option<&str> {
            // Punycode names are shown encoded: rare, and still one group per name.
            self.eat(b'u');
            let start = self.pos;
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.pos += 1;
            }
            let len: usize = std::str::from_utf8(self.s.get(start..self.pos)?).ok()?.parse().ok()?;
            self.eat(b'_');
            let text = self.s.get(self.pos..self.pos.checked_add(len)?)?;
            self.pos += len;
            std::str::from_utf8(text).ok()
        }

        /// Runs `f` at the position a back reference points to, then comes back.
        fn backref(&mut self, f: impl FnOnce(&mut Self) -> Option<()>) -> Option<()> {
            let start = self.pos - 1;
            let target = self.base62()?;
            if target >= start {
                return None;
            }
            let back = std::mem::replace(&mut self.pos, target);
            f(self)?;
            self.pos = back;
            Some(())
        }

        fn enter(&mut self) -> Option<()> {
            self.depth += 1;
            (self.depth <= MAX_DEPTH).then_some(())
        }

        fn path(&mut self, out: &mut String) -> Option<()> {
            self.enter()?;
            match self.next()? {
                b'C' => {
                    self.disambiguator()?;
                    out.push_str(self.ident()?);
                }
                b'N' => {
                    let ns = self.next()?;
                    self.path(out)?;
                    self.disambiguator()?;
                    let name = self.ident()?.to_string();
                    match ns {
                        b'C' => out.push_str("::{{closure}}"),
                        b'S' => out.push_str("::{shim}"),
                        b'A'..=b'Z' => out.push_str("::{extra}"),
                        _ => {}
                    }
                    if !name.is_empty() && !ns.is_ascii_uppercase() {
                        out.push_str("::");
                        out.push_str(&name);
                    }
                }
                b'M' => {
                    self.disambiguator()?;
                    self.path(&mut String::new())?;
                    out.push('<');
                    self.ty(out)?;
                    out.push('>');
                }
                b'X' => {
                    self.disambiguator()?;
                    self.path(&mut String::new())?;
                    out.push('<');
                    self.ty(out)?;
                    out.push_str(" as ");
                    self.path(out)?;
                    out.push('>');
                }
                b'Y' => {
                    out.push('<');
                    self.ty(out)?;
                    out.push_str(" as ");
                    self.path(out)?;
                    out.push('>');
                }
                b'I' => {
                    self.path(out)?;
                    while !self.eat(b'E') {
                        self.generic_arg()?;
                    }
                }
                b'B' => self.backref(|p| p.path(out))?,
                _ => return None,
            }
            self.depth -= 1;
            Some(())
        }

        fn generic_arg(&mut self) -> Option<()> {
            if self.eat(b'L') {
                self.base62()?;
            } else if self.eat(b'K') {
                self.konst()?;
            } else {
                self.ty(&mut String::new())?;
            }
            Some(())
        }

        fn konst(&mut self) -> Option<()> {
            self.enter()?;
            match self.peek()? {
                b'p' => self.pos += 1,
                b'B' => {
                    self.pos += 1;
                    self.backref(Self::konst)?;
                }
                _ => {
                    self.ty(&mut String::new())?;
                    self.eat(b'n');
                    while self.peek().is_some_and(|b| b.is_ascii_hexdigit()) {
                        self.pos += 1;
                    }
                    if !self.eat(b'_') {
                        return None;
                    }
                }
            }
            self.depth -= 1;
            Some(())
        }

        fn lifetime(&mut self) -> Option<()> {
            if self.eat(b'L') {
                self.base62()?;
            }
            Some(())
        }

        fn binder(&mut self) -> Option<()> {
            if self.eat(b'G') {
                self.base62()?;
            }
            Some(())
        }

        fn ty(&mut self, out: &mut String) -> Option<()> {
            self.enter()?;
            let basic = match self.peek()? {
                b'a' => "i8",
                b'b' => "bool",
                b'c' => "char",
                b'd' => "f64",
                b'e' => "str",
                b'f' => "f32",
                b'h' => "u8",
                b'i' => "isize",
                b'j' => "usize",
                b'l' => "i32",
                b'm' => "u32",
                b'n' => "i128",
                b'o' => "u128",
                b's' => "i16",
                b't' => "u16",
                b'u' => "()",
                b'v' => "...",
                b'x' => "i64",
                b'y' => "u64",
                b'z' => "!",
                b'p' => "_",
                _ => "",
            };
            if !basic.is_empty() {
                self.pos += 1;
                out.push_str(basic);
                self.depth -= 1;
                return Some(());
            }
            match self.next()? {
                b'A' => {
                    out.push('[');
                    self.ty(out)?;
                    out.push_str("; N]");
                    self.konst()?;
                }
                b'S' => {
                    out.push('[');
                    self.ty(out)?;
                    out.push(']');
                }
                b'T' => {
                    out.push('(');
                    let mut first = true;
                    while !self.eat(b'E') {
                        if !first {
                            out.push_str(", ");
                        }
                        first = false;
                        self.ty(out)?;
                    }
                    out.push(')');
                }
                b'R' | b'Q' => {
                    let mutable = self.s.get(self.pos - 1) == Some(&b'Q');
                    self.lifetime()?;
                    out.push_str(if mutable { "&mut " } else { "&" });
                    self.ty(out)?;
                }
                b'P' | b'O' => {
                    let mutable = self.s.get(self.pos - 1) == Some(&b'O');
                    out.push_str(if mutable { "*mut " } else { "*const " });
                    self.ty(out)?;
                }
                b'F' => {
                    self.binder()?;
                    self.eat(b'U');
                    if self.eat(b'K') && !self.eat(b'C') {
                        self.ident()?;
                    }
                    out.push_str("fn(..)");
                    while !self.eat(b'E') {
                        self.ty(&mut String::new())?;
                    }
                    self.ty(&mut String::new())?;
                }
                b'D' => {
                    self.binder()?;
                    out.push_str("dyn ");
                    let mut first = true;
                    while !self.eat(b'E') {
                        if !first {
                            out.push_str(" + ");
                        }
                        first = false;
                        self.path(out)?;
                        while self.eat(b'p') {
                            self.ident()?;
                            self.ty(&mut String::new())?;
                        }
                    }
                    self.lifetime()?;
                }
                b'B' => self.backref(|p| p.ty(out))?,
                _ => {
                    self.pos -= 1;
                    self.path(out)?;
                }
            }
            self.depth -= 1;
            Some(())
        }
    }
}

/// Builds `krate`'s library in release with its IR written out, and counts it. Only the
/// crate itself is rebuilt (its dependencies are those of the release build in `target`).
pub fn measure(krate: &Crate, target: &Path) -> Result<Counts, String> {
    let manifest = krate.dir.join("Cargo.toml");
    compile::clean(krate, target, Profile::Release)?;
    let deps = target.join("release").join("deps");
    let stem = format!("{}-", krate.package.replace('-', "_"));
    let ir_files = || -> Vec<std::path::PathBuf> {
        fs::read_dir(&deps)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "ll") && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&stem)))
                    .collect()
            })
            .unwrap_or_default()
    };
    for old in ir_files() {
        let _ = fs::remove_file(old);
    }
    // `-Cno-prepopulate-passes` counts what rustc hands LLVM, as `cargo llvm-lines` does (and
    // `-Cpasses=name-anon-globals` is what LLVM then asks for).
    let output = Command::new(cargo())
        .args(["rustc", "--release", "--lib", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(&manifest)
        .args(["--", "--emit=llvm-ir", "-Cno-prepopulate-passes", "-Cpasses=name-anon-globals"])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr.lines().find(|l| l.contains("error")).unwrap_or("cargo rustc failed").to_string());
    }
    let files = ir_files();
    let [file] = files.as_slice() else { return Err(format!("expected one `{stem}*.ll` in {}, found {}", deps.display(), files.len())) };
    let ir = fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    Ok(count(&String::from_utf8_lossy(&ir)))
}

/// The bench's row: our crate's IR lines against progenitor's.
pub fn row(ours: &Crate, progenitor: &Result<Crate, String>, target: &Path) -> Row {
    let figure = "LLVM IR lines (`cargo llvm-lines`' count), generated crate vs progenitor's";
    let ours = match measure(ours, target) {
        Ok(c) => c,
        Err(why) => return Row::skipped(figure, &why),
    };
    let theirs = progenitor.as_ref().map_err(Clone::clone).and_then(|p| measure(p, target));
    let show = |c: &Counts| format!("{} ({} functions)", stats::count(c.lines), stats::count(c.copies));
    Row {
        figure: figure.to_string(),
        ours: show(&ours),
        reference: theirs.as_ref().map_or_else(|_| "—".into(), show),
        ratio: theirs.and_then(|t| Ratio::exact(ours.lines as f64, t.lines as f64).ok_or_else(|| "no IR".to_string())),
        target: None,
    }
}

/// The `top` functions by lines, as `cargo llvm-lines` prints them.
pub fn table(counts: &Counts, top: usize) -> String {
    let mut out = format!("{:>8} {:>7} {:>7} {:>7}  function\n", "lines", "%", "copies", "%");
    let share = |part: usize, all: usize| if all == 0 { 0.0 } else { part as f64 * 100.0 / all as f64 };
    let _ = writeln!(out, "{:>8} {:>6.1}% {:>7} {:>6.1}%  (total)", counts.lines, 100.0, counts.copies, 100.0);
    for (name, lines, copies) in counts.functions.iter().take(top) {
        let _ = writeln!(out, "{lines:>8} {:>6.1}% {copies:>7} {:>6.1}%  {name}", share(*lines, counts.lines), share(*copies, counts.copies));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demangles_legacy_symbols_without_their_hash() {
        assert_eq!(demangle("_ZN10serde_core2de5Error14invalid_length17hef3aa0a8801bb7f8E"), "serde_core::de::Error::invalid_length");
        assert_eq!(
            demangle("\"_ZN100_$LT$hubspot_custom_channels..models..PublicDeliveryIdentifierType$u20$as$u20$core..fmt..Display$GT$3fmt17hda845422d1aba231E\""),
            "<hubspot_custom_channels::models::PublicDeliveryIdentifierType as core::fmt::Display>::fmt"
        );
        assert_eq!(demangle("_ZN4core3ptr46drop_in_place$LT$alloc..vec..Vec$LT$u8$GT$$GT$17h0123456789abcdefE"), "core::ptr::drop_in_place<alloc::vec::Vec<u8>>");
        assert_eq!(demangle("_ZN3foo28_$u7b$$u7b$closure$u7d$$u7d$17h0450686dd6ab66ebE"), "foo::{{closure}}");
        // Not a Rust symbol, or a broken one: as it is.
        assert_eq!(demangle("llvm.memcpy.p0.p0.i64"), "llvm.memcpy.p0.p0.i64");
        assert_eq!(demangle("_ZN99toolong"), "_ZN99toolong");
    }

    #[test]
    fn demangles_v0_symbols() {
        assert_eq!(demangle("_RNvMsD_NtCsgEmfK2I1SDS_4core3numy16from_ascii_radix"), "<u64>::from_ascii_radix");
        assert_eq!(
            demangle("_RNvXNvNtNtCsjrHSEGnQ3l9_3std3sys12thread_local20abort_on_dtor_unwindNtB2_15DtorUnwindGuardNtNtNtCsgEmfK2I1SDS_4core3ops4drop4Drop4drop"),
            "<std::sys::thread_local::abort_on_dtor_unwind::DtorUnwindGuard as core::ops::drop::Drop>::drop"
        );
        // Generic arguments are parsed over; a back reference forward, or none, fails.
        assert_eq!(demangle("_RINvNtC3std3mem8align_ofjEB2_"), "std::mem::align_of");
        assert_eq!(demangle("_RB0_"), "_RB0_");
    }

    #[test]
    fn groups_instantiations_and_keeps_qualified_paths() {
        assert_eq!(group("core::ptr::drop_in_place<alloc::vec::Vec<u8>>"), "core::ptr::drop_in_place");
        assert_eq!(
            group("<alloc::vec::Vec<T,A> as core::ops::drop::Drop>::drop"),
            "<alloc::vec::Vec as core::ops::drop::Drop>::drop"
        );
        assert_eq!(group("<<A as B>::C as D>::e"), "<<A as B>::C as D>::e");
        assert_eq!(group("core::ptr::drop_in_place<x::{{closure}}<T>>"), "core::ptr::drop_in_place");
        assert_eq!(group("a::b<<T as X>::Y>::c"), "a::b::c");
    }

    #[test]
    fn counts_instruction_lines_per_group() {
        let ir = "\
; ModuleID = 'x'
define internal void @_ZN4core3ptr13drop_in_place17h0000000000000001E(ptr %0) {
start:
  %1 = load ptr, ptr %0
  ret void
}

define void @\"_ZN4core3ptr42drop_in_place$LT$alloc..string..String$GT$17h0000000000000002E\"(ptr %0) {
  ret void
}

define void @_ZN1a1f17h0000000000000003E() {
bb1:
  call void @g(i32 1,
     i32 2)
  ret void
}
declare void @g(i32, i32)
";
        let counts = count(ir);
        assert_eq!(counts.lines, 5);
        assert_eq!(counts.copies, 3);
        assert_eq!(counts.functions, vec![("core::ptr::drop_in_place".to_string(), 3, 2), ("a::f".to_string(), 2, 1)]);
        let table = table(&counts, 1);
        assert!(table.contains("       5  100.0%       3  100.0%  (total)"), "{table}");
        assert!(table.contains("       3   60.0%       2   66.7%  core::ptr::drop_in_place"), "{table}");
        assert!(!table.contains("a::f"), "{table}");
    }
}
