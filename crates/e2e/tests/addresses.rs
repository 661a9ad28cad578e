//! Addresses: a run can be linked to, Back and Forward stay inside the console, and a
//! reload keeps the page, the open run and the fleet's filters; a finished run opens from
//! its address, and an address naming what this browser does not keep says so there.

use std::time::Duration;

use cloud_sim::config::SimConfig;
use console_e2e::{Console, wait_for_text};
use fantoccini::Locator;

async fn path(console: &Console) -> String {
    let url = console.client().current_url().await.unwrap();
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    }
}

async fn path_becomes(console: &Console, expected: &str) -> String {
    let mut last = String::new();
    for _ in 0..50 {
        last = path(console).await;
        if last == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    last
}

#[tokio::test]
async fn back_forward_links_and_reloads_keep_the_page_the_run_and_the_filters() {
    let config = SimConfig {
        devices: 200,
        upgrade_duration: Duration::from_secs(120),
        ..SimConfig::default()
    };
    let console = Console::admin(config).await;
    let client = console.client();
    assert_eq!(path(&console).await, "/");
    let device = console.cloud.upgradable(770, "A", "1.5.178")[..1].to_vec();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    let upgrade = console.upgrade();
    upgrade.prepare(&console.fleet(), &device, firmware).await;
    upgrade.confirm().await;
    wait_for_text(client, "#run-title", |t| t.starts_with("Run 1 ")).await;
    assert_eq!(path_becomes(&console, "/runs/1").await, "/runs/1");

    // Filters live in the query string (the same entry, replaced as one types).
    let search = client
        .find(Locator::Css(".filters input[type=search]"))
        .await
        .unwrap();
    search.send_keys("Ultra").await.unwrap();
    assert_eq!(
        path_becomes(&console, "/runs/1?q=Ultra").await,
        "/runs/1?q=Ultra"
    );

    // A reload keeps the run and the filter.
    client.refresh().await.unwrap();
    wait_for_text(client, "#run-title", |t| t.starts_with("Run 1 ")).await;
    let kept = client
        .find(Locator::Css(".filters input[type=search]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("Ultra"));

    // Another page, then Back and Forward, inside the console.
    console.library().open().await;
    assert_eq!(
        path_becomes(&console, "/library?q=Ultra").await,
        "/library?q=Ultra"
    );
    client.back().await.unwrap();
    assert_eq!(
        path_becomes(&console, "/runs/1?q=Ultra").await,
        "/runs/1?q=Ultra"
    );
    wait_for_text(client, "#run-title", |t| t.starts_with("Run 1 ")).await;
    client.forward().await.unwrap();
    assert_eq!(
        path_becomes(&console, "/library?q=Ultra").await,
        "/library?q=Ultra"
    );
    wait_for_text(client, ".library h2", |t| !t.is_empty()).await;

    // A run can be linked to.
    client
        .goto(&format!("{}runs/1", console.cloud.url))
        .await
        .unwrap();
    wait_for_text(client, "#run-title", |t| t.starts_with("Run 1 ")).await;
    console.close().await;
}

#[tokio::test]
async fn a_finished_run_opens_from_its_address_and_a_missing_one_says_so_there() {
    let config = SimConfig {
        devices: 60,
        upgrade_duration: Duration::from_secs(3),
        ..SimConfig::default()
    };
    let console = Console::admin(config).await;
    let client = console.client();
    let device = console.cloud.upgradable(770, "A", "1.5.178")[..1].to_vec();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    let upgrade = console.upgrade();
    upgrade.prepare(&console.fleet(), &device, firmware).await;
    upgrade.confirm().await;
    console
        .run()
        .counts_within(60, |t| t.contains("1 verified"))
        .await;
    assert_eq!(path_becomes(&console, "/runs/1").await, "/runs/1");

    // Finished: a reload, then the address pasted in a new tab.
    client.refresh().await.unwrap();
    wait_for_text(client, "#run-title", |t| t.starts_with("Run 1 ")).await;
    assert_eq!(path(&console).await, "/runs/1");
    console.new_tab().await;
    client
        .goto(&format!("{}runs/1", console.cloud.url))
        .await
        .unwrap();
    wait_for_text(client, "#run-title", |t| t.starts_with("Run 1 ")).await;
    assert_eq!(path(&console).await, "/runs/1");

    // The library with the fleet's filters, pasted in a new page.
    client
        .goto(&format!("{}library?q=Ultra", console.cloud.url))
        .await
        .unwrap();
    wait_for_text(client, ".library h2", |t| !t.is_empty()).await;
    assert_eq!(path(&console).await, "/library?q=Ultra");

    // Not kept here: said on that address, with the way back.
    for (address, what) in [("runs/9", "Run 9"), ("campaigns/4", "Campaign 4")] {
        client
            .goto(&format!("{}{address}", console.cloud.url))
            .await
            .unwrap();
        let said = console.run().not_kept().await;
        assert!(
            said.starts_with(&format!(
                "{what} is not in this browser's history for Admin."
            )),
            "{said}"
        );
        assert_eq!(path(&console).await, format!("/{address}"), "no redirect");
    }
    client
        .find(Locator::Css("[data-testid=not-kept-history]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(path_becomes(&console, "/runs").await, "/runs");
    console.close().await;
}
