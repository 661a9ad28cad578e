//! Questions a test asks the simulated Cloud to arrange itself: "online, healthy devices
//! of model 770 hardware A not on 1.5.178", "the id of 1.5.178 for 770/A".

use cloud_sim::fleet::{Fate, SimDevice};

use crate::Cloud;

impl Cloud {
    /// Serial numbers of the devices that satisfy `which`, in fleet order.
    pub fn devices_where(&self, which: impl Fn(&SimDevice) -> bool) -> Vec<String> {
        let sim = self.state.sim();
        sim.fleet.iter().filter(|d| which(d)).map(|d| d.base.sn.clone()).collect()
    }

    /// Online devices off air that upgrade normally, of `model` and `hardware`, not on
    /// `version`: what the console sends without asking.
    pub fn upgradable(&self, model: i64, hardware: &str, version: &str) -> Vec<String> {
        self.devices_where(|d| {
            d.base.is_online()
                && d.fate == Fate::Healthy
                && d.base.status.product_id == model
                && d.base.status.hardware_ver == hardware
                && d.base.status.firmware_ver != version
                && d.base.status.cur_status.unwrap_or(0) & sc_wire::cur_status::ON_AIR == 0
        })
    }

    /// The Cloud's id of firmware `version` for `model` and `hardware`.
    pub fn firmware_id(&self, model: i64, hardware: &str, version: &str) -> i64 {
        let sim = self.state.sim();
        sim.firmwares
            .iter()
            .find(|f| {
                f.product_id == model && f.hardware_ver == hardware && f.version_text() == version
            })
            .unwrap_or_else(|| panic!("the Cloud holds {version} for {model}/{hardware}"))
            .id
    }

    /// Whether the Cloud is upgrading `sn` now.
    pub fn is_upgrading(&self, sn: &str) -> bool {
        self.state.sim().fleet.get(sn).is_some_and(|d| d.job.is_some())
    }

    /// Every open session becomes `user`'s: another tab logged the browser in as them, and
    /// the user cookie says nothing of it.
    pub fn hand_sessions_to(&self, user: &str) {
        let account = cloud_sim::sessions::USERS
            .iter()
            .find(|u| u.name == user)
            .unwrap_or_else(|| panic!("no account {user}"));
        self.state.sim().sessions.hand_all_to(account);
    }
}
