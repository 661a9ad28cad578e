//! The firmware library operations of the simulated Cloud: `uploadFirmware` and
//! `firmware/add`.

use super::*;

impl Sim {
    /// `uploadFirmware`: keeps an identifiable `.mwf` and says what it is.
    pub fn upload_firmware(
        &mut self,
        user: &User,
        file_name: &str,
        size: usize,
        now: Instant,
    ) -> Result<UploadFirmwareReply, SimCode> {
        if !user.is_admin() {
            return Err(SimCode::NotAdministrator);
        }
        if size > self.max_firmware_bytes {
            return Err(SimCode::FirmwareTooLarge);
        }
        if size == 0 {
            return Err(SimCode::UnidentifiableFirmware);
        }
        let info = library::identify(file_name, self.clock.epoch_at(now))
            .ok_or(SimCode::UnidentifiableFirmware)?;
        let upload = self.library.keep(file_name, info, size as u64);
        Ok(UploadFirmwareReply {
            result: code::OK,
            file_path: Some(upload.file_path.clone()),
            file_size: Some(upload.size),
            firmware_info: Some(upload.info.clone()),
        })
    }

    /// `firmware/add`: makes an upload available to `get-all-firmwares` under a new id.
    pub fn add_firmware(
        &mut self,
        user: &User,
        file_path: &str,
        now: Instant,
    ) -> Result<i64, SimCode> {
        if !user.is_admin() {
            return Err(SimCode::NotAdministrator);
        }
        let upload = self.library.find_mut(file_path).ok_or(SimCode::UnknownFilePath)?;
        let info = upload.info.clone();
        let same_version = self.firmwares.iter().any(|f| {
            f.product_id == info.product_id
                && f.hardware_ver == info.hardware_ver
                && (f.major_ver, f.minor_ver, f.build_number)
                    == (info.major_ver, info.minor_ver, info.build_number)
        });
        if upload.added || same_version {
            return Err(SimCode::FirmwareAlreadyAdded);
        }
        upload.added = true;
        let id = self.firmwares.iter().map(|f| f.id).max().unwrap_or(0) + 1;
        self.firmwares.push(Firmware {
            id,
            file_path: file_path.to_string(),
            upload_date: self.clock.epoch_at(now),
            product_id: info.product_id,
            version_type: info.version_type,
            hardware_ver: info.hardware_ver,
            major_ver: info.major_ver,
            minor_ver: info.minor_ver,
            build_number: info.build_number,
        });
        Ok(id)
    }
}
