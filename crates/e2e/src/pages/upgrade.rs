//! The firmware picker and the review of one batch.

use super::{FleetPage, Region};

page_object! {
    /// The firmware picker and the review.
    UpgradePanel
}

impl<'a> UpgradePanel<'a> {
    /// Firmware `id`'s choice (a radio button).
    pub fn firmware(&self, id: i64) -> Region<'a> {
        self.part(&format!("#firmware-{id}"))
    }

    /// Whether firmware `id` is the one chosen.
    pub async fn is_chosen(&self, id: i64) -> bool {
        self.firmware(id).element().await.is_selected().await.expect("the choice's state")
    }

    /// The firmware on offer for the selection, as a list.
    pub fn offered(&self) -> Region<'a> {
        self.part(".firmware .firmware-list")
    }

    /// What the firmware choice says the Cloud's list leaves in doubt for the selection.
    pub fn doubts(&self) -> Region<'a> {
        self.part("[data-testid=offer-doubts]")
    }

    /// "Review…": opens (or reopens) the review of the firmware chosen.
    pub async fn open_review(&self) {
        self.part(".firmware button.primary").click().await;
    }

    /// Chooses firmware `id` and opens the review.
    pub async fn review(&self, firmware: i64) {
        self.firmware(firmware).click().await;
        self.open_review().await;
    }

    /// Types the deadline (seconds) into the review.
    pub async fn set_deadline(&self, seconds: u32) {
        self.part("[data-testid=deadline]").type_in(&seconds.to_string()).await;
    }

    /// The confirm button ("Upgrade 2 devices to 1.5.178").
    pub fn confirm_button(&self) -> Region<'a> {
        self.part("[data-testid=confirm-upgrade]")
    }

    /// The confirm button's label once it satisfies `ok`.
    pub async fn confirm_label_when(&self, ok: impl Fn(&str) -> bool) -> String {
        self.confirm_button().when(ok).await
    }

    /// The review's summary once it names `target`.
    pub async fn summary_naming(&self, target: &str) -> String {
        self.part("[data-testid=review-summary]").when(|t| t.contains(target)).await
    }

    /// What the review asks before sending devices on air.
    pub fn on_air_consent(&self) -> Region<'a> {
        self.part("[data-testid=on-air-consent]")
    }

    /// Who the review leaves out, and why.
    pub fn left_out(&self) -> Region<'a> {
        self.part(".review [data-testid=left-out]")
    }

    /// Clicks the confirm button.
    pub async fn confirm(&self) {
        self.confirm_button().click().await;
    }

    /// Clicks the confirm button twice as fast as WebDriver can (a double click).
    pub async fn confirm_twice(&self) {
        let button = self.confirm_button().element().await;
        button.click().await.expect("the first click");
        let _ = button.click().await;
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
