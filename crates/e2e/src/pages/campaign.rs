//! Campaign mode on the fleet, the plan beside it, and one campaign's page.

use fantoccini::Locator;

use super::Region;
use crate::{answer, click, wait_for_text};

page_object! {
    /// Campaign mode on the fleet, the plan beside it, and one campaign's page.
    CampaignPage
}

impl<'a> CampaignPage<'a> {
    /// Switches the fleet to campaign mode ("New campaign (any models)…").
    pub async fn new_campaign(&self) {
        click(self.client, "[data-testid=new-campaign]").await;
        wait_for_text(self.client, "[data-testid=campaign-scope]", |t| t.starts_with("Campaign"))
            .await;
    }

    /// Chooses a family in the fleet's filter by its visible name.
    pub async fn filter_family(&self, name: &str) {
        let script = format!(
            "const s = [...document.querySelectorAll('.filters label')].find(l => l.textContent.startsWith('Family')).querySelector('select'); \
             const o = [...s.options].find(o => o.text === {name:?}); s.value = o.value; \
             s.dispatchEvent(new Event('change', {{bubbles: true}}));"
        );
        self.client.execute(&script, vec![]).await.expect("choose a family");
    }

    /// "Add the N shown", then waits for the plan's table.
    pub async fn add_shown(&self) {
        click(self.client, "[data-testid=add-shown]").await;
        wait_for_text(self.client, "[data-testid=plan-totals]", |t| t.contains("to send")).await;
    }

    /// The plan table's text, once it satisfies `ok`.
    pub async fn plan_when(&self, ok: impl Fn(&str) -> bool) -> String {
        wait_for_text(self.client, "[data-testid=plan-table]", ok).await
    }

    /// "See the plan ↓": brings the plan into view.
    pub async fn see_plan(&self) {
        click(self.client, "[data-testid=see-plan]").await;
    }

    /// Scrolls the plan's waves form into view (for looking at it).
    pub async fn show_waves_form(&self) {
        let _ = self
            .client
            .execute(
                "document.querySelector('.wave-form').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await;
    }

    /// Types the pause between waves (seconds).
    pub async fn set_pause(&self, seconds: u32) {
        let input = self
            .client
            .wait()
            .for_element(Locator::XPath("//label[contains(., 'Pause between waves')]/input"))
            .await
            .expect("the pause field");
        input.clear().await.expect("clear pause");
        input.send_keys(&format!("{seconds}\t")).await.expect("type pause");
    }

    /// "Start campaign…", then waits for the campaign's page.
    pub async fn start(&self) {
        click(self.client, "[data-testid=start-campaign]").await;
        wait_for_text(self.client, "#campaign-title", |t| t.starts_with("Campaign")).await;
    }

    /// The status line once it satisfies `ok`, waiting up to `seconds`.
    pub async fn status_within(&self, seconds: u64, ok: impl Fn(&str) -> bool) -> String {
        crate::wait_for_text_within(self.client, "[data-testid=campaign-status]", seconds, ok).await
    }

    /// The counts line.
    pub async fn counts(&self) -> String {
        self.counts_line().text().await
    }

    /// The counts line, to wait on ("… · 3 outcome unknown · …").
    pub fn counts_line(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=campaign-counts]")
    }

    /// The plan's totals ("12 devices to send · …").
    pub fn plan_totals(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=plan-totals]")
    }

    /// "Abort" on the halt notice.
    pub async fn abort_halted(&self) -> String {
        click(self.client, "[data-testid=abort-halted]").await;
        answer(self.client, true).await
    }

    /// "Abort" on the halt notice, then Escape on the question it asks: its words.
    pub async fn abort_halted_then_escape(&self) -> String {
        click(self.client, "[data-testid=abort-halted]").await;
        let words =
            crate::wait_for_text(self.client, "dialog[open] #question-text", |t| !t.is_empty())
                .await;
        let focused = self.client.active_element().await.expect("the focused control");
        assert_eq!(
            focused.attr("id").await.ok().flatten().as_deref(),
            Some("question-no"),
            "Cancel has the focus"
        );
        focused.send_keys("\u{e00c}").await.expect("Escape");
        words
    }

    /// The pause between two waves, when one is under way ("Pause: Wave 2 goes at …").
    pub fn pause(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=campaign-pause]")
    }

    /// Whether the console's question dialog is open.
    pub async fn asking(&self) -> bool {
        let open = self.client.execute(
            "return !!document.querySelector('dialog[open][data-testid=question]')",
            vec![],
        );
        open.await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
    }

    /// Each failing model and hardware of the halt notice, as text.
    pub fn failing_keys(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=failing-keys]")
    }

    /// "Leave this model and hardware out and resume" for the failing key of product `model`, answering
    /// the question it asks; the question's words.
    pub async fn leave_out_model(&self, model: i64) -> String {
        let wanted = format!("(model {model})");
        let items = self
            .client
            .find_all(Locator::Css("[data-testid=failing-keys] li[data-key]"))
            .await
            .unwrap_or_default();
        for item in items {
            if item.text().await.unwrap_or_default().contains(&wanted) {
                let button = item
                    .find(Locator::Css("[data-testid=leave-out-key]"))
                    .await
                    .expect("the model's button");
                button.click().await.expect("leave the model out");
                return answer(self.client, true).await;
            }
        }
        panic!("no failing model {model} in the halt notice");
    }

    /// The matrix's rows marked failing, as text.
    pub fn failing_rows(&self) -> Region<'a> {
        Region::new(self.client, ".wave-matrix tr.failing th")
    }

    /// The matrix's column heads: each wave's name and stage ("Wave 2 waiting: pause").
    pub fn wave_heads(&self) -> Region<'a> {
        Region::new(self.client, ".wave-matrix thead")
    }

    /// The matrix's rows, as text (each row's model, tags and cells).
    pub fn matrix_rows(&self) -> Region<'a> {
        Region::new(self.client, ".wave-matrix tbody")
    }

    /// What the campaign page says about reading progress ("could not be read since …").
    pub fn following(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=campaign-view] [data-testid=run-following]")
    }

    /// Who drives the campaign, and with which Cloud session (the planner's and the page's).
    pub fn driven_by(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=campaign-driver]")
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

    /// "Return these devices to the version they had…" (on a run, a campaign or a device),
    /// then waits for the rollback's plan.
    pub async fn roll_back(&self) -> String {
        click(self.client, "[data-testid=roll-back]").await;
        wait_for_text(self.client, "[data-testid=rollback-notice]", |t| {
            t.contains("Returns the devices")
        })
        .await
    }

    /// What the plan says the Cloud's firmware list leaves in doubt for its models.
    pub fn doubts(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=plan-firmware-doubts]")
    }

    /// Acknowledges the plan's risks (a downgrade, a test build).
    pub async fn accept_risks(&self) {
        click(self.client, ".plan [data-testid=accept-risks]").await;
    }

    /// What the plan says of each rollback row's target ("back to 2.2.30", "The Cloud no
    /// longer holds …").
    pub fn ways_back(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=way-back]")
    }

    /// The targets drawn in the campaign's device table ("1.5.178", "back to 1.5.120").
    pub fn device_targets(&self) -> Region<'a> {
        Region::new(self.client, ".campaign-devices [data-testid=device-target]")
    }

    /// The plan's "I understand" for a downgrade or a test build (absent when none).
    pub fn risks_to_accept(&self) -> Region<'a> {
        Region::new(self.client, ".plan [data-testid=accept-risks]")
    }

    /// "A rollback of campaign 1" on a rollback's page.
    pub fn undoes(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=undoes]")
    }

    /// Fills the plan's schedule as an administrator would (the zone, the start, one
    /// maintenance window every day from `window_start` for `hours`), each field changed.
    pub async fn schedule(&self, zone: &str, start: &str, window_start: &str, hours: &str) {
        let set = |selector: &str, value: &str| {
            format!(
                "{{ const e = document.querySelector({selector:?}); e.value = {value:?}; \
                 e.dispatchEvent(new Event('change', {{bubbles: true}})); }}"
            )
        };
        let fill =
            [set("[data-testid=schedule-zone]", zone), set("[data-testid=schedule-start]", start)]
                .join("\n");
        self.client.execute(&fill, vec![]).await.expect("the schedule's fields");
        click(self.client, "[data-testid=add-window]").await;
        let window = format!(
            "for (const box of document.querySelectorAll('[data-testid=schedule-window] input[type=checkbox]')) \
               {{ if (!box.checked) box.click(); }}\n{}\n{}",
            set("[data-testid=window-start]", window_start),
            set("[data-testid=window-hours]", hours)
        );
        self.client.execute(&window, vec![]).await.expect("the window's fields");
    }

    /// How the service read the plan's schedule ("Sends from …"), or what is wrong with it.
    pub fn schedule_summary(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=schedule-summary], [data-testid=schedule-error]")
    }

    /// The plan's waves, each with when it can go at the earliest.
    pub fn wave_preview(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=wave-preview]")
    }

    /// What a scheduled campaign waits for ("Waiting for its start (in 45 s)").
    pub fn waiting(&self) -> Region<'a> {
        Region::new(self.client, "[data-testid=campaign-waiting]")
    }
}
