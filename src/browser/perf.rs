//! Marks the console's own work with `performance.mark` / `measure`, so the benchmark reads
//! real numbers from the page instead of guessing from outside.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

/// Marks the start of `name`; [`measure_after_render`] ends it.
pub fn start(name: &str) {
    if let Some(performance) = performance() {
        let _ = performance.mark(&format!("{name}:start"));
    }
}

/// Measures `name` from its start mark (or, without one, from navigation) once the
/// reactive updates queued so far have reached the page (after the current task).
pub fn measure_after_render(name: &'static str, from_navigation: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let done = Closure::once_into_js(move || {
        if let Some(performance) = performance() {
            let _ = if from_navigation {
                performance.measure(name)
            } else {
                performance.measure_with_start_mark(name, &format!("{name}:start"))
            };
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(done.unchecked_ref(), 0);
}

/// Measures `name` from its start mark now (work done in this task, before rendering).
pub fn measure_now(name: &str) {
    if let Some(performance) = performance() {
        let _ = performance.measure_with_start_mark(name, &format!("{name}:start"));
    }
}

/// Measures `name` from navigation to now (a phase of the first screen).
pub fn measure_from_navigation(name: &str) {
    if let Some(performance) = performance() {
        let _ = performance.measure(name);
    }
}

/// Measures `name` from the start mark of `since` now (the end of work that began there).
pub fn measure_since(name: &str, since: &str) {
    if let Some(performance) = performance() {
        let _ = performance.measure_with_start_mark(name, &format!("{since}:start"));
    }
}

/// Leaves a mark whose name carries a number the benchmark reads ("history-write:devices:12").
pub fn note(name: &str, value: usize) {
    if let Some(performance) = performance() {
        let _ = performance.mark(&format!("{name}:{value}"));
    }
}
