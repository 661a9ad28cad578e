//! The README's tour pictures, taken from the release build against the simulator so they
//! stay true: `cargo run -p console-e2e --bin screenshots` after `trunk build --release`
//! writes `docs/images/*.png` (the fleet with a batch chosen, and a run followed to its end).

use std::path::PathBuf;

use console_e2e::{Console, cloud_of};

#[tokio::main]
async fn main() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/images");
    std::fs::create_dir_all(&out).expect("docs/images");
    let console = Console::admin(cloud_of(200, 6)).await;
    console.client().set_window_size(1280, 860).await.expect("window size");
    let batch = console.cloud.upgradable(770, "A", "1.5.178")[..3].to_vec();
    let firmware = console.cloud.firmware_id(770, "A", "1.5.178");
    let upgrade = console.upgrade();
    upgrade.prepare(&console.fleet(), &batch, firmware).await;
    save(&console, &out, "review.png").await;
    upgrade.confirm().await;
    console.run().counts_within(60, |t| t.contains(" 0 in progress")).await;
    save(&console, &out, "run.png").await;
    console.close().await;
}

/// The viewport as it is now, written to `out/name`.
async fn save(console: &Console, out: &std::path::Path, name: &str) {
    let png = console.client().screenshot().await.expect("a screenshot");
    std::fs::write(out.join(name), png).expect("write the screenshot");
    println!("wrote docs/images/{name}");
}
