//! A run's per-device outcomes as CSV and JSON, for reports and tickets.

use super::codes::Catalogue;
use super::run::{Run, describe};

/// One row per device of the batch: followed devices with their end, the rest with why
/// they were not sent or not started.
pub fn csv(run: &Run, catalogue: &Catalogue) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "run",
        "serial_number",
        "device",
        "from_version",
        "target_version",
        "outcome",
        "final",
        "attempt",
    ];
    writer.write_record(header).map_err(|e| e.to_string())?;
    let run_id = run.id.to_string();
    let target = run.firmware.version.to_string();
    for device in &run.devices {
        let attempt = device.attempt.to_string();
        let outcome = describe(&device.state, catalogue);
        let done = if device.state.is_final() { "yes" } else { "no" };
        writer
            .write_record([
                &run_id,
                &device.sn,
                &device.name,
                &device.from,
                &target,
                &outcome,
                done,
                &attempt,
            ])
            .map_err(|e| e.to_string())?;
    }
    for left in &run.left_out {
        let sent = run.sent.iter().find(|s| s.sn == left.sn);
        let (name, from) = sent.map_or(("", ""), |s| (s.name.as_str(), s.from.as_str()));
        let outcome = left.reason.describe(catalogue);
        writer
            .write_record([
                run_id.as_str(),
                &left.sn,
                name,
                from,
                &target,
                &outcome,
                "yes",
                "",
            ])
            .map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The whole run, as saved.
pub fn json(run: &Run) -> String {
    serde_json::to_string_pretty(run).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::run::tests::{context, plan};
    use crate::domain::tracking::Tracked;

    #[test]
    fn csv_has_a_header_and_one_row_per_device() {
        let mut run = Run::begin(&plan(&["A", "B", "C"]), context(4));
        run.unknown("x".into(), "".into(), 0);
        run.devices[0].state = Tracked::Verified;
        run.devices[1].state = Tracked::InstallFailed { code: 103, step: 3 };
        run.devices.truncate(2);
        run.left_out.push(crate::domain::run::LeftOutDevice {
            sn: "C".into(),
            reason: crate::domain::run::NotFollowed::AlreadyUpgrading,
        });
        let text = csv(&run, &Catalogue::builtin()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[0],
            "run,serial_number,device,from_version,target_version,outcome,final,attempt"
        );
        assert_eq!(lines[1], "4,A,Model 770,1.5.79,1.5.178,verified,yes,1");
        assert_eq!(
            lines[2],
            "4,B,Model 770,1.5.79,1.5.178,install failed at step 3: flash write failed (code 103),yes,1"
        );
        assert_eq!(
            lines[3],
            "4,C,Model 770,1.5.79,1.5.178,not started: already upgrading,yes,"
        );
    }

    #[test]
    fn json_is_the_saved_run() {
        let run = Run::begin(&plan(&["A"]), context(2));
        assert_eq!(serde_json::from_str::<Run>(&json(&run)).unwrap(), run);
    }
}
