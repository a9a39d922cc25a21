//! `cargo xtask regen [--check]` and `cargo xtask generate --spec FILE --out DIR [--crate-name NAME]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::write::Mode;
use codegen::Config;
use xtask::{regen, run, Run, TaskError};

const USAGE: &str = "\
usage:
  cargo xtask regen [--check]
      regenerate generated/ from spec/ (--check: write nothing, fail if generated/ is stale)
  cargo xtask generate --spec FILE --out DIR [--crate-name NAME]
      generate a standalone crate from any OpenAPI 3.0/3.1 file";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("regen") => cmd_regen(&args[1..]),
        Some("generate") => cmd_generate(&args[1..]),
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

fn cmd_regen(args: &[String]) -> ExitCode {
    let mode = match args {
        [] => Mode::Write,
        [flag] if flag == "--check" => Mode::Check,
        _ => return usage_error("`regen` takes only `--check`"),
    };
    report(regen(mode), mode, "cargo xtask regen")
}

fn cmd_generate(args: &[String]) -> ExitCode {
    let mut spec = None;
    let mut out = None;
    let mut crate_name = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let slot = match flag.as_str() {
            "--spec" => &mut spec,
            "--out" => &mut out,
            "--crate-name" => &mut crate_name,
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
    let crate_name = crate_name.unwrap_or_else(|| default_crate_name(&spec));
    let command = format!("cargo xtask generate --spec {} --out {}", spec.display(), out.display());
    let config = Config::new(&crate_name, &spec.display().to_string(), &command);
    report(run(&spec, &out, &config, Mode::Write), Mode::Write, &command)
}

fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}

fn report(result: Result<Run, TaskError>, mode: Mode, command: &str) -> ExitCode {
    match result {
        Ok(run) => {
            for d in run.diagnostics.iter() {
                eprintln!("{d}");
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
                    if changes.is_empty() {
                        eprintln!("generated code is up to date");
                    }
                    ExitCode::SUCCESS
                }
            }
        }
        Err(TaskError::Spec(diags)) => {
            for d in diags.iter() {
                eprintln!("{d}");
            }
            eprintln!("generation failed with {} problem(s)", diags.len());
            ExitCode::FAILURE
        }
        Err(TaskError::Io(e)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
