//! Which of the console's two pages is shown.

use leptos::prelude::*;

/// The console's two pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Fleet,
    Library,
}

#[derive(Clone, Copy)]
pub struct Nav {
    pub page: RwSignal<Page>,
}

impl Default for Nav {
    fn default() -> Self {
        Nav {
            page: RwSignal::new(Page::Fleet),
        }
    }
}
