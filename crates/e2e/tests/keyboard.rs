//! The keyboard, end to end: a skip link to the fleet, tables that are one tab stop (arrows
//! move, Space ticks, Enter opens a device or a run), and from a ticked row to the review in
//! a few Tabs.

use console_e2e::Console;
use console_e2e::pages::{ARROW_DOWN, END, ENTER, SPACE};

#[tokio::test]
async fn from_the_skip_link_through_the_fleet_to_the_review_with_the_keyboard_alone() {
    let console = Console::admin(console_e2e::cloud_of(200, 120)).await;
    let fleet = console.fleet();
    fleet.wait_read().await;
    let keys = console.document();

    // The first Tab is the skip link, straight to the fleet's table.
    assert_eq!(keys.tabs_to("skip-link", 1).await, 1);
    assert_eq!(console.top_bar().skip_link().text().await, "Skip to the fleet");
    keys.press(ENTER).await;
    assert_eq!(console.focus_becomes("fleet-grid").await, "fleet-grid");

    // Arrows move the active row; End goes to the last of the 200, drawn on demand.
    keys.press(ARROW_DOWN).await;
    assert_eq!(fleet.active_row().await, "fleet-row-1");
    keys.press(END).await;
    assert_eq!(fleet.active_row_becomes("fleet-row-199").await, "fleet-row-199");

    // Space ticks the active row's device: one that can be upgraded, found by the search.
    let device = console.cloud.upgradable(770, "A", "1.5.178")[0].clone();
    fleet.show(&device).await;
    fleet.focus_table().await;
    keys.press(SPACE).await;
    fleet.counts_when(|t| t.ends_with("1 selected")).await;

    // One Tab leaves the table of 200 rows: the selection bar's next step — the review,
    // as the newest release is chosen already (the firmware list beside it changes it).
    console.upgrade().offered().when(|t| !t.is_empty()).await;
    assert_eq!(keys.tabs_to("next-step", 1).await, 1);
    keys.press(ENTER).await;
    assert_eq!(console.focus_becomes("review-title").await, "review-title");

    // Enter on a row opens that device's page.
    fleet.focus_table().await;
    keys.press(ENTER).await;
    let page = format!("/devices/{device}");
    assert_eq!(console.address_becomes(&page).await, page);
    console.device().facts().when(|t| t.contains("Firmware")).await;
    console.close().await;
}

#[tokio::test]
async fn the_history_is_one_tab_stop_and_enter_opens_a_run() {
    let console = Console::admin(console_e2e::cloud_of(60, 120)).await;
    console.first_run_of_one_device().await;
    console.history().open().await;
    let keys = console.document();
    console.history().focus_table().await;
    keys.press(ARROW_DOWN).await;
    keys.press(ENTER).await;
    assert_eq!(console.address_becomes("/runs/1").await, "/runs/1");
    console.run().wait_for(1).await;
    console.close().await;
}
