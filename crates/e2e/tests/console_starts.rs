//! The release build (wasm-opt included) starts in a real browser on the simulator's origin.

use cloud_sim::state::SimConfig;
use console_e2e::{Browser, Cloud};
use fantoccini::Locator;

#[tokio::test]
async fn release_console_starts_in_chromium_on_the_simulators_origin() {
    let cloud = Cloud::start(SimConfig::default()).await;
    let browser = Browser::start().await;
    browser.client.goto(&cloud.url).await.expect("page loads");
    let heading = browser
        .client
        .wait()
        .for_element(Locator::Css("h1"))
        .await
        .expect("the app renders its heading");
    assert_eq!(
        heading.text().await.unwrap(),
        "Magewell Cloud · Firmware console"
    );
    browser.close().await;
}
