//! The top bar: the pages' links, the one marked current, and what they say.

use super::Region;

page_object! {
    /// The top bar's links to the pages.
    TopBar
}

impl<'a> TopBar<'a> {
    /// The link to the page at `path` ("/runs", "/library"…), whatever its query.
    pub fn link(&self, path: &str) -> Region<'a> {
        self.part(&format!(".topbar nav a[href='{path}'], .topbar nav a[href^='{path}?']"))
    }

    /// Follows the link to the page at `path`, as a click would (on a phone, through the
    /// pages' menu first).
    pub async fn open(&self, path: &str) {
        if self.menu_folded().await {
            self.part("[data-testid=nav-toggle]").click().await;
        }
        self.link(path).click().await;
    }

    /// Whether the pages are folded behind the menu button (phones).
    pub async fn menu_folded(&self) -> bool {
        let toggle = self.part("[data-testid=nav-toggle]").element().await;
        let shown = toggle.is_displayed().await.unwrap_or(false);
        shown && toggle.attr("aria-expanded").await.ok().flatten().as_deref() != Some("true")
    }

    /// The pages' menu button as read ("☰ Pages: Fleet"), on phones.
    pub async fn menu_button(&self) -> String {
        self.part("[data-testid=nav-toggle]").text().await
    }

    /// Who the top bar says is signed in, and with which rights ("Admin · administrator").
    pub fn user(&self) -> Region<'a> {
        self.part(".topbar .whoami .user")
    }

    /// The top bar's height in pixels, as laid out.
    pub async fn height(&self) -> f64 {
        let script = "return document.querySelector('.topbar').getBoundingClientRect().height";
        self.client.execute(script, vec![]).await.ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
    }

    /// The link marked as the current page (`aria-current`), as text.
    pub async fn current(&self) -> String {
        self.part(".topbar nav a[aria-current=page]").text().await
    }

    /// Every link of the top bar: (text, href).
    pub async fn links(&self) -> Vec<(String, String)> {
        let mut links = Vec::new();
        let found = self
            .client
            .find_all(fantoccini::Locator::Css(".topbar nav a"))
            .await
            .unwrap_or_default();
        for link in found {
            let text = link.text().await.unwrap_or_default();
            let href = link.attr("href").await.ok().flatten().unwrap_or_default();
            links.push((text, href));
        }
        links
    }

    /// The skip link, first in the page's order.
    pub fn skip_link(&self) -> Region<'a> {
        self.part("a.skip-link")
    }
}
