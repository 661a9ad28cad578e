//! What the screen-reader region says: the latest announcement of any concern.

use leptos::prelude::*;

/// The `aria-live` region's text.
#[derive(Clone, Copy)]
pub struct Announcer {
    text: RwSignal<String>,
}

impl Default for Announcer {
    fn default() -> Self {
        Announcer { text: RwSignal::new(String::new()) }
    }
}

impl Announcer {
    /// Says `text` to screen readers.
    pub fn say(&self, text: impl Into<String>) {
        self.text.set(text.into());
    }

    /// The latest announcement (tracked).
    pub fn text(&self) -> String {
        self.text.get()
    }

    /// The latest announcement, for checks outside a view.
    pub fn latest(&self) -> String {
        self.text.get_untracked()
    }
}
