//! One part of the page a test reads or acts on, found by a selector only page objects know.

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::{click, gone, wait_for_text_within};

/// A part of the page: a notice, a counts line, a button, a row.
pub struct Region<'a> {
    client: &'a Client,
    css: String,
}

impl<'a> Region<'a> {
    pub(crate) fn new(client: &'a Client, css: impl Into<String>) -> Self {
        Region { client, css: css.into() }
    }

    /// Its text once it satisfies `ok` (waiting up to ten seconds).
    pub async fn when(&self, ok: impl Fn(&str) -> bool) -> String {
        self.within(10, ok).await
    }

    /// Its text once it satisfies `ok`, waiting up to `seconds`.
    pub async fn within(&self, seconds: u64, ok: impl Fn(&str) -> bool) -> String {
        wait_for_text_within(self.client, &self.css, seconds, ok).await
    }

    /// Its text once it says anything.
    pub async fn text(&self) -> String {
        self.when(|t| !t.is_empty()).await
    }

    /// Its text now, empty if it is not on the page.
    pub async fn text_now(&self) -> String {
        match self.client.find(Locator::Css(&self.css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Whether it has left the page (waiting up to five seconds).
    pub async fn gone(&self) -> bool {
        gone(self.client, &self.css).await
    }

    /// Waits for it and clicks it.
    pub async fn click(&self) {
        click(self.client, &self.css).await;
    }

    /// How many elements match it now.
    pub async fn count(&self) -> usize {
        self.client.find_all(Locator::Css(&self.css)).await.map(|found| found.len()).unwrap_or(0)
    }

    /// The element, once it is on the page.
    pub async fn element(&self) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(&self.css))
            .await
            .unwrap_or_else(|e| panic!("no `{}`: {e}", self.css))
    }

    /// Whether it can be used (a button or a checkbox not disabled).
    pub async fn is_enabled(&self) -> bool {
        self.element().await.is_enabled().await.expect("its state")
    }

    /// Replaces what is typed into it (an input) with `text`, then leaves it (Tab).
    pub async fn type_in(&self, text: &str) {
        let input = self.element().await;
        input.clear().await.expect("clear the field");
        input.send_keys(&format!("{text}\t")).await.expect("type into the field");
    }

    /// Puts the keyboard focus on it, once it is on the page (as Tab or a skip link would).
    pub async fn focus(&self) {
        let element = self.element().await;
        let arg = serde_json::to_value(&element).expect("an element reference");
        self.client.execute("arguments[0].focus()", vec![arg]).await.expect("focus it");
    }

    /// An attribute's value, once it is on the page.
    pub async fn attr(&self, name: &str) -> Option<String> {
        self.element().await.attr(name).await.ok().flatten()
    }
}
