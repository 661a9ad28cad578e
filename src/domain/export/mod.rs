//! Exports for reports and tickets: a run's and a campaign's devices as CSV (each Cloud
//! text neutralised for spreadsheets), the overview's table as CSV, and a run or campaign
//! as indented JSON. The writers shared by them live here; each export in its own module.

mod campaign;
mod json;
mod overview;
mod run;

use std::borrow::Cow;

pub use campaign::{campaign_csv, campaign_json};
pub use json::{indented, json};
pub use overview::overview_csv;
pub use run::csv;

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

/// CSV text as RFC 4180 has it, rows ended by `\n` (as the csv crate wrote them): a cell
/// holding a comma, a quote or a line break is quoted, its quotes doubled. By hand: the csv
/// crate's writer also carries a quoting style that tells numbers apart, which links the
/// standard library's float parser and its 21 KB table; 10 KB of wasm gzip in all.
#[derive(Default)]
pub(super) struct CsvText(String);

impl CsvText {
    pub(super) fn row(&mut self, cells: &[&str]) {
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
    pub(super) fn neutralised_row(&mut self, cells: [&str; 8]) {
        let cells = cells.map(cell);
        self.row(&cells.each_ref().map(|c| c.as_ref()));
    }
}

#[cfg(test)]
mod tests;
