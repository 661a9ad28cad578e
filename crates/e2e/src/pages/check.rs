//! The Cloud check page: every endpoint the console uses, read and compared.

use fantoccini::Client;

use super::Region;

/// The Cloud check page.
pub struct CheckPage<'a> {
    client: &'a Client,
}

impl<'a> CheckPage<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        CheckPage { client }
    }

    fn part(&self, css: &str) -> Region<'a> {
        Region::new(self.client, css)
    }

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
