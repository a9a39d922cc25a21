//! Output is a function of the spec's bytes (and the options) only: one multi-file spec,
//! with inline names that collide with component names, generated through many spellings
//! of its path and from several working directories, gives the same bytes every time
//! (issue 8, finding 7). Its own test binary, since it changes the working directory.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::Config;

const MAIN: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'parts/pet.yaml#/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        state: {type: string, enum: [a, b]}
        owner: {$ref: 'parts/pet.yaml#/Owner'}
    PetState: {type: string, enum: [x, y]}
    OwnerPet: {type: object, properties: {id: {type: integer}}}
";

const PART: &str = "Pet:
  type: object
  properties:
    state: {type: string, enum: [c, d]}
Owner:
  type: object
  properties:
    pet: {type: object, properties: {name: {type: string}}}
    main: {$ref: '../main.yaml#/components/schemas/Pet'}
";

/// Generated files: (relative path, content).
type Files = Vec<(String, String)>;

fn generate(spec: &Path, config: &Config) -> Files {
    let generated = codegen::generate(spec, config).unwrap_or_else(|d| panic!("{}: {d}", spec.display()));
    generated.files
}

#[test]
fn output_is_the_same_however_the_path_is_typed_and_wherever_it_runs() {
    let dir = std::env::temp_dir().join(format!("determinism-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("a/parts")).expect("folders");
    fs::write(dir.join("a/main.yaml"), MAIN).expect("main");
    fs::write(dir.join("a/parts/pet.yaml"), PART).expect("part");
    std::os::unix::fs::symlink(dir.join("a"), dir.join("link")).expect("symlink");
    let dir = fs::canonicalize(&dir).expect("canonical");
    let absolute = dir.join("a/main.yaml");
    let from_root = absolute.strip_prefix("/").map(Path::to_path_buf).unwrap_or_default();
    // (working directory, path as typed)
    let spellings: Vec<(PathBuf, PathBuf)> = vec![
        (dir.join("a"), "main.yaml".into()),
        (dir.join("a"), "./main.yaml".into()),
        (dir.clone(), "a/main.yaml".into()),
        (dir.clone(), "./a/../a/main.yaml".into()),
        (dir.clone(), "link/main.yaml".into()),
        (dir.join("a/parts"), "../main.yaml".into()),
        (dir.join("a/parts"), absolute.clone()),
        (PathBuf::from("/"), from_root),
        (dir.join("link/parts"), "../../link/./main.yaml".into()),
    ];
    let fixed = Config::new("determinism", "main.yaml", "cargo xtask generate");
    let before = std::env::current_dir().expect("cwd");
    let mut first: Option<(String, Files, Files)> = None;
    for (cwd, spec) in &spellings {
        std::env::set_current_dir(cwd).expect("cd");
        let label = format!("`{}` from {}", spec.display(), cwd.display());
        let with_fixed = generate(spec, &fixed);
        // What `cargo xtask generate --spec PATH` configures must not depend on PATH either.
        let with_xtask = generate(spec, &xtask::generate_config(spec, None, None, None));
        match &first {
            None => first = Some((label, with_fixed, with_xtask)),
            Some((first_label, fixed0, xtask0)) => {
                for (expected, got) in [(fixed0, &with_fixed), (xtask0, &with_xtask)] {
                    assert_eq!(expected.len(), got.len(), "{label} vs {first_label}");
                    for ((p0, c0), (p1, c1)) in expected.iter().zip(got) {
                        assert_eq!(p0, p1, "{label} vs {first_label}");
                        assert!(c0 == c1, "{label} vs {first_label}: {p0} differs:\n--- first\n{c0}\n--- now\n{c1}");
                    }
                }
            }
        }
    }
    std::env::set_current_dir(before).expect("cd back");
    let (_, files, _) = first.expect("generated");
    let models = files.iter().find(|(p, _)| p == "src/models.rs").map(|(_, c)| c.as_str()).unwrap_or_default();
    // The collisions are there, and the components kept their own names.
    assert!(models.contains("pub struct Pet {") && models.contains("pub enum PetState {") && models.contains("pub struct Pet2"), "{models}");
    let _ = fs::remove_dir_all(&dir);
}
