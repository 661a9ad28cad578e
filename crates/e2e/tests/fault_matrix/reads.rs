//! Reads misbehaving: faulty replies, a hang, an expired session, a stopped server — the
//! fleet and the selection are kept and the console recovers.

use super::*;

#[tokio::test]
async fn read_faults_keep_the_fleet_and_clear_on_the_next_read() {
    let console = prepared().await;
    let (cloud, client) = (&console.cloud, console.client());
    for (mode, words) in [
        (FaultMode::Http500, "HTTP 500"),
        (FaultMode::Html, "not readable data"),
        (FaultMode::Malformed, "not readable data"),
        (FaultMode::Truncated, "not readable data"),
        (FaultMode::WrongType, "did not have the expected content"),
    ] {
        cloud.set_fault(fault(Some(mode), DEVS));
        console.fleet().refresh().await;
        let notice = wait_for_text(client, ".fleet .notice-error", |t| t.contains(words)).await;
        assert!(notice.contains("showing the list read at"), "{notice}");
        still_selected(client).await;
        console.fleet().refresh().await;
        assert!(
            gone(client, ".fleet .notice-error").await,
            "{mode:?} lifted"
        );
    }
    wait_for_text(client, "[data-testid=confirm-upgrade]", |t| {
        t == "Upgrade 2 devices to 1.5.178"
    })
    .await;
    console.close().await;
}

#[tokio::test]
async fn a_hang_times_out_and_the_console_recovers() {
    let console = prepared().await;
    let (cloud, client) = (&console.cloud, console.client());
    cloud.set_fault(fault(Some(FaultMode::Hang), DEVS));
    console.fleet().refresh().await;
    wait_for_text_within(client, ".fleet .notice-error", 40, |t| {
        t.contains("did not answer within 20 s")
    })
    .await;
    still_selected(client).await;
    console.fleet().refresh().await;
    wait_for_text(client, "[data-testid=fleet-counts]", |t| {
        t.ends_with("2 selected")
    })
    .await;
    console.close().await;
}

#[tokio::test]
async fn sessions_expiring_between_review_and_confirm_lose_nothing() {
    let console = prepared().await;
    let (cloud, client) = (&console.cloud, console.client());
    cloud.state.sim().sessions.expire_all();
    console.upgrade().confirm().await;
    wait_for_text(client, ".session-dialog[open] #login-title", |t| {
        t == "Your session has ended"
    })
    .await;
    assert_eq!(
        cloud.state.requests_for(START),
        0,
        "the check just before sending found the session ended: nothing sent"
    );
    log_in(client, "Admin", "Admin").await;
    let label = wait_for_text(client, "[data-testid=confirm-upgrade]", |t| {
        t.starts_with("Upgrade")
    })
    .await;
    assert_eq!(label, "Upgrade 2 devices to 1.5.178", "review kept");
    assert_eq!(cloud.state.requests_for(START), 0, "not sent by itself");
    console.upgrade().confirm().await;
    console
        .run()
        .outcome_counts_when(|t| t.starts_with("2 started"))
        .await;
    assert_eq!(cloud.state.requests_for(START), 1);
    console.close().await;
}

#[tokio::test]
async fn a_stopped_server_is_reported_and_the_console_resumes() {
    let mut console = prepared().await;
    let client = console.browser.client.clone();
    let client = &client;
    console.cloud.stop().await;
    console.fleet().refresh().await;
    wait_for_text_within(client, ".fleet .notice-error", 30, |t| {
        t.contains("could not be reached")
    })
    .await;
    still_selected(client).await;
    console.cloud.restart().await;
    console.fleet().refresh().await;
    assert!(
        gone(client, ".fleet .notice-error").await,
        "the error clears once the server is back"
    );
    console.upgrade().confirm().await;
    console
        .run()
        .outcome_counts_when(|t| t.starts_with("2 started"))
        .await;
    console.close().await;
}
