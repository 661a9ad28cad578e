//! Records stored in format 1 stay readable: one of each kind, as this version wrote them
//! (`tests/formats/v1/`), read with the rules the service reads with. A change to the
//! console's records that would leave these unreadable needs a format 2 and its upgrade
//! of format 1 (see `src/record/formats.rs`), not a silent break of every stored record.

use mwcloud_console::domain::campaign::Campaign;
use mwcloud_console::domain::history::{self, decode_chunk};
use mwcloud_console::domain::run::Run;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/formats/v1").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_run_of_format_1_is_read_with_every_field() {
    let run: Run = history::read_run(&fixture("run.json")).unwrap();
    assert_eq!(run.id, 4);
    assert_eq!(run.sent.len(), 2);
    assert_eq!(run.firmware.version.to_string(), "1.5.178");
    assert_eq!(run.user.as_deref(), Some("Admin"));
    let progress = decode_chunk(&fixture("chunk.json")).unwrap();
    assert_eq!(progress.len(), 2);
    let loaded = history::assemble(
        vec![(4, fixture("run.json"))],
        vec![(history::chunk_key(4, 0), fixture("chunk.json"))],
    );
    assert!(loaded.set_aside.is_empty(), "{:?}", loaded.set_aside);
    assert_eq!(loaded.runs[0].devices.len(), 2);
}

#[test]
fn a_campaign_of_format_1_is_read_with_its_waves_and_log() {
    let campaign: Campaign = history::read_campaign(&fixture("campaign.json")).unwrap();
    assert_eq!(campaign.id, 1);
    assert!(!campaign.waves.is_empty());
    assert_eq!(campaign.status_word(), "halted after the canary");
}

/// Writes the fixtures anew: `WRITE_FORMAT_FIXTURES=1 cargo test -p console-server --test formats`
/// — only when a new format is made, never to make a failing test pass.
#[test]
fn fixtures_can_be_written_again_for_a_new_format() {
    if std::env::var_os("WRITE_FORMAT_FIXTURES").is_none() {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/formats/v1");
    let mut run = mwcloud_console::testing::started_run(4, &["A1", "A2"], 1_780_000_000_000);
    run.user = Some("Admin".into());
    std::fs::write(dir.join("run.json"), history::encode_run(&run)).unwrap();
    std::fs::write(dir.join("chunk.json"), &history::encode_chunks(&run)[0].1).unwrap();
    let (campaign, _) = mwcloud_console::testing::halted_campaign(1_780_000_000_000);
    std::fs::write(dir.join("campaign.json"), history::encode_campaign(&campaign)).unwrap();
}
