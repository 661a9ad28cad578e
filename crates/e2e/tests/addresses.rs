//! Addresses: every page is a link (the current one marked), the fleet keeps its filters in
//! its own address, Back and Forward stay inside the console, a reload keeps the page; a
//! finished run opens from its address, and an address naming what this browser does not
//! keep — or no page at all — says so there.

use console_e2e::Console;

#[tokio::test]
async fn every_page_is_a_link_with_its_own_query_and_back_forward_and_reloads_keep_them() {
    let config = console_e2e::cloud_of(200, 120);
    let console = Console::admin(config).await;
    let client = console.client();
    let top = console.top_bar();
    // The fleet at its own address (`/` is the overview).
    assert_eq!(console.address_becomes("/fleet").await, "/fleet");
    assert_eq!(top.current().await, "Fleet");
    let links = top.links().await;
    let hrefs: Vec<&str> = links.iter().map(|(_, href)| href.as_str()).collect();
    assert_eq!(hrefs, ["/", "/fleet", "/runs", "/campaigns", "/library", "/check"], "{links:?}");

    console.first_run_of_one_device().await;
    assert_eq!(console.address_becomes("/runs/1").await, "/runs/1");
    assert_eq!(top.current().await, "History · 1 under way", "a run belongs to the history");

    // The fleet's filters live in the fleet's address (replaced as one types), and its
    // link in the top bar brings them back from any page; no other page carries them.
    console.fleet().open().await;
    console.fleet().type_search("Ultra").await;
    assert_eq!(console.address_becomes("/fleet?q=Ultra").await, "/fleet?q=Ultra");
    assert_eq!(top.link("/fleet").attr("href").await.as_deref(), Some("/fleet?q=Ultra"));
    console.library().open().await;
    assert_eq!(console.address_becomes("/library").await, "/library");
    assert_eq!(top.current().await, "Firmware library");

    // Back and Forward stay inside the console; a reload keeps the filter.
    client.back().await.unwrap();
    assert_eq!(console.address_becomes("/fleet?q=Ultra").await, "/fleet?q=Ultra");
    assert_eq!(console.fleet().search_text().await, "Ultra");
    client.refresh().await.unwrap();
    console.fleet().wait_read().await;
    assert_eq!(console.fleet().search_text().await, "Ultra");
    client.forward().await.unwrap();
    assert_eq!(console.address_becomes("/library").await, "/library");
    console.library().heading().await;

    // An old link to the fleet with its filters still opens it, at the fleet's address.
    console.go("?q=Ultra").await;
    assert_eq!(console.address_becomes("/fleet?q=Ultra").await, "/fleet?q=Ultra");

    // The run's link in the history, opened in a new page as a middle-click would.
    let link = console.history().link_of("data-run='1'").await.expect("run 1 is a link");
    assert_eq!(link, "/runs/1");
    console.new_tab().await;
    console.go(link.trim_start_matches('/')).await;
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

    // An address the console has no page for says so there.
    console.go("nowhere").await;
    assert_eq!(console.run().no_such_page().await, "The console has no page at /nowhere.");

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

    // A device the Cloud does not list: its page (a piece of its own) opens and says so.
    console.go("devices/A000000000000").await;
    let said = console.document().workspace().when(|t| t.contains("did not report")).await;
    assert!(said.starts_with("Device A000000000000"), "{said}");
    assert!(said.contains("The Cloud did not report this device: it may not be listed"), "{said}");
    console.close().await;
}

#[tokio::test]
async fn the_top_bars_fleet_link_brings_the_fleets_filters_back_from_another_page() {
    let console = Console::admin(console_e2e::cloud_of(300, 120)).await;
    let top = console.top_bar();
    console.fleet().wait_read().await;
    // Model 771 chosen in the fleet's filters, as an administrator would.
    let choose = "const s = [...document.querySelectorAll('.filters label')].find(l => l.textContent.startsWith('Model')).querySelector('select'); \
                  s.value = [...s.options].find(o => o.text.includes('771')).value; \
                  s.dispatchEvent(new Event('change', {bubbles: true}));";
    console.client().execute(choose, vec![]).await.expect("choose model 771");
    let filtered = console.fleet().counts_when(|t| !t.contains("300 shown")).await;
    let address = console.address_becomes("/fleet?model=771").await;
    assert!(address.starts_with("/fleet?") && address.contains("771"), "{address}");
    // The Firmware filter offers the versions model 771's devices run, no other.
    let mut offered = console.fleet().filter_options("Firmware").await;
    let mut runs: Vec<String> = {
        let sim = console.cloud.state.sim();
        let of_771 = sim.fleet.iter().filter(|d| d.base.status.product_id == 771);
        of_771.map(|d| d.base.status.firmware_ver.clone()).collect()
    };
    offered.sort();
    runs.sort();
    runs.dedup();
    assert_eq!(offered, runs, "model 771's versions only");
    for _ in 0..2 {
        console.history().open().await;
        assert_eq!(
            top.link("/fleet").attr("href").await,
            Some(address.clone()),
            "kept on another page"
        );
        top.open("/fleet").await;
        assert_eq!(console.address_becomes(&address).await, address);
        assert_eq!(
            console.fleet().counts_when(|t| t == filtered).await,
            filtered,
            "the same devices shown"
        );
    }
    // Typed over an address that has a query already: the fleet's address, carrying both.
    console.fleet().type_search("Ultra").await;
    let both = format!("/fleet?q=Ultra&{}", address.trim_start_matches("/fleet?"));
    assert_eq!(console.address_becomes(&both).await, both);
    console.close().await;
}
