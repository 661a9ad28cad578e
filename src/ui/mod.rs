//! Components: they read the store's signals, ask `domain` for decisions, and render.

pub mod error;
pub mod firmware;
pub mod fleet;
pub mod format;
pub mod header;
pub mod library;
pub mod login;
pub mod outcomes;
pub mod perf;
pub mod review;
pub mod runs;
pub mod storage;
pub mod store;
pub mod tracker;
