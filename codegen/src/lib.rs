//! An OpenAPI 3.0/3.1 → Rust client generator.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] → [`resolve`] → [`ir`] → [`names`] → [`plan`] → [`emit`] → [`format`] → [`write`].
//! [`diff`] compares two specs on the named IR and their plans ([`load_plan_with`]).
//! Problems are [`diagnostics`], collected and reported together; nothing here panics on
//! a spec.

pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod fast_hash;
pub mod format;
pub mod ir;
pub mod load;
pub mod names;
pub mod output;
pub mod plan;
pub mod pointer;
pub mod prune;
pub mod reserved;
pub mod resolve;
pub mod select;
pub mod text;
pub mod timings;
pub mod write;

use std::path::Path;

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use timings::Timings;

/// The generated crate: files (relative path, content) and the warnings met on the way.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<(String, String)>,
    pub diagnostics: Diagnostics,
    /// How long each stage took (for `--timings`; nothing in `files` depends on it).
    pub timings: Timings,
}

/// Runs the whole pipeline in memory. `Err` carries every diagnostic when any is an error.
pub fn generate(spec: &Path, config: &Config) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::start();
    let mut diags = Diagnostics::default();
    let Some(doc) = load::load_file(spec, &mut diags) else { return Err(diags) };
    timings.lap("load");
    generate_doc(doc, config, diags, timings)
}

/// [`generate`] on spec text already in memory (for fuzzing and benchmarks). `name` is the
/// path the text stands for: it is used only in diagnostics and to find relative `$ref`s
/// (inside its folder, as for a file).
pub fn generate_from_str(text: &str, name: &Path, config: &Config) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::start();
    let mut diags = Diagnostics::default();
    let Some(doc) = load::parse_document(text.to_string(), name, &mut diags) else { return Err(diags) };
    timings.lap("load");
    generate_doc(doc, config, diags, timings)
}

fn generate_doc(doc: load::Document, config: &Config, diags: Diagnostics, mut timings: Timings) -> Result<Generated, Diagnostics> {
    let (resolver, mut api, mut early) = unlocated_ir(doc, config.ref_root.as_deref(), diags, &mut timings)?;
    // The diagnostics so far get their lines on another core while this one plans, emits and
    // formats (the place scan is serial work otherwise: a tenth of GitHub's front end, for
    // one warning); the later stages' go in `diags`, located at the end as before. (The
    // spec's trees stay until the end: freed on another thread, whose allocations they are
    // not, they cost mimalloc four times the instructions, on the core the formatting uses.)
    let sources = resolver.sources();
    let mut diags = Diagnostics::default();
    let mut located_here = false;
    let files = std::thread::scope(|s| {
        let locating = std::thread::Builder::new().spawn_scoped(s, || resolve::locate_in(&mut early, &sources));
        // A thread that cannot start is no error: the diagnostics are located after the scope.
        located_here = locating.is_err();
        prune::apply(&mut api, &config.selection, &mut diags);
        timings.lap("prune");
        let mut plan = plan::build(&api);
        plan.features = plan::features::build(&api, &config.groups);
        // The model crates' packages are named after the crate's checked (valid) name.
        let config = emit::checked_config(config, &mut diags);
        plan.crates = plan::crates::build(&api, &plan.types, &plan.features, &config.crate_name, config.layout);
        plan.base_url = plan::base_url(&api, &config.base_url_fallback);
        timings.lap("plan");
        let header = format::header(&config.regenerate_command, &config.spec_label);
        // Files are formatted on the other cores as soon as they are emitted; the split models
        // are emitted there too.
        let files = format::format_produced(|file| emit::emit_each(&api, &plan, &config, file), &header, &mut diags);
        timings.lap("emit and format");
        (files, plan)
    });
    let (files, plan) = files;
    if located_here {
        resolve::locate_in(&mut early, &sources);
    }
    drop(sources);
    early.extend(diags);
    let mut diags = early;
    resolver.locate(&mut diags);
    timings.lap("locate (late diagnostics)");
    drop((resolver, api, plan));
    timings.lap("free the spec and IR");
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Generated { files, diagnostics: diags, timings })
}

/// Runs the pipeline up to the named IR (load → resolve → IR → names), for tools that
/// compare APIs instead of emitting them. `Err` carries every diagnostic when any is an error.
pub fn load_api(spec: &Path) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    load_api_with(spec, None)
}

/// [`load_api`], where a `$ref` may also name files under `ref_root`.
pub fn load_api_with(spec: &Path, ref_root: Option<&Path>) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(doc) = load::load_file(spec, &mut diags) else { return Err(diags) };
    let (_, api, diags) = named_ir(doc, ref_root, diags)?;
    Ok((api, diags))
}

/// [`load_api_with`], and the plan of the crate generated from it (for the diff, which
/// compares what the crates expose).
pub fn load_plan_with(spec: &Path, ref_root: Option<&Path>) -> Result<(ir::Api, plan::Plan, Diagnostics), Diagnostics> {
    load_plan_selected(spec, ref_root, &config::Selection::default())
}

/// [`load_plan_with`] on the operations `selection` keeps, as [`generate`] does.
pub fn load_plan_selected(
    spec: &Path,
    ref_root: Option<&Path>,
    selection: &config::Selection,
) -> Result<(ir::Api, plan::Plan, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(doc) = load::load_file(spec, &mut diags) else { return Err(diags) };
    let (resolver, mut api, mut diags) = named_ir(doc, ref_root, diags)?;
    prune::apply(&mut api, selection, &mut diags);
    let plan = plan::build(&api);
    resolver.locate(&mut diags);
    Ok((api, plan, diags))
}

/// The stages every use shares: version check, resolve, IR, names. The resolver comes back
/// too, to locate the later stages' diagnostics.
fn named_ir(
    doc: load::Document,
    ref_root: Option<&Path>,
    diags: Diagnostics,
) -> Result<(resolve::Resolver, ir::Api, Diagnostics), Diagnostics> {
    named_ir_timed(doc, ref_root, diags, &mut Timings::start())
}

/// [`named_ir`], one lap of `timings` per stage.
fn named_ir_timed(
    doc: load::Document,
    ref_root: Option<&Path>,
    diags: Diagnostics,
    timings: &mut Timings,
) -> Result<(resolve::Resolver, ir::Api, Diagnostics), Diagnostics> {
    let (resolver, api, mut diags) = unlocated_ir(doc, ref_root, diags, timings)?;
    // Every diagnostic so far gets its line now; later stages' are located by the caller.
    resolver.locate(&mut diags);
    timings.lap("locate");
    Ok((resolver, api, diags))
}

/// [`named_ir_timed`] with the diagnostics of a successful run not yet located (those of a
/// failed one are).
fn unlocated_ir(
    doc: load::Document,
    ref_root: Option<&Path>,
    mut diags: Diagnostics,
    timings: &mut Timings,
) -> Result<(resolve::Resolver, ir::Api, Diagnostics), Diagnostics> {
    let Some(version) = load::version(&doc, &mut diags) else {
        let label = resolve::root_label(&doc.path);
        diagnostics::locate(&mut diags, &[(&label, &doc)]);
        return Err(diags);
    };
    let resolver = resolve::Resolver::with_ref_root(doc, version, ref_root, &mut diags);
    timings.lap("resolve");
    let mut api = ir::lower(&resolver, &mut diags);
    timings.lap("lower");
    if diags.has_errors() {
        resolver.locate(&mut diags);
        return Err(diags);
    }
    names::assign(&mut api, &mut diags);
    timings.lap("names");
    Ok((resolver, api, diags))
}
