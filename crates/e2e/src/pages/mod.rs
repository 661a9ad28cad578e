//! Page objects: what a test does on each part of the console, in the console's own words.
//! Selectors live here and nowhere else; a test body names what it reads or does.

/// A page object: the browser it drives, `new` for the fixture, and `part` to name a region
/// of the page by a selector only the page object knows.
macro_rules! page_object {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub struct $name<'a> {
            client: &'a fantoccini::Client,
        }

        impl<'a> $name<'a> {
            pub fn new(client: &'a fantoccini::Client) -> Self {
                $name { client }
            }

            /// The region `css` finds.
            #[allow(dead_code)]
            fn part(&self, css: &str) -> $crate::pages::Region<'a> {
                $crate::pages::Region::new(self.client, css)
            }
        }
    };
}

mod campaign;
mod check;
mod document;
mod fleet;
mod library;
mod overview;
mod region;
mod run;
mod session;
mod top_bar;
mod upgrade;

pub use campaign::CampaignPage;
pub use check::CheckPage;
pub use document::{ARROW_DOWN, Document, END, ENTER, SPACE, TAB};
pub use fleet::FleetPage;
pub use library::LibraryPage;
pub use overview::{DevicePage, OverviewPage};
pub use region::Region;
pub use run::{HistoryList, RunPage};
pub use session::LoginPage;
pub use top_bar::TopBar;
pub use upgrade::UpgradePanel;

/// The strings of a script's answer that is an array of strings (anything else: none).
fn strings(value: &serde_json::Value) -> Vec<String> {
    value.as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect()
}
