use cloud_sim::cloud::KeyFailure;
use cloud_sim::config::SimConfig;
use console_e2e::Console;
use std::time::Duration;

#[tokio::test]
async fn screens() {
    let console = Console::admin(SimConfig {
        devices: 200,
        upgrade_duration: Duration::from_secs(30),
        ..SimConfig::default()
    })
    .await;
    console.cloud.state.sim().key_failures.push(KeyFailure {
        product_id: 800,
        hardware_ver: "A".into(),
        rate: 1.0,
    });
    let c = console.campaign();
    c.new_campaign().await;
    c.filter_family("Ultra Encode").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    c.add_shown().await;
    for w in [390u32, 768, 1280, 1920] {
        console.client().set_window_size(w, 1000).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        console_e2e::click(console.client(), "[data-testid=see-plan]").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let png = console.client().screenshot().await.unwrap();
        std::fs::write(format!("/tmp/plan-{w}.png"), png).unwrap();
    }
    c.start().await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    for w in [390u32, 1280] {
        console.client().set_window_size(w, 1000).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let png = console.client().screenshot().await.unwrap();
        std::fs::write(format!("/tmp/run-{w}.png"), png).unwrap();
    }
    c.halt_notice(90).await;
    for w in [390u32, 1280, 1920] {
        console.client().set_window_size(w, 1000).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let png = console.client().screenshot().await.unwrap();
        std::fs::write(format!("/tmp/halt-{w}.png"), png).unwrap();
    }
    console.close().await;
}
