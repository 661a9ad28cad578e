//! The overview (`/`) and a device's page (`/devices/{sn}`).

use super::Region;

page_object! {
    /// Where the fleet stands.
    OverviewPage
}

impl<'a> OverviewPage<'a> {
    /// The smallest of the family tables' number links, width × height in pixels.
    pub async fn smallest_number_link(&self) -> (f64, f64) {
        super::Document::new(self.client).smallest_box(".overview-table td a").await
    }

    /// The fleet's figures ("… % on the newest release: 120 of 200 …", "40 behind …").
    pub fn figures(&self) -> Region<'a> {
        self.part("[data-testid=overview-figures]")
    }

    /// One figure's number, by name: `devices`, `newest`, `behind`, `test`, `unknown`,
    /// `offline`, `warning`, `on-air`.
    pub fn figure(&self, name: &str) -> Region<'a> {
        self.part(&format!("[data-testid=figure-{name}]"))
    }

    /// The compliance figure ("60.0 %").
    pub fn compliance(&self) -> Region<'a> {
        self.part("[data-testid=compliance]")
    }

    /// A count in the row of a model and hardware (`770-A`), by column: `devices`,
    /// `newest`, `behind`, `test`, `offline`, `warning`, `on-air`.
    pub fn key_count(&self, key: &str, column: &str) -> Region<'a> {
        self.part(&format!("tr[data-key='{key}'] [data-testid=key-{column}]"))
    }

    /// The versions a model and hardware runs, as its legend says them.
    pub fn versions(&self, key: &str) -> Region<'a> {
        self.part(&format!("tr[data-key='{key}'] .version-legend"))
    }

    /// The bars drawn (one per model and hardware).
    pub fn bars(&self) -> Region<'a> {
        self.part("svg.version-bar")
    }

    /// Firmware set aside for an ambiguous id or an undecided newest release.
    pub fn doubts(&self) -> Region<'a> {
        self.part("[data-testid=overview-firmware-doubts]")
    }

    /// The notice of devices whose on-air or online state the Cloud did not report.
    pub fn unreported(&self) -> Region<'a> {
        self.part(".overview [data-testid=unreported]")
    }

    /// The newest release cell of a model and hardware (`770-A`).
    pub fn newest_of(&self, key: &str) -> Region<'a> {
        self.part(&format!("tr[data-key='{key}'] td[data-label='Newest release']"))
    }

    /// The recent failures.
    pub fn failures(&self) -> Region<'a> {
        self.part("[data-testid=recent-failures]")
    }
}

page_object! {
    /// One device's page.
    DevicePage
}

impl<'a> DevicePage<'a> {
    /// What the Cloud says about it.
    pub fn facts(&self) -> Region<'a> {
        self.part("[data-testid=device-facts]")
    }

    /// The whole page's text, once it satisfies `ok`.
    pub async fn page_when(&self, ok: impl Fn(&str) -> bool) -> String {
        self.part("[data-testid=device-page]").when(ok).await
    }

    /// The notice that the Cloud answered with another device's record.
    pub fn another(&self) -> Region<'a> {
        self.part("[data-testid=device-another]")
    }

    /// Its story: one row per call that named it.
    pub fn story(&self) -> Region<'a> {
        self.part("[data-testid=device-story] tbody tr")
    }

    /// "Return these devices to the version they had…".
    pub async fn roll_back(&self) {
        self.part("[data-testid=roll-back]").click().await;
    }

    /// The serial number link of `sn` in a run's or the fleet's table.
    pub async fn open_from_table(&self, sn: &str) {
        self.part(&format!("tr[data-sn='{sn}'] td.sn a")).click().await;
    }
}
