//! Generation time of the biggest specs, the whole pipeline in process (`cargo bench -p codegen`).
//!
//! Not a timed test: it prints numbers and never fails on them. Each spec is read once, then
//! generated from the text in memory `BENCH_RUNS` times (default 5) after one warm-up run:
//! min and median of the whole pipeline, then the median of each stage (through the same
//! public functions `codegen::generate` calls). Specs under `../shared/corpus` are skipped,
//! with a line saying so, where that folder is absent. Arguments that do not start with `-`
//! keep only the specs whose name contains one of them (`cargo bench -p codegen -- stripe`).
//! See docs/benchmarks.md for the figures on the project's machine.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::{diagnostics::Diagnostics, emit, format, ir, load, names, resolve, Config};

const STAGES: [&str; 6] = ["parse", "version+resolve", "ir::lower", "names", "plan+emit", "format"];

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ has a parent").to_path_buf();
    let shared = repo.join("../shared/corpus");
    let specs: [(&str, PathBuf); 3] = [
        ("github.json", shared.join("github.json")),
        ("stripe.yaml", shared.join("stripe.yaml")),
        ("custom-channels.yaml", repo.join("spec/custom-channels.yaml")),
    ];
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let runs = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0).unwrap_or(5);

    println!("codegen pipeline in process, {runs} runs per spec after a warm-up (BENCH_RUNS to change)");
    for (name, path) in &specs {
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                println!("\n{name}: skipped: cannot read {} ({e})", path.display());
                continue;
            }
        };
        bench(name, path, &text, runs);
    }
}

fn bench(name: &str, path: &Path, text: &str, runs: usize) {
    let config = Config::new("bench-client", name, "cargo bench -p codegen");
    let lines = match codegen::generate_from_str(text, path, &config) {
        Ok(generated) => {
            generated.files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, t)| t.lines().count()).sum::<usize>()
        }
        Err(diags) => {
            println!("\n{name}: skipped: the spec does not generate ({} diagnostics)", diags.len());
            return;
        }
    };
    let mut totals = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let generated = codegen::generate_from_str(text, path, &config);
        totals.push(start.elapsed());
        std::hint::black_box(generated).ok();
    }
    let mut stages: Vec<Vec<Duration>> = vec![Vec::with_capacity(runs); STAGES.len()];
    for _ in 0..runs {
        for (i, d) in staged(text, path, &config).into_iter().enumerate() {
            stages[i].push(d);
        }
    }
    totals.sort();
    println!(
        "\n{name}: {:.1} MB in, {lines} lines of Rust out\n  total   min {:>8.1} ms   median {:>8.1} ms",
        text.len() as f64 / 1e6,
        ms(totals[0]),
        ms(median(&mut totals))
    );
    for (stage, times) in STAGES.iter().zip(&mut stages) {
        println!("  {stage:<16} median {:>8.1} ms", ms(median(times)));
    }
}

/// The pipeline of `codegen::generate_from_str`, stage by stage, with the time of each.
fn staged(text: &str, path: &Path, config: &Config) -> Vec<Duration> {
    let mut times = Vec::with_capacity(STAGES.len());
    let mut diags = Diagnostics::default();
    let mut clock = Instant::now();
    let mut lap = |times: &mut Vec<Duration>| {
        let now = Instant::now();
        times.push(now - clock);
        clock = now;
    };
    let root = load::parse(text, path, &mut diags).expect("parsed before");
    lap(&mut times);
    let doc = load::Document::new(path.to_path_buf(), root);
    let version = load::version(&doc, &mut diags).expect("a version before");
    let resolver = resolve::Resolver::new(doc, version, &mut diags);
    lap(&mut times);
    let mut api = ir::lower(&resolver, &mut diags);
    lap(&mut times);
    names::assign(&mut api, &mut diags);
    lap(&mut times);
    let mut plan = codegen::plan::build(&api);
    plan.base_url = codegen::plan::base_url(&api, &config.base_url_fallback);
    let files = emit::emit(&api, &plan, config);
    lap(&mut times);
    let header = format::header(&config.regenerate_command, &config.spec_label);
    std::hint::black_box(format::format(files, &header, &mut diags));
    lap(&mut times);
    times
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
