//! The addresses of the Cloud's reads, said once: the client's calls and the Cloud check
//! (which reads exactly what the console reads) both take them from here.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::domain::device::CompatKey;

/// The whole fleet the session may see (`get-devs`, every group, every family). The page
/// (`index.html`) asks for it while the console's code is on the way, and the console's own
/// request takes that reply: the two must stay the same address (a test checks).
pub const DEVICES: &str = "/sc_cloud/scapi/get-devs?id=0&module=0";
/// The group tree open to the session's user.
pub const GROUPS: &str = "/sc_cloud/scapi/get-dev-catalogs";
/// Every firmware the Cloud holds.
pub const LIBRARY: &str = "/sc_cloud/scapi/get-all-firmwares?dev-type=0";
/// Who may read it says whether the session is the administrator's.
pub const USERS: &str = "/sc_cloud/scapi/get-users";

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

/// One device (`get-dev`).
pub fn device(sn: &str) -> String {
    format!("/sc_cloud/scapi/get-dev?sn={}", encode(sn))
}

/// The firmware for one batch key.
pub fn offer(key: &CompatKey) -> String {
    format!(
        "/sc_cloud/scapi/get-all-firmwares?dev-type={}&product-id={}&hardware-ver={}",
        key.family,
        key.model,
        encode(&key.hardware)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's early request for the fleet is the one the console makes: another address
    /// (or credentials mode) would have the browser ask the Cloud for the fleet twice.
    #[test]
    fn the_page_asks_early_for_exactly_the_fleet_the_console_reads() {
        let page = include_str!("../../index.html");
        let preload = format!(
            r#"<link rel="preload" href="{}" as="fetch" crossorigin="anonymous">"#,
            DEVICES.replace('&', "&amp;")
        );
        assert_eq!(page.matches(&preload).count(), 1, "index.html should hold {preload}");
        assert_eq!(page.matches(r#"rel="preload""#).count(), 1);
    }

    #[test]
    fn serial_numbers_and_hardware_letters_are_encoded_whole() {
        assert_eq!(device("A1 &x=2"), "/sc_cloud/scapi/get-dev?sn=A1%20%26x%3D2");
        let key = CompatKey { family: 1, model: 770, hardware: "A/B".into() };
        assert_eq!(
            offer(&key),
            "/sc_cloud/scapi/get-all-firmwares?dev-type=1&product-id=770&hardware-ver=A%2FB"
        );
    }
}
