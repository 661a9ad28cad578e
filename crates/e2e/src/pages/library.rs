//! The firmware library page: upload, add, and upgrade from an entry.

use std::path::Path;

use super::Region;

page_object! {
    /// The firmware library page.
    LibraryPage
}

impl<'a> LibraryPage<'a> {
    /// Opens the library from the top bar.
    pub async fn open(&self) {
        super::TopBar::new(self.client).open("/library").await;
    }

    /// The page's heading, once the page is shown.
    pub async fn heading(&self) -> String {
        self.part(".library h2").text().await
    }

    /// Chooses `file` in the upload's file picker.
    pub async fn choose_file(&self, file: &Path) {
        self.part("#firmware-file")
            .element()
            .await
            .send_keys(&file.display().to_string())
            .await
            .expect("choose the file");
    }

    /// What the console read from the chosen file's name (model, version, type).
    pub fn file_info(&self) -> Region<'a> {
        self.part("[data-testid=firmware-info]")
    }

    /// "Add to the library".
    pub async fn add(&self) {
        self.part("[data-testid=add-firmware]").click().await;
    }

    /// The entry just added, highlighted.
    pub fn highlighted(&self) -> Region<'a> {
        self.part(".library li.highlight")
    }

    /// "Upgrade devices to this" on the highlighted entry.
    pub async fn upgrade_to_highlighted(&self) {
        self.part(".library li.highlight button").click().await;
    }

    /// The notice of entries set aside.
    pub fn set_aside(&self) -> Region<'a> {
        self.part("[data-testid=library-set-aside]")
    }

    /// Firmware set aside for an ambiguous id or an undecided newest release.
    pub fn doubts(&self) -> Region<'a> {
        self.part("[data-testid=library-firmware-doubts]")
    }

    /// The library's list of firmware.
    pub fn entries(&self) -> Region<'a> {
        self.part(".library .firmware-list")
    }
}
