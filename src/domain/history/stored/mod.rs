//! The records as they are kept — in the browser's history and in the console service's
//! record — written and read through types of their own ([`v1`]), never through the
//! domain's: renaming a field of a run or a campaign cannot make an old record
//! unreadable, and the shape of what is kept changes only here, as a new version. (A
//! chunk of a run's devices is written and read by `history::progress`, in
//! [`v1::Progress`].)

mod convert;
pub mod v1;

use crate::domain::campaign::Campaign;
use crate::domain::run::Run;

/// The format the records below are written in (the service keeps it beside each one).
pub const FORMAT: i64 = 1;

pub(super) fn write<T: serde::Serialize>(record: &T) -> String {
    // Plain data with string keys: encoding cannot fail.
    serde_json::to_string(record).unwrap_or_default()
}

/// Reads a record straight from its text (a lease, a record of the browser's own, too).
/// (Through `serde_json::Value`, as the API's replies are read, the bundle was no smaller
/// — 0.6 KB — and a start read 50 runs × 1,000 devices in 340 ms instead of 180.)
pub fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// The run's own record: every field but its devices (they are chunks of their own).
pub fn encode_run(run: &Run) -> String {
    write(&convert::run_stored(run, false))
}

/// The whole run, its devices included (an export).
pub fn encode_whole_run(run: &Run) -> String {
    write(&convert::run_stored(run, true))
}

/// A run from its record (devices, if it holds them, included).
pub fn read_run(text: &str) -> Result<Run, String> {
    read::<v1::Run>(text).map(Run::from)
}

/// A campaign's record (plan, waves, calls, log).
pub fn encode_campaign(campaign: &Campaign) -> String {
    write(&v1::Campaign::from(campaign.clone()))
}

/// A campaign from its record.
pub fn read_campaign(text: &str) -> Result<Campaign, String> {
    read::<v1::Campaign>(text).map(Campaign::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attempt::Outcome;
    use crate::domain::run::StartRecord;
    use crate::domain::tracking::Tracked;

    /// A run record as the first versions wrote it: no stop, no campaign, an earlier
    /// attempt in words — the oldest shape format 1 holds.
    const OLDEST_RUN: &str = r#"{"id":3,"user":"Admin","created_at":1700000000000,"key":{"family":1,"model":770,"hardware":"A"},"batch":"Ultra Stream HDMI","firmware":{"reference":4,"version":{"major":1,"minor":5,"build":178},"is_test_build":false,"uploaded":0,"model":770,"hardware":"A"},"deadline_secs":600,"sent":[{"sn":"A1","name":"Ultra Stream HDMI","from":"1.5.79","ret_before":0}],"start":{"Unknown":{"message":"no answer","detail":""}},"left_out":[{"sn":"A2","reason":{"Plan":"OnAir"}}],"retry_of":2,"earlier":{"A1":["run 2: lost: offline past the deadline"]},"updated_at":1700000001000}"#;

    #[test]
    fn the_oldest_run_record_reads_into_todays_run() {
        let run = read_run(OLDEST_RUN).unwrap();
        assert_eq!(run.id, 3);
        assert_eq!(run.firmware.version.to_string(), "1.5.178");
        assert!(matches!(run.start, StartRecord::Unknown { .. }));
        assert_eq!(run.stopped_at, None);
        assert_eq!(run.campaign, None);
        assert_eq!(run.earlier["A1"][0].run, Some(2));
        assert_eq!(run.earlier["A1"][0].outcome, Outcome::Ended(Tracked::Lost));
        // Written again, it says what it said (the words now as data).
        let again = read_run(&encode_run(&run)).unwrap();
        assert_eq!(again, run);
    }

    #[test]
    fn a_run_with_or_without_its_devices_and_a_campaign_read_back_as_written() {
        let mut run = crate::testing::started_run(7, &["A1", "A2", "A3"], 1_780_000_000_000);
        run.devices[1].state = Tracked::InstallFailed { code: 103, step: 3 };
        let record = read_run(&encode_run(&run)).unwrap();
        assert!(record.devices.is_empty(), "a run's record holds no devices");
        assert_eq!(read_run(&encode_whole_run(&run)).unwrap(), run, "a whole run holds them");
        let campaign = crate::domain::campaign::tests::a_campaign();
        assert_eq!(read_campaign(&encode_campaign(&campaign)).unwrap(), campaign);
    }

    /// A run with its devices and a campaign as this format writes them, frozen: renaming
    /// or retyping a kept field fails here, before it could set every saved run aside.
    const FROZEN_RUN: &str = include_str!("../../../../tests/fixtures/record-format-1-run.json");
    const FROZEN_CAMPAIGN: &str =
        include_str!("../../../../tests/fixtures/record-format-1-campaign.json");

    fn frozen_run() -> Run {
        let mut run = crate::testing::started_run(7, &["A1", "A2", "A3"], 1_780_000_000_000);
        run.devices[1].state = Tracked::InstallFailed { code: 103, step: 3 };
        run.devices[2].state = Tracked::Verified;
        run.stopped_at = Some(1_780_000_600_000);
        run
    }

    #[test]
    fn records_written_in_this_format_are_frozen_both_ways() {
        let (run, campaign) = (frozen_run(), crate::domain::campaign::tests::a_campaign());
        if std::env::var("FREEZE_RECORDS").is_ok() {
            println!("{}\n{}", encode_whole_run(&run), encode_campaign(&campaign));
        }
        assert_eq!(read_run(FROZEN_RUN.trim()).unwrap(), run, "the frozen run reads whole");
        assert_eq!(encode_whole_run(&run), FROZEN_RUN.trim(), "and is written the same");
        assert_eq!(read_campaign(FROZEN_CAMPAIGN.trim()).unwrap(), campaign);
        assert_eq!(encode_campaign(&campaign), FROZEN_CAMPAIGN.trim());
    }

    #[test]
    fn a_record_of_another_shape_is_refused_with_its_reason() {
        let error = read_run(r#"{"id":"three"}"#).unwrap_err();
        assert!(error.contains("invalid type"), "{error}");
        assert!(read_campaign("[]").is_err());
    }
}
