//! Campaigns: the plan beside the fleet (`planner`), and one campaign (`view`, with its
//! `waves` and `devices`), when it may send (`schedule`), and the way back from a run, campaign or device (`rollback`). The history page lists them.

mod acceptance;
mod devices;
mod planner;
mod rollback;
mod schedule;
mod view;
mod wave_form;
mod waves;

pub use planner::CampaignPlanner;
pub use rollback::{RollbackButton, UndoesLink};
pub use view::CampaignPage;
