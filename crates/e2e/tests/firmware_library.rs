//! From a new `.mwf` file to a device running it, without leaving the console.

use console_e2e::Console;

#[tokio::test]
async fn upload_add_see_and_upgrade_a_device_to_new_firmware() {
    let config = console_e2e::cloud_of(200, 4);
    let dir = std::env::temp_dir().join(format!("console-e2e-mwf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("770_rev_A_1_9_1.mwf");
    std::fs::write(&file, vec![0x4d_u8; 4096]).unwrap();

    let console = Console::admin(config).await;
    let cloud = &console.cloud;
    console.library().open().await;

    console.library().choose_file(&file).await;
    let info = console.library().file_info().when(|t| t.contains("1.9.1")).await;
    assert!(info.contains("Ultra Stream HDMI (model 770)"), "{info}");
    assert!(info.replace('\n', " ").contains("Type release"), "{info}");
    console.library().add().await;
    let added = console.library().highlighted().when(|t| t.contains("1.9.1")).await;
    assert!(added.contains("just added"), "{added}");

    console.library().upgrade_to_highlighted().await;
    let offered = console.upgrade().offered().when(|t| t.contains("1.9.1")).await;
    assert!(offered.contains("release"), "{offered}");
    let label = console.upgrade().confirm_button().when(|t| t.ends_with("to 1.9.1")).await;
    assert!(label.starts_with("Upgrade "), "{label}");
    assert_eq!(
        console.focus_becomes("review-title").await,
        "review-title",
        "from the library, the review is brought into view and focused"
    );
    console.upgrade().confirm().await;
    let counts = console.run().counts_within(40, |t| !t.starts_with("0 verified")).await;
    assert!(counts.contains("verified"), "{counts}");
    let upgraded = cloud
        .state
        .sim()
        .devices(&cloud_sim::sessions::USERS[0], 0, 0, tokio::time::Instant::now())
        .into_iter()
        .filter(|d| d.status.firmware_ver == "1.9.1")
        .count();
    assert!(upgraded >= 1, "a device runs the uploaded firmware");
    console.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}
