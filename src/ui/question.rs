//! The console's own question dialog (`state::questions`): modal, the consequence in words,
//! "Cancel" focused first, Escape cancels, focus kept inside and given back on close.

use leptos::prelude::*;

use crate::state::questions::Questions;

#[component]
pub fn QuestionDialog() -> impl IntoView {
    let questions = expect_context::<Questions>();
    let asking = Memo::new(move |_| questions.asking());
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let cancel = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        if asking.with(Option::is_some) {
            if !dialog.open() {
                // The browser gives focus back to what had it when the dialog closes.
                let _ = dialog.show_modal();
            }
            if let Some(cancel) = cancel.get() {
                let _ = cancel.focus();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    view! {
        <dialog
            class="question-dialog"
            node_ref=dialog
            aria-labelledby="question-text"
            data-testid="question"
            // Escape: declined, nothing done.
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                questions.answer(false);
            }
            on:keydown=move |ev| {
                if let Some(dialog) = dialog.get_untracked() {
                    crate::keep_focus_in(&dialog, &ev);
                }
            }
        >
            <p id="question-text">{move || asking.get().map(|(text, _)| text)}</p>
            <div class="actions">
                <button type="button" node_ref=cancel id="question-no" data-testid="question-no" on:click=move |_| questions.answer(false)>
                    "Cancel"
                </button>
                <button type="button" class="primary" data-testid="question-yes" on:click=move |_| questions.answer(true)>
                    {move || asking.get().map(|(_, yes)| yes)}
                </button>
            </div>
        </dialog>
    }
}
