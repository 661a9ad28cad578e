//! Questions the console asks before a step that cannot be taken back ("Stop following run
//! 3?"): one at a time, in the console's own dialog (`ui::question`), the consequence in
//! words and the step named on its button. Declining — the other button, Escape — does
//! nothing.

use leptos::callback::{Callable, Callback};
use leptos::prelude::*;

/// One question being asked.
#[derive(Clone)]
pub struct Question {
    /// What will happen, in words.
    pub text: String,
    /// The button that takes the step ("Delete run 3").
    pub yes: String,
    on_yes: Callback<()>,
}

#[derive(Clone, Copy)]
pub struct Questions {
    asking: RwSignal<Option<Question>>,
}

impl Default for Questions {
    fn default() -> Self {
        Questions { asking: RwSignal::new(None) }
    }
}

impl Questions {
    /// Asks `text`; `on_yes` runs only if the administrator takes the step `yes`. A question
    /// asked while another is open replaces it (the first is declined).
    pub fn ask(
        &self,
        text: impl Into<String>,
        yes: impl Into<String>,
        on_yes: impl Fn() + Send + Sync + 'static,
    ) {
        let on_yes = Callback::new(move |()| on_yes());
        self.asking.set(Some(Question { text: text.into(), yes: yes.into(), on_yes }));
    }

    /// The question open now, if any.
    pub fn asking(&self) -> Option<(String, String)> {
        self.asking.with(|q| q.as_ref().map(|q| (q.text.clone(), q.yes.clone())))
    }

    /// Answers the open question: the step is taken on yes; either way it closes.
    pub fn answer(&self, yes: bool) {
        if let Some(question) = self.asking.get_untracked() {
            self.asking.set(None);
            if yes {
                question.on_yes.run(());
            }
        }
    }
}
