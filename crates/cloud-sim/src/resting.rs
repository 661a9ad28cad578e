//! A device's JSON while no upgrade runs on it, kept ready between requests: a 10,000-device
//! `get-devs` then copies bytes instead of serializing every device again. Only `up-time`
//! changes by itself, so the JSON is kept split around that one value.

use sc_wire::Device;

/// An `up-time` no real device reports, marking where the value goes.
const MARK: i64 = -7_777_777_777_777;

/// The resting JSON of one device, and the device it was made from.
#[derive(Debug, Clone, Default)]
pub struct RestingJson {
    of: Option<Device>,
    before: Vec<u8>,
    after: Vec<u8>,
}

impl RestingJson {
    /// Appends `device` as JSON with `up_time`, remaking the bytes if the device changed.
    pub fn write(&mut self, device: &Device, up_time: i64, out: &mut Vec<u8>) {
        if self.of.as_ref() != Some(device) {
            self.remake(device);
        }
        out.extend_from_slice(&self.before);
        out.extend_from_slice(up_time.to_string().as_bytes());
        out.extend_from_slice(&self.after);
    }

    fn remake(&mut self, device: &Device) {
        let mut marked = device.clone();
        marked.status.up_time = Some(MARK);
        // Serializing our own wire type cannot fail.
        let bytes = serde_json::to_vec(&marked).unwrap_or_default();
        let mark = MARK.to_string();
        let at =
            bytes.windows(mark.len()).position(|w| w == mark.as_bytes()).unwrap_or(bytes.len());
        self.before = bytes[..at].to_vec();
        self.after = bytes[(at + mark.len()).min(bytes.len())..].to_vec();
        self.of = Some(device.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::Fleet;

    #[test]
    fn the_kept_json_is_the_device_with_its_up_time() {
        let fleet = Fleet::generate(4, 5, 1_700_000_000);
        for device in fleet.iter() {
            let mut resting = RestingJson::default();
            let mut out = Vec::new();
            resting.write(&device.base, 4242, &mut out);
            let mut expected = device.base.clone();
            expected.status.up_time = Some(4242);
            let parsed: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(parsed, serde_json::to_value(&expected).unwrap());
        }
    }

    #[test]
    fn a_changed_device_is_written_anew() {
        let fleet = Fleet::generate(4, 1, 1_700_000_000);
        let mut device = fleet.iter().next().unwrap().base.clone();
        let mut resting = RestingJson::default();
        let mut first = Vec::new();
        resting.write(&device, 1, &mut first);
        device.status.firmware_ver = "9.9.9".into();
        let mut second = Vec::new();
        resting.write(&device, 1, &mut second);
        assert!(String::from_utf8(second).unwrap().contains("\"firmware-ver\":\"9.9.9\""));
    }
}
