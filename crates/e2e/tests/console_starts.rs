//! The release build (wasm-opt included) starts in a real browser on the simulator's origin,
//! under its Content-Security-Policy (no inline script, everything from 'self').

use cloud_sim::config::SimConfig;
use console_e2e::Console;

#[tokio::test]
async fn release_console_starts_in_chromium_on_the_simulators_origin() {
    let console = Console::open(SimConfig::default()).await;
    let page = console.document();
    assert_eq!(page.heading().await, "Magewell Cloud · Firmware console");
    // The static shell said "Loading the console…" before the wasm ran; the app took its
    // place without moving anything.
    assert_eq!(page.shell().await, (true, true), "hidden, after saying so");
    assert_eq!(page.layout_shift().await, 0.0, "no layout shift as the app takes over");
    // The release build's assets arrive compressed (the .br / .gz the build wrote).
    let (sent, size) = page.wasm_transfer().await;
    assert!(sent * 2.0 < size, "the wasm came compressed: {sent} of {size} bytes");
    // A first visit without a session: the form, its first box focused, and no
    // "your session has ended" for a session that never was.
    console.login().title().text().await;
    assert_eq!(page.focused().await, "login-user");
    let said = page.announced_now().await;
    assert!(!said.contains("session"), "{said}");
    let policy = page.security_policy().await;
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    assert_eq!(page.inline_scripts().await, 0, "no inline script for the policy to block");
    assert_eq!(
        page.background().await,
        "rgb(244, 246, 248)",
        "the stylesheet applied under the policy"
    );
    console.close().await;
}
