//! The console's main flows, end to end: the release build in headless Chromium against
//! the simulator on one origin.

use cloud_sim::config::SimConfig;
use cloud_sim::sessions::USERS;
use console_e2e::Console;

/// A fleet big enough to hold several compatible devices; upgrades slow enough to watch.
fn config() -> SimConfig {
    console_e2e::cloud_of(200, 120)
}

/// Admin's console; two online, healthy 770/A devices not on 1.5.178; an online 770/B
/// device; and the id of the 1.5.178 release for 770/A.
async fn admin() -> (Console, Vec<String>, String, i64) {
    let console = Console::admin(config()).await;
    let batch = console.cloud.upgradable(770, "A", "1.5.178")[..2].to_vec();
    let other = console.cloud.upgradable(770, "B", "1.5.178")[0].clone();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    (console, batch, other, firmware)
}

#[tokio::test]
async fn admin_upgrades_a_compatible_batch_and_sees_each_outcome() {
    let (console, batch, other, firmware) = admin().await;
    let cloud = &console.cloud;
    let fleet = console.fleet();

    fleet.select(&batch[..1]).await;
    // The newest release is chosen for the administrator; the test build above it is not.
    console.upgrade().offered().when(|t| t.contains("1.5.178")).await;
    assert!(console.upgrade().is_chosen(firmware).await, "the newest release preselected");
    let test_build = cloud.firmware_id(770, "A", "1.6.3");
    assert!(!console.upgrade().is_chosen(test_build).await, "never a test build");
    fleet.show(&other).await;
    assert!(!fleet.can_select(&other).await, "a device of another hardware is refused");
    assert_eq!(fleet.refusal(&other).await, "different hardware version: B, batch is A");
    fleet.select(&batch[..1]).await; // unselect, then take both below

    let upgrade = console.upgrade();
    upgrade.prepare(&fleet, &batch, firmware).await;
    let summary = upgrade.summary_naming("1.5.178").await;
    assert!(summary.contains("2 devices"), "{summary}");
    assert_eq!(
        console.focus_becomes("review-title").await,
        "review-title",
        "the review is brought into view and focused"
    );

    // A double click sends one call: the second finds the button disabled.
    console.upgrade().confirm_twice().await;
    assert_eq!(
        console.run().answer_summary().await,
        "The Cloud started all 2 devices",
        "results first: the per-SN answer is folded when all went well"
    );
    assert_eq!(
        console.focus_becomes("run-title").await,
        "run-title",
        "after confirming, the run is in view and focused (not <body>)"
    );
    let counts = console.run().outcome_counts_when(|t| t.contains("started")).await;
    assert_eq!(counts, "2 started · 0 already upgrading · 0 refused");
    let table = console.run().outcome_table().await;
    for sn in &batch {
        assert!(table.contains(sn.as_str()), "{table}");
    }
    assert_eq!(table.matches("upgrade started").count(), 2, "{table}");
    console.history().open().await;
    assert_eq!(console.history().rows().count().await, 1, "exactly one upgrade call");
    for sn in &batch {
        assert!(cloud.is_upgrading(sn), "{sn} is upgrading");
    }

    // Started: the selection is done with, and the run brings it back.
    console.fleet().open().await;
    let counts = console.fleet().counts().text().await;
    assert!(counts.ends_with("0 selected"), "{counts}");
    assert_eq!(console.fleet().selection_bar().count().await, 0, "nothing selected, no bar");
    console.history().open_run(1).await;
    console.run().select_again().await;
    assert_eq!(console.address_becomes("/fleet").await, "/fleet");
    console.fleet().counts_when(|t| t.ends_with("2 selected")).await;
    let bar = console.fleet().selection_bar().text().await;
    assert!(bar.starts_with("2 selected · Ultra Stream HDMI (model 770) hardware A"), "{bar}");
    console.close().await;
}

#[tokio::test]
async fn no_password_hash_or_session_id_is_kept_in_browser_storage() {
    let (console, batch, _, firmware) = admin().await;
    let client = console.client();
    console.upgrade().prepare(&console.fleet(), &batch, firmware).await;
    console.upgrade().confirm().await;
    console.run().outcome_counts_when(|t| t.contains("started")).await;

    let sid = client
        .get_named_cookie("mwcloud-sid")
        .await
        .expect("the Cloud set a session cookie")
        .value()
        .to_string();
    let stored = console.browser_storage().await.to_lowercase();
    assert!(stored.contains(&batch[0].to_lowercase()), "the run is saved: {stored}");
    // MD5 of the password "Admin", as the login form sends it.
    for secret in [sid.to_lowercase().as_str(), "e3afed0047b08059d0fada10f400c1e5", "password"] {
        assert!(!stored.contains(secret), "{secret} in browser storage");
    }
    console.close().await;
}

#[tokio::test]
async fn a_device_another_administrator_started_meanwhile_is_not_sent_again() {
    let (console, batch, _, firmware) = admin().await;
    let cloud = &console.cloud;
    console.upgrade().prepare(&console.fleet(), &batch, firmware).await;

    // Another administrator starts the first device meanwhile. The fleet read just before
    // the call shows it upgrading: it is left out, not sent for a "repeat operation".
    let started = cloud
        .state
        .sim()
        .start_upgrade(&USERS[0], &batch[..1], firmware, tokio::time::Instant::now())
        .unwrap();
    assert_eq!(started[0].result, 0);

    console.upgrade().confirm().await;
    let counts = console.run().outcome_counts_when(|t| t.contains("started")).await;
    assert_eq!(counts, "1 started · 0 already upgrading · 0 refused");
    let calls = cloud.state.sim().calls.clone();
    assert_eq!(calls.last().unwrap().sn, [batch[1].clone()]);
    console.run().left_out().when(|t| t.contains("already upgrading")).await;
    console.close().await;
}

#[tokio::test]
async fn operator_sees_the_fleet_but_no_way_to_upgrade() {
    let console = Console::open(config()).await;
    console.login().log_in("operator", "operator").await;
    let note = console.fleet().read_only_note().when(|t| !t.is_empty()).await;
    assert!(note.contains("needs the administrator account"), "{note}");
    let counts = console.fleet().counts().when(|t| t.contains("devices")).await;
    assert!(
        !counts.starts_with("200 devices"),
        "operators see only devices open to them: {counts}"
    );
    assert_eq!(console.fleet().checkboxes().count().await, 0);
    assert_eq!(console.upgrade().confirm_button().count().await, 0);
    // The readable user cookie rewritten to claim the administrator, then a reload: the
    // console shows who the Cloud confirmed, an operator, not the cookie's "Admin".
    console.document().set_cookie("mwcloud-uid=Admin; path=/").await;
    console.client().refresh().await.expect("reload");
    let who = console.top_bar().user().when(|t| t.contains("operator")).await;
    assert!(!who.contains("Admin") && !who.contains("administrator"), "{who}");
    console.fleet().counts().when(|t| t.contains("devices")).await;
    assert_eq!(console.fleet().checkboxes().count().await, 0, "still read-only");
    console.close().await;
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_told_apart() {
    let console = Console::open(config()).await;
    console.login().log_in("Admin", "not-the-password").await;
    console.login().problem().when(|t| t.contains("Login failed: wrong password.")).await;
    console.login().log_in("nobody", "whatever").await;
    console.login().problem().when(|t| t.contains("Login failed: no such user.")).await;
    console.close().await;
}

#[tokio::test]
async fn an_expired_session_mid_flow_keeps_the_selection_and_firmware() {
    let (console, batch, _, firmware) = admin().await;
    let cloud = &console.cloud;
    console.upgrade().prepare(&console.fleet(), &batch, firmware).await;

    cloud.state.sim().sessions.expire_all();
    console.fleet().refresh().await; // Refresh
    console.login().dialog_title().when(|t| t == "Your session has ended").await;
    // A real modal: focus is in it, and Tab keeps it there.
    assert!(console.login().focus_in_dialog().await, "focus moved into the dialog");
    for _ in 0..6 {
        console.login().press("\u{e004}").await; // Tab
        assert!(console.login().focus_in_dialog().await, "Tab stays in the dialog");
    }
    // Esc sets it aside to look at the page; the banner brings it back.
    console.login().press("\u{e00c}").await; // Esc
    assert!(console.login().dialog().gone().await, "Esc set it aside");
    console.login().log_in_again().await;
    console.login().dialog_title().when(|t| t == "Your session has ended").await;
    console.login().log_in("Admin", "Admin").await;
    assert!(console.login().dialog().gone().await, "dialog closed");
    let counts = console.fleet().counts().when(|t| t.contains("selected")).await;
    assert!(counts.ends_with("2 selected"), "{counts}");
    assert!(console.upgrade().is_chosen(firmware).await, "firmware choice kept");
    console.upgrade().confirm_button().when(|t| t == "Upgrade 2 devices to 1.5.178").await;
    console.close().await;
}

#[tokio::test]
async fn a_firmware_offer_an_ended_session_could_not_read_is_read_again_after_logging_in() {
    let (console, batch, _, firmware) = admin().await;
    // The session ends unseen; ticking a device asks the Cloud for its firmware, which
    // says so.
    console.fleet().open().await;
    console_e2e::show_device(console.client(), &batch[0]).await;
    console.cloud.state.sim().sessions.expire_all();
    console_e2e::click(console.client(), &format!("tr[data-sn='{}'] input", batch[0])).await;
    console.login().dialog_title().when(|t| t == "Your session has ended").await;
    console.login().log_in("Admin", "Admin").await;
    assert!(console.login().dialog().gone().await, "dialog closed");
    // Logged in again, the offer is read again without a click: the batch goes on.
    console.upgrade().offered().when(|t| t.contains("1.5.178")).await;
    console.upgrade().review(firmware).await;
    console.upgrade().confirm_button().when(|t| t == "Upgrade 1 device to 1.5.178").await;
    console.close().await;
}

#[tokio::test]
async fn a_device_on_air_is_left_out_and_one_gone_on_air_after_the_review_is_not_sent() {
    let console = Console::admin(console_e2e::cloud_of(200, 120)).await;
    let cloud = &console.cloud;
    let batch = cloud.upgradable(770, "A", "1.5.178")[..3].to_vec();
    let firmware = cloud.firmware_id(770, "A", "1.5.178");
    // One device is live before the review: left out, with the reason.
    assert!(cloud.state.sim().set_on_air(&batch[0], 0x04).is_some());
    console.fleet().refresh().await;
    let upgrade = console.upgrade();
    console.fleet().select(&batch).await;
    upgrade.review(firmware).await;
    let consent = console.upgrade().on_air_consent().when(|t| !t.is_empty()).await;
    assert!(consent.contains("1 device recording or streaming live left out"), "{consent}");
    console.upgrade().left_out().when(|t| t.contains("1 × on air (recording or live)")).await;
    assert_eq!(
        upgrade.confirm_label_when(|t| t.starts_with("Upgrade")).await,
        "Upgrade 2 devices to 1.5.178"
    );
    // Another goes on air after the review, unseen by the page: the fleet read just
    // before the call leaves it out as well.
    assert!(cloud.state.sim().set_on_air(&batch[1], 0x02).is_some());
    upgrade.confirm().await;
    console.run().title().when(|t| t.starts_with("Run 1 ")).await;
    let calls = cloud.state.sim().calls.clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].sn, [batch[2].clone()], "only the device off air was sent");
    console.run().left_out().when(|t| t.contains("2 × left out: on air (recording or live)")).await;
    console.close().await;
}

#[tokio::test]
async fn a_direction_override_in_cloud_text_is_shown_not_obeyed_on_every_page() {
    let console = Console::admin(config()).await;
    let cloud = &console.cloud;
    let sn = cloud.upgradable(770, "A", "1.5.178")[0].clone();
    {
        let mut sim = cloud.state.sim();
        let device = sim.fleet.get_mut(&sn).expect("the device");
        device.base.status.name = "Encoder \u{202E}3pm.exe".into(); // reads "Encoder exe.mp3"
    }
    console.fleet().refresh().await;
    let firmware = cloud.firmware_id(770, "A", "1.5.178");
    console.upgrade().prepare(&console.fleet(), std::slice::from_ref(&sn), firmware).await;
    console.upgrade().confirm().await;
    console.run().counts().when(|t| t.contains("1 in progress")).await;
    // Every page, each once its content is drawn: the override shown as its code point
    // where the name appears, and drawn raw nowhere — text or attribute.
    let shown = "Encoder [U+202E]3pm.exe";
    let pages: [(String, &str); 8] = [
        (String::new(), "devices"),
        ("fleet".into(), shown),
        (format!("devices/{sn}"), shown),
        ("runs/1".into(), shown),
        ("runs".into(), "Run 1"),
        ("campaigns".into(), "Campaigns"),
        ("library".into(), "1.5.178"),
        ("check".into(), "Cloud check"),
    ];
    for (address, drawn) in pages {
        console.go(&address).await;
        console.document().workspace().when(|t| t.contains(drawn)).await;
        let raw = console.document().raw_direction_controls().await;
        assert!(raw.is_empty(), "/{address} draws a direction control raw: {raw:?}");
    }
    console.close().await;
}
