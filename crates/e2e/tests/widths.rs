//! Every width works: from the narrowest phone (360 px) to a wide screen (2,560 px) the whole
//! upgrade flow completes, no page (a device's included) scrolls sideways and the history's
//! lines are drawn whole; on phones a fleet row is a card with every field an administrator
//! needs; from 1,280 px the fleet's table fits its box.

use console_e2e::Console;

#[tokio::test]
async fn the_upgrade_flow_completes_at_every_width_without_sideways_scroll() {
    let config = console_e2e::cloud_of(200, 3);
    let console = Console::admin(config).await;
    let devices = console.cloud.upgradable(770, "A", "1.5.178");
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    let on_air = console.cloud.devices_where(|d| {
        d.base.status.cur_status.unwrap_or(0) & sc_wire::cur_status::ON_AIR != 0
    });
    for (n, width) in [360, 390, 768, 1280, 1920, 2560].into_iter().enumerate() {
        console.client().set_window_size(width, 900).await.expect("resize");
        let mut steps = Vec::new();
        console.fleet().open().await;
        steps.push(("fleet", console.document().sideways_scroll().await));
        if width <= 700 {
            // A card: serial number, status, product, model, hardware, firmware, group, on
            // air, activity.
            let sn = &devices[n];
            console.fleet().show(sn).await;
            let every = [
                "sn", "status", "name", "model", "hardware", "firmware", "group", "warning",
                "activity",
            ];
            assert_eq!(console.fleet().shown_fields(sn).await, every, "at {width} px");
            if let Some(live) = on_air.first() {
                console.fleet().show(live).await;
                let card = console.fleet().row(live).text().await;
                assert!(card.contains("on air"), "at {width} px: {card}");
            }
        }
        let upgrade = console.upgrade();
        upgrade.prepare(&console.fleet(), &devices[n..n + 1], firmware).await;
        steps.push(("review", console.document().sideways_scroll().await));
        if width >= 1280 || width <= 700 {
            // The fleet's table fits its box: nothing hidden sideways.
            let clipped = console.document().fleet_clipped().await;
            assert!(clipped <= 0, "at {width} px the fleet table is clipped by {clipped} px");
        }
        upgrade.confirm().await;
        console.run().counts_within(30, |t| t.starts_with("1 verified")).await;
        steps.push(("run", console.document().sideways_scroll().await));
        console.go(&format!("devices/{}", devices[n])).await;
        console.device().facts().text().await;
        steps.push(("device", console.document().sideways_scroll().await));
        console.history().open().await;
        steps.push(("history", console.document().sideways_scroll().await));
        // Every line whole, its Delete button too (a card's fixed height once cut it).
        let cut = console.document().rows_clipped().await;
        assert!(cut <= 0, "at {width} px a history line cuts {cut} px off what it holds");
        console.library().open().await;
        console.library().heading().await;
        steps.push(("library", console.document().sideways_scroll().await));
        for (step, overflow) in steps {
            assert!(
                overflow <= 0,
                "at {width} px the page scrolls {overflow} px sideways on the {step}"
            );
        }
    }
    console.close().await;
}

#[tokio::test]
async fn on_air_is_shown_whole_and_in_words_at_every_width() {
    let config = console_e2e::cloud_of(200, 3);
    let console = Console::admin(config).await;
    // The longest words: recording and live at once.
    let both = console.cloud.devices_where(|d| {
        d.base.is_online()
            && d.base.status.cur_status.unwrap_or(0) & sc_wire::cur_status::ON_AIR
                == sc_wire::cur_status::ON_AIR
    });
    let sn = both.first().expect("a device recording and live").clone();
    for width in [390, 768, 1280, 1920] {
        console.client().set_window_size(width, 900).await.expect("resize");
        // The fleet narrowed to what is on air, as an administrator would before a show.
        console.go("fleet?state=on-air").await;
        console.fleet().wait_read().await;
        console.fleet().show(&sn).await;
        let (words, whole) = console.fleet().on_air_seen(&sn).await;
        assert_eq!(words, "on air: recording and live", "at {width} px");
        assert!(whole, "at {width} px the on-air words are cut or out of view");
    }
    console.close().await;
}

#[tokio::test]
async fn tablets_show_every_overview_column_and_phones_get_one_bar_big_targets_and_cards_that_tick()
{
    let console = Console::admin(console_e2e::cloud_of(200, 3)).await;
    // Tablets: every model's figures and versions in view, the pages on one row.
    console.client().set_window_size(768, 1000).await.expect("resize");
    console.top_bar().open("/").await;
    console.overview().figures().when(|t| t.contains("on the newest release")).await;
    let clipped = console.document().overview_clipped().await;
    assert!(clipped <= 0, "at 768 px the overview's tables run {clipped} px past their box");
    let bar = console.top_bar().height().await;
    assert!(bar <= 120.0, "at 768 px the top bar is {bar} px tall");

    // Phones: one compact bar; the pages behind a button naming the page shown.
    console.client().set_window_size(390, 844).await.expect("resize");
    let bar = console.top_bar().height().await;
    assert!(bar <= 70.0, "at 390 px the top bar is {bar} px tall of 844");
    assert!(console.top_bar().menu_folded().await, "the pages folded behind the menu");
    // The overview's numbers are targets a thumb can hit.
    let (w, h) = console.overview().smallest_number_link().await;
    assert!(w >= 44.0 && h >= 44.0, "the smallest number link is {w}×{h} px");
    console.top_bar().open("/fleet").await;
    let menu = console.top_bar().menu_button().await;
    assert!(menu.ends_with("Fleet"), "the menu names the page shown: {menu}");
    assert!(console.top_bar().menu_folded().await, "following a link folds the menu again");
    console.fleet().wait_read().await;
    // A tap on a card (not on its link or box) ticks it; the box's cell is the card's height.
    let sn = console.cloud.upgradable(770, "A", "1.5.178")[0].clone();
    console.fleet().show(&sn).await;
    let (w, h) = console.fleet().tick_target(&sn).await;
    assert!(w >= 44.0 && h >= 44.0, "the checkbox's target is {w}×{h} px");
    console.fleet().tap_card(&sn).await;
    let counts = console.fleet().counts_when(|t| t.contains("1 selected")).await;
    assert!(counts.contains("1 selected"), "{counts}");
    // The card names the product and the group (every field: the flow test above).
    let card_text = console.fleet().row(&sn).text().await;
    assert!(card_text.contains("Ultra Stream"), "{card_text}");
    console.close().await;
}
