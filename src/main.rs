//! Mounts the console; everything else lives in the library.

fn main() {
    console_error_panic_hook_install();
    leptos::mount::mount_to_body(mwcloud_console::App);
}

/// Panics should never happen; if one does, say so in the browser console.
fn console_error_panic_hook_install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
