//! Page objects: what a test does on each part of the console, in the console's own words.

use fantoccini::{Client, Locator};

use crate::{click, select_device, show_device, wait_for_text};

/// The fleet table, its filters and the batch bar.
pub struct FleetPage<'a> {
    client: &'a Client,
}

impl<'a> FleetPage<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        FleetPage { client }
    }

    /// Waits for a read fleet; its counts ("200 devices · 200 shown · 0 selected").
    pub async fn wait_read(&self) -> String {
        fleet_read(self.client).await
    }

    /// The counts line once it satisfies `ok`.
    pub async fn counts_when(&self, ok: impl Fn(&str) -> bool) -> String {
        wait_for_text(self.client, "[data-testid=fleet-counts]", ok).await
    }

    /// Brings one device's row into view by searching for it.
    pub async fn show(&self, sn: &str) {
        show_device(self.client, sn).await;
    }

    /// Ticks (or unticks) each device, then shows the whole fleet again.
    pub async fn select(&self, sns: &[String]) {
        for sn in sns {
            select_device(self.client, sn).await;
        }
    }

    /// Whether a shown device's checkbox can be ticked.
    pub async fn can_select(&self, sn: &str) -> bool {
        self.client
            .find(Locator::Css(&format!(
                "tr[data-sn='{sn}'] input[type=checkbox]"
            )))
            .await
            .expect("the device's checkbox")
            .is_enabled()
            .await
            .expect("checkbox state")
    }

    /// Why a shown device cannot join the batch.
    pub async fn refusal(&self, sn: &str) -> String {
        wait_for_text(self.client, &format!("tr[data-sn='{sn}'] .why"), |t| {
            !t.is_empty()
        })
        .await
    }

    /// "Refresh".
    pub async fn refresh(&self) {
        click(self.client, ".fleet .section-head button").await;
    }
}

/// The firmware picker and the review.
pub struct UpgradePanel<'a> {
    client: &'a Client,
}

impl<'a> UpgradePanel<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        UpgradePanel { client }
    }

    /// Chooses firmware `id` and opens the review.
    pub async fn review(&self, firmware: i64) {
        click(self.client, &format!("#firmware-{firmware}")).await;
        click(self.client, ".firmware button.primary").await;
    }

    /// Types the deadline (seconds) into the review.
    pub async fn set_deadline(&self, seconds: u32) {
        let input = self
            .client
            .wait()
            .for_element(Locator::Css("[data-testid=deadline]"))
            .await
            .expect("the deadline field");
        input.clear().await.expect("clear deadline");
        input
            .send_keys(&format!("{seconds}\t"))
            .await
            .expect("type deadline");
    }

    /// The confirm button's label once it satisfies `ok`.
    pub async fn confirm_label_when(&self, ok: impl Fn(&str) -> bool) -> String {
        wait_for_text(self.client, "[data-testid=confirm-upgrade]", ok).await
    }

    /// The review's summary once it names `target`.
    pub async fn summary_naming(&self, target: &str) -> String {
        wait_for_text(self.client, "[data-testid=review-summary]", |t| {
            t.contains(target)
        })
        .await
    }

    /// Clicks the confirm button.
    pub async fn confirm(&self) {
        click(self.client, "[data-testid=confirm-upgrade]").await;
    }

    /// Selects `sns`, chooses `firmware`, and waits for the review to offer sending them.
    pub async fn prepare(&self, fleet: &FleetPage<'_>, sns: &[String], firmware: i64) {
        fleet.select(sns).await;
        self.review(firmware).await;
        let devices = match sns.len() {
            1 => "Upgrade 1 device ".to_string(),
            n => format!("Upgrade {n} devices "),
        };
        self.confirm_label_when(|t| t.starts_with(&devices)).await;
    }
}

/// The open run: the Cloud's answer, progress and reasons.
pub struct RunPage<'a> {
    client: &'a Client,
}

impl<'a> RunPage<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        RunPage { client }
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
        let mut last = String::new();
        for _ in 0..100 {
            self.unfold_answer().await;
            if let Ok(element) = self
                .client
                .find(Locator::Css("[data-testid=outcome-counts]"))
                .await
                && let Ok(text) = element.text().await
            {
                if ok(&text) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the outcome counts never showed the expected text; last seen: {last:?}");
    }

    /// The summary line of the Cloud's per-SN answer ("The Cloud started all 2 devices"
    /// when folded), once there is one.
    pub async fn answer_summary(&self) -> String {
        wait_for_text(self.client, "[data-testid=start-answer] summary", |t| {
            !t.is_empty()
        })
        .await
    }

    /// The table of the Cloud's per-SN answer, as text.
    pub async fn outcome_table(&self) -> String {
        self.unfold_answer().await;
        self.client
            .wait()
            .for_element(Locator::Css(".outcome-table"))
            .await
            .expect("the outcome table")
            .text()
            .await
            .expect("its text")
    }

    /// Who reads the open run's progress: "this-tab" or "another-tab", once it is `ok`.
    pub async fn polling_when(&self, ok: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            if let Ok(element) = self
                .client
                .find(Locator::Css("[data-testid=run-following]"))
                .await
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

    /// The run's progress counts once they satisfy `ok`, waiting up to `seconds`.
    pub async fn counts_within(&self, seconds: u64, ok: impl Fn(&str) -> bool) -> String {
        crate::wait_for_text_within(self.client, "[data-testid=run-counts]", seconds, ok).await
    }

    /// What an address naming a run or campaign this browser does not keep says, once the
    /// history has been read.
    pub async fn not_kept(&self) -> String {
        wait_for_text(self.client, "[data-testid=not-kept] [role=alert]", |t| {
            !t.is_empty()
        })
        .await
    }
}

/// The history list: every run of the user in this browser.
pub struct HistoryList<'a> {
    client: &'a Client,
}

impl<'a> HistoryList<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        HistoryList { client }
    }

    /// The run numbers listed, top to bottom.
    pub async fn runs(&self) -> Vec<u64> {
        let rows = self
            .client
            .find_all(Locator::Css(".run-list tr[data-run]"))
            .await
            .unwrap_or_default();
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

    /// The run numbers once they are `expected`, waiting up to ten seconds.
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

/// The firmware library page.
pub struct LibraryPage<'a> {
    client: &'a Client,
}

impl<'a> LibraryPage<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        LibraryPage { client }
    }

    /// Opens the library from the top bar.
    pub async fn open(&self) {
        click(self.client, ".topbar nav button:nth-child(2)").await;
    }
}

/// Campaign mode on the fleet, the plan beside it, and one campaign's page.
pub struct CampaignPage<'a> {
    client: &'a Client,
}

impl<'a> CampaignPage<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        CampaignPage { client }
    }

    /// Switches the fleet to campaign mode ("New campaign (any models)…").
    pub async fn new_campaign(&self) {
        click(self.client, "[data-testid=new-campaign]").await;
        wait_for_text(self.client, "[data-testid=campaign-scope]", |t| {
            t.starts_with("Campaign")
        })
        .await;
    }

    /// Chooses a family in the fleet's filter by its visible name.
    pub async fn filter_family(&self, name: &str) {
        let script = format!(
            "const s = [...document.querySelectorAll('.filters label')].find(l => l.textContent.startsWith('Family')).querySelector('select'); \
             const o = [...s.options].find(o => o.text === {name:?}); s.value = o.value; \
             s.dispatchEvent(new Event('change', {{bubbles: true}}));"
        );
        self.client
            .execute(&script, vec![])
            .await
            .expect("choose a family");
    }

    /// "Add the N shown", then waits for the plan's table.
    pub async fn add_shown(&self) {
        click(self.client, "[data-testid=add-shown]").await;
        wait_for_text(self.client, "[data-testid=plan-totals]", |t| {
            t.contains("to send")
        })
        .await;
    }

    /// The plan table's text, once it satisfies `ok`.
    pub async fn plan_when(&self, ok: impl Fn(&str) -> bool) -> String {
        wait_for_text(self.client, "[data-testid=plan-table]", ok).await
    }

    /// Types the pause between waves (seconds).
    pub async fn set_pause(&self, seconds: u32) {
        let input = self
            .client
            .wait()
            .for_element(Locator::XPath(
                "//label[contains(., 'Pause between waves')]/input",
            ))
            .await
            .expect("the pause field");
        input.clear().await.expect("clear pause");
        input
            .send_keys(&format!("{seconds}\t"))
            .await
            .expect("type pause");
    }

    /// "Start campaign…", then waits for the campaign's page.
    pub async fn start(&self) {
        click(self.client, "[data-testid=start-campaign]").await;
        wait_for_text(self.client, "#campaign-title", |t| {
            t.starts_with("Campaign")
        })
        .await;
    }

    /// The status line once it satisfies `ok`, waiting up to `seconds`.
    pub async fn status_within(&self, seconds: u64, ok: impl Fn(&str) -> bool) -> String {
        crate::wait_for_text_within(self.client, "[data-testid=campaign-status]", seconds, ok).await
    }

    /// The counts line.
    pub async fn counts(&self) -> String {
        wait_for_text(self.client, "[data-testid=campaign-counts]", |t| {
            !t.is_empty()
        })
        .await
    }

    /// The halt notice, once shown.
    pub async fn halt_notice(&self, seconds: u64) -> String {
        crate::wait_for_text_within(self.client, "[data-testid=halt-notice]", seconds, |t| {
            t.contains("Halted")
        })
        .await
    }

    /// What happened, in order.
    pub async fn log(&self) -> String {
        self.client
            .execute(
                "return document.querySelector('[data-testid=campaign-log]').textContent",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }
}

/// Waits until the fleet counts show a read fleet ("N devices", N > 0).
async fn fleet_read(client: &Client) -> String {
    wait_for_text(client, "[data-testid=fleet-counts]", |t| {
        !t.is_empty() && !t.starts_with("0 devices")
    })
    .await
}
