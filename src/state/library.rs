//! The firmware library: the Cloud's whole firmware list, and — for administrators —
//! uploading a `.mwf`, checking what the Cloud read, and adding it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::announce::Announcer;
use super::cloud::Cloud;
use super::session::Session;
use crate::api::ApiError;
use crate::domain::firmware::FirmwareList;
use crate::domain::library::{UploadedFirmware, check_file};

/// The Cloud's firmware list, for the library page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryState {
    NotRead,
    Reading,
    Ready(FirmwareList),
    Failed(ApiError),
}

/// Where an upload stands.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadState {
    Idle,
    /// The chosen file was refused before sending anything.
    Invalid(String),
    Uploading {
        name: String,
        percent: u8,
    },
    /// The Cloud read the file; waiting for the administrator to add it.
    Uploaded {
        name: String,
        firmware: UploadedFirmware,
    },
    Adding {
        name: String,
        file_path: String,
    },
    Added {
        name: String,
        file_path: String,
    },
    /// Nothing was added.
    Failed {
        name: String,
        error: ApiError,
    },
}

impl UploadState {
    /// Whether a file is on its way (another cannot be chosen meanwhile).
    pub fn is_busy(&self) -> bool {
        matches!(self, UploadState::Uploading { .. } | UploadState::Adding { .. })
    }
}

#[derive(Clone, Copy)]
pub struct Library {
    pub list: ReadSignal<LibraryState>,
    set_list: WriteSignal<LibraryState>,
    pub upload: ReadSignal<UploadState>,
    set_upload: WriteSignal<UploadState>,
    /// The firmware just added (its file path), highlighted in the list.
    pub highlight: ReadSignal<Option<String>>,
    set_highlight: WriteSignal<Option<String>>,
    cloud: Cloud,
    session: Session,
    announcer: Announcer,
}

impl Library {
    pub fn new(cloud: Cloud, session: Session, announcer: Announcer) -> Self {
        let (list, set_list) = signal(LibraryState::NotRead);
        let (upload, set_upload) = signal(UploadState::Idle);
        let (highlight, set_highlight) = signal(None);
        Library {
            list,
            set_list,
            upload,
            set_upload,
            highlight,
            set_highlight,
            cloud,
            session,
            announcer,
        }
    }

    /// Reads the Cloud's whole firmware list (once at a time).
    pub fn load(self) {
        if self.list.get_untracked() == LibraryState::Reading {
            return;
        }
        self.set_list.set(LibraryState::Reading);
        spawn_local(async move {
            match self.session.noticed(self.cloud.client().all_firmwares().await) {
                Ok(firmwares) => self.set_list.set(LibraryState::Ready(firmwares)),
                Err(ApiError::Session { .. }) => self.set_list.set(LibraryState::NotRead),
                Err(error) => self.set_list.set(LibraryState::Failed(error)),
            }
        });
    }

    /// Reads the list if it was never read (or an addition made it stale).
    pub fn load_if_needed(self) {
        if self.list.get_untracked() == LibraryState::NotRead {
            self.load();
        }
    }

    /// Checks a chosen file and, if it may be sent, uploads it.
    pub fn choose_file(self, file: web_sys::File) {
        let name = file.name();
        if let Err(problem) = check_file(&name, file.size()) {
            self.announcer.say(problem.to_string());
            self.set_upload.set(UploadState::Invalid(problem.to_string()));
            return;
        }
        self.set_upload.set(UploadState::Uploading { name: name.clone(), percent: 0 });
        self.announcer.say(format!("Uploading {name}…"));
        let progress_name = name.clone();
        self.cloud.client().upload_firmware(
            &file,
            move |percent| {
                self.set_upload.set(UploadState::Uploading { name: progress_name.clone(), percent })
            },
            move |result| match self.session.noticed(result) {
                Ok(firmware) => {
                    self.announcer
                        .say(format!("{name} uploaded; check what the Cloud read and add it."));
                    self.set_upload.set(UploadState::Uploaded { name, firmware });
                }
                Err(ApiError::Session { .. }) => self.set_upload.set(UploadState::Idle),
                Err(error) => {
                    self.announcer.say(format!("Upload of {name} failed: {}", error.message()));
                    self.set_upload.set(UploadState::Failed { name, error });
                }
            },
        );
    }

    /// Adds the uploaded file to the Cloud's firmware, then shows it in the list. Only an
    /// upload waiting to be added is sent, so a second click sends nothing.
    pub fn add_uploaded(self) {
        let UploadState::Uploaded { name, firmware } = self.upload.get_untracked() else {
            return;
        };
        self.set_upload
            .set(UploadState::Adding { name: name.clone(), file_path: firmware.file_path.clone() });
        let file_path = firmware.file_path;
        spawn_local(async move {
            match self.cloud.client().add_firmware(&file_path).await {
                Ok(()) => {
                    self.announcer.say(format!("{name} added to the Cloud's firmware."));
                    self.set_highlight.set(Some(file_path.clone()));
                    self.set_upload.set(UploadState::Added { name, file_path });
                    self.load();
                }
                Err(error) => {
                    self.announcer.say(format!("{name} was not added: {}", error.message()));
                    self.set_upload.set(UploadState::Failed { name, error });
                }
            }
        });
    }

    /// Drops an upload the administrator decided not to add.
    pub fn cancel_upload(&self) {
        self.set_upload.set(UploadState::Idle);
    }
}

#[cfg(any(test, feature = "testing"))]
impl Library {
    /// The firmware list as a read of the Cloud would have left it: for tests that mount a
    /// page without any network.
    pub fn arrange(&self, list: LibraryState) {
        self.set_list.set(list);
    }

    /// An upload as choosing a file would have left it.
    pub fn arrange_upload(&self, upload: UploadState) {
        self.set_upload.set(upload);
    }
}
