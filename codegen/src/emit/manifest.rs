//! The generated crate's `Cargo.toml`. Its dependencies are its users' dependencies:
//! only what the spec needs, with default features off where that is enough. Every value
//! that comes from the spec or the caller is a TOML string built by `toml_string`, and the
//! name and version are checked (`checked_config`), so no text makes the manifest unparseable.

use crate::plan::CrateUses;
use crate::diagnostics::Diagnostics;
use crate::plan::crates::CratePlan;
use crate::plan::features::{FeaturePlan, Source};
use crate::ir::Api;
use crate::text::{one_line, toml_string};
use crate::config::Config;

pub fn cargo_toml(api: &Api, config: &Config, features: &CrateUses, groups: &FeaturePlan, crates: &CratePlan) -> String {
    let description = toml_string(&one_line(&format!(
        "Async Rust client for {} {}, generated from its OpenAPI description.",
        api.title, api.version
    )));
    let mut deps = vec![
        "serde = { version = \"1\", features = [\"derive\"] }".to_string(),
        serde_json(features.raw_json),
        // The runtime's API-independent part, a crate of its own beside this one.
        super::support::dependency(config),
    ];
    if features.client {
        // The runtime: reqwest (rustls) is the default transport; `http` is the transport
        // trait's vocabulary; tokio's timer paces retries and times attempts out, and its `rt`
        // tells a call polled outside a runtime (where the timer panics) to fail instead. All
        // three, `rt` included, are in reqwest's own dependency tree already.
        deps.push("reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\"] }".to_string());
        deps.push("http = \"1\"".to_string());
        // A response body as hyper read it, not copied out; in reqwest's tree too.
        deps.push("bytes = \"1\"".to_string());
        deps.push("tokio = { version = \"1\", default-features = false, features = [\"rt\", \"time\"] }".to_string());
        // Spans and events of calls: already in reqwest's tree (hyper-util logs with it), so
        // on by default; without its default features, no proc-macro crate.
        deps.push("tracing = { version = \"0.1\", default-features = false, features = [\"std\"], optional = true }".to_string());
    }
    if features.pagination {
        deps.push("futures-core = { version = \"0.3\", default-features = false }".to_string());
    }
    if features.chrono {
        deps.push(CHRONO.to_string());
    }
    if features.uuid {
        deps.push(UUID.to_string());
    }
    // (name, what it gives, what it turns on): all on by default.
    let mut optional: Vec<(String, String, String)> = Vec::new();
    if features.webhook_signatures {
        // Signature verification: small, well-kept RustCrypto and base64 crates, on by
        // default (next to reqwest's tree they cost little, and an unverified webhook is the
        // mistake to avoid); `default-features = false` drops them. They are the support
        // crate's (optional there, its `webhooks` feature), where the check is compiled.
        let doc = if groups.webhooks().is_some() {
            "What the webhooks send (`webhooks`: payload types, the event enum) and verification of their signatures (`webhooks::Verifier`)."
        } else {
            "Verification of webhook signatures (`webhooks::Verifier`)."
        };
        let on = toml_string(&format!("{}/{}", crate::reserved::SUPPORT, super::support::WEBHOOKS_FEATURE));
        optional.push(("webhooks".into(), doc.into(), on));
    } else if groups.webhooks().is_some() {
        optional.push(("webhooks".into(), "What the webhooks send (`webhooks`: payload types, the event enum).".into(), String::new()));
    }
    if features.client {
        // The events are the support crate's (compiled there), behind its feature of that name.
        let on = format!("\"dep:tracing\", {}", toml_string(&format!("{}/{}", crate::reserved::SUPPORT, super::support::TRACING_FEATURE)));
        optional.push(("tracing".into(), "A `tracing` span per call, an event per attempt and per retry decision (no URL, header or body).".into(), on));
    }
    if !groups.is_empty() {
        optional.push((
            crate::plan::features::SERIALIZE.into(),
            "`Serialize` of the types the client only receives (response and error bodies, webhook payloads, and the models only they use).".into(),
            String::new(),
        ));
    }
    // One feature per group of operations (README.md says which): feature names are
    // snake_case identifiers claimed in `plan::features`, so they need no quoting.
    let mut groups_sorted: Vec<_> = groups.groups.iter().filter(|g| g.source != Source::Webhooks).collect();
    groups_sorted.sort_by(|a, b| a.feature.cmp(&b.feature));
    for g in groups_sorted {
        let doc = match g.source {
            Source::Unused => "The models no operation or webhook uses.".to_string(),
            _ => format!("{} operation{}.", g.operations, if g.operations == 1 { "" } else { "s" }),
        };
        optional.push((g.feature.clone(), doc, String::new()));
    }
    // The model crates of a big spec, each feature forwarded to them.
    deps.extend(super::crates::root_deps(crates));
    for (name, _, on) in &mut optional {
        let forwarded: Vec<String> = crates.forwarded(groups, name).iter().map(|s| toml_string(s)).collect();
        if !forwarded.is_empty() {
            let mut all: Vec<String> = (!on.is_empty()).then(|| on.clone()).into_iter().collect();
            all.extend(forwarded);
            *on = all.join(", ");
        }
    }
    let feature_lines = if optional.is_empty() {
        String::new()
    } else {
        let defaults: Vec<String> = optional.iter().map(|(name, ..)| toml_string(name)).collect();
        let mut lines = format!("\n[features]\ndefault = [{}]\n", defaults.join(", "));
        for (name, doc, deps) in &optional {
            lines.push_str(&format!("# {doc}\n{name} = [{deps}]\n"));
        }
        lines
    };
    deps.sort();
    // `rust-version` is what .ci/run proves: the crate copied alone builds and passes its
    // tests with Debian's Rust 1.85, its dependencies resolved for that version (newer
    // releases of uuid and of url's icu crates need 1.88 and 1.89).
    // No doctests: the crate's docs are the spec's prose (code in it is shown as text, never
    // compiled), and its one example is `ignore`d, its code covered by the tests that
    // generate the crate. So `cargo test` in the crate cannot run spec text even if a doc
    // comment slipped through.
    format!("{}{}\n{feature_lines}", package_head(config, &config.crate_name, &description), deps.join("\n"))
}

/// A generated manifest up to its `[dependencies]` line, for the client and its sub-crates
/// alike (`description`: a TOML string already).
pub fn package_head(config: &Config, package: &str, description: &str) -> String {
    format!(
        "# @generated by `{command}` from {spec}. Do not edit: change the spec and regenerate.\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         edition = \"2021\"\n\
         rust-version = \"1.85\"\n\
         description = {description}\n\
         publish = false\n\
         \n\
         [lib]\n\
         doctest = false\n\
         \n\
         [dependencies]\n\
",
        command = one_line(&config.regenerate_command),
        spec = one_line(&config.spec_label),
        name = toml_string(package),
        version = toml_string(&config.crate_version),
    )
}

/// A dependency on a crate of the output folder: `extern_name = { package = "...", path = "..." }`
/// (`path` relative to the manifest that names it), optional when `optional`.
pub fn path_dependency(extern_name: &str, package: &str, path: &str, optional: bool) -> String {
    let optional = if optional { ", optional = true" } else { "" };
    format!("{extern_name} = {{ package = {}, path = {}{optional} }}", toml_string(package), toml_string(path))
}

/// serde_json, with `raw_value` when unions decode from the raw JSON text (no extra dependency).
pub fn serde_json(raw_json: bool) -> String {
    if raw_json { "serde_json = { version = \"1\", features = [\"raw_value\"] }" } else { "serde_json = \"1\"" }.to_string()
}

/// The crates of `date-time`/`date` and `uuid` fields.
pub const CHRONO: &str = "chrono = { version = \"0.4.31\", default-features = false, features = [\"serde\", \"std\"] }";
pub const UUID: &str = "uuid = { version = \"1\", default-features = false, features = [\"serde\"] }";

/// The generated crate's README, written only for crates with features: what each feature
/// holds and how to build with a few of them.
pub fn readme(api: &Api, config: &Config, groups: &FeaturePlan) -> String {
    use super::docs::code;
    let mut sorted: Vec<_> = groups.groups.iter().filter(|g| !matches!(g.source, Source::Webhooks | Source::Unused)).collect();
    sorted.sort_by(|a, b| a.feature.cmp(&b.feature));
    let example = sorted.first().map_or("", |g| g.feature.as_str());
    let mut text = format!(
        "<!-- @generated by `{command}` from {spec}. Do not edit: change the spec and regenerate. -->\n\
         # {name}\n\n\
         An async Rust client of {title}, generated from its OpenAPI description.\n\n\
         ## Cargo features\n\n\
         Each group of operations is a Cargo feature, and all are on by default. An operation (its \
         `Client` method, its `params` struct and its `responses` enum) is compiled when one of its \
         groups is on, and a model when a compiled operation (or a webhook) uses it, so a build \
         with a few features compiles only what they need:\n\n\
         ```toml\n{name} = {{ version = \"{version}\", default-features = false, features = [\"{example}\"] }}\n```\n\n\
         | Feature | Operations | Group |\n|---|---|---|\n",
        command = one_line(&config.regenerate_command),
        spec = one_line(&config.spec_label),
        name = one_line(&config.crate_name),
        version = one_line(&config.crate_version),
        title = code(&one_line(&format!("{} {}", api.title, api.version))),
    );
    for g in sorted {
        let what = match g.source {
            Source::Tag => format!("tag {}", code(&one_line(&g.label))),
            Source::Path => format!("paths of {}", code(&one_line(&g.label))),
            Source::Config => format!("{} (from the config)", code(&one_line(&g.label))),
            Source::Leftover => "operations without a tag".to_string(),
            Source::Webhooks | Source::Unused => continue,
        };
        text.push_str(&format!("| `{}` | {} | {} |\n", g.feature, g.operations, what.replace('|', "\\|")));
    }
    if groups.webhooks().is_some() {
        text.push_str(
            "\nThe feature `webhooks` (on by default) holds what the API sends to your server: the `webhooks` \
             module, its payload types and event enum, and the models only they use.\n",
        );
    }
    let expandable = api.types.iter().any(|t| matches!(&t.kind, crate::ir::TypeKind::Union(u) if u.variants.iter().any(|v| v.expansion)));
    if expandable {
        text.push_str(
            "\nExpandable fields (`x-expansionResources`: an id, or the object itself when the request asks \
             to expand it) have a variant for the object that may be compiled only with the features that \
             use the object's type: in a build without them, an expanded object decodes as the field's \
             `Unknown` variant, as raw JSON, and is written back as it came.\n",
        );
    }
    text.push_str(&format!(
        "\nThe types the client only receives (response and error bodies, webhook payloads, and the models \
         only they use) implement `Serialize` only with the feature `{}`, on by default: a build without it \
         compiles less. What the client sends (bodies, parameters, and what they use) always implements it.\n",
        crate::plan::features::SERIALIZE
    ));
    if groups.groups.iter().any(|g| g.source == Source::Unused) {
        text.push_str(&format!(
            "\nThe feature `{}` (on by default) holds the models that no operation or webhook uses.\n",
            crate::plan::features::UNUSED
        ));
    }
    text
}

/// `config` with a crate name and version that Cargo accepts: anything else is replaced,
/// with a warning.
pub fn checked_config(config: &Config, diags: &mut Diagnostics) -> Config {
    let mut config = config.clone();
    let name = crate_name(&config.crate_name);
    if name != config.crate_name {
        diags.warning(
            "crate name",
            format!("{:?} is not a valid Cargo package name", config.crate_name),
            format!("the crate is named `{name}`"),
        );
        config.crate_name = name;
    }
    if !is_semver(&config.crate_version) {
        diags.warning(
            "crate version",
            format!("{:?} is not a semantic version (MAJOR.MINOR.PATCH)", config.crate_version),
            "the crate's version is 0.1.0",
        );
        config.crate_version = "0.1.0".to_string();
    }
    config
}

/// A Cargo package name from `name`: ASCII letters, digits, `-` and `_`, starting with a
/// letter, and not a name Cargo reserves.
fn crate_name(name: &str) -> String {
    let mapped: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    let trimmed = mapped.trim_matches('-');
    let mut out = match trimmed.chars().next() {
        None => "api".to_string(),
        Some(c) if !c.is_ascii_alphabetic() => format!("api-{trimmed}"),
        Some(_) => trimmed.to_string(),
    };
    const RESERVED: [&str; 10] = ["test", "core", "std", "alloc", "proc_macro", "proc-macro", "self", "super", "crate", "Self"];
    let keyword = syn::parse_str::<syn::Ident>(&out.replace('-', "_")).is_err();
    if keyword || RESERVED.contains(&out.as_str()) {
        out.push_str("-client");
    }
    out.truncate(64);
    out
}

/// Semantic Versioning 2.0: `MAJOR.MINOR.PATCH`, numbers without leading zeros, then an
/// optional `-pre.release` and `+build` of dot-separated `[0-9A-Za-z-]` identifiers.
fn is_semver(version: &str) -> bool {
    let (rest, build) = match version.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0')) && s.len() <= 19;
    let ident = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(|p| p.split('.').all(|i| ident(i) && (!i.bytes().all(|b| b.is_ascii_digit()) || number(i))))
        && build.is_none_or(|b| b.split('.').all(ident))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_semver() {
        for ok in ["0.1.0", "1.2.3", "10.20.30", "1.0.0-alpha.1", "1.0.0+build.5", "1.0.0-rc-1+x"] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in ["", "1", "1.0", "v1.0.0", "1.0.0\n", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0 beta", "1.0.0-a..b", "\"1.0.0"] {
            assert!(!is_semver(bad), "{bad:?}");
        }
    }

    #[test]
    fn crate_names_are_valid() {
        assert_eq!(crate_name("hubspot-custom-channels"), "hubspot-custom-channels");
        assert_eq!(crate_name("my api\n\"x\""), "my-api--x");
        assert_eq!(crate_name("3d"), "api-3d");
        assert_eq!(crate_name(""), "api");
        assert_eq!(crate_name("fn"), "fn-client");
        assert_eq!(crate_name("test"), "test-client");
    }
}
