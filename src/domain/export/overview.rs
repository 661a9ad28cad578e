//! The overview's table as CSV: one row per model and hardware.

use super::{CsvText, cell};

/// Where the fleet stands, one row per model and hardware (the overview's table).
pub fn overview_csv(overview: &crate::domain::overview::Overview) -> String {
    let mut table = CsvText::default();
    table.row(&[
        "family",
        "model",
        "hardware",
        "product",
        "devices",
        "newest_release",
        "on_newest",
        "behind",
        "behind_by",
        "test_build",
        "not_comparable",
        "offline",
        "warning",
        "on_air",
        "versions",
        "online_unknown",
        "on_air_unknown",
        "newest_undecided",
    ]);
    for family in &overview.families {
        for key in &family.keys {
            let by: Vec<String> =
                key.behind.iter().map(|(n, count)| format!("{n}:{count}")).collect();
            let by = by.join(" ");
            let versions: Vec<String> =
                key.versions.iter().map(|(v, count, _)| format!("{v}:{count}")).collect();
            let versions = versions.join(" ");
            let model = key.key.model.to_string();
            let numbers = [
                key.devices,
                key.on_newest,
                key.behind_total(),
                key.test_build,
                key.unknown,
                key.offline,
                key.warning,
                key.on_air,
                key.online_unknown,
                key.air_unknown,
            ]
            .map(|n| n.to_string());
            let undecided = key.undecided.clone().unwrap_or_default();
            let newest = key.newest.map(|v| v.to_string()).unwrap_or_default();
            let cells = [
                family.name.as_str(),
                &model,
                &key.key.hardware,
                &key.label,
                &numbers[0],
                &newest,
                &numbers[1],
                &numbers[2],
                &by,
                &numbers[3],
                &numbers[4],
                &numbers[5],
                &numbers[6],
                &numbers[7],
                &versions,
                &numbers[8],
                &numbers[9],
                &undecided,
            ]
            .map(cell);
            table.row(&cells.each_ref().map(|c| c.as_ref()));
        }
    }
    table.0
}
