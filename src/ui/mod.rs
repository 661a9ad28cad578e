//! Components: they read the concerns they need from context (`state`), ask `domain`
//! for decisions, and render. Nothing here names a wire type.

pub mod campaigns;
pub mod cloud_check;
pub mod device;
pub mod error;
pub mod export_link;
pub mod firmware;
pub mod fleet;
pub mod fleet_address;
pub mod following;
pub mod format;
pub mod grid;
pub mod header;
pub mod history;
pub mod left_out;
pub mod library;
pub mod link;
pub mod login;
pub mod not_kept;
pub mod outcomes;
pub mod overview;
pub mod piece;
pub mod question;
pub mod review;
pub mod risks;
pub mod routes;
pub mod row_window;
pub mod runs;
pub mod set_aside;
pub mod table;
pub mod unreported;
pub mod workspace;
