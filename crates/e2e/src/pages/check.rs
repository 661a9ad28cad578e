//! The Cloud check page: every endpoint the console uses, read and compared.

use super::Region;

page_object! {
    /// The Cloud check page.
    CheckPage
}

impl<'a> CheckPage<'a> {
    /// "Check the Cloud".
    pub async fn run(&self) {
        self.part("[data-testid=run-check]").click().await;
    }

    /// The one-line verdict ("All clear: …" or "n endpoints with problems, …").
    pub fn summary(&self) -> Region<'a> {
        self.part("[data-testid=check-summary]")
    }

    /// What it says about the session cookies.
    pub fn cookies(&self) -> Region<'a> {
        self.part("[data-testid=check-cookies]")
    }

    /// The first endpoint's findings.
    pub fn first_endpoint(&self) -> Region<'a> {
        self.part("[data-testid=check-endpoint]")
    }
}
