//! Mounts the console; everything else lives in the library.

fn main() {
    console_error_panic_hook_install();
    leptos::mount::mount_to_body(mwcloud_console::App);
    // The static shell of index.html stood in until now; the console has drawn its first
    // screen, laid out the same, in its place. Hidden rather than removed: what the
    // administrator saw first stays the page's largest paint (a removed node would make the
    // browser count the console's identical heading as a new, later one).
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        let _ = shell.set_attribute("hidden", "");
    }
}

/// Panics should never happen; if one does, say so in the browser console. (The release
/// build aborts at once, without a message: `-Cpanic=immediate-abort`, see
/// scripts/build_release.py.)
fn console_error_panic_hook_install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
