//! Every generated file of the checked-in crate as an insta snapshot: a change in the
//! generator's output fails here with a readable diff until it is reviewed and accepted
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test`).

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
