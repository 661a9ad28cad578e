//! Every width works: from the narrowest phone (360 px) to a wide screen (2,560 px) the whole
//! upgrade flow completes and the page never scrolls sideways.

use console_e2e::Console;

#[tokio::test]
async fn the_upgrade_flow_completes_at_every_width_without_sideways_scroll() {
    let config = console_e2e::cloud_of(200, 3);
    let console = Console::admin(config).await;
    let devices = console.cloud.upgradable(770, "A", "1.5.178");
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    for (n, width) in [360, 390, 768, 1280, 1920, 2560].into_iter().enumerate() {
        console.client().set_window_size(width, 900).await.expect("resize");
        let mut steps = Vec::new();
        steps.push(("fleet", console.document().sideways_scroll().await));
        let upgrade = console.upgrade();
        upgrade.prepare(&console.fleet(), &devices[n..n + 1], firmware).await;
        steps.push(("review", console.document().sideways_scroll().await));
        if width >= 1920 {
            // A wide screen gives the fleet the room: its table is not clipped.
            let clipped = console.document().fleet_clipped().await;
            assert!(clipped <= 0, "at {width} px the fleet table is clipped by {clipped} px");
        }
        upgrade.confirm().await;
        console.run().counts_within(30, |t| t.starts_with("1 verified")).await;
        steps.push(("run", console.document().sideways_scroll().await));
        for (step, overflow) in steps {
            assert!(
                overflow <= 0,
                "at {width} px the page scrolls {overflow} px sideways on the {step}"
            );
        }
    }
    console.close().await;
}
