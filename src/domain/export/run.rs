//! A run's devices as CSV: one row per device of the batch.

use super::CsvText;
use crate::domain::call::describe;
use crate::domain::codes::Catalogue;
use crate::domain::run::Run;

/// One row per device of the batch: followed devices with their end, the rest with why
/// they were not sent or not started.
pub fn csv(run: &Run, catalogue: &Catalogue) -> String {
    let mut table = CsvText::default();
    table.row(&[
        "run",
        "serial_number",
        "device",
        "from_version",
        "target_version",
        "outcome",
        "final",
        "attempt",
    ]);
    let run_id = run.id.to_string();
    let target = run.firmware.version.to_string();
    for device in &run.devices {
        let attempt = device.attempt.to_string();
        let outcome = describe(&device.state, catalogue);
        let done = if device.state.is_final() { "yes" } else { "no" };
        table.neutralised_row([
            &run_id,
            &device.sn,
            &device.name,
            &device.from,
            &target,
            &outcome,
            done,
            &attempt,
        ]);
    }
    for left in &run.left_out {
        let sent = run.sent.iter().find(|s| s.sn == left.sn);
        let (name, from) = sent.map_or(("", ""), |s| (s.name.as_str(), s.from.as_str()));
        let outcome = left.reason.describe(catalogue);
        table.neutralised_row([&run_id, &left.sn, name, from, &target, &outcome, "yes", ""]);
    }
    table.0
}
