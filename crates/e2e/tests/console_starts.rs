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

/// The fleet (which also says whether a session is open) is asked for by the page itself,
/// while the console's code is still on the way, and the console takes that reply: the
/// Cloud is asked once, whether the browser has a session or not.
#[tokio::test]
async fn the_fleet_is_asked_for_once_as_the_page_opens_before_the_console_code_runs() {
    let console = Console::open(SimConfig::default()).await;
    let page = console.document();
    console.login().title().text().await;
    assert_eq!(page.initiators_of("/scapi/get-devs").await, ["link"], "no session: asked once");

    console.log_in("Admin", "Admin").await;
    console.fleet().wait_read().await;
    console.go("fleet").await;
    let read = console.fleet().wait_read().await;
    assert!(read.starts_with("60 devices"), "{read}");
    assert_eq!(
        page.initiators_of("/scapi/get-devs").await,
        ["link"],
        "the page's request is the console's: the fleet was not asked for again"
    );
    console.close().await;
}

/// The release build is split: a page's code comes when the page is first opened. When it
/// cannot be fetched, the page says so — never a blank page — and the next try (its
/// button, or opening the page again) fetches it afresh: a failure is not kept.
#[tokio::test]
async fn a_page_whose_code_cannot_be_fetched_says_so_and_the_next_try_loads_it() {
    let console = Console::open(SimConfig::default()).await;
    let page = console.document();
    // Refused from the start: fetching ahead (once the fleet is drawn) fails quietly too.
    page.refuse_fetching("split_tool_pages").await;
    page.refuse_fetching("split_record_pages").await;
    console.log_in("Admin", "Admin").await;

    console.top_bar().open("/check").await;
    let said = page.piece_missing().text().await;
    assert!(
        said.contains(
            "The code of the Cloud check could not be fetched: the network or the console's \
             server did not answer. Nothing you did is lost."
        ),
        "{said}"
    );
    assert_eq!(console.top_bar().current().await, "Cloud check", "still on its page");
    // Its button tries again: refused, said again; allowed, the page comes.
    page.try_again().click().await;
    page.piece_missing().text().await;
    page.allow_fetching("split_tool_pages").await;
    page.try_again().click().await;
    console.check().run().await;
    console.check().summary().text().await;
    assert!(page.piece_missing().gone().await, "the notice left with the page's arrival");

    // Opening a page again tries again too (the history's piece: the records).
    console.top_bar().open("/runs").await;
    let said = page.piece_missing().text().await;
    assert!(said.contains("The code of the history could not be fetched"), "{said}");
    console.top_bar().open("/fleet").await;
    console.top_bar().open("/runs").await;
    page.piece_missing().text().await;
    page.allow_fetching("split_record_pages").await;
    console.top_bar().open("/fleet").await;
    console.top_bar().open("/runs").await;
    let shown = page.workspace().when(|t| t.contains("Runs and campaigns")).await;
    assert!(!shown.contains("Not loaded"), "{shown}");
    console.close().await;
}

/// The work beyond the first screen (the history, following runs, driving campaigns) is a
/// piece fetched as the workspace draws: the fleet does not wait for it. When it cannot be
/// fetched, every page says so and the fleet still works; once it can, the history opens.
#[tokio::test]
async fn the_fleet_works_while_the_history_and_following_cannot_be_fetched_and_says_so() {
    let console = Console::open(SimConfig::default()).await;
    let page = console.document();
    // `split_work-`: not the workspace (`split_workspace-`).
    page.refuse_fetching("split_work-").await;
    console.log_in("Admin", "Admin").await;
    console.fleet().wait_read().await;
    let said = page.work_missing().text().await;
    assert!(
        said.contains(
            "The code that opens your history, follows runs and drives campaigns could not be \
             fetched"
        ),
        "{said}"
    );
    assert!(said.contains("upgrades can be sent once it is here"), "{said}");
    // The history is not opened meanwhile, and says it is still reading.
    console.top_bar().open("/runs").await;
    let shown = page.workspace().when(|t| t.contains("Reading this browser's history")).await;
    assert!(shown.contains("Not loaded"), "said on every page: {shown}");

    page.allow_fetching("split_work-").await;
    page.work_try_again().click().await;
    assert!(page.work_missing().gone().await, "the notice left once the code came");
    let shown = page.workspace().when(|t| t.contains("No upgrades yet")).await;
    assert!(!shown.contains("Reading this browser's history"), "{shown}");
    console.close().await;
}

/// The workspace's code (the top bar, the overview, the fleet) is also what reads the
/// fleet's devices; the login screen's code only learns from the reply that the session is
/// open. When the workspace cannot be fetched, the screen says so; once it comes, the reply
/// that waited for it is read — the Cloud is not asked again.
#[tokio::test]
async fn a_fleet_reply_that_came_before_the_workspace_code_is_read_once_the_code_comes() {
    let console = Console::open(SimConfig::default()).await;
    let page = console.document();
    page.refuse_fetching("split_workspace-").await;
    console_e2e::log_in(console.client(), "Admin", "Admin").await;
    let said = page.piece_missing().text().await;
    assert!(said.contains("The code of the console's pages could not be fetched"), "{said}");
    // Asked at start (no session yet, the login form) and once logged in.
    let asked = page.requests_to("get-devs").await;
    assert_eq!(asked, 2, "the fleet was asked once logged in");

    page.allow_fetching("split_workspace-").await;
    page.try_again().click().await;
    let read = console.fleet().wait_read().await;
    assert!(read.starts_with("60 devices"), "{read}");
    assert!(page.piece_missing().gone().await, "the notice left with the workspace");
    assert_eq!(page.requests_to("get-devs").await, asked, "and not asked again");
    console.close().await;
}
