//! `--message-format json`: every diagnostic as one JSON object per line on stdout, with its
//! file, line, column and pointer, read back here as an editor or CI would.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("message-format-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A spec with an unresolvable `$ref` on line 9 and a response key that is no status on line 10.
const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          $ref: '#/components/responses/Gone'
        2XY:
          description: odd
";

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    let text = String::from_utf8(stdout.to_vec()).expect("UTF-8");
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {l}"))).collect()
}

#[test]
fn generate_prints_each_diagnostic_as_a_json_line() {
    let dir = temp_dir("generate");
    let spec = dir.join("api.yaml");
    fs::write(&spec, SPEC).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--message-format", "json", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .expect("xtask runs");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out.stdout);
    let error = lines.iter().find(|l| l["severity"] == "error").unwrap_or_else(|| panic!("{lines:?}"));
    assert_eq!(error["file"], spec.to_str().unwrap());
    assert_eq!((error["line"].as_u64(), error["column"].as_u64()), (Some(9), Some(11)), "{error}");
    assert_eq!(error["pointer"], "/paths/~1pets/get/responses/200/$ref");
    assert!(error["message"].as_str().unwrap().contains("points to nothing"), "{error}");
    assert!(error["fallback"].is_null());
    let rendered = error["rendered"].as_str().unwrap();
    assert!(rendered.contains(&format!("--> {}:9:11", spec.display())), "{rendered}");
    // Humans' output stays off stdout.
    assert!(!String::from_utf8_lossy(&out.stderr).contains("-->"));
}

#[test]
fn warnings_and_diff_speak_json_too() {
    let dir = temp_dir("diff");
    let old = dir.join("old.yaml");
    let new = dir.join("new.yaml");
    let good = SPEC.replace("          $ref: '#/components/responses/Gone'\n", "");
    fs::write(&old, &good).unwrap();
    fs::write(&new, &good).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["diff", "--json", "--message-format=json"])
        .args([&old, &new])
        .output()
        .expect("xtask runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out.stdout);
    let warnings: Vec<&Value> = lines.iter().filter(|l| l["severity"] == "warning").collect();
    assert_eq!(warnings.len(), 2, "{lines:?}");
    for w in &warnings {
        assert_eq!((w["line"].as_u64(), w["column"].as_u64()), (Some(9), Some(9)), "{w}");
        assert_eq!(w["fallback"], "the response is ignored");
    }
    let files: Vec<&str> = warnings.iter().filter_map(|w| w["file"].as_str()).collect();
    assert!(files.contains(&old.to_str().unwrap()) && files.contains(&new.to_str().unwrap()), "{files:?}");
    // The report is a line of its own, with no severity.
    assert_eq!(lines.iter().filter(|l| l.get("severity").is_none()).count(), 1, "{lines:?}");
    let bad = Command::new(env!("CARGO_BIN_EXE_xtask")).args(["diff", "--message-format", "xml"]).args([&old, &new]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
