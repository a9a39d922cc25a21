//! Every generated file of the checked-in crate, and the spec-specific files of each fixture
//! crate, as insta snapshots: a change in the generator's output fails here with a readable
//! diff until it is reviewed and accepted (`cargo insta review`, or `INSTA_UPDATE=always cargo test`).

#[test]
fn generated_files_match_snapshots() {
    let root = pipeline_tests::repo_root();
    let generated = codegen::generate(&root.join(xtask::SPEC), &xtask::regen_config())
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    assert!(generated.files.len() >= 6, "expected the whole crate, got {:?}", generated.files.iter().map(|f| &f.0).collect::<Vec<_>>());
    for (path, content) in &generated.files {
        let name = path.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, content);
    }
}

/// The runtime files are the same in every crate and snapshotted above; a fixture's own
/// output is its manifest, models, client and parameters.
const FIXTURE_FILES: [&str; 5] = ["Cargo.toml", "src/lib.rs", "src/models.rs", "src/client.rs", "src/params.rs"];

#[test]
fn fixture_outputs_match_snapshots() {
    let fixtures = xtask::fixtures::all();
    assert!(fixtures.len() >= 8, "fixture specs are missing: {}", fixtures.len());
    for fixture in fixtures {
        let generated = codegen::generate(&fixture.spec, &fixture.config())
            .unwrap_or_else(|d| panic!("fixture {} does not generate:\n{d}", fixture.name));
        for (path, content) in generated.files.iter().filter(|(p, _)| FIXTURE_FILES.contains(&p.as_str())) {
            let name = format!("fixture_{}__{}", fixture.name, path.replace(['/', '.'], "_"));
            insta::assert_snapshot!(name, content);
        }
    }
}
