//! The only code that talks HTTP. Decoding is pure (and tested natively); `client`
//! sends the requests from the browser.

pub mod address;
pub mod check;
pub mod client;
mod decode;
mod error;
pub mod lists;
pub mod record;
pub mod records;
mod upload;

pub use client::Client;
pub use decode::{RawReply, decode, decode_list};
pub use error::ApiError;
pub use lists::Listed;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod damage;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
