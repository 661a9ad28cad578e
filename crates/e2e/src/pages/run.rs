//! A run's page (the Cloud's answer, progress, reasons) and the history page.

use fantoccini::Locator;

use super::Region;

page_object! {
    /// The open run: the Cloud's answer, progress and reasons.
    RunPage
}

impl<'a> RunPage<'a> {
    /// The run's title ("Run 2 · … · retry of run 1").
    pub fn title(&self) -> Region<'a> {
        self.part("#run-title")
    }

    /// Waits for run `n`'s page (its title "Run n …").
    pub async fn wait_for(&self, n: u64) -> String {
        let start = format!("Run {n} ");
        self.title().when(|t| t.starts_with(&start)).await
    }

    /// Opens the Cloud's per-SN answer (folded once every device started fine), as an
    /// administrator would to read it.
    async fn unfold_answer(&self) {
        let _ = self
            .client
            .execute(
                "document.querySelectorAll('details.start-answer').forEach(d => d.open = true)",
                vec![],
            )
            .await;
    }

    /// The per-SN answer's counts once they satisfy `ok` (unfolding the answer to read it).
    pub async fn outcome_counts_when(&self, ok: impl Fn(&str) -> bool) -> String {
        let counts = self.part("[data-testid=outcome-counts]");
        let mut last = String::new();
        for _ in 0..100 {
            self.unfold_answer().await;
            last = counts.text_now().await;
            if ok(&last) {
                return last;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the outcome counts never showed the expected text; last seen: {last:?}");
    }

    /// The summary line of the Cloud's per-SN answer ("The Cloud started all 2 devices"
    /// when folded), once there is one.
    pub async fn answer_summary(&self) -> String {
        self.part("[data-testid=start-answer] summary").text().await
    }

    /// The table of the Cloud's per-SN answer, as text.
    pub async fn outcome_table(&self) -> String {
        self.unfold_answer().await;
        self.part(".outcome-table").text().await
    }

    /// "Sending the upgrade call…", while the run's call awaits its answer.
    pub fn sending(&self) -> Region<'a> {
        self.part("[data-testid=run-sending]")
    }

    /// The notice that the call's answer was lost or not understood.
    pub fn outcome_unknown(&self) -> Region<'a> {
        self.part("[data-testid=outcome-unknown]")
    }

    /// Who reads the open run's progress: "this-tab" or "another-tab", once it is `ok`.
    pub async fn polling_when(&self, ok: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            if let Ok(element) = self.client.find(Locator::Css("[data-testid=run-following]")).await
                && let Ok(Some(who)) = element.attr("data-polling").await
            {
                if ok(&who) {
                    return who;
                }
                last = who;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the run view never said who polls as expected; last seen: {last:?}");
    }

    /// The run's progress counts ("1 verified · 1 failed · …").
    pub fn counts(&self) -> Region<'a> {
        self.part("[data-testid=run-counts]")
    }

    /// The run's progress counts once they satisfy `ok`, waiting up to `seconds`.
    pub async fn counts_within(&self, seconds: u64, ok: impl Fn(&str) -> bool) -> String {
        self.counts().within(seconds, ok).await
    }

    /// The reasons devices failed ("1 × install failed at step …").
    pub fn failure_reasons(&self) -> Region<'a> {
        self.part("[data-testid=failure-reasons]")
    }

    /// Who the run left out, and why.
    pub fn left_out(&self) -> Region<'a> {
        self.part(".run [data-testid=left-out]")
    }

    /// Device `sn`'s row of the run.
    pub fn device(&self, sn: &str) -> Region<'a> {
        self.part(&format!("[data-testid=run-view] tr[data-sn='{sn}']"))
    }

    /// Device `sn`'s state in words ("verified").
    pub fn state_of(&self, sn: &str) -> Region<'a> {
        self.part(&format!("[data-testid=run-view] tr[data-sn='{sn}'] .state .words"))
    }

    /// Where a later run verified what failed here ("1 failed → verified in run 2").
    pub fn superseded(&self) -> Region<'a> {
        self.part("[data-testid=superseded]")
    }

    /// "Retry failed (n)".
    pub fn retry_failed(&self) -> Region<'a> {
        self.part("[data-testid=retry-failed]")
    }

    /// The run's CSV export, as a spreadsheet would read the file the link saves.
    pub async fn export_csv(&self) -> String {
        let href = self
            .client
            .execute(
                "const link = document.querySelector('[data-testid=export-csv]'); \
                 link.dispatchEvent(new Event('focus')); return link.getAttribute('href')",
                vec![],
            )
            .await
            .expect("the export link");
        let href = href.as_str().expect("a data URL").to_string();
        let encoded = href.strip_prefix("data:text/csv;charset=utf-8,").expect("a CSV data URL");
        percent_encoding::percent_decode_str(encoded).decode_utf8_lossy().into_owned()
    }

    /// What an address naming a run or campaign this browser does not keep says, once the
    /// history has been read.
    pub async fn not_kept(&self) -> String {
        self.part("[data-testid=not-kept] [role=alert]").text().await
    }

    /// Selects the run's devices again ("Select these devices again"), back on the fleet.
    pub async fn select_again(&self) {
        self.part("[data-testid=select-again]").click().await;
    }

    /// What an address without a page says.
    pub async fn no_such_page(&self) -> String {
        self.part("[data-testid=no-such-page] [role=alert]").text().await
    }

    /// The way back from such an address: to the history.
    pub async fn back_to_history(&self) {
        self.part("[data-testid=not-kept-history]").click().await;
    }
}

page_object! {
    /// The history page: every campaign (its runs folded inside) and single run of the user
    /// in this browser.
    HistoryList
}

impl<'a> HistoryList<'a> {
    /// Opens the history from the top bar, unless it is shown.
    pub async fn open(&self) {
        if self.part("[data-testid=history]").count().await == 0 {
            super::TopBar::new(self.client).open("/runs").await;
        }
        self.part("[data-testid=history] h2").text().await;
    }

    /// Puts the keyboard focus on the history's table (as Tab would).
    pub async fn focus_table(&self) {
        self.part("[data-testid=history-table]").focus().await;
    }

    /// How many rows the table says it has (its header included), drawn or not.
    pub async fn rows_counted(&self) -> Option<String> {
        self.part("[data-testid=history-table]").attr("aria-rowcount").await
    }

    /// The top-level lines (campaigns and single runs), as text.
    pub fn rows(&self) -> Region<'a> {
        Region::new(self.client, ".history-table tbody tr.entry")
    }

    /// The whole list, as text (opening the history page first).
    pub async fn text(&self) -> String {
        self.open().await;
        Region::new(self.client, ".history-table tbody").text().await
    }

    /// "Shared record: …", shown when the console service keeps the history.
    pub fn shared(&self) -> Region<'a> {
        self.part("[data-testid=history-shared]")
    }

    /// The offer to move this browser's own history into the shared record.
    pub fn move_offer(&self) -> Region<'a> {
        self.part("[data-testid=move-history]")
    }

    pub fn move_button(&self) -> Region<'a> {
        self.part("[data-testid=move-history-button]")
    }

    /// Run `n`'s Delete button on its line (clicked; the page then asks).
    pub async fn delete_run(&self, n: u64) {
        self.open().await;
        Region::new(
            self.client,
            format!(".history-table tr[data-run='{n}'] [data-testid=delete-run]"),
        )
        .click()
        .await;
    }

    /// "Clear history", when offered.
    pub fn clear_button(&self) -> Region<'a> {
        self.part("[data-testid=clear-history]")
    }

    /// What the page says while it holds nothing.
    pub fn empty(&self) -> Region<'a> {
        self.part("[data-testid=history-empty]")
    }

    /// Opens run `n` from the list by its link.
    pub async fn open_run(&self, n: u64) {
        self.open().await;
        Region::new(self.client, format!(".history-table tr[data-run='{n}'] td.what a"))
            .click()
            .await;
    }

    /// Campaign `n`'s line, as text.
    pub fn campaign(&self, n: u64) -> Region<'a> {
        Region::new(self.client, format!(".history-table tr.entry[data-campaign='{n}']"))
    }

    /// The `href` of a line's link (`data-run='1'`, `data-campaign='2'`), from the history.
    pub async fn link_of(&self, line: &str) -> Option<String> {
        self.open().await;
        Region::new(self.client, format!(".history-table tr[{line}] td.what a")).attr("href").await
    }

    /// Unfolds campaign `n`'s runs beneath it.
    pub async fn unfold(&self, n: u64) {
        Region::new(
            self.client,
            format!(".history-table tr[data-campaign='{n}'] [data-testid=unfold-campaign]"),
        )
        .click()
        .await;
    }

    /// The runs shown inside campaigns (unfolded), top to bottom.
    pub async fn calls(&self) -> Vec<u64> {
        self.ids(".history-table tr.call[data-run]").await
    }

    /// Chooses a state in the history's filter ("halted", "under way"…, by its words).
    pub async fn filter_state(&self, words: &str) {
        let select = self.part("[data-testid=history-state]").element().await;
        select.select_by_label(words).await.expect("a state of the filter");
    }

    /// The single runs listed, top to bottom (opening the history page first).
    pub async fn runs(&self) -> Vec<u64> {
        self.open().await;
        self.ids(".history-table tr.entry[data-run]").await
    }

    async fn ids(&self, css: &str) -> Vec<u64> {
        let rows = self.client.find_all(Locator::Css(css)).await.unwrap_or_default();
        let mut runs = Vec::new();
        for row in rows {
            if let Ok(Some(id)) = row.attr("data-run").await
                && let Ok(id) = id.parse()
            {
                runs.push(id);
            }
        }
        runs
    }

    /// The single runs once they are `expected`, waiting up to ten seconds.
    pub async fn runs_become(&self, expected: &[u64]) -> Vec<u64> {
        let mut last = Vec::new();
        for _ in 0..100 {
            last = self.runs().await;
            if last == expected {
                return last;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the history never listed runs {expected:?}; last seen: {last:?}");
    }
}
