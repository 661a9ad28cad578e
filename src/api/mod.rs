//! The only code that talks HTTP. Decoding is pure (and tested natively); `client`
//! sends the requests from the browser.

pub mod client;
mod decode;
mod error;
mod upload;

pub use client::Client;
pub use decode::{RawReply, decode};
pub use error::ApiError;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
