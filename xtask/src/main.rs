//! `cargo xtask regen [--check]`, `cargo xtask generate --spec FILE --out DIR [--crate-name NAME]`,
//! `cargo xtask diff OLD NEW [--json] [--crate-version X.Y.Z]`, each taking
//! `--message-format human|json`, and `cargo xtask bench [--big] [--generation]`.

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diff::report;
use codegen::write::Mode;
use codegen::Diagnostics;
use xtask::{regen, run, ApiChanges, Run, TaskError};

/// See xtask/Cargo.toml: `cargo xtask bench` times the bare parse in this same process, so
/// the parse floor it compares generation with gets this allocator too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  cargo xtask regen [--check]
      regenerate generated/ from spec/ (--check: write nothing, fail if generated/ is stale);
      reports the API changes since the spec recorded in generated/ and suggests a version
  cargo xtask generate --spec FILE --out DIR [--crate-name NAME] [--crate-version X.Y.Z] [--ref-root DIR]
                       [--include SELECTOR...] [--exclude SELECTOR...] [--timings]
      generate a standalone crate from any OpenAPI 3.0/3.1 file; a `$ref` may name files in
      FILE's folder only, and in the --ref-root folder too when given; a selector is an
      operationId, `METHOD /path`, `tag:NAME` or `webhook:NAME`, with `*` and `?` globs: only
      the operations selected (all, without --include), less the excluded ones, the webhooks
      (all, unless some are named) and the models they reach are generated; FILE's options file `<stem>.codegen.json` ({\"include\": [...],
      \"exclude\": [...], \"groups\": {SELECTOR: FEATURE}, \"crates\": true|false}) is read by generate and regen;
      --timings prints the wall time of each stage on stderr
  cargo xtask diff OLD NEW [--json] [--crate-version X.Y.Z]
      what changed between two OpenAPI files, and what breaks (on the wire, for Rust callers)
  cargo xtask corpus [--no-compile] [--features-check] [--only TEXT] [--write docs/corpus.md] [SPEC...]
      generate (and lint with clippy) every spec under ../shared, or the SPECs given
      (--features-check: each Cargo feature alone too, and none);
      prints a Markdown table, and writes it into the file given with --write
  --message-format human|json (regen, generate, diff)
      human (default): diagnostics as rustc shows them, on stderr; json: one JSON object per
      diagnostic and line on stdout (severity, message, file, line, column, pointer,
      fallback, rendered), every other output on stderr (diff's report: one line on stdout)
  cargo xtask bench [--big | --big-tags] [--only-big] [--no-write] [--generation | --llvm-lines | --compile | --micro]
      the figures of BENCHMARKS.md, as ratios measured side by side (release build; minutes);
      --big adds the GitHub and Stripe crates' `cargo check` time and peak memory with one tag,
      with `--include tag:X` and in full (much longer); --big-tags leaves the full builds out;
      --only-big skips the default figures; --generation prints the generation rows only
      (writes nothing); --llvm-lines prints the 20 functions with the most LLVM IR lines in
      the crate generated from spec/ (writes nothing); --compile runs the compile rows only
      (`cargo check`, `cargo build --release` and LLVM IR lines, against progenitor's crate
      when cargo-progenitor is installed), written to a table of their own; --micro prints
      the serde and client rows only (their binaries are release builds; writes nothing)";

/// How diagnostics are printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

/// Takes `--message-format VALUE` out of the arguments.
fn message_format(args: &[String]) -> Result<(Format, Vec<String>), String> {
    let mut format = Format::Human;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = match arg.strip_prefix("--message-format") {
            Some("") => it.next().map(String::as_str),
            Some(v) if v.starts_with('=') => Some(&v[1..]),
            _ => {
                rest.push(arg.clone());
                continue;
            }
        };
        format = match value {
            Some("human") => Format::Human,
            Some("json") => Format::Json,
            Some(other) => return Err(format!("`--message-format` is `human` or `json`, not `{other}`")),
            None => return Err("`--message-format` needs a value".to_string()),
        };
    }
    Ok((format, rest))
}

fn print_diagnostics(diags: &Diagnostics, format: Format) {
    for d in diags.iter() {
        match format {
            Format::Human => eprintln!("{}\n", d.render()),
            Format::Json => println!("{}", d.to_json()),
        }
    }
}

/// A line of the human report: stdout, unless stdout carries JSON diagnostics.
macro_rules! say {
    ($format:expr, $($arg:tt)*) => {
        if $format == Format::Json { eprintln!($($arg)*) } else { println!($($arg)*) }
    };
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let with_format = |cmd: fn(&[String], Format) -> ExitCode| match message_format(&args[1..]) {
        Ok((format, rest)) => cmd(&rest, format),
        Err(why) => usage_error(&why),
    };
    match args.first().map(String::as_str) {
        Some("regen") => with_format(cmd_regen),
        Some("generate") => with_format(cmd_generate),
        Some("corpus") => cmd_corpus(&args[1..]),
        Some("diff") => with_format(cmd_diff),
        Some("bench") => cmd_bench(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error("expected a command"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn cmd_regen(args: &[String], format: Format) -> ExitCode {
    let mode = match args {
        [] => Mode::Write,
        [flag] if flag == "--check" => Mode::Check,
        _ => return usage_error("`regen` takes only `--check`"),
    };
    let release = |next: &str| format!("set `CRATE_VERSION` in xtask/src/lib.rs to {next} and run `cargo xtask regen` again");
    report(regen(mode), mode, "cargo xtask regen", &release, format)
}

fn cmd_corpus(args: &[String]) -> ExitCode {
    let mut compile = true;
    let mut features_check = false;
    let mut only = None;
    let mut write_to = None;
    let mut specs = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--no-compile" => compile = false,
            "--features-check" => features_check = true,
            "--only" | "--write" => match it.next() {
                Some(v) if arg == "--only" => only = Some(v.clone()),
                Some(v) => write_to = Some(PathBuf::from(v)),
                None => return usage_error(&format!("`{arg}` needs a value")),
            },
            other if other.starts_with("--") => return usage_error(&format!("unknown argument `{other}`")),
            spec => specs.push(PathBuf::from(spec)),
        }
    }
    if specs.is_empty() {
        specs = xtask::corpus::shared_specs();
    }
    if let Some(only) = &only {
        specs.retain(|s| s.to_string_lossy().contains(only.as_str()));
    }
    if specs.is_empty() {
        eprintln!("no specs: ../shared is not next to the repository and none were given");
        return ExitCode::FAILURE;
    }
    let work = std::env::temp_dir().join("openapi-corpus");
    let target = xtask::repo_root().join("target");
    let mut entries = Vec::new();
    let mut features_failed = 0;
    for spec in &specs {
        eprintln!("corpus: {}", spec.display());
        let entry = xtask::corpus::check(spec, &work, compile, &target);
        eprintln!("  generated: {:?}, compiled: {:?}, {:.2}s", entry.generated, entry.compiled, entry.seconds);
        if features_check && entry.generated.is_ok() {
            for (feature, result) in xtask::corpus::check_features(&work.join(&entry.name), &target) {
                let feature = if feature.is_empty() { "(none)".to_string() } else { feature };
                eprintln!("  --no-default-features --features {feature}: {result:?}");
                if result.is_err() {
                    features_failed += 1;
                }
            }
        }
        entries.push(entry);
    }
    let table = xtask::corpus::table(&entries);
    println!("{table}");
    if let Some(path) = write_to {
        let marker = "<!-- corpus table -->";
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let new = match text.split_once(marker).and_then(|(head, rest)| rest.split_once(marker).map(|(_, tail)| (head, tail))) {
            Some((head, tail)) => format!("{head}{marker}\n{table}{marker}{tail}"),
            None => format!("{text}{marker}\n{table}{marker}\n"),
        };
        if let Err(e) = std::fs::write(&path, new) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    let failed = entries.iter().filter(|e| e.generated.is_err() || matches!(e.compiled, Some(Err(_)))).count();
    eprintln!("{} specs, {failed} failed", entries.len());
    if features_check {
        eprintln!("{features_failed} single-feature builds failed");
        // Features must never need each other: CI runs this, so a broken one fails it.
        if features_failed > 0 {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn cmd_bench(args: &[String]) -> ExitCode {
    let mut options = bench::Options { big: false, big_full: true, only_big: false, generation_only: false, llvm_lines: false, compile_only: false, micro_only: false };
    let mut write = true;
    for arg in args {
        match arg.as_str() {
            "--big" => options.big = true,
            // The one-tag and selected builds only (the full ones take minutes and gigabytes).
            "--big-tags" => {
                options.big = true;
                options.big_full = false;
            }
            "--only-big" => {
                options.big = true;
                options.only_big = true;
            }
            "--no-write" => write = false,
            // A partial table must not replace the full one in BENCHMARKS.md.
            "--generation" => {
                options.generation_only = true;
                write = false;
            }
            "--llvm-lines" => {
                options.llvm_lines = true;
                write = false;
            }
            "--micro" => {
                options.micro_only = true;
                write = false;
            }
            // Its rows go to a table of their own (the full run's has them too).
            "--compile" => options.compile_only = true,
            other => return usage_error(&format!("unknown argument `{other}`")),
        }
    }
    // Generation is timed in-process, so it has to be the optimised build that users run
    // (counting IR and timing cargo builds, which run in processes of their own, do not).
    if cfg!(debug_assertions) && !options.llvm_lines && !options.compile_only && !options.micro_only && std::env::var_os("XTASK_BENCH_RELEASE").is_none() {
        eprintln!("bench: running the release build of xtask");
        let cargo = bench::cargo();
        let status = std::process::Command::new(cargo)
            .args(["run", "--release", "--quiet", "--package", "xtask", "--bin", "xtask", "--manifest-path"])
            .arg(xtask::repo_root().join("Cargo.toml"))
            .arg("--")
            .arg("bench")
            .args(args)
            .env("XTASK_BENCH_RELEASE", "1")
            .status();
        return match status {
            Ok(s) if s.success() => ExitCode::SUCCESS,
            Ok(_) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("error: cannot run cargo: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let report = bench::run(&options);
    if !report.default.is_empty() {
        println!("{}", report.default);
    }
    if let Some(big) = &report.big {
        println!("{big}");
    }
    if write {
        let path = xtask::repo_root().join("BENCHMARKS.md");
        let marker = if options.compile_only { "<!-- bench compile table -->" } else { "<!-- bench table -->" };
        let mut result = if report.default.is_empty() { Ok(()) } else { bench::write_section(&path, marker, &report.default) };
        if let Some(big) = &report.big {
            result = result.and_then(|()| bench::write_section(&path, "<!-- bench big table -->", big));
        }
        match result {
            Ok(()) => eprintln!("bench: wrote {}", path.display()),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn cmd_generate(args: &[String], format: Format) -> ExitCode {
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut crate_version = None;
    let mut ref_root = None;
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    let mut timings = false;
    let mut it = args.iter().peekable();
    while let Some(flag) = it.next() {
        if flag == "--timings" {
            timings = true;
            continue;
        }
        if flag == "--include" || flag == "--exclude" {
            let list = if flag == "--include" { &mut include } else { &mut exclude };
            let before = list.len();
            while let Some(value) = it.next_if(|v| !v.starts_with("--")) {
                list.push(value.clone());
            }
            if list.len() == before {
                return usage_error(&format!("`{flag}` needs at least one selector"));
            }
            continue;
        }
        let slot = match flag.as_str() {
            "--spec" => &mut spec,
            "--out" => &mut out,
            "--crate-name" => &mut crate_name,
            "--crate-version" => &mut crate_version,
            "--ref-root" => &mut ref_root,
            other => return usage_error(&format!("unknown argument `{other}`")),
        };
        match it.next() {
            Some(value) => *slot = Some(value.clone()),
            None => return usage_error(&format!("`{flag}` needs a value")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return usage_error("`generate` needs --spec and --out");
    };
    let spec = PathBuf::from(spec);
    let out = PathBuf::from(out);
    let mut config = xtask::generate_config(&spec, crate_name.as_deref(), crate_version.as_deref(), ref_root.map(PathBuf::from));
    // The header's command regenerates the same selection.
    for (flag, list) in [("--include", &include), ("--exclude", &exclude)] {
        if !list.is_empty() {
            let quoted: Vec<String> = list.iter().map(|s| format!("'{}'", s.replace('\'', "'\\''"))).collect();
            config.regenerate_command.push_str(&format!(" {flag} {}", quoted.join(" ")));
        }
    }
    config.selection.include.extend(include);
    config.selection.exclude.extend(exclude);
    let command = config.regenerate_command.clone();
    let release = |next: &str| format!("generate again with `--crate-version {next}`");
    let result = run(&spec, &out, &config, Mode::Write);
    if let (true, Ok(run)) = (timings, &result) {
        eprintln!("timings (wall clock, per stage):\n{}", run.timings);
    }
    report(result, Mode::Write, &command, &release, format)
}

fn cmd_diff(args: &[String], format: Format) -> ExitCode {
    let mut files = Vec::new();
    let mut as_json = false;
    let mut version = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => as_json = true,
            "--crate-version" => match it.next() {
                Some(v) => version = Some(v.clone()),
                None => return usage_error("`--crate-version` needs a value"),
            },
            flag if flag.starts_with("--") => return usage_error(&format!("unknown argument `{flag}`")),
            file => files.push(PathBuf::from(file)),
        }
    }
    let [old, new] = files.as_slice() else {
        return usage_error("`diff` takes two spec files: OLD NEW");
    };
    match xtask::diff(old, new) {
        Ok((report, warnings)) => {
            if format == Format::Json {
                print_diagnostics(&warnings, format);
            } else if !warnings.is_empty() {
                eprintln!("({} warning(s) while reading the specs; `cargo xtask generate` shows them)", warnings.len());
            }
            match (as_json, format) {
                (true, Format::Json) => println!("{}", report::json(&report, version.as_deref())),
                (true, Format::Human) => println!("{}", report::json_text(&report, version.as_deref())),
                (false, Format::Json) => eprint!("{}", report::text(&report, version.as_deref())),
                (false, Format::Human) => print!("{}", report::text(&report, version.as_deref())),
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags, format);
            eprintln!("cannot compare: {} problem(s) loading the specs", diags.len());
            ExitCode::FAILURE
        }
    }
}

/// Prints what changed in the API since the crate's recorded spec, with the suggested version.
fn report_api(api: &ApiChanges, changelog: Option<&Path>, mode: Mode, release: &dyn Fn(&str) -> String, format: Format) {
    match &api.report {
        Ok(report) => {
            if mode == Mode::Check {
                say!(format, "The spec changed since the crate was generated from {}:\n", api.previous.display());
            }
            say!(format, "{}", report::text(report, Some(&api.version)).trim_end());
            if let Some(path) = changelog {
                say!(format, "\nRecorded in {}.", path.display());
            }
            match codegen::diff::semver::suggest(report.level(), &api.version) {
                Some(s) if s.next != s.current && mode == Mode::Write => {
                    say!(format, "The crate's version stays {} until you change it: {}.", s.current, release(&s.next));
                }
                _ => {}
            }
        }
        Err(diags) => {
            eprintln!("warning: the recorded spec {} does not load, so the API changes are unknown:", api.previous.display());
            print_diagnostics(diags, format);
        }
    }
}

fn report(result: Result<Run, TaskError>, mode: Mode, command: &str, release: &dyn Fn(&str) -> String, format: Format) -> ExitCode {
    match result {
        Ok(run) => {
            print_diagnostics(&run.diagnostics, format);
            if let Some(api) = &run.api {
                report_api(api, run.changelog.as_deref(), mode, release, format);
            }
            let changes = run.changes;
            match mode {
                Mode::Check if !changes.is_empty() => {
                    for p in &changes.changed {
                        eprintln!("stale: {}", p.display());
                    }
                    for p in &changes.removed {
                        eprintln!("stale (no longer generated): {}", p.display());
                    }
                    eprintln!("generated code is out of date: run `{command}`");
                    ExitCode::FAILURE
                }
                Mode::Check => {
                    eprintln!("generated code is up to date");
                    ExitCode::SUCCESS
                }
                Mode::Write => {
                    for p in &changes.changed {
                        eprintln!("wrote {}", p.display());
                    }
                    for p in &changes.removed {
                        eprintln!("removed {}", p.display());
                    }
                    if let (Some(p), None) = (&run.changelog, &run.api) {
                        eprintln!("wrote {} (first entry)", p.display());
                    }
                    if changes.is_empty() {
                        eprintln!("generated code is up to date");
                    }
                    ExitCode::SUCCESS
                }
            }
        }
        Err(TaskError::Spec(diags)) => {
            print_diagnostics(&diags, format);
            eprintln!("generation failed with {} problem(s)", diags.len());
            ExitCode::FAILURE
        }
        Err(TaskError::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
