//! Page objects: what a test does on each part of the console, in the console's own words.
//! Selectors live here and nowhere else; a test body names what it reads or does.

mod campaign;
mod check;
mod document;
mod fleet;
mod library;
mod region;
mod run;
mod session;
mod upgrade;

pub use campaign::CampaignPage;
pub use check::CheckPage;
pub use document::Document;
pub use fleet::FleetPage;
pub use library::LibraryPage;
pub use region::Region;
pub use run::{HistoryList, RunPage};
pub use session::LoginPage;
pub use upgrade::UpgradePanel;
