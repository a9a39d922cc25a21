//! HubSpot's own spec files, unchanged (8 of them, including the broken 2026-06-15
//! revision), each generated with the same pipeline as `cargo xtask generate` and the crate
//! linted with clippy under `-D warnings`. They are read from `../shared` (they may not be
//! redistributed); without it the test prints a skip line.

#[test]
fn every_hubspot_spec_generates_a_crate_that_passes_clippy() {
    let specs: Vec<_> = xtask::corpus::shared_specs()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("/reference/hubspot/"))
        .collect();
    if specs.is_empty() {
        println!("skipped: ../shared/reference/hubspot is not present (it is not part of a clone)");
        return;
    }
    assert_eq!(specs.len(), 8, "expected HubSpot's 8 spec files, found {specs:?}");
    let work = std::env::temp_dir().join(format!("hubspot-specs-{}", std::process::id()));
    let target = pipeline_tests::repo_root().join("target");
    let entries: Vec<_> = specs.iter().map(|spec| xtask::corpus::check(spec, &work, true, &target)).collect();
    let _ = std::fs::remove_dir_all(&work);
    let table = xtask::corpus::table(&entries);
    println!("{table}");
    for e in &entries {
        assert!(e.generated.is_ok(), "{} did not generate: {:?}", e.source, e.generated);
        assert_eq!(e.compiled, Some(Ok(())), "{} did not pass clippy", e.source);
    }
    let broken = entries.iter().find(|e| e.source.contains("2026-06-15")).expect("the broken revision");
    assert!(broken.diagnostics >= 1, "the discriminator without oneOf must be reported");
}
