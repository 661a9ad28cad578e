//! The split release build on the wire: what the first screen fetches (the login; then the
//! overview and the fleet, which come with the workspace, after logging in), what the work
//! beyond it fetched right after adds, what each page opened later adds, and how long a
//! second page takes to open.
//!
//! The bytes are those the server sends (the brotli files the build wrote), taken from the
//! build's own loader (`__wasm_split-….js`: each piece, and the shared chunks it needs);
//! the login screen's are also measured in the browser, by its resource timings.

use std::collections::BTreeSet;
use std::path::Path;

use fantoccini::Client;

use crate::Row;

/// A piece of the build: its file and the shared chunks it needs.
struct Piece {
    name: String,
    files: BTreeSet<String>,
}

/// The pieces the loader in `dist` names, and the files of the login screen.
fn pieces(dist: &Path) -> (BTreeSet<String>, Vec<Piece>) {
    let names: Vec<String> = std::fs::read_dir(dist)
        .expect("dist/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let loader_name = names
        .iter()
        .find(|n| n.starts_with("__wasm_split-") && n.ends_with(".js"))
        .expect("a split build (scripts/build_release.py)");
    let loader = std::fs::read_to_string(dist.join(loader_name)).expect("the loader");
    // `const __chunk_7 = makeLoad(() => { const src = fetch(new URL("./chunk_7-….wasm"…`
    let file_after = |text: &str| -> String {
        let from = text.find("new URL(\"./").expect("a file") + "new URL(\"./".len();
        text[from..].split('"').next().unwrap_or_default().to_string()
    };
    let mut chunks = std::collections::HashMap::new();
    for part in loader.split("const __chunk_").skip(1) {
        let id = part.split_whitespace().next().unwrap_or_default();
        chunks.insert(format!("__chunk_{id}"), file_after(part));
    }
    let mut found = Vec::new();
    for part in loader.split("export const __wasm_split_load_").skip(1) {
        let name = part.split_whitespace().next().unwrap_or_default().to_string();
        let mut files = BTreeSet::from([file_after(part)]);
        let deps = part.rsplit_once(", [").map(|(_, d)| d).unwrap_or_default();
        for dep in deps.split(']').next().unwrap_or_default().split(',') {
            if let Some(file) = chunks.get(dep.trim()) {
                files.insert(file.clone());
            }
        }
        found.push(Piece { name, files });
    }
    let login: BTreeSet<String> = names
        .into_iter()
        .filter(|n| {
            n == "index.html"
                || (n.ends_with(".css") || n.ends_with(".js") || n.ends_with("_bg.wasm"))
                    && !n.contains(".br")
                    && !n.contains(".gz")
        })
        .collect();
    (login, found)
}

/// Bytes the server sends for `files` (their .br).
fn brotli_kb(dist: &Path, files: &BTreeSet<String>) -> f64 {
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(dist.join(format!("{f}.br"))).map_or(0, |m| m.len()))
        .sum();
    bytes as f64 / 1024.0
}

/// The rows of bytes: the login screen, the first screen after logging in, each page after.
pub fn byte_rows(dist: &Path) -> Vec<Row> {
    let (login, pieces) = pieces(dist);
    let workspace = pieces.iter().find(|p| p.name == "workspace").expect("the workspace piece");
    let login_kb = brotli_kb(dist, &login);
    let first: BTreeSet<String> = login.union(&workspace.files).cloned().collect();
    let first_kb = brotli_kb(dist, &first);
    let mut rows = vec![
        Row::new(
            "first screen: login, the console's files (brotli)",
            "≤ 150 KB",
            format!("{login_kb:.1} KB ({} files)", login.len()),
            Some(login_kb <= 150.0),
        ),
        Row::new(
            "first screen: login + overview + fleet (brotli)",
            "≤ 250 KB",
            format!(
                "{first_kb:.1} KB (the workspace: {:.1} KB in {} files)",
                first_kb - login_kb,
                workspace.files.len()
            ),
            Some(first_kb <= 250.0),
        ),
    ];
    // The work beyond the first screen comes right after it, whatever page is opened: a
    // page's own bytes are those beyond both.
    let work = pieces.iter().find(|p| p.name == "work").expect("the work piece");
    let after: BTreeSet<String> = work.files.difference(&first).cloned().collect();
    rows.push(Row::new(
        "after the first screen, fetched at once: the history, following runs, campaigns (brotli)",
        "reported",
        format!("+{:.1} KB ({} files)", brotli_kb(dist, &after), after.len()),
        None,
    ));
    let before_pages: BTreeSet<String> = first.union(&work.files).cloned().collect();
    for piece in pieces.iter().filter(|p| !["workspace", "work"].contains(&p.name.as_str())) {
        let more: BTreeSet<String> = piece.files.difference(&before_pages).cloned().collect();
        rows.push(Row::new(
            page_words(&piece.name),
            "reported",
            format!("+{:.1} KB ({} files)", brotli_kb(dist, &more), more.len()),
            None,
        ));
    }
    rows
}

/// What a piece is, in a row's words.
fn page_words(piece: &str) -> &'static str {
    match piece {
        "record_pages" => "opened later: the history, runs, campaigns, the planner (brotli)",
        "tool_pages" => "opened later: a device's page, the library, the Cloud check (brotli)",
        _ => "opened later: another piece (brotli)",
    }
}

/// The console's own files fetched until the measure `until` ended (not the Cloud's or the
/// record's answers), as sent: the browser's count of the login screen.
pub async fn code_on_the_wire_until(client: &Client, until: &str) -> f64 {
    let script = format!(
        "const end = performance.getEntriesByName({until:?}, 'measure')[0]; \
         const limit = end ? end.startTime + end.duration : Infinity; \
         return performance.getEntriesByType('navigation') \
           .concat(performance.getEntriesByType('resource')) \
           .filter(e => e.startTime <= limit && !/\\/(sc_cloud|record|__sim)\\//.test(e.name)) \
           .reduce((sum, e) => sum + e.transferSize, 0)"
    );
    let bytes = client.execute(&script, vec![]).await.expect("transfer sizes");
    bytes.as_f64().unwrap_or(f64::NAN) / 1024.0
}

/// Milliseconds from a click on the top bar's link to `path` until the page's heading
/// `heading` is on the page (a `MutationObserver` sees it arrive).
pub async fn open_from_top_bar(client: &Client, path: &str, heading: &str) -> f64 {
    let script = format!(
        "const done = arguments[arguments.length - 1]; \
         const shown = () => [...document.querySelectorAll('main.workspace h2')] \
           .some(h => h.textContent.trim() === {heading:?}); \
         const start = performance.now(); \
         const watch = new MutationObserver(() => {{ \
           if (shown()) {{ watch.disconnect(); done(performance.now() - start); }} \
         }}); \
         watch.observe(document.body, {{ childList: true, subtree: true, characterData: true }}); \
         document.querySelector(\".topbar nav a[href='{path}']\").click();"
    );
    let elapsed = client.execute_async(&script, vec![]).await.expect("the page opened");
    elapsed.as_f64().unwrap_or(f64::NAN)
}
