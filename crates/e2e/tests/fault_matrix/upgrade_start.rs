//! `upgrade/start` misbehaving: a failed, garbled, unreadable, missing or repeated answer is
//! never resent and is followed to the truth.

use super::*;

#[tokio::test]
async fn a_failed_start_is_never_resent_and_the_next_one_works() {
    let console = prepared().await;
    let cloud = &console.cloud;
    // Faults that replace the answer before the Cloud acts: nothing starts.
    for (n, (mode, words)) in
        [(FaultMode::Http500, "HTTP 500"), (FaultMode::Html, "not readable data")]
            .into_iter()
            .enumerate()
    {
        cloud.set_fault(fault(Some(mode), START));
        console.upgrade().confirm().await;
        let notice = console.run().outcome_unknown().when(|t| t.contains(words)).await;
        assert!(notice.contains("It was not sent again"), "{notice}");
        assert_eq!(cloud.state.requests_for(START), n as u64 + 1, "one call per click, no retry");
        still_selected(&console).await;
        // The review closes on an unknown outcome; reopen it, as an administrator would.
        console.upgrade().open_review().await;
    }
    console.history().open().await;
    assert_eq!(console.history().rows().count().await, 2, "both calls are in the history");
    console.fleet().open().await;
    console.upgrade().confirm().await;
    console.run().outcome_counts_when(|t| t.starts_with("2 started")).await;
    assert_eq!(cloud.state.requests_for(START), 3);
    console.close().await;
}

#[tokio::test]
async fn a_garbled_start_answer_is_followed_to_the_truth() {
    // The Cloud acts, but its answer is malformed: the console cannot know, so it follows.
    let console = confirmed_under(fault(Some(FaultMode::Malformed), START)).await;
    console.run().outcome_unknown().when(|t| t.contains("not readable data")).await;
    verified_sent_once(&console).await;
    console.close().await;
}

#[tokio::test]
async fn an_unreadable_403_after_the_call_took_effect_is_an_unknown_outcome_followed_to_verified() {
    // A proxy answers 403 with a body the Cloud did not write, after the Cloud took the call.
    let console =
        confirmed_under(Fault { status: Some(403), ..fault(Some(FaultMode::Malformed), START) })
            .await;
    let notice = console.run().outcome_unknown().when(|t| t.contains("not allowed")).await;
    assert!(notice.contains("the session may have ended"), "{notice}");
    verified_sent_once(&console).await;
    assert!(console.login().form().gone().await, "the session was fine: no login asked");
    console.close().await;
}

#[tokio::test]
async fn missing_and_repeated_answers_are_flagged() {
    let console = confirmed_under(fault(Some(FaultMode::DetailsMissing), START)).await;
    let cloud = &console.cloud;
    let counts = console.run().outcome_counts_when(|t| t.contains("started")).await;
    assert_eq!(counts, "1 started · 0 already upgrading · 0 refused · 1 without answer");
    let table = console.run().outcome_table().await;
    assert!(table.contains("no answer from the Cloud"), "{table}");
    // The unanswered device did start; following it finds out.
    console.run().counts_within(40, |t| t.starts_with("2 verified")).await;
    assert_eq!(cloud.state.requests_for(START), 1);
    console.close().await;
}

#[tokio::test]
async fn a_repeated_answer_counts_once() {
    let console = confirmed_under(fault(Some(FaultMode::DetailsRepeat), START)).await;
    let counts = console.run().outcome_counts_when(|t| t.contains("started")).await;
    assert_eq!(counts, "2 started · 0 already upgrading · 0 refused");
    console.close().await;
}

#[tokio::test]
async fn a_reload_while_the_call_awaits_its_answer_says_so_at_once_and_follows_the_devices() {
    let console = confirmed_under(fault(Some(FaultMode::Hang), START)).await;
    let cloud = &console.cloud;
    console.run().sending().when(|t| t.contains("Sending the upgrade call")).await;
    // Reloaded while the call waits: no tab waits for its answer any more, which the
    // sending tab's lock tells at the next reading — not a minute of "Sending…".
    console.client().refresh().await.expect("reload");
    let started = std::time::Instant::now();
    let said = console
        .run()
        .outcome_unknown()
        .within(20, |t| t.contains("The page was closed before the Cloud answered"))
        .await;
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{said}");
    cloud.clear_fault();
    assert_eq!(cloud.state.requests_for(START), 1, "never sent again");
    console.close().await;
}

/// The prepared batch confirmed while `fault` is on `upgrade/start`.
async fn confirmed_under(fault: Fault) -> Console {
    let console = prepared().await;
    console.cloud.set_fault(fault);
    console.upgrade().confirm().await;
    console
}

/// Followed to the truth: both devices verified, none still in progress, the call sent once.
async fn verified_sent_once(console: &Console) {
    let counts = console.run().counts_within(40, |t| t.starts_with("2 verified")).await;
    assert!(counts.contains("0 in progress"), "{counts}");
    assert_eq!(console.cloud.state.requests_for(START), 1, "sent once");
}
