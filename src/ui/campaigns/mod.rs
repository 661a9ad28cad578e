//! Campaigns: the plan beside the fleet (`planner`), and one campaign (`view`, with its
//! `waves` and `devices`). The history page lists them.

mod devices;
mod planner;
mod view;
mod waves;

pub use planner::CampaignPlanner;
pub use view::CampaignPage;
