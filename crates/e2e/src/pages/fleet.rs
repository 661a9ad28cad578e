//! The fleet table, its filters and the batch bar.

use fantoccini::Client;

use super::Region;
use crate::{select_device, show_device, wait_for_text};

page_object! {
    /// The fleet table, its filters and the batch bar.
    FleetPage
}

impl<'a> FleetPage<'a> {
    /// Waits for a read fleet; its counts ("200 devices · 200 shown · 0 selected").
    pub async fn wait_read(&self) -> String {
        fleet_read(self.client).await
    }

    /// The counts line ("200 devices · 200 shown · 2 selected").
    pub fn counts(&self) -> Region<'a> {
        self.part("[data-testid=fleet-counts]")
    }

    /// The counts line once it satisfies `ok`.
    pub async fn counts_when(&self, ok: impl Fn(&str) -> bool) -> String {
        self.counts().when(ok).await
    }

    /// The notice that the fleet could not be read.
    pub fn read_error(&self) -> Region<'a> {
        self.part(".fleet .notice-error")
    }

    /// The notice of records set aside or accepted in another form.
    pub fn set_aside(&self) -> Region<'a> {
        self.part("[data-testid=fleet-set-aside]")
    }

    /// The options a filter offers by the label it is under ("Firmware"), "All" left out.
    pub async fn filter_options(&self, label: &str) -> Vec<String> {
        let script = format!(
            "const s = [...document.querySelectorAll('.filters label')].find(l => l.textContent.startsWith({label:?})).querySelector('select'); \
             return [...s.options].filter(o => o.value !== '').map(o => o.text);"
        );
        super::strings(&self.client.execute(&script, vec![]).await.expect("a filter's options"))
    }

    /// The notice that the Cloud gave groups without their sub-groups.
    pub fn groups_children_unknown(&self) -> Region<'a> {
        self.part("[data-testid=groups-children-unknown]")
    }

    /// Device `sn`'s group cell.
    pub fn group_of(&self, sn: &str) -> Region<'a> {
        self.part(&format!("tr[data-sn='{sn}'] td.group"))
    }

    /// What an operator is told instead of the upgrade controls.
    pub fn read_only_note(&self) -> Region<'a> {
        self.part("[data-testid=read-only-note]")
    }

    /// The rows' checkboxes (none for an operator).
    pub fn checkboxes(&self) -> Region<'a> {
        self.part("td.select input")
    }

    /// The search box.
    pub fn search(&self) -> Region<'a> {
        self.part(".filters input[type=search]")
    }

    /// What the search box holds.
    pub async fn search_text(&self) -> String {
        self.search().element().await.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Types `text` at the end of the search box.
    pub async fn type_search(&self, text: &str) {
        self.search().element().await.send_keys(text).await.expect("type into the search box");
    }

    /// Brings one device's row into view by searching for it.
    pub async fn show(&self, sn: &str) {
        show_device(self.client, sn).await;
    }

    /// Puts the keyboard focus on the fleet's table (as the skip link does).
    pub async fn focus_table(&self) {
        self.part("#fleet-grid").focus().await;
    }

    /// The id of the table's active row (`aria-activedescendant`), empty if none.
    pub async fn active_row(&self) -> String {
        self.part("#fleet-grid").attr("aria-activedescendant").await.unwrap_or_default()
    }

    /// The active row's id once it is `expected` (waiting up to five seconds).
    pub async fn active_row_becomes(&self, expected: &str) -> String {
        let mut last = String::new();
        for _ in 0..50 {
            last = self.active_row().await;
            if last == expected {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        last
    }

    /// Taps device `sn`'s card away from its link and box (on its product's name).
    pub async fn tap_card(&self, sn: &str) {
        self.part(&format!("tr[data-sn='{sn}'] td.name")).click().await;
    }

    /// The size of device `sn`'s tick target (its box's cell), in pixels.
    pub async fn tick_target(&self, sn: &str) -> (f64, f64) {
        super::Document::new(self.client)
            .smallest_box(&format!("tr[data-sn='{sn}'] td.select"))
            .await
    }

    /// Device `sn`'s row (on a phone, its card).
    pub fn row(&self, sn: &str) -> Region<'a> {
        self.part(&format!("tr[data-sn='{sn}']"))
    }

    /// Device `sn`'s on-air words as drawn, and whether they are whole in view: inside their
    /// cell and inside the fleet's own scroller (nothing cut, nothing behind a scroll).
    pub async fn on_air_seen(&self, sn: &str) -> (String, bool) {
        let script = format!(
            "const tag = document.querySelector(\"tr[data-sn='{sn}'] .on-air-tag\"); \
             if (!tag) return ['', false]; \
             const t = tag.getBoundingClientRect(), c = tag.closest('td').getBoundingClientRect(), \
                   b = document.querySelector('.fleet-scroll').getBoundingClientRect(); \
             const inside = (a, o) => a.left >= o.left - 1 && a.right <= o.right + 1 && a.top >= o.top - 1 && a.bottom <= o.bottom + 1; \
             return [tag.textContent, t.width > 0 && inside(t, c) && inside(t, b)];"
        );
        let value = self.client.execute(&script, vec![]).await.expect("the on-air words");
        let text = value[0].as_str().unwrap_or_default().to_string();
        (text, value[1].as_bool().unwrap_or(false))
    }

    /// Which of device `sn`'s fields its row shows (displayed, not folded away), by name:
    /// sn, status, model, hardware, firmware, warning, activity.
    pub async fn shown_fields(&self, sn: &str) -> Vec<&'static str> {
        let mut shown = Vec::new();
        let fields = [
            "sn", "status", "name", "model", "hardware", "firmware", "group", "warning", "activity",
        ];
        for field in fields {
            let cell = self.part(&format!("tr[data-sn='{sn}'] td.{field}")).element().await;
            if cell.is_displayed().await.unwrap_or(false) {
                shown.push(field);
            }
        }
        shown
    }

    /// The selection bar at the foot of the screen ("2 selected · … · Choose firmware →").
    pub fn selection_bar(&self) -> Region<'a> {
        self.part("[data-testid=selection-bar]")
    }

    /// Follows the selection bar's next step.
    pub async fn next_step(&self) {
        self.part("[data-testid=next-step]").click().await;
    }

    /// Opens the fleet from the top bar, unless it is shown.
    pub async fn open(&self) {
        if self.part(".fleet-table").count().await == 0 {
            super::TopBar::new(self.client).open("/fleet").await;
        }
        self.wait_read().await;
    }

    /// Ticks (or unticks) each device (on the fleet page, opened if need be), then shows
    /// the whole fleet again.
    pub async fn select(&self, sns: &[String]) {
        self.open().await;
        for sn in sns {
            select_device(self.client, sn).await;
        }
    }

    /// Whether a shown device's checkbox can be ticked.
    pub async fn can_select(&self, sn: &str) -> bool {
        self.part(&format!("tr[data-sn='{sn}'] input[type=checkbox]")).is_enabled().await
    }

    /// Why a shown device cannot join the batch.
    pub async fn refusal(&self, sn: &str) -> String {
        self.part(&format!("tr[data-sn='{sn}'] .why")).text().await
    }

    /// The notice of devices whose on-air or online state the Cloud did not report.
    pub fn unreported(&self) -> Region<'a> {
        self.part(".fleet [data-testid=unreported]")
    }

    /// "Refresh".
    pub async fn refresh(&self) {
        self.part(".fleet .section-head button").click().await;
    }
}

/// Waits until the fleet counts show a read fleet ("N devices", N > 0).
async fn fleet_read(client: &Client) -> String {
    wait_for_text(client, "[data-testid=fleet-counts]", |t| {
        !t.is_empty() && !t.starts_with("0 devices")
    })
    .await
}
