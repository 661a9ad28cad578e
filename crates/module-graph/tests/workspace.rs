//! No import circles anywhere in the workspace: in each crate, no two modules need each
//! other, directly or around (see the crate's documentation for what counts).

use std::path::Path;

#[test]
fn no_crate_of_the_workspace_has_an_import_circle() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let crates = [
        "src",
        "crates/sc-wire/src",
        "crates/cloud-sim/src",
        "crates/e2e/src",
        "crates/module-graph/src",
    ];
    let mut found = Vec::new();
    for src in crates {
        let dir = workspace.join(src);
        assert!(!module_graph::uses(&dir).is_empty(), "{src}: its modules were read");
        found.extend(
            module_graph::circles(&dir).into_iter().map(|circle| format!("{src}: {circle}")),
        );
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}
