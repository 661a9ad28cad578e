//! Screenshots from the release build against the simulator, so they stay true.
//!
//! `cargo run -p console-e2e --bin screenshots` (after `scripts/build_release.py`) writes the
//! README's tour pictures to `docs/images/` (a batch under review, a run followed to its
//! end). With widths (`… --bin screenshots 390 768 1280 1920`) it writes, per width, the
//! login, the fleet, the review of a batch, a run in progress, the history, the library, a
//! campaign's plan, the campaign under way and the history holding it to `target/screenshots/`,
//! and prints how far each scrolls sideways and how much its tables' rows cut off — for
//! looking at every width after a change. With `SCREENSHOTS_SERVICE=1`, the console is served by the
//! console service (its shared record).

use std::path::{Path, PathBuf};

use console_e2e::{Console, cloud_of};

#[tokio::main]
async fn main() {
    let widths: Vec<u32> = std::env::args().skip(1).filter_map(|w| w.parse().ok()).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    if widths.is_empty() {
        tour(&root.join("docs/images")).await;
    } else {
        for width in widths {
            at_width(&root.join("target/screenshots"), width).await;
        }
    }
}

/// The README's pictures at 1280 px: the review, then the run once every device ended.
async fn tour(out: &Path) {
    let console = Console::admin(cloud_of(200, 6)).await;
    console.client().set_window_size(1280, 860).await.expect("window size");
    review_three(&console).await;
    save(&console, out, "review.png").await;
    console.upgrade().confirm().await;
    console.run().counts_within(60, |t| t.contains(" 0 in progress")).await;
    save(&console, out, "run.png").await;
    console.close().await;
}

/// The login, a batch under review and a run in progress at `width` px.
async fn at_width(out: &Path, width: u32) {
    // `SCREENSHOTS_SERVICE=1`: the console served by the console service (the shared record).
    let cloud = if std::env::var_os("SCREENSHOTS_SERVICE").is_some() {
        console_e2e::Cloud::start_behind_service(cloud_of(200, 120)).await
    } else {
        console_e2e::Cloud::start(cloud_of(200, 120)).await
    };
    let console = Console::open_on(cloud).await;
    console.client().set_window_size(width, 900).await.expect("window size");
    console.login().title().text().await;
    save(&console, out, &format!("{width}-login.png")).await;
    console.log_in("Admin", "Admin").await;
    console.fleet().wait_read().await;
    save(&console, out, &format!("{width}-fleet.png")).await;
    let sent = review_three(&console).await;
    save(&console, out, &format!("{width}-review.png")).await;
    console.upgrade().confirm().await;
    console.run().counts_within(30, |t| t.contains(" 3 in progress")).await;
    save(&console, out, &format!("{width}-run.png")).await;
    console.device().open_from_table(&sent[0]).await;
    console.device().facts().when(|t| t.contains("Firmware")).await;
    save(&console, out, &format!("{width}-device.png")).await;
    console.top_bar().open("/").await;
    console.overview().figures().when(|t| t.contains("on the newest release")).await;
    save(&console, out, &format!("{width}-overview.png")).await;
    console.history().open().await;
    save(&console, out, &format!("{width}-history.png")).await;
    console.library().open().await;
    console.library().heading().await;
    save(&console, out, &format!("{width}-library.png")).await;
    campaign(&console, out, width).await;
    console.close().await;
}

/// The Ultra Encode family as a campaign: its plan (the waves form), then the campaign under
/// way (its matrix of models × waves), then the history with the campaign on one line.
async fn campaign(console: &Console, out: &Path, width: u32) {
    let campaign = console.campaign();
    console.fleet().open().await;
    campaign.new_campaign().await;
    campaign.filter_family("Ultra Encode").await;
    console.fleet().counts_when(|t| !t.contains("200 shown")).await;
    campaign.add_shown().await;
    campaign.plan_when(|t| t.contains("Ultra Encode")).await;
    campaign.see_plan().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    save(console, out, &format!("{width}-plan.png")).await;
    campaign.show_waves_form().await;
    save(console, out, &format!("{width}-waves-form.png")).await;
    let scheduled = std::env::var_os("SCREENSHOTS_SERVICE").is_some();
    if scheduled {
        // Scheduled a day ahead (typed as Paris time) inside a nightly window: the plan,
        // then the wait — whatever the hour the screenshots are taken at.
        let start = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(25);
        let start = start.strftime("%Y-%m-%dT%H:%M").to_string();
        campaign.schedule("Europe/Paris", &start, "02:00", "3").await;
        campaign.schedule_summary().when(|t| t.starts_with("Sends")).await;
        let _ = console
            .client()
            .execute(
                "document.querySelector('.schedule-form').scrollIntoView({block: 'start'})",
                vec![],
            )
            .await;
        save(console, out, &format!("{width}-schedule.png")).await;
    }
    campaign.start().await;
    let moving = if scheduled { "scheduled" } else { "running" };
    campaign.status_within(60, |t| t.starts_with(moving)).await;
    save(console, out, &format!("{width}-campaign.png")).await;
    console.history().open().await;
    // A campaign waiting for its window has no runs to unfold yet.
    if !scheduled {
        console.history().unfold(1).await;
    }
    save(console, out, &format!("{width}-campaigns.png")).await;
}

/// Three Ultra Stream HDMI 770/A devices chosen for 1.5.178, the review open; their
/// serial numbers.
async fn review_three(console: &Console) -> Vec<String> {
    let batch = console.cloud.upgradable(770, "A", "1.5.178")[..3].to_vec();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    console.upgrade().prepare(&console.fleet(), &batch, firmware).await;
    batch
}

/// The viewport as it is now, written to `out/name`, with how far the page scrolls sideways.
async fn save(console: &Console, out: &Path, name: &str) {
    std::fs::create_dir_all(out).expect("the screenshots' folder");
    let png = console.client().screenshot().await.expect("a screenshot");
    std::fs::write(out.join(name), png).expect("write the screenshot");
    let sideways = console.document().sideways_scroll().await;
    let cut = console.document().rows_clipped().await.max(0);
    println!(
        "wrote {} (scrolls sideways {sideways} px, table rows cut by {cut} px)",
        out.join(name).display()
    );
}
