//! The overview and a device's page end to end (release build + simulator + Chromium):
//! each number of the overview leads to the fleet filtered to exactly those devices, and a
//! device's page, reached from a run, tells what the Cloud says about it and what this
//! console did to it.

use console_e2e::{Console, cloud_of};

/// The number a figure or count shows.
async fn number(region: console_e2e::pages::Region<'_>) -> usize {
    let text = region.text().await;
    text.trim().parse().unwrap_or_else(|_| panic!("a number: {text:?}"))
}

#[tokio::test]
async fn each_number_of_the_overview_leads_to_the_fleet_filtered_to_exactly_those_devices() {
    let console = Console::admin(cloud_of(200, 6)).await;
    console.top_bar().open("/").await;
    let overview = console.overview();
    let figures = overview.figures().when(|t| t.contains("on the newest release")).await;
    assert!(figures.contains("200 devices"), "{figures}");
    assert_eq!(console.top_bar().current().await, "Overview");
    assert!(overview.bars().count().await > 1, "a bar per model and hardware");
    // Compliance reads as a share, newest counted against every device that compares.
    let compliance = overview.compliance().text().await;
    assert!(compliance.ends_with(" %"), "{compliance}");

    let behind = number(overview.figure("behind")).await;
    assert!(behind > 0, "the simulator's fleet has devices behind");
    overview.figure("behind").click().await;
    assert_eq!(console.address_becomes("/fleet?release=behind").await, "/fleet?release=behind");
    let counts = console.fleet().counts_when(|t| t.contains(&format!("{behind} shown"))).await;
    assert!(counts.starts_with("200 devices"), "{counts}");

    console.top_bar().open("/").await;
    let on_770 = number(overview.key_count("770-A", "devices")).await;
    overview.key_count("770-A", "devices").click().await;
    let address = console.address_becomes("/fleet?family=1&model=770&hw=A").await;
    assert_eq!(address, "/fleet?family=1&model=770&hw=A");
    console.fleet().counts_when(|t| t.contains(&format!("{on_770} shown"))).await;

    console.top_bar().open("/").await;
    let legend = overview.versions("770-A").text().await;
    assert!(legend.contains("(newest)"), "the newest release marked in words: {legend}");
    let offline = number(overview.figure("offline")).await;
    overview.figure("offline").click().await;
    console.address_becomes("/fleet?state=offline").await;
    console.fleet().counts_when(|t| t.contains(&format!("{offline} shown"))).await;
    console.close().await;
}

#[tokio::test]
async fn a_device_page_reached_from_a_run_says_what_the_cloud_reports_and_each_attempt() {
    let console = Console::admin(cloud_of(200, 4)).await;
    let sn = console.cloud.upgradable(770, "A", "1.5.178")[0].clone();
    console.first_run_of_one_device().await;
    console.run().counts_within(60, |t| t.contains(" 0 in progress")).await;
    console.device().open_from_table(&sn).await;
    assert_eq!(console.address_becomes(&format!("/devices/{sn}")).await, format!("/devices/{sn}"));
    let facts = console.device().facts().when(|t| t.contains("Firmware")).await;
    assert!(facts.contains("1.5.178") && facts.contains("the newest release"), "{facts}");
    assert!(facts.contains("Model770") || facts.contains("770"), "{facts}");
    let story = console.device().story().text().await;
    assert!(story.contains("Run 1") && story.contains("→ 1.5.178"), "{story}");
    assert!(story.contains("verified"), "{story}");

    // A second attempt: back to where it came from, from its own page.
    console.campaign().roll_back().await;
    console.campaign().accept_risks().await;
    console.campaign().start().await;
    // Opened by its address while the rollback is under way, and again once it finished.
    console.go(&format!("devices/{sn}")).await;
    console.device().story().when(|t| t.contains("Run 2")).await;
    console.go("campaigns/1").await;
    console.campaign().status_within(90, |t| t == "finished").await;
    console.go(&format!("devices/{sn}")).await;
    console.device().story().when(|t| t.contains("Run 2")).await;
    assert_eq!(console.device().story().count().await, 2, "both calls, newest first");
    let newest = console.device().story().text().await;
    assert!(newest.contains("A rollback of"), "the rollback says what it undoes: {newest}");
    console.client().refresh().await.expect("reload");
    console.device().facts().when(|t| t.contains("Firmware")).await;
    assert_eq!(console.device().story().count().await, 2, "a reload keeps the story");

    // A serial number the Cloud does not list says so on its own address.
    console.new_tab().await;
    console.go("devices/NOT-A-DEVICE").await;
    let page = console.device().page_when(|t| t.contains("did not report")).await;
    assert!(page.contains("No upgrade of this device"), "{page}");
    console.close().await;
}
