//! A table that is one tab stop (the ARIA grid pattern, with an active descendant): the
//! table holds the keyboard focus and names its active row; arrows, Page Up/Down, Home and
//! End move it; Space ticks it and Enter opens it. The controls inside rows stay clickable
//! but out of the Tab order, so Tab passes a table of thousands of rows in one step.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::row_window::RowWindow;

/// What Space and Enter ask of the active row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// Space: tick it (or unfold it).
    Tick,
    /// Enter: open its page.
    Open,
    /// Delete: forget it (where that is offered).
    Forget,
}

/// One grid's active row, by position among the rows shown.
#[derive(Clone, Copy)]
pub struct Grid {
    pub active: RwSignal<Option<usize>>,
    name: &'static str,
}

/// Rows a Page Up or Page Down moves.
const PAGE: usize = 10;

impl Grid {
    /// A grid whose rows are identified as `{name}-row-{position}`.
    pub fn new(name: &'static str) -> Grid {
        Grid { active: RwSignal::new(None), name }
    }

    /// The id of the row at `position` (rows carry it for `aria-activedescendant`).
    pub fn row_id(self, position: usize) -> String {
        format!("{}-row-{position}", self.name)
    }

    /// Whether the row at `position` is the active one (tracked).
    pub fn is_active(self, position: usize) -> bool {
        self.active.get() == Some(position)
    }

    /// The table's `aria-activedescendant`: the active row, when it is drawn.
    pub fn descendant(self, drawn: impl Fn(usize) -> bool) -> Option<String> {
        self.active.get().filter(|&p| drawn(p)).map(|p| self.row_id(p))
    }

    /// Focus arriving at the table makes the first row active, if none is.
    pub fn focused(self, rows: usize) {
        if rows > 0 && self.active.get_untracked().is_none_or(|p| p >= rows) {
            self.active.set(Some(0));
        }
    }

    /// Handles a key pressed on the table of `rows` rows: moves the active row (`reveal`
    /// draws a row far from the ones drawn, then it is scrolled into view) or acts on it.
    pub fn key(
        self,
        ev: &KeyboardEvent,
        rows: usize,
        reveal: impl Fn(usize),
        act: impl Fn(Act, usize),
    ) {
        if rows == 0 {
            return;
        }
        let at = self.active.get_untracked().unwrap_or(0).min(rows - 1);
        let to = match ev.key().as_str() {
            "ArrowDown" => (at + 1).min(rows - 1),
            "ArrowUp" => at.saturating_sub(1),
            "PageDown" => (at + PAGE).min(rows - 1),
            "PageUp" => at.saturating_sub(PAGE),
            "Home" => 0,
            "End" => rows - 1,
            " " | "Spacebar" => {
                ev.prevent_default();
                return act(Act::Tick, at);
            }
            "Enter" => {
                ev.prevent_default();
                return act(Act::Open, at);
            }
            "Delete" => return act(Act::Forget, at),
            _ => return,
        };
        ev.prevent_default();
        self.active.set(Some(to));
        reveal(to);
        let id = self.row_id(to);
        // Drawn by the next frame (or the one after, for a far jump).
        request_animation_frame(move || {
            request_animation_frame(move || {
                if let Some(row) = document().get_element_by_id(&id) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    row.scroll_into_view_with_scroll_into_view_options(&options);
                }
            })
        });
    }
}

/// A table of `rows` rows, drawn a window at a time (`window`) and moved through with the
/// keyboard (`grid`, `act`): its scroller, its grid roles and keys. `children` are its head
/// and body.
#[component]
pub fn GridTable<A>(
    grid: Grid,
    window: RowWindow,
    #[prop(into)] rows: Signal<usize>,
    /// What the table is and how its keys work, for screen readers.
    label: &'static str,
    /// The scroller's classes ("table-wrap" and the table's own).
    wrap: &'static str,
    class: &'static str,
    act: A,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView
where
    A: Fn(Act, usize) + Copy + Send + Sync + 'static,
{
    view! {
        <div class=wrap node_ref=window.container on:scroll=move |_| window.measure()>
            <table
                class=class
                id=id
                data-testid=testid
                role="grid"
                tabindex="0"
                aria-label=label
                aria-rowcount=move || rows.get() + 1
                aria-activedescendant=move || grid.descendant(|p| window.drawn(p))
                on:focus=move |_| grid.focused(rows.get_untracked())
                on:keydown=move |ev| grid.key(&ev, rows.get_untracked(), |p| window.reveal(p), act)
            >
                {children()}
            </table>
        </div>
    }
}
