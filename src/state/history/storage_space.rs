//! Storage space: what the site keeps in the browser, what the browser allows, and
//! asking once per page to keep the history until the administrator deletes it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::History;
use crate::browser::space;
use crate::domain::history::space::space_text;

impl History {
    /// Asks the browser, once per page, to keep the history until the administrator
    /// deletes it; says if it will not.
    pub(super) fn keep_for_good(&self) {
        let asked =
            self.storage.try_update_value(|k| std::mem::replace(&mut k.asked_to_persist, true));
        if asked != Some(false) {
            self.measure_space();
            return;
        }
        let history = *self;
        spawn_local(async move {
            let kept = match space::persisted().await {
                Some(true) => Some(true),
                _ => space::persist().await,
            };
            history.persisted.set(kept);
            history.measure_space();
        });
    }

    /// Reads what the site keeps in the browser, and what the browser allows.
    pub(super) fn measure_space(&self) {
        let history = *self;
        spawn_local(async move {
            // "Not persisted" before asking is no refusal: only a granted state is taken.
            if history.persisted.get_untracked().is_none() && space::persisted().await == Some(true)
            {
                history.persisted.set(Some(true));
            }
            if let Some((usage, quota)) = space::estimate().await {
                history.set_space.set(Some(space_text(
                    usage,
                    quota,
                    history.persisted.get_untracked(),
                )));
            }
        });
    }
}
