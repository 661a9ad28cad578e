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

    /// Follows the link to the page at `path`, as a click would.
    pub async fn open(&self, path: &str) {
        self.link(path).click().await;
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
