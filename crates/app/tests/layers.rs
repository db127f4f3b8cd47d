//! The layers keep their one-way dependencies (docs/architecture.md): sie ← core ← store ← app ←
//! web, cli. Read from `cargo metadata` and from the sources, so that a change that crosses a
//! layer fails here rather than in a review.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every workspace package with its declared dependencies: (name, kind) where kind is
/// `normal`, `dev` or `build`.
fn packages() -> Vec<(String, Vec<(String, String)>)> {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON");
    meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .map(|d| {
                    (
                        d["name"].as_str().unwrap_or_default().to_owned(),
                        d["kind"].as_str().unwrap_or("normal").to_owned(),
                    )
                })
                .collect();
            (p["name"].as_str().unwrap_or_default().to_owned(), deps)
        })
        .collect()
}

fn deps_of(name: &str) -> Vec<(String, String)> {
    packages()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| d)
        .unwrap_or_else(|| panic!("no package {name}"))
}

/// The layers, lowest first. A crate may depend only on crates below it.
const LAYERS: [&str; 6] = [
    "finsam-sie",
    "finsam-core",
    "finsam-store",
    "finsam-app",
    "finsam-web",
    "finsam-cli",
];

#[test]
fn dependencies_run_one_way() {
    for (i, name) in LAYERS.iter().enumerate() {
        for (dep, kind) in deps_of(name) {
            if let Some(j) = LAYERS.iter().position(|l| *l == dep) {
                assert!(
                    j < i,
                    "{name} depends on {dep} ({kind}), which is not below it"
                );
            }
        }
    }
}

#[test]
fn app_does_not_depend_on_web() {
    assert!(
        deps_of("finsam-app")
            .iter()
            .all(|(d, _)| d != "finsam-web" && d != "axum"),
        "the use cases know nothing of HTTP"
    );
}

#[test]
fn core_keeps_to_its_dependencies() {
    // schemars: the report structs describe their JSON (decision record 0005), as serde
    // writes it; neither does any input or output of its own.
    let allowed: BTreeSet<&str> = [
        "finsam-sie",
        "serde",
        "schemars",
        "toml",
        "time",
        "thiserror",
    ]
    .into();
    for (dep, kind) in deps_of("finsam-core") {
        if kind == "normal" {
            assert!(
                allowed.contains(dep.as_str()),
                "finsam-core depends on {dep}; the domain's dependencies are {allowed:?}"
            );
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("reads the folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources(krate: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(
        &workspace().join("crates").join(krate).join("src"),
        &mut files,
    );
    assert!(!files.is_empty(), "crates/{krate}/src has Rust files");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("reads the source");
            (p, text)
        })
        .collect()
}

#[test]
fn core_does_no_io() {
    for (path, text) in sources("core") {
        for banned in ["std::fs", "std::net", "tokio", "std::process"] {
            assert!(
                !text.contains(banned),
                "{} uses {banned}; the domain never does IO",
                path.display()
            );
        }
    }
}

/// What the command line may use of the web crate: what starts the server.
const CLI_USES_OF_WEB: [&str; 2] = ["AppState", "serve"];

/// The names used after `finsam_web::` in a source text, including those in `{…}` groups.
fn web_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in text.match_indices("finsam_web::") {
        let rest = &text[at + "finsam_web::".len()..];
        let group = if let Some(inner) = rest.strip_prefix('{') {
            &inner[..inner.find('}').unwrap_or(inner.len())]
        } else {
            &rest[..rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len())]
        };
        for name in group.split(',') {
            let first = name.trim().split("::").next().unwrap_or_default();
            if !first.is_empty() {
                names.insert(first.to_owned());
            }
        }
    }
    names
}

#[test]
fn the_cli_uses_of_web_only_what_starts_the_server() {
    let mut used = BTreeSet::new();
    for (_, text) in sources("cli") {
        used.extend(web_names(&text));
    }
    assert!(!used.is_empty(), "the CLI starts the server through web");
    for name in &used {
        assert!(
            CLI_USES_OF_WEB.contains(&name.as_str()),
            "the CLI uses finsam_web::{name}; only {CLI_USES_OF_WEB:?} are allowed, the rest goes through finsam-app"
        );
    }
}

#[test]
fn the_name_scanner_finds_groups_and_paths() {
    let names = web_names("use finsam_web::{AppState, demo};\nfinsam_web::actuals::import(x)");
    assert_eq!(
        names,
        ["AppState", "actuals", "demo"]
            .map(str::to_owned)
            .into_iter()
            .collect()
    );
}

#[test]
fn report_renders_core_and_nothing_else_of_finsam() {
    for (dep, kind) in deps_of("finsam-report") {
        if dep.starts_with("finsam-") && kind == "normal" {
            assert_eq!(
                dep, "finsam-core",
                "finsam-report renders core's report structs; it depends on no other layer"
            );
        }
    }
}
