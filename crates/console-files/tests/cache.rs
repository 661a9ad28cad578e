//! Which files a browser may keep for good.

use console_files::cache_policy;

#[test]
fn hashed_names_are_kept_for_good_and_the_rest_checked_again() {
    let forever = "public, max-age=31536000, immutable";
    assert_eq!(cache_policy("/main-7d1becc60754286f.css"), forever);
    assert_eq!(cache_policy("/mwcloud-console-ce277eddce42157a_bg.wasm"), forever);
    assert_eq!(cache_policy("/mwcloud-console-ce277eddce42157a.js"), forever);
    assert_eq!(cache_policy("/boot-26f9e696e01ef606.js"), forever);
    // The split build's pieces, shared chunks and their loader.
    assert_eq!(cache_policy("/split_workspace-040f3b211106f771.wasm"), forever);
    assert_eq!(cache_policy("/chunk_27-ed9187fbbb4f0b55.wasm"), forever);
    assert_eq!(cache_policy("/__wasm_split-02d81829898048be.js"), forever);
    assert_eq!(
        cache_policy("/main-c46a2b6d0aa49e2.css"),
        forever,
        "a hash whose leading zero trunk left out"
    );
    assert_eq!(cache_policy("/my-app.js"), "no-cache");
    assert_eq!(cache_policy("/index.html"), "no-cache");
    assert_eq!(cache_policy("/"), "no-cache");
    assert_eq!(cache_policy("/runs/12"), "no-cache");
    assert_eq!(cache_policy("/result-codes.json"), "no-cache");
    assert_eq!(cache_policy("/campaigns/new"), "no-cache");
}
