//! The simulator is layered one way: `config` and `clock` are leaves, the simulated Cloud
//! sits on them and knows nothing of HTTP, and `http` sits on top. This reads the sources
//! and fails naming the file that reaches the wrong way.

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The source without its tests (they may reach anywhere) and without comments.
fn code(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("readable source");
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

#[test]
fn nothing_below_http_knows_about_http_and_the_leaves_depend_on_nothing() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(files.len() > 10, "the sources were found");
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src").to_path_buf();
        let code = code(&file);
        let name = relative.display().to_string();
        if name == "lib.rs" || name == "main.rs" || name.starts_with("http") {
            continue;
        }
        for http in ["crate::http", "axum", "tower"] {
            assert!(!code.contains(http), "{name} is below `http` but uses {http}");
        }
        if name == "config.rs" || name == "clock.rs" {
            assert!(!code.contains("crate::"), "{name} is a leaf but uses the crate");
        }
    }
}

#[test]
fn route_modules_share_helpers_through_guard_not_through_their_parent() {
    let routes = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http/routes");
    let mut files = Vec::new();
    sources(&routes, &mut files);
    for file in files.iter().filter(|f| !f.ends_with("mod.rs")) {
        let code = code(file);
        assert!(!code.contains("use super::"), "{} reaches its parent module", file.display());
    }
}
