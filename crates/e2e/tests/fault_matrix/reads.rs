//! Reads misbehaving: faulty replies, a hang, an expired session, a stopped server — the
//! fleet and the selection are kept and the console recovers.

use super::*;

#[tokio::test]
async fn read_faults_keep_the_fleet_and_clear_on_the_next_read() {
    let console = prepared().await;
    let cloud = &console.cloud;
    for (mode, words) in [
        (FaultMode::Http500, "HTTP 500"),
        (FaultMode::Html, "not readable data"),
        (FaultMode::Malformed, "not readable data"),
        (FaultMode::Truncated, "not readable data"),
        (FaultMode::WrongType, "did not have the expected content"),
    ] {
        cloud.set_fault(fault(Some(mode), DEVS));
        console.fleet().refresh().await;
        let notice = console.fleet().read_error().when(|t| t.contains(words)).await;
        assert!(notice.contains("showing the list read at"), "{notice}");
        still_selected(&console).await;
        console.fleet().refresh().await;
        assert!(console.fleet().read_error().gone().await, "{mode:?} lifted");
    }
    console.upgrade().confirm_label_when(|t| t == "Upgrade 2 devices to 1.5.178").await;
    console.close().await;
}

#[tokio::test]
async fn a_hang_times_out_and_the_console_recovers() {
    let console = prepared().await;
    console.cloud.set_fault(fault(Some(FaultMode::Hang), DEVS));
    console.fleet().refresh().await;
    console.fleet().read_error().within(40, |t| t.contains("did not answer within 20 s")).await;
    still_selected(&console).await;
    console.fleet().refresh().await;
    console.fleet().counts_when(|t| t.ends_with("2 selected")).await;
    console.close().await;
}

#[tokio::test]
async fn sessions_expiring_between_review_and_confirm_lose_nothing() {
    let console = prepared().await;
    let cloud = &console.cloud;
    cloud.state.sim().sessions.expire_all();
    console.upgrade().confirm().await;
    console.login().dialog_title().when(|t| t == "Your session has ended").await;
    assert_eq!(
        cloud.state.requests_for(START),
        0,
        "the check just before sending found the session ended: nothing sent"
    );
    console.login().log_in("Admin", "Admin").await;
    let label = console.upgrade().confirm_label_when(|t| t.starts_with("Upgrade")).await;
    assert_eq!(label, "Upgrade 2 devices to 1.5.178", "review kept");
    assert_eq!(cloud.state.requests_for(START), 0, "not sent by itself");
    console.upgrade().confirm().await;
    console.run().outcome_counts_when(|t| t.starts_with("2 started")).await;
    assert_eq!(cloud.state.requests_for(START), 1);
    console.close().await;
}

#[tokio::test]
async fn a_stopped_server_is_reported_and_the_console_resumes() {
    let mut console = prepared().await;
    console.cloud.stop().await;
    console.fleet().refresh().await;
    console.fleet().read_error().within(30, |t| t.contains("could not be reached")).await;
    still_selected(&console).await;
    console.cloud.restart().await;
    console.fleet().refresh().await;
    assert!(console.fleet().read_error().gone().await, "the error clears once the server is back");
    console.upgrade().confirm().await;
    console.run().outcome_counts_when(|t| t.starts_with("2 started")).await;
    console.close().await;
}
