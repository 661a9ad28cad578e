//! Addresses: a run can be linked to, Back and Forward stay inside the console, and a
//! reload keeps the page, the open run and the fleet's filters; a finished run opens from
//! its address, and an address naming what this browser does not keep says so there.

use console_e2e::Console;

#[tokio::test]
async fn back_forward_links_and_reloads_keep_the_page_the_run_and_the_filters() {
    let config = console_e2e::cloud_of(200, 120);
    let console = Console::admin(config).await;
    let client = console.client();
    assert_eq!(console.address().await, "/");
    let device = console.cloud.upgradable(770, "A", "1.5.178")[..1].to_vec();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    let upgrade = console.upgrade();
    upgrade.prepare(&console.fleet(), &device, firmware).await;
    upgrade.confirm().await;
    console.run().wait_for(1).await;
    assert_eq!(console.address_becomes("/runs/1").await, "/runs/1");

    // Filters live in the query string (the same entry, replaced as one types).
    console.fleet().type_search("Ultra").await;
    assert_eq!(console.address_becomes("/runs/1?q=Ultra").await, "/runs/1?q=Ultra");

    // A reload keeps the run and the filter.
    client.refresh().await.unwrap();
    console.run().wait_for(1).await;
    assert_eq!(console.fleet().search_text().await, "Ultra");

    // Another page, then Back and Forward, inside the console.
    console.library().open().await;
    assert_eq!(console.address_becomes("/library?q=Ultra").await, "/library?q=Ultra");
    client.back().await.unwrap();
    assert_eq!(console.address_becomes("/runs/1?q=Ultra").await, "/runs/1?q=Ultra");
    console.run().wait_for(1).await;
    client.forward().await.unwrap();
    assert_eq!(console.address_becomes("/library?q=Ultra").await, "/library?q=Ultra");
    console.library().heading().await;

    // A run can be linked to.
    console.go("runs/1").await;
    console.run().wait_for(1).await;
    console.close().await;
}

#[tokio::test]
async fn a_finished_run_opens_from_its_address_and_a_missing_one_says_so_there() {
    let config = console_e2e::cloud_of(60, 3);
    let console = Console::admin(config).await;
    let client = console.client();
    let device = console.cloud.upgradable(770, "A", "1.5.178")[..1].to_vec();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    let upgrade = console.upgrade();
    upgrade.prepare(&console.fleet(), &device, firmware).await;
    upgrade.confirm().await;
    console.run().counts_within(60, |t| t.contains("1 verified")).await;
    assert_eq!(console.address_becomes("/runs/1").await, "/runs/1");

    // Finished: a reload, then the address pasted in a new tab.
    client.refresh().await.unwrap();
    console.run().wait_for(1).await;
    assert_eq!(console.address().await, "/runs/1");
    console.new_tab().await;
    console.go("runs/1").await;
    console.run().wait_for(1).await;
    assert_eq!(console.address().await, "/runs/1");

    // The library with the fleet's filters, pasted in a new page.
    console.go("library?q=Ultra").await;
    console.library().heading().await;
    assert_eq!(console.address().await, "/library?q=Ultra");

    // Not kept here: said on that address, with the way back.
    for (address, what) in [("runs/9", "Run 9"), ("campaigns/4", "Campaign 4")] {
        console.go(address).await;
        let said = console.run().not_kept().await;
        assert!(
            said.starts_with(&format!("{what} is not in this browser's history for Admin.")),
            "{said}"
        );
        assert_eq!(console.address().await, format!("/{address}"), "no redirect");
    }
    console.run().back_to_history().await;
    assert_eq!(console.address_becomes("/runs").await, "/runs");
    console.close().await;
}
