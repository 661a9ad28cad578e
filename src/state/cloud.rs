//! The link to the Cloud: the API client and the result-code catalogue it reads answers
//! with (the deployment's file when it could be read, else the built-in one).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Client, client};
use crate::domain::codes::Catalogue;

#[derive(Clone, Copy)]
pub struct Cloud {
    client: RwSignal<Client>,
    /// Set when the deployment's result-code file could not be read.
    note: RwSignal<Option<String>>,
}

impl Default for Cloud {
    fn default() -> Self {
        Cloud { client: RwSignal::new(Client::default()), note: RwSignal::new(None) }
    }
}

impl Cloud {
    /// The client for a call (not tracked: a call made now uses the catalogue of now).
    pub fn client(&self) -> Client {
        self.client.get_untracked()
    }

    /// The catalogue, for describing codes in a view (tracked).
    pub fn catalogue(&self) -> Arc<Catalogue> {
        self.client.with(Client::catalogue)
    }

    /// The catalogue, outside a view.
    pub fn catalogue_untracked(&self) -> Arc<Catalogue> {
        self.client.with_untracked(Client::catalogue)
    }

    /// Why the built-in descriptions are in use, if they are.
    pub fn note(&self) -> Option<String> {
        self.note.get()
    }

    /// Reads the deployment's result-code file, keeping the built-in one if it fails.
    pub fn load_catalogue(self) {
        spawn_local(async move {
            match client::catalogue().await {
                Ok(catalogue) => self.client.set(Client::new(catalogue)),
                Err(error) => self
                    .note
                    .set(Some(format!("Using the built-in result-code descriptions: {error}"))),
            }
        });
    }
}
