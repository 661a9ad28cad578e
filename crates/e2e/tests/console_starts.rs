//! The release build (wasm-opt included) starts in a real browser on the simulator's origin,
//! under its Content-Security-Policy (no inline script, everything from 'self').

use cloud_sim::config::SimConfig;
use console_e2e::Console;
use fantoccini::Locator;

#[tokio::test]
async fn release_console_starts_in_chromium_on_the_simulators_origin() {
    let console = Console::open(SimConfig::default()).await;
    let browser = &console.browser;
    let heading = browser
        .client
        .wait()
        .for_element(Locator::Css("main:not(#shell) h1"))
        .await
        .expect("the app renders its heading");
    assert_eq!(
        heading.text().await.unwrap(),
        "Magewell Cloud · Firmware console"
    );
    // The static shell said "Loading the console…" before the wasm ran; the app took its
    // place without moving anything.
    let shell = browser
        .client
        .execute(
            "const s = document.getElementById('shell'); \
             return [s.hidden, s.textContent.includes('Loading the console')]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shell, serde_json::json!([true, true]));
    let shifted = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             new PerformanceObserver(l => done(l.getEntries().reduce((a, e) => a + e.value, 0))) \
               .observe({type: 'layout-shift', buffered: true}); \
             setTimeout(() => done(0), 500);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        shifted.as_f64(),
        Some(0.0),
        "no layout shift as the app takes over"
    );
    // The release build's assets arrive compressed (the .br / .gz the build wrote).
    let wasm = browser
        .client
        .execute(
            "const e = performance.getEntriesByType('resource').find(r => r.name.endsWith('.wasm')); \
             return [e.encodedBodySize, e.decodedBodySize]",
            vec![],
        )
        .await
        .unwrap();
    let (sent, size) = (wasm[0].as_f64().unwrap(), wasm[1].as_f64().unwrap());
    assert!(
        sent * 2.0 < size,
        "the wasm came compressed: {sent} of {size} bytes"
    );
    // A first visit without a session: the form, its first box focused, and no
    // "your session has ended" for a session that never was.
    console_e2e::wait_for_text(&browser.client, "#login-title", |t| !t.is_empty()).await;
    let focused = browser
        .client
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "login-user");
    let said = browser
        .client
        .execute(
            "return document.querySelector('[data-testid=live]').textContent",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        !said.as_str().unwrap_or_default().contains("session"),
        "{said}"
    );
    let policy = browser
        .client
        .execute(
            "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content",
            vec![],
        )
        .await
        .unwrap();
    let policy = policy.as_str().unwrap_or_default().to_string();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{policy}"
    );
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    let inline_scripts = browser
        .client
        .execute(
            "return document.querySelectorAll('script:not([src])').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        inline_scripts, 0,
        "no inline script for the policy to block"
    );
    let background = browser
        .client
        .execute(
            "return getComputedStyle(document.documentElement).backgroundColor",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        background, "rgb(244, 246, 248)",
        "the stylesheet applied under the policy"
    );
    console.close().await;
}
