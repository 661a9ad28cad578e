//! The module graph of a crate, read from its sources, and the import circles in it: the
//! workspace's architecture tests use it so that no two modules need each other.
//!
//! A module and the modules inside it are one unit: what `a::b` uses of `a` (or `a` of
//! `a::b`) is the unit's own business. Between units it is not: when `a::x` uses `b::y`,
//! `a` depends on `b` — the use is lifted to the two sibling modules under the place where
//! their paths part. A circle is a set of siblings that depend on each other, directly or
//! around. Tests and comments are left out — `tests.rs`, what follows `#[cfg(test)]` in a
//! file, and any module declared under a `#[cfg(…)]` that names `test` (property tests,
//! the shared test fixtures): tests may reach anywhere, as dev-dependencies may.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module's path from the crate root (`[]` is the root).
pub type ModulePath = Vec<String>;

/// Every module of the crate whose root file is `src/lib.rs` under `src`, with what its
/// code names: the `crate::…` and `super::…` paths, resolved to modules.
pub fn uses(src: &Path) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
    let mut files = Vec::new();
    sources(src, src, &mut files);
    let for_tests: Vec<ModulePath> = files
        .iter()
        .flat_map(|(module, path)| {
            let text = fs::read_to_string(path).unwrap_or_default();
            test_modules(&text).into_iter().map(move |name| [module.clone(), vec![name]].concat())
        })
        .collect();
    files.retain(|(module, _)| !for_tests.iter().any(|test| module.starts_with(test)));
    let modules: BTreeSet<ModulePath> = files.iter().map(|(m, _)| m.clone()).collect();
    files
        .iter()
        .map(|(module, path)| {
            let code = code(&fs::read_to_string(path).unwrap_or_default());
            let named = references(&code, module)
                .into_iter()
                .filter_map(|path| resolve(&path, &modules))
                .collect();
            (module.clone(), named)
        })
        .collect()
}

/// The circles among the crate's modules, each as its members joined by " ⇄ "
/// ("fleet ⇄ groups"); empty when there are none.
pub fn circles(src: &Path) -> Vec<String> {
    let mut depends: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
    for (from, targets) in uses(src) {
        for to in targets {
            if let Some((a, b)) = lift(&from, &to) {
                depends.entry(a).or_default().insert(b);
            }
        }
    }
    strongly_connected(&depends)
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(|group| group.iter().map(|m| m.join("::")).collect::<Vec<_>>().join(" ⇄ "))
        .collect()
}

/// The crate's module files below `dir`, with their module paths; tests and other crates
/// (`main.rs`, `bin/`) left out.
fn sources(root: &Path, dir: &Path, found: &mut Vec<(ModulePath, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if name != "bin" {
                sources(root, &path, found);
            }
            continue;
        }
        if !name.ends_with(".rs") || matches!(name, "tests.rs" | "main.rs") {
            continue;
        }
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let mut module: ModulePath = relative
            .iter()
            .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
            module.pop();
        }
        found.push((module, path));
    }
}

/// The modules `text` declares only for tests: `mod name;` right after a `#[cfg(…)]` that
/// names `test` (`#[cfg(test)]`, `#[cfg(all(test, …))]`, `#[cfg(any(test, …))]`).
fn test_modules(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut gated = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with("#[cfg(") {
            gated = line.split(|c: char| !is_ident(c)).any(|word| word == "test");
            continue;
        }
        if line.is_empty() || line.starts_with("//") || line.starts_with("#[") {
            continue;
        }
        let declared = line.strip_prefix("pub ").unwrap_or(line);
        let declared = declared.strip_prefix("pub(crate) ").unwrap_or(declared);
        if gated && let Some(name) = declared.strip_prefix("mod ").and_then(|d| d.strip_suffix(';'))
        {
            found.push(name.trim().to_string());
        }
        gated = false;
    }
    found
}

/// The code without its tests and comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths named in `code` as `crate::a::b…` or `super::…::a…`, made absolute
/// for code in `module`. Each path is every segment up to the first that is not a name
/// (a brace, a star, a call); [`resolve`] then finds which of them is a module.
fn references(code: &str, module: &ModulePath) -> Vec<ModulePath> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != ':';
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let (mut path, mut at) = if starts_word && rest.starts_with("crate::") {
            (ModulePath::new(), i + 7)
        } else if starts_word && rest.starts_with("super::") {
            let mut base = module.clone();
            let mut at = i;
            loop {
                let next: String = bytes[at..bytes.len().min(at + 7)].iter().collect();
                if next != "super::" {
                    break;
                }
                base.pop();
                at += 7;
            }
            (base, at)
        } else {
            i += 1;
            continue;
        };
        loop {
            let start = at;
            while at < bytes.len() && is_ident(bytes[at]) {
                at += 1;
            }
            if at == start {
                break;
            }
            path.push(bytes[start..at].iter().collect());
            let sep: String = bytes[at..bytes.len().min(at + 2)].iter().collect();
            if sep != "::" {
                break;
            }
            at += 2;
        }
        found.push(path);
        i = at.max(i + 1);
    }
    found
}

/// The longest prefix of `path` that is a module of the crate.
fn resolve(path: &ModulePath, modules: &BTreeSet<ModulePath>) -> Option<ModulePath> {
    (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|prefix| modules.contains(prefix))
}

/// A use of `to` by `from`, as a dependency between the two siblings under the place where
/// their paths part; `None` within one unit (one path inside the other).
fn lift(from: &ModulePath, to: &ModulePath) -> Option<(ModulePath, ModulePath)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((from[..=common].to_vec(), to[..=common].to_vec()))
}

/// Tarjan's strongly connected components of the dependency graph.
fn strongly_connected(graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<Vec<ModulePath>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<ModulePath, BTreeSet<ModulePath>>,
        index: BTreeMap<&'a ModulePath, usize>,
        low: BTreeMap<&'a ModulePath, usize>,
        stack: Vec<&'a ModulePath>,
        on_stack: BTreeSet<&'a ModulePath>,
        groups: Vec<Vec<ModulePath>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, node: &'a ModulePath) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut group = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    group.push(member.clone());
                    if member == node {
                        break;
                    }
                }
                group.sort();
                self.groups.push(group);
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    let nodes: Vec<&ModulePath> = graph.keys().chain(graph.values().flatten()).collect();
    for node in nodes {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> ModulePath {
        text.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect()
    }

    #[test]
    fn paths_are_read_from_crate_and_super_uses() {
        let code = "use crate::state::{Fleet, Batch};\nuse super::super::api::lists;\n\
                    fn f() { crate::domain::text::isolate(x); let y = supercrate::z; }";
        assert_eq!(
            references(code, &path("ui::fleet::table")),
            vec![path("state"), path("ui::api::lists"), path("domain::text::isolate"),]
        );
    }

    #[test]
    fn uses_inside_one_unit_are_not_dependencies_and_others_are_lifted_to_siblings() {
        assert_eq!(lift(&path("state::history::runs"), &path("state::history")), None);
        assert_eq!(lift(&path("state"), &path("state::fleet")), None);
        assert_eq!(
            lift(&path("state::batch"), &path("state::fleet::x")),
            Some((path("state::batch"), path("state::fleet")))
        );
        assert_eq!(
            lift(&path("ui::fleet"), &path("domain::text")),
            Some((path("ui"), path("domain")))
        );
    }

    #[test]
    fn a_circle_is_found_and_a_chain_is_not() {
        let mut graph = BTreeMap::new();
        graph.insert(path("a"), BTreeSet::from([path("b")]));
        graph.insert(path("b"), BTreeSet::from([path("c")]));
        graph.insert(path("c"), BTreeSet::from([path("a")]));
        graph.insert(path("d"), BTreeSet::from([path("a")]));
        let groups: Vec<_> =
            strongly_connected(&graph).into_iter().filter(|g| g.len() > 1).collect();
        assert_eq!(groups, vec![vec![path("a"), path("b"), path("c")]]);
    }

    #[test]
    fn modules_declared_for_tests_are_found() {
        let text = "mod a;\n#[cfg(test)]\nmod tests;\n#[cfg(all(test, not(target_arch = \"wasm32\")))]\nmod properties;\n#[cfg(any(test, feature = \"testing\"))]\npub mod testing;\n#[cfg(feature = \"x\")]\nmod latest;\npub mod b;";
        assert_eq!(test_modules(text), ["tests", "properties", "testing"]);
    }

    #[test]
    fn comments_and_tests_are_left_out() {
        let text = "use crate::a; // crate::b\n#[cfg(test)]\nmod tests { use crate::c; }";
        assert_eq!(references(&code(text), &path("x")), vec![path("a")]);
    }
}
