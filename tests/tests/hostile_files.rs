//! Specs that try to read files they have no business reading (issue 8, finding 4), chains of
//! `$ref`s, numbers no JSON tree holds (finding 6), and a hostile spec copy left in `--out`.
//! Every spec is built here, in a fresh temporary folder.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::write::Mode;
use codegen::{Config, Diagnostics, Generated};

/// Text that must never reach diagnostics or generated code.
const SECRET: &str = "SECRET_a8f3_do_not_copy";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hostile-files-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("folder");
    }
    fs::write(path, text).expect("write");
}

fn config() -> Config {
    Config::new("hostile", "api.yaml", "cargo xtask generate")
}

/// A spec whose `Pet.properties.leak` refers to `target`.
fn spec_referring_to(target: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        leak:\n          $ref: '{target}'\n"
    )
}

/// A schema file (`#/Leaked`) whose text is the secret.
fn secret_schema() -> String {
    format!("Leaked:\n  type: object\n  description: {SECRET}\n  properties:\n    {SECRET}: {{type: string}}\n")
}

fn all_text(result: &Result<Generated, Diagnostics>) -> String {
    match result {
        Ok(g) => {
            let mut text = g.diagnostics.to_string();
            for (path, content) in &g.files {
                text.push_str(path);
                text.push_str(content);
            }
            text
        }
        Err(d) => d.to_string(),
    }
}

/// Generation fails with an error at the `$ref`'s pointer, and nothing of the target shows.
fn assert_refused(case: &str, result: Result<Generated, Diagnostics>, must_not_show: &[&str]) {
    let text = all_text(&result);
    let Err(diags) = result else { panic!("{case}: generated from a refused file:\n{text}") };
    let at_ref = |d: &codegen::Diagnostic| d.place.ends_with("#/components/schemas/Pet/properties/leak/$ref");
    assert!(diags.iter().any(at_ref), "{case}: no error at the `$ref`'s pointer:\n{diags}");
    // Refused before any read: no problem is placed in the target file itself.
    assert!(diags.iter().all(at_ref), "{case}: a problem placed elsewhere than the `$ref`:\n{diags}");
    for secret in must_not_show {
        assert!(!text.contains(secret), "{case}: `{secret}` shows:\n{text}");
    }
}

#[test]
fn refs_leaving_the_spec_folder_are_refused_with_their_pointer() {
    let dir = temp_dir("escape");
    let outside = dir.join("outside");
    let home = dir.join("home");
    write(&outside.join("secret.yaml"), &secret_schema());
    fs::create_dir_all(&home).expect("home");
    std::os::unix::fs::symlink(&outside, home.join("link")).expect("symlink");
    let absolute = format!("{}#/Leaked", outside.join("secret.yaml").display());
    let cases = [
        ("absolute path", absolute.as_str()),
        ("parent folder", "../outside/secret.yaml#/Leaked"),
        ("symlink inside pointing out", "link/secret.yaml#/Leaked"),
        ("dot segments", "./sub/../../outside/secret.yaml#/Leaked"),
        ("file URI", "file:///etc/hostname"),
    ];
    for (case, target) in cases {
        let spec = home.join("api.yaml");
        write(&spec, &spec_referring_to(target));
        assert_refused(case, codegen::generate(&spec, &config()), &[SECRET]);
    }
}

#[test]
fn refs_to_system_and_special_files_are_refused_with_their_pointer() {
    let dir = temp_dir("special");
    let home = dir.join("deep/er/home");
    fs::create_dir_all(home.join("folder")).expect("folder");
    let fifo = home.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    let path_var = std::env::var("PATH").unwrap_or_default();
    let mut cases = vec![
        ("/proc/self/environ", "/proc/self/environ".to_string()),
        ("/proc through parents", "../../../../../../../../../../proc/self/environ".to_string()),
        ("/dev/zero through parents", "../../../../../../../../../../dev/zero".to_string()),
        ("/sys through parents", "../../../../../../../../../../sys/kernel/notes".to_string()),
        ("a directory", "folder".to_string()),
        ("a missing file", "nothing-here.yaml".to_string()),
    ];
    if made {
        cases.push(("a FIFO", "pipe.yaml".to_string()));
    } else {
        println!("skipped the FIFO case: mkfifo is not available");
    }
    for (case, target) in cases {
        let spec = home.join("api.yaml");
        write(&spec, &spec_referring_to(&target));
        // The environment is the secret of `/proc/self/environ`.
        let hidden: Vec<&str> = [path_var.as_str()].into_iter().filter(|p| p.len() > 8).collect();
        assert_refused(case, codegen::generate(&spec, &config()), &hidden);
    }
}

#[test]
fn a_ref_root_widens_the_fence_on_purpose() {
    let dir = temp_dir("ref-root");
    write(&dir.join("shared/common.yaml"), "Tag:\n  type: object\n  properties:\n    label: {type: string}\n");
    let spec = dir.join("api/api.yaml");
    write(&spec, &spec_referring_to("../shared/common.yaml#/Tag"));
    let refused = codegen::generate(&spec, &config());
    assert!(refused.is_err(), "a file outside the spec's folder was read without --ref-root");
    let mut widened = config();
    widened.ref_root = Some(dir.join("shared"));
    let generated = codegen::generate(&spec, &widened).unwrap_or_else(|d| panic!("with --ref-root: {d}"));
    let models = generated.files.iter().find(|(p, _)| p == "src/models.rs").map(|(_, c)| c.as_str()).unwrap_or_default();
    assert!(models.contains("pub struct Tag"), "{models}");
    // The fence is still there beside the widened root.
    write(&spec, &spec_referring_to("../../secret.yaml#/X"));
    assert_refused("outside both", codegen::generate(&spec, &widened), &[]);
}

#[test]
fn a_long_acyclic_chain_of_refs_resolves_and_a_cycle_is_still_one() {
    let dir = temp_dir("chain");
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
    for i in 0..200 {
        text.push_str(&format!("    S{i}: {{$ref: '#/components/schemas/S{}'}}\n", i + 1));
    }
    text.push_str("    S200: {type: object, properties: {end: {type: string}}}\n");
    text.push_str("    Holder: {type: object, properties: {first: {$ref: '#/components/schemas/S0'}}}\n");
    let spec = dir.join("api.yaml");
    write(&spec, &text);
    let generated = codegen::generate(&spec, &config()).unwrap_or_else(|d| panic!("a 200-long chain: {d}"));
    let models = generated.files.iter().find(|(p, _)| p == "src/models.rs").map(|(_, c)| c.as_str()).unwrap_or_default();
    assert!(models.contains("pub struct S200"), "{models}");

    let cycle = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n";
    write(&spec, cycle);
    let diags = codegen::generate(&spec, &config()).expect_err("a cycle of refs is an error");
    assert!(diags.to_string().contains("cycle"), "{diags}");
}

/// Numbers out of range: huge integers, 1e400, -1e400, in keywords, enums, defaults, examples.
const NUMBERS_JSON: &str = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
 "components": {"schemas": {"A": {"type": "object", "properties": {
  "a": {"type": "integer", "minimum": -9223372036854776000, "maximum": 99999999999999999999999},
  "b": {"type": "number", "minimum": -1e400, "maximum": 1e400},
  "c": {"type": "string", "maxLength": 99999999999999999999999999},
  "d": {"type": "integer", "enum": [1, 2, 1e400]},
  "e": {"type": "integer", "default": 1e400, "example": -1e400}}}}}}"#;

const NUMBERS_YAML: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        a: {type: integer, minimum: -9223372036854776000, maximum: 99999999999999999999999}
        b: {type: number, minimum: -.inf, maximum: .inf}
        c: {type: string, maxLength: 99999999999999999999999999}
        d: {type: integer, enum: [1, 2, 340282366920938463463374607431768211455]}
        e: {type: integer, default: .nan, example: -170141183460469231731687303715884105728}
";

#[test]
fn numbers_out_of_range_cost_only_their_keyword_with_a_warning() {
    let dir = temp_dir("numbers");
    for (name, text, expected) in [
        ("api.json", NUMBERS_JSON, ["/a/minimum", "/a/maximum", "/b/minimum", "/c/maxLength", "/d/enum/2", "/e/default"]),
        ("api.yaml", NUMBERS_YAML, ["/a/minimum", "/a/maximum", "/b/minimum", "/c/maxLength", "/d/enum/2", "/e/example"]),
    ] {
        let spec = dir.join(name);
        write(&spec, text);
        let generated = codegen::generate(&spec, &config()).unwrap_or_else(|d| panic!("{name}: refused for a number:\n{d}"));
        let warnings = generated.diagnostics.to_string();
        for place in expected {
            let full = format!("#/components/schemas/A/properties{place}");
            assert!(
                generated.diagnostics.iter().any(|d| d.severity == codegen::Severity::Warning && d.place.ends_with(&full)),
                "{name}: no warning at {full}:\n{warnings}"
            );
        }
        let models = generated.files.iter().find(|(p, _)| p == "src/models.rs").map(|(_, c)| c.as_str()).unwrap_or_default();
        assert!(models.contains("pub struct A") && models.contains("pub a: Option<i64>"), "{name}:\n{models}");
    }
}

/// A spec copy an earlier run left in `--out`, whatever it holds, costs the API report only.
#[test]
fn a_hostile_recorded_copy_costs_the_report_not_the_generation() {
    let dir = temp_dir("recorded");
    write(&dir.join("secret.yaml"), &secret_schema());
    let spec = dir.join("spec/api.yaml");
    write(&spec, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n");
    let mut deep = String::from("{\"openapi\": \"3.1.0\", \"x\": ");
    deep.push_str(&"[".repeat(2_000));
    let cases: Vec<(&str, String)> = vec![
        ("garbage", "{{{ not: [ yaml".to_string()),
        ("self-cycle", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n".to_string()),
        ("deep nesting", deep),
        ("a ref out of --out", spec_referring_to("../secret.yaml#/Leaked")),
        ("a ref to /proc", spec_referring_to("/proc/self/environ")),
    ];
    for (case, copy) in cases {
        let out = dir.join(format!("out-{}", case.replace(' ', "-")));
        write(&out.join("openapi.yaml"), &copy);
        let run = xtask::run(&spec, &out, &config(), Mode::Write).unwrap_or_else(|e| panic!("{case}: generation failed: {e:?}"));
        let api = run.api.as_ref().unwrap_or_else(|| panic!("{case}: the recorded copy was not compared"));
        let Err(diags) = &api.report else { panic!("{case}: the hostile copy gave a report") };
        assert!(!diags.is_empty(), "{case}");
        let changelog = fs::read_to_string(out.join("CHANGELOG.md")).unwrap_or_default();
        assert!(!changelog.contains(SECRET) && !diags.to_string().contains(SECRET), "{case}: the secret shows");
        assert!(out.join("src/models.rs").is_file(), "{case}: nothing generated");
    }
}

/// What an earlier run or a clone left in `--out` is replaced, never followed: symlinks to
/// files outside, a FIFO where a source goes, a symlink loop in `src/`.
#[test]
fn generation_never_writes_or_reads_through_what_is_left_in_out() {
    let dir = temp_dir("out");
    let spec = dir.join("spec/api.yaml");
    write(&spec, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n");
    let out = dir.join("out");
    fs::create_dir_all(out.join("src")).expect("src");
    let victims: Vec<PathBuf> = (0..3).map(|i| dir.join(format!("victim{i}.txt"))).collect();
    for v in &victims {
        write(v, "precious\n");
    }
    let link = |target: &Path, at: &str| std::os::unix::fs::symlink(target, out.join(at)).expect("symlink");
    link(&victims[0], "src/lib.rs");
    link(&victims[1], "openapi.yaml");
    link(&victims[2], "CHANGELOG.md");
    link(Path::new("."), "src/loop");
    let fifo_made = std::process::Command::new("mkfifo").arg(out.join("src/models.rs")).status().is_ok_and(|s| s.success());
    if !fifo_made {
        println!("skipped the FIFO part: mkfifo is not available");
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let (spec2, out2) = (spec.clone(), out.clone());
    std::thread::spawn(move || {
        let _ = tx.send(xtask::run(&spec2, &out2, &config(), Mode::Write).map(|_| ()).map_err(|e| format!("{e:?}")));
    });
    let result = rx.recv_timeout(std::time::Duration::from_secs(20)).expect("generation hung on what was left in --out");
    result.unwrap_or_else(|e| panic!("generation failed: {e}"));
    for v in &victims {
        assert_eq!(fs::read_to_string(v).expect("victim"), "precious\n", "{} was written through a symlink", v.display());
    }
    for f in ["src/lib.rs", "src/models.rs", "openapi.yaml", "CHANGELOG.md"] {
        let meta = fs::symlink_metadata(out.join(f)).expect(f);
        assert!(meta.file_type().is_file(), "{f} is not a regular file now");
    }
}

/// A recorded copy whose `allOf` includes itself overflowed the stack in the comparison
/// (finding 2). The comparison loads the copy through the same pipeline functions as
/// generation, whose `allOf` merging is cycle-safe.
#[test]
fn a_recorded_copy_with_an_allof_cycle_costs_only_the_report() {
    let dir = temp_dir("recorded-allof");
    let spec = dir.join("spec/api.yaml");
    write(&spec, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n");
    let out = dir.join("out");
    write(
        &out.join("openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {x: {type: string}}}]}\n",
    );
    let run = xtask::run(&spec, &out, &config(), Mode::Write).unwrap_or_else(|e| panic!("generation failed: {e:?}"));
    assert!(run.api.is_some(), "the recorded copy was not compared");
    assert!(out.join("src/models.rs").is_file());
}
