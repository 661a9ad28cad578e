//! The fault matrix: with the Cloud misbehaving in each way the simulator can, the console
//! says so plainly, keeps the selection, firmware choice, results and history, never sends
//! `upgrade/start` twice, and works again once the fault is lifted.

use std::time::Duration;

use cloud_sim::config::SimConfig;
use cloud_sim::http::faults::{Fault, FaultMode};
use console_e2e::{Console, click, gone, log_in, wait_for_text, wait_for_text_within};
use fantoccini::{Client, Locator};

const START: &str = "/sc_cloud/upgrade/start";
const DEVS: &str = "/sc_cloud/scapi/get-devs";

fn config() -> SimConfig {
    SimConfig {
        devices: 200,
        upgrade_duration: Duration::from_secs(4),
        ..SimConfig::default()
    }
}

fn fault(mode: Option<FaultMode>, path: &str) -> Fault {
    Fault {
        mode,
        path: Some(path.to_string()),
        times: Some(1),
        ..Fault::default()
    }
}

/// Admin's console with two healthy, online 770/A devices not on 1.5.178 selected, the
/// 1.5.178 release chosen, and the review open.
async fn prepared() -> Console {
    let console = Console::admin(config()).await;
    let sns: Vec<String> = console.cloud.upgradable(770, "A", "1.5.178")[..2].to_vec();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    console
        .upgrade()
        .prepare(&console.fleet(), &sns, firmware)
        .await;
    console
}

async fn still_selected(client: &Client) {
    let counts = wait_for_text(client, "[data-testid=fleet-counts]", |t| !t.is_empty()).await;
    assert!(
        counts.starts_with("200 devices") && counts.ends_with("2 selected"),
        "{counts}"
    );
}

#[tokio::test]
async fn a_failed_start_is_never_resent_and_the_next_one_works() {
    let console = prepared().await;
    let (cloud, client) = (&console.cloud, console.client());
    // Faults that replace the answer before the Cloud acts: nothing starts.
    for (n, (mode, words)) in [
        (FaultMode::Http500, "HTTP 500"),
        (FaultMode::Html, "not readable data"),
    ]
    .into_iter()
    .enumerate()
    {
        cloud.set_fault(fault(Some(mode), START));
        console.upgrade().confirm().await;
        let notice = wait_for_text(client, "[data-testid=outcome-unknown]", |t| {
            t.contains(words)
        })
        .await;
        assert!(notice.contains("It was not sent again"), "{notice}");
        assert_eq!(
            cloud.state.requests_for(START),
            n as u64 + 1,
            "one call per click, no retry"
        );
        still_selected(client).await;
        // The review closes on an unknown outcome; reopen it, as an administrator would.
        click(client, ".firmware button.primary").await;
    }
    let runs = client
        .find_all(Locator::Css(".run-list tbody tr"))
        .await
        .unwrap();
    assert_eq!(runs.len(), 2, "both calls are in the history");
    console.upgrade().confirm().await;
    console
        .run()
        .outcome_counts_when(|t| t.starts_with("2 started"))
        .await;
    assert_eq!(cloud.state.requests_for(START), 3);
    console.close().await;
}

#[tokio::test]
async fn a_garbled_start_answer_is_followed_to_the_truth() {
    let console = prepared().await;
    let (cloud, client) = (&console.cloud, console.client());
    // The Cloud acts, but its answer is malformed: the console cannot know, so it follows.
    cloud.set_fault(fault(Some(FaultMode::Malformed), START));
    console.upgrade().confirm().await;
    wait_for_text(client, "[data-testid=outcome-unknown]", |t| {
        t.contains("not readable data")
    })
    .await;
    let counts = console
        .run()
        .counts_within(40, |t| t.starts_with("2 verified"))
        .await;
    assert!(counts.contains("0 in progress"), "{counts}");
    assert_eq!(cloud.state.requests_for(START), 1);
    console.close().await;
}

#[tokio::test]
async fn an_unreadable_403_after_the_call_took_effect_is_an_unknown_outcome_followed_to_verified() {
    let console = prepared().await;
    let (cloud, client) = (&console.cloud, console.client());
    // A proxy answers 403 with a body the Cloud did not write, after the Cloud took the call.
    cloud.set_fault(Fault {
        status: Some(403),
        ..fault(Some(FaultMode::Malformed), START)
    });
    console.upgrade().confirm().await;
    let notice = wait_for_text(client, "[data-testid=outcome-unknown]", |t| {
        t.contains("not allowed")
    })
    .await;
    assert!(notice.contains("the session may have ended"), "{notice}");
    let counts = console
        .run()
        .counts_within(40, |t| t.starts_with("2 verified"))
        .await;
    assert!(counts.contains("0 in progress"), "{counts}");
    assert_eq!(cloud.state.requests_for(START), 1);
    assert!(
        gone(client, "form.login").await,
        "the session was fine: no login asked"
    );
    console.close().await;
}

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
async fn missing_and_repeated_answers_are_flagged() {
    let console = prepared().await;
    let cloud = &console.cloud;
    cloud.set_fault(fault(Some(FaultMode::DetailsMissing), START));
    console.upgrade().confirm().await;
    let counts = console
        .run()
        .outcome_counts_when(|t| t.contains("started"))
        .await;
    assert_eq!(
        counts,
        "1 started · 0 already upgrading · 0 refused · 1 without answer"
    );
    let table = console.run().outcome_table().await;
    assert!(table.contains("no answer from the Cloud"), "{table}");
    // The unanswered device did start; following it finds out.
    console
        .run()
        .counts_within(40, |t| t.starts_with("2 verified"))
        .await;
    assert_eq!(cloud.state.requests_for(START), 1);
    console.close().await;
}

#[tokio::test]
async fn a_repeated_answer_counts_once() {
    let console = prepared().await;
    let cloud = &console.cloud;
    cloud.set_fault(fault(Some(FaultMode::DetailsRepeat), START));
    console.upgrade().confirm().await;
    let counts = console
        .run()
        .outcome_counts_when(|t| t.contains("started"))
        .await;
    assert_eq!(counts, "2 started · 0 already upgrading · 0 refused");
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

#[tokio::test]
async fn damaged_records_are_set_aside_by_name_and_the_rest_stay_usable() {
    use cloud_sim::http::faults::{Damage, RecordDamage};
    let console = Console::admin(config()).await;
    let (cloud, client) = (&console.cloud, console.client());
    let records = |field: &str, how: Damage, share: Option<f64>| Fault {
        mode: Some(FaultMode::Records),
        records: Some(RecordDamage {
            field: field.into(),
            how,
            share,
        }),
        ..Fault::default()
    };
    // One device in ten without its hardware version: set aside by serial number.
    cloud.set_fault(Fault {
        path: Some(DEVS.into()),
        ..records("status.hardware-ver", Damage::Null, Some(0.1))
    });
    console.fleet().refresh().await;
    let notice = wait_for_text(client, "[data-testid=fleet-set-aside]", |t| {
        t.contains("20 devices could not be read")
    })
    .await;
    let first = cloud.devices_where(|_| true)[9].clone(); // the first of each ten
    assert!(notice.contains(&first), "named: {notice}");
    wait_for_text(client, "[data-testid=fleet-counts]", |t| {
        t.starts_with("180 devices")
    })
    .await;
    // A device still listed can be selected and sent as ever.
    let sns = cloud.upgradable(770, "A", "1.5.178");
    let firmware = cloud.firmware_id(770, "A", "1.5.178");
    let fleet = cloud.devices_where(|_| true);
    let listed: Vec<String> = sns
        .into_iter()
        .filter(|sn| fleet.iter().position(|s| s == sn).unwrap() % 10 != 9)
        .take(1)
        .collect();
    console
        .upgrade()
        .prepare(&console.fleet(), &listed, firmware)
        .await;
    // Numbers sent as text are accepted, and said.
    cloud.set_fault(Fault {
        path: Some(DEVS.into()),
        ..records("online-date", Damage::Text, Some(1.0))
    });
    console.fleet().refresh().await;
    let accepted = wait_for_text(client, "[data-testid=fleet-set-aside]", |t| {
        t.contains("online-date: a number sent as text (200 records)")
    })
    .await;
    assert!(!accepted.contains("could not be read"), "{accepted}");
    wait_for_text(client, "[data-testid=fleet-counts]", |t| {
        t.starts_with("200 devices")
    })
    .await;
    cloud.clear_fault();
    console.fleet().refresh().await;
    assert!(gone(client, "[data-testid=fleet-set-aside]").await);

    // The library: one entry without its major version is set aside, the rest listed.
    cloud.set_fault(Fault {
        path: Some("/sc_cloud/scapi/get-all-firmwares".into()),
        ..records("marjor-ver", Damage::Null, None)
    });
    console.library().open().await;
    let library = wait_for_text(client, "[data-testid=library-set-aside]", |t| {
        t.contains("1 firmware entry could not be read")
    })
    .await;
    assert!(
        library.contains("marjor-ver") || library.contains("set aside"),
        "{library}"
    );
    wait_for_text(client, ".library .firmware-list", |t| !t.is_empty()).await;
    console.close().await;
}

#[tokio::test]
async fn the_cloud_check_is_all_clear_against_the_simulator_and_names_what_differs() {
    use cloud_sim::http::faults::{Damage, RecordDamage};
    let console = Console::admin(config()).await;
    let (cloud, client) = (&console.cloud, console.client());
    client
        .goto(&format!("{}check", cloud.url))
        .await
        .expect("the check's address");
    let before = cloud.state.requests_for(START);
    click(client, "[data-testid=run-check]").await;
    let summary = wait_for_text_within(client, "[data-testid=check-summary]", 30, |t| {
        t.starts_with("All clear") || t.contains("of 5 read")
    })
    .await;
    assert_eq!(
        summary,
        "All clear: the 5 endpoints read answered as the console expects."
    );
    let cookies = wait_for_text(client, "[data-testid=check-cookies]", |t| !t.is_empty()).await;
    assert!(
        cookies.contains("mwcloud-sid is not readable by this page"),
        "{cookies}"
    );
    // A Cloud that differs: numbers as text in one device of ten, one without hardware.
    cloud.set_fault(Fault {
        mode: Some(FaultMode::Records),
        path: Some(DEVS.into()),
        times: Some(1),
        records: Some(RecordDamage {
            field: "status.hardware-ver".into(),
            how: Damage::Missing,
            share: None,
        }),
        ..Fault::default()
    });
    click(client, "[data-testid=run-check]").await;
    let summary = wait_for_text_within(client, "[data-testid=check-summary]", 30, |t| {
        t.contains("of 5 read")
    })
    .await;
    assert_eq!(
        summary,
        "1 endpoint with problems, 0 with notes, of 5 read."
    );
    let first = wait_for_text(client, "[data-testid=check-endpoint]", |t| {
        t.contains("Records set aside")
    })
    .await;
    let sn = cloud.devices_where(|_| true)[0].clone();
    assert!(
        first.contains(&format!("{sn}: status.hardware-ver — missing")),
        "{first}"
    );
    assert_eq!(
        cloud.state.requests_for(START),
        before,
        "the check never sends an upgrade"
    );
    console.close().await;
}
