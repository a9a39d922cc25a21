//! `cargo xtask bench [--big]`: every figure of issues 11 and 12 as a ratio of two things
//! measured side by side in the same run (medians of interleaved repeats, with their spread),
//! printed as one Markdown table and written into `BENCHMARKS.md`. It never fails on a number:
//! figures are reported, not judged, and a figure whose tool is missing is a skip line.

mod compile;
mod external;
mod generation;
mod llvm;
mod machine;
mod micro;
mod rss;
mod stats;
mod table;

use std::path::{Path, PathBuf};

use codegen::Config;

use compile::{Crate, Profile, Timing};
use generation::Measured;
use stats::{duration, Ratio};
use table::Row;

pub struct Options {
    /// Also issue 12's figures: `cargo check` time and peak memory of the GitHub and Stripe
    /// crates (minutes and gigabytes).
    pub big: bool,
    /// Only the generation-vs-parse rows (a minute or two instead of a quarter of an hour),
    /// for measuring the generator itself.
    pub generation_only: bool,
    /// With `big`: the full crates' builds too (the one-tag ones always run first).
    pub big_full: bool,
    /// Only the big figures (skips the default ones).
    pub only_big: bool,
    /// Only the functions with the most LLVM IR lines in the crate generated from `spec/`.
    pub llvm_lines: bool,
    /// Only the compile rows (`cargo check`, `cargo build --release`, LLVM IR lines of the
    /// crate from `spec/` against progenitor's): the figures a change to the generated code's
    /// compile cost moves, without the quarter of an hour of the others.
    pub compile_only: bool,
    /// Only the serde and client rows (separate release binaries; a minute once built).
    pub micro_only: bool,
}

/// What a run printed: the default figures, and the big ones when asked for.
pub struct Report {
    pub default: String,
    pub big: Option<String>,
}

const SPEC_REPEATS: usize = 15;
const CORPUS_REPEATS: usize = 5;
const COMPILE_REPEATS: usize = 3;

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

fn note(text: &str) {
    eprintln!("bench: {text}");
}

/// The shared specs: `$BENCH_SHARED` when set (a worktree elsewhere than the repository's
/// usual place), else `../shared` next to the repository, as for the tests.
fn shared() -> Option<PathBuf> {
    let path = match std::env::var_os("BENCH_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => xtask::repo_root().parent()?.join("shared"),
    };
    path.is_dir().then_some(path)
}

/// Where the bench writes its crates: outside the repository, so that cargo does not take
/// them for members of its workspace.
fn work_dir() -> PathBuf {
    std::env::temp_dir().join("openapi-bench")
}

/// The bench's own target directory, where dependencies are built once and kept.
fn compile_target() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| xtask::repo_root().join("target"), PathBuf::from);
    base.join("bench-compile")
}

pub fn run(options: &Options) -> Report {
    let mut rows = Vec::new();
    let root = xtask::repo_root();
    let spec_repeats = if options.only_big { 1 } else { SPEC_REPEATS };
    let corpus_repeats = if options.only_big { 1 } else { CORPUS_REPEATS };
    if options.llvm_lines {
        return Report { default: llvm_top(&root), big: None };
    }
    if options.micro_only {
        return Report { default: section(&micro_rows()), big: None };
    }
    if options.compile_only {
        // Generated once: only its files are used, its time is not a figure here.
        let ours = generation::measure(&root.join(xtask::SPEC), &xtask::regen_config(), 1);
        return Report { default: section(&compile_rows(&ours)), big: None };
    }

    note(&format!("generation of {} ({spec_repeats} repeats)", xtask::SPEC));
    let ours = generation::measure(&root.join(xtask::SPEC), &xtask::regen_config(), spec_repeats);
    let mut corpus = Vec::new();
    for (label, file) in [("GitHub", "github.json"), ("Stripe", "stripe.yaml")] {
        match shared().map(|s| s.join("corpus").join(file)).filter(|p| p.exists()) {
            Some(spec) => {
                note(&format!("generation of {file} ({corpus_repeats} repeats)"));
                let name = format!("corpus-{}", file.split('.').next().unwrap_or(file));
                let config = Config::new(&name, file, "cargo xtask bench");
                corpus.push((label, generation::measure(&spec, &config, corpus_repeats)));
            }
            None => corpus.push((label, Err(format!("../shared/corpus/{file} is absent")))),
        }
    }
    rows.push(generation_row(&format!("generation vs bare parse, `{}`", xtask::SPEC), &ours, None));
    for (label, measured) in &corpus {
        rows.push(generation_row(&format!("generation vs bare parse, {label}"), measured, Some(4.0)));
    }
    if options.generation_only {
        return Report { default: section(&rows), big: None };
    }
    rows.push(match &ours {
        Ok(m) => Row {
            figure: "lines of generated `src/*.rs`, vs a target of 3,000".into(),
            ours: stats::count(m.source_lines()),
            reference: "3,000".into(),
            ratio: Ratio::exact(m.source_lines() as f64, 3000.0).ok_or_else(|| "no lines".to_string()),
            target: Some(1.0),
        },
        Err(why) => Row::skipped("lines of generated `src/*.rs`", why),
    });
    if let Ok(m) = &ours {
        let all = m.source_lines() + generation::support_lines(&m.files);
        rows.push(Row {
            figure: "lines of generated `src/*.rs` and of its support crate's `support/src/*.rs`, vs 3,000".into(),
            ours: stats::count(all),
            reference: "3,000".into(),
            ratio: Ratio::exact(all as f64, 3000.0).ok_or_else(|| "no lines".to_string()),
            target: None,
        });
    }
    if !options.only_big {
        rows.extend(openapi_generator_rows(&corpus));
        rows.extend(micro_rows());
        rows.extend(compile_rows(&ours));
    }

    let mut big = None;
    if options.big {
        let mut big_rows = Vec::new();
        for (label, measured) in &corpus {
            let tag = if *label == "GitHub" { "repos" } else { "customers" };
            big_rows.extend(big_rows_for(label, measured, tag, options.big_full));
        }
        big = Some(section(&big_rows));
    } else {
        rows.push(Row::skipped("GitHub and Stripe crates: `cargo check` time and peak memory (issue 12)", "slow; run `cargo xtask bench --big`"));
    }
    let default = if options.only_big { String::new() } else { section(&rows) };
    Report { default, big }
}

fn section(rows: &[Row]) -> String {
    format!("{}\n{}", machine::describe(), table::markdown(rows))
}

fn generation_row(figure: &str, measured: &Result<Measured, String>, target: Option<f64>) -> Row {
    let m = match measured {
        Ok(m) => m,
        Err(why) => return Row::skipped(figure, why),
    };
    let (g, p) = stats::medians(&m.pairs);
    let parser = if m.spec.extension().is_some_and(|e| e == "json") { "serde_json" } else { "serde_yaml" };
    Row {
        figure: figure.to_string(),
        ours: g.map_or_else(|| "—".into(), duration),
        reference: p.map_or_else(|| "—".into(), |p| format!("{} ({parser})", duration(p))),
        ratio: Ratio::of_pairs(&m.pairs).ok_or_else(|| "no samples".to_string()),
        target,
    }
}

/// Our generated lines against openapi-generator's, for every corpus spec both generate.
fn openapi_generator_rows(corpus: &[(&str, Result<Measured, String>)]) -> Vec<Row> {
    let figure = "corpus: generated lines vs openapi-generator's (median over the specs both generate)";
    let cli = match external::openapi_generator() {
        Ok(cli) => cli,
        Err(why) => return vec![Row::skipped(figure, &why)],
    };
    let Some(dir) = shared().map(|s| s.join("corpus")) else { return vec![Row::skipped(figure, "../shared/corpus is absent")] };
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml")).collect())
        .unwrap_or_default();
    specs.sort();
    let mut pairs = Vec::new();
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    for spec in &specs {
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        note(&format!("openapi-generator and ours on {name}"));
        let known = corpus.iter().find_map(|(label, m)| m.as_ref().ok().filter(|m| &m.spec == spec).map(|m| (*label, m.source_lines())));
        let ours = match known {
            Some((_, lines)) => Ok(lines),
            None => {
                let config = Config::new(&xtask::corpus::crate_name(spec), &name, "cargo xtask bench");
                codegen::generate(spec, &config).map(|g| generation::source_lines(&g.files)).map_err(|_| "ours fails".to_string())
            }
        };
        let theirs = external::openapi_generator_lines(&cli, spec, &work_dir().join("openapi-generator").join(&name));
        match (ours, theirs) {
            (Ok(o), Ok(t)) if t > 0 => {
                pairs.push((o as f64, t as f64));
                if let Some((label, _)) = known {
                    rows.push(Row {
                        figure: format!("{label}: generated lines vs openapi-generator's"),
                        ours: stats::count(o),
                        reference: stats::count(t),
                        ratio: Ratio::exact(o as f64, t as f64).ok_or_else(|| "no lines".to_string()),
                        target: None,
                    });
                }
            }
            (o, t) => {
                let why = [o.err(), t.err()].into_iter().flatten().collect::<Vec<_>>().join(", ");
                if let Some((label, _)) = known {
                    rows.push(Row::skipped(&format!("{label}: generated lines vs openapi-generator's"), &why));
                }
                failed.push(format!("{name} ({why})"));
            }
        }
    }
    if !failed.is_empty() {
        note(&format!("left out of the line comparison: {}", failed.join("; ")));
    }
    let (o, t) = (pairs.iter().map(|p| p.0 as usize).sum::<usize>(), pairs.iter().map(|p| p.1 as usize).sum::<usize>());
    let mut all = vec![Row {
        figure: figure.to_string(),
        ours: format!("{} lines in all", stats::count(o)),
        reference: format!("{} lines in all", stats::count(t)),
        ratio: Ratio::of_pairs(&pairs).ok_or_else(|| "no spec generated by both".to_string()),
        target: Some(1.0),
    }];
    all.extend(rows);
    all
}

fn micro_rows() -> Vec<Row> {
    let mut rows = Vec::new();
    note("serde micro-benchmark (release build of bench-harness)");
    let serde_figures = [
        ("decode", "serde decode of a 2.3 KB `PublicConversationsMessage`, generated vs hand-written"),
        ("encode", "serde encode of a 2.3 KB `PublicConversationsMessage`, generated vs hand-written"),
    ];
    match micro::run("serde_bench") {
        Ok(printed) => {
            for (name, figure) in serde_figures {
                rows.push(ns_row(figure, printed.pairs.get(name).map(Vec::as_slice).unwrap_or_default(), 1.05));
            }
        }
        Err(why) => rows.extend(serde_figures.iter().map(|(_, f)| Row::skipped(f, &why))),
    }
    note("client overhead against a server on 127.0.0.1");
    let figure = "client per-request time vs bare reqwest + serde_json, loopback (2,000 requests each)";
    let cpu_figure = "client thread CPU time per request vs bare reqwest + serde_json (same blocks)";
    let counted = "client instructions per request vs bare reqwest + serde_json (callgrind, client thread)";
    match micro::run("client_bench") {
        Ok(printed) => {
            rows.push(ns_row(figure, printed.pairs.get("request").map(Vec::as_slice).unwrap_or_default(), 1.05));
            rows.push(match printed.figure("cpu") {
                Ok(pairs) => Row { target: None, ..ns_row(cpu_figure, pairs, 1.05) },
                Err(why) => Row::skipped(cpu_figure, &why),
            });
            rows.push(match printed.figure("instructions") {
                Ok(pairs) => instructions_row(counted, pairs),
                Err(why) => Row::skipped(counted, &why),
            });
        }
        Err(why) => {
            rows.push(Row::skipped(figure, &why));
            rows.push(Row::skipped(cpu_figure, &why));
            rows.push(Row::skipped(counted, &why));
        }
    }
    rows
}

/// A count that does not depend on the load (one pair): no target of its own, it backs the
/// timed row above it.
fn instructions_row(figure: &str, pairs: &[(f64, f64)]) -> Row {
    let (o, r) = stats::medians(pairs);
    let show = |n: Option<f64>| n.map_or_else(|| "—".into(), |n| stats::count(n.round() as usize));
    Row {
        figure: figure.to_string(),
        ours: show(o),
        reference: show(r),
        ratio: Ratio::of_pairs(pairs).ok_or_else(|| "no samples".to_string()),
        target: None,
    }
}

fn ns_row(figure: &str, pairs: &[(f64, f64)], target: f64) -> Row {
    let (o, r) = stats::medians(pairs);
    let show = |ns: Option<f64>| ns.map_or_else(|| "—".into(), |ns| duration(ns / 1e9));
    Row {
        figure: figure.to_string(),
        ours: show(o),
        reference: show(r),
        ratio: Ratio::of_pairs(pairs).ok_or_else(|| "no samples".to_string()),
        target: Some(target),
    }
}

/// `cargo check` and `cargo build --release` of our crate for `spec/`, and of progenitor's
/// when it is installed, interleaved.
fn compile_rows(ours: &Result<Measured, String>) -> Vec<Row> {
    // The support crate is a pre-built dependency, as progenitor-client is for progenitor's
    // crate; the rows without a target build it from scratch too.
    let figures = [
        (Profile::Check, "`cargo check` from scratch, generated crate vs progenitor's", Some(0.7), false),
        (Profile::Release, "`cargo build --release` from scratch, generated crate vs progenitor's", Some(1.2), false),
        (Profile::Check, "`cargo check` from scratch, generated crate and its support crate vs progenitor's", None, true),
        (Profile::Release, "`cargo build --release` from scratch, generated crate and its support crate vs progenitor's", None, true),
    ];
    let ours = match ours {
        Ok(m) => compile::write_crate(&work_dir().join("ours"), &m.files, &m.crate_name),
        Err(why) => Err(why.clone()),
    };
    let ours = match ours {
        Ok(c) => c,
        Err(why) => return figures.iter().map(|(_, f, ..)| Row::skipped(f, &why)).collect(),
    };
    let progenitor = external::progenitor().and_then(|()| {
        let dir = work_dir().join("progenitor");
        let name = "progenitor-custom-channels";
        external::progenitor_crate(&xtask::repo_root().join(xtask::SPEC), &dir, name)?;
        compile::copy_lock(&dir);
        Ok(Crate { dir, package: name.to_string(), only_feature: None, with: Vec::new() })
    });
    let target = compile_target();
    let mut rows = Vec::new();
    let support = Crate { with: vec![format!("{}-support", ours.package)], ..ours.clone() };
    for (profile, figure, goal, with_support) in figures {
        let ours = if with_support { &support } else { &ours };
        note(&format!("{figure}: dependencies first (built once in {})", target.display()));
        if let Err(why) = compile::prebuild(ours, &target, profile) {
            rows.push(Row::skipped(figure, &format!("dependencies do not build: {why}")));
            continue;
        }
        let theirs = progenitor.as_ref().map_err(Clone::clone).and_then(|p| compile::prebuild(p, &target, profile).map(|()| p));
        let mut ours_s = Vec::new();
        let mut pairs = Vec::new();
        let mut failure = None;
        for i in 0..COMPILE_REPEATS {
            note(&format!("{figure}: repeat {}", i + 1));
            let time_theirs = || theirs.as_ref().map_err(Clone::clone).and_then(|p| compile::time(p, &target, profile));
            let (o, t) = if i % 2 == 0 {
                let o = compile::time(ours, &target, profile);
                (o, time_theirs())
            } else {
                let t = time_theirs();
                (compile::time(ours, &target, profile), t)
            };
            match o {
                Ok(o) => {
                    ours_s.push(o.seconds);
                    match t {
                        Ok(t) => pairs.push((o.seconds, t.seconds)),
                        Err(why) => failure = Some(why),
                    }
                }
                Err(why) => {
                    failure = Some(format!("ours does not build: {why}"));
                    break;
                }
            }
        }
        let (_, t) = stats::medians(&pairs);
        rows.push(Row {
            figure: figure.to_string(),
            ours: stats::median(&ours_s).map_or_else(|| "—".into(), duration),
            reference: t.map_or_else(|| "—".into(), duration),
            ratio: Ratio::of_pairs(&pairs).ok_or_else(|| failure.unwrap_or_else(|| "no samples".into())),
            target: goal,
        });
    }
    note("LLVM IR of the crates (release dependencies as above)");
    rows.push(llvm::row(&ours, &progenitor, &target));
    rows
}

/// `--llvm-lines`: the top functions of the crate generated from `spec/`, by IR lines.
fn llvm_top(root: &Path) -> String {
    const TOP: usize = 20;
    let generated = codegen::generate(&root.join(xtask::SPEC), &xtask::regen_config()).map_err(|d| format!("{} problem(s)", d.len()));
    let krate = generated.and_then(|g| compile::write_crate(&work_dir().join("ours"), &g.files, &xtask::regen_config().crate_name));
    let target = compile_target();
    let counts = krate.and_then(|k| {
        note(&format!("release dependencies first (built once in {})", target.display()));
        compile::prebuild(&k, &target, Profile::Release)?;
        llvm::measure(&k, &target)
    });
    match counts {
        Ok(c) => format!("LLVM IR of the crate generated from `{}`, top {TOP} functions:\n\n```\n{}```\n", xtask::SPEC, llvm::table(&c, TOP)),
        Err(why) => format!("LLVM IR not measured: {why}\n"),
    }
}

/// Issue 12: lines, `cargo check` time and peak memory of a big crate with only one tag's
/// feature, of the crate generated with `--include tag:X` only, and (when `full`) of the
/// full crate, each against the issue's target. The small builds go first: the full ones
/// take minutes and gigabytes.
fn big_rows_for(label: &str, measured: &Result<Measured, String>, tag: &str, full: bool) -> Vec<Row> {
    let m = match measured {
        Ok(m) => m,
        Err(why) => return vec![Row::skipped(&format!("{label} crate: `cargo check` and peak memory"), why)],
    };
    let (full_s, full_mb, tag_s, tag_mb) = if label == "GitHub" { (64.0, 1600.0, 10.0, 600.0) } else { (45.0, 1400.0, 10.0, 600.0) };
    let lines_row = |figure: String, lines: usize| Row { figure, ours: stats::count(lines), reference: "—".into(), ratio: Err("a count, no target".into()), target: None };
    let mut rows = vec![lines_row(format!("{label}: lines of the generated crate (`src/**.rs`)"), m.source_lines())];
    let krate = match compile::write_crate(&work_dir().join(&m.crate_name), &m.files, &m.crate_name) {
        Ok(c) => c,
        Err(why) => {
            rows.push(Row::skipped(&format!("{label} crate: `cargo check`"), &why));
            return rows;
        }
    };
    let manifest = std::fs::read_to_string(krate.dir.join("Cargo.toml")).unwrap_or_default();
    let has_tag = compile::features(&manifest).iter().any(|f| f == tag);
    let one_tag = Crate { dir: krate.dir.clone(), package: krate.package.clone(), only_feature: Some(tag.to_string()), with: Vec::new() };
    // The same spec generated with `--include tag:X`: what selection saves over a feature.
    let mut config = Config::new(&format!("{}-{tag}", m.crate_name), "bench", "cargo xtask bench");
    config.selection.include.push(format!("tag:{tag}"));
    let selected = match codegen::generate(&m.spec, &config) {
        Ok(g) => {
            rows.push(lines_row(format!("{label}: lines generated with `--include tag:{tag}`"), generation::source_lines(&g.files)));
            compile::write_crate(&work_dir().join(&config.crate_name), &g.files, &config.crate_name).ok()
        }
        Err(_) => None,
    };
    let builds = [
        (format!("{label} with only `{tag}`"), has_tag.then_some(&one_tag), tag_s, tag_mb),
        (format!("{label} generated with `--include tag:{tag}`"), selected.as_ref(), tag_s, tag_mb),
        (format!("{label} full crate"), full.then_some(&krate), full_s, full_mb),
    ];
    for (what, krate, goal_s, goal_mb) in builds {
        let Some(krate) = krate else {
            rows.push(Row::skipped(&format!("{what}: `cargo check`"), "not built (no such feature or selection, or `--big-tags`)"));
            continue;
        };
        note(&format!("{what}: `cargo check` (dependencies first)"));
        let timing = compile::prebuild(krate, &compile_target(), Profile::Check).and_then(|()| compile::time(krate, &compile_target(), Profile::Check));
        rows.extend(big_timing_rows(&what, timing, goal_s, goal_mb));
    }
    rows
}

fn big_timing_rows(what: &str, timing: Result<Timing, String>, goal_s: f64, goal_mb: f64) -> Vec<Row> {
    let check = format!("{what}: `cargo check` from scratch vs the target");
    let memory = format!("{what}: peak memory of `cargo check` vs the target");
    let summed = format!("{what}: peak of all its rustc processes at once (sampled every 100 ms)");
    match timing {
        Ok(t) => {
            let mb = t.rss_kib.map(|kib| kib as f64 / 1024.0);
            let sum_mb = t.sum_rss_kib.map(|kib| kib as f64 / 1024.0);
            vec![
                Row { figure: check, ours: duration(t.seconds), reference: duration(goal_s), ratio: Ratio::exact(t.seconds, goal_s).ok_or_else(|| "no time".into()), target: Some(1.0) },
                Row {
                    figure: memory,
                    ours: mb.map_or_else(|| "—".into(), |mb| format!("{mb:.0} MB")),
                    reference: format!("{goal_mb:.0} MB"),
                    ratio: mb.and_then(|mb| Ratio::exact(mb, goal_mb)).ok_or_else(|| "/usr/bin/time is not installed (`apt-get install time`)".into()),
                    target: Some(1.0),
                },
                // The issue's targets are of the largest process; this one says what the machine holds.
                Row {
                    figure: summed,
                    ours: sum_mb.map_or_else(|| "—".into(), |mb| format!("{mb:.0} MB")),
                    reference: format!("{goal_mb:.0} MB"),
                    ratio: sum_mb.and_then(|mb| Ratio::exact(mb, goal_mb)).ok_or_else(|| "no /proc to sample".into()),
                    target: None,
                },
            ]
        }
        Err(why) => vec![Row::skipped(&check, &why), Row::skipped(&memory, &why), Row::skipped(&summed, &why)],
    }
}

/// Replaces the text between `marker` pairs in `path` (appending a marked block when there
/// is none), keeping everything else of the file.
pub fn write_section(path: &Path, marker: &str, body: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let new = match text.split_once(marker).and_then(|(head, rest)| rest.split_once(marker).map(|(_, tail)| (head, tail))) {
        Some((head, tail)) => format!("{head}{marker}\n{body}{marker}{tail}"),
        None => format!("{text}{marker}\n{body}{marker}\n"),
    };
    std::fs::write(path, new)
}
