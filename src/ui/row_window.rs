//! A row window for big tables: only the rows in view (and a margin) exist in the page,
//! with spacers above and below standing in for the rest, so 10,000 rows stay instant.

use leptos::html::Div;
use leptos::prelude::*;

/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 12;
/// Assumed visible height before the table is laid out.
const DEFAULT_VIEWPORT_PX: i32 = 640;

/// What [`use_row_window`] gives a table: the scrolling container to attach, the rows to
/// render, and the spacer heights.
#[derive(Clone, Copy)]
pub struct RowWindow {
    /// Attach to the scrolling element (`node_ref=`), and call [`RowWindow::measure`] on
    /// its `scroll` events.
    pub container: NodeRef<Div>,
    /// `[first, end)` of the rows to render.
    pub range: Memo<(usize, usize)>,
    total: Signal<usize>,
    /// A row's height: as the stylesheet fixes it for this width (a phone's rows are
    /// cards), read from a drawn row.
    row_px: RwSignal<usize>,
    scroll_top: RwSignal<i32>,
    viewport: RwSignal<i32>,
}

impl RowWindow {
    /// Reads the container's scroll position and height.
    pub fn measure(&self) {
        if let Some(element) = self.container.get_untracked() {
            self.scroll_top.set(element.scroll_top());
            let height = element.client_height();
            self.viewport.set(if height > 0 { height } else { DEFAULT_VIEWPORT_PX });
            let drawn = element
                .query_selector("tbody tr.row")
                .ok()
                .flatten()
                .and_then(|row| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(row).ok())
                .map_or(0, |row| row.offset_height());
            if drawn > 0 && drawn as usize != self.row_px.get_untracked() {
                self.row_px.set(drawn as usize);
            }
        }
    }

    /// Scrolls the container so that row `position` is drawn (for a jump far from the
    /// rows drawn now: Home, End).
    pub fn reveal(&self, position: usize) {
        let (first, end) = self.range.get_untracked();
        if (first..end).contains(&position) {
            return;
        }
        if let Some(element) = self.container.get_untracked() {
            element.set_scroll_top((position * self.row_px.get_untracked()) as i32);
            self.measure();
        }
    }

    /// Whether row `position` is drawn now (tracked).
    pub fn drawn(&self, position: usize) -> bool {
        let (first, end) = self.range.get();
        (first..end).contains(&position)
    }

    /// Height of the spacer standing in for the rows above the window, as CSS.
    pub fn above(&self) -> String {
        format!("{}px", self.range.get().0 * self.row_px.get())
    }

    /// Height of the spacer standing in for the rows below the window, as CSS.
    pub fn below(&self) -> String {
        let end = self.range.get().1;
        format!("{}px", self.total.get().saturating_sub(end) * self.row_px.get())
    }
}

/// A window over `total` rows of `row_px` pixels each until a drawn row says otherwise (the
/// stylesheet fixes rows to a height per width; whole pixels, so the heights are written
/// without float formatting).
pub fn use_row_window(total: Signal<usize>, row_px: usize) -> RowWindow {
    let row_px = RwSignal::new(row_px);
    let container = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0);
    let viewport = RwSignal::new(DEFAULT_VIEWPORT_PX);
    let range = Memo::new(move |_| {
        let row_px = row_px.get().max(1);
        let per_view = (viewport.get().max(0) as usize).div_ceil(row_px);
        window_of(total.get(), scroll_top.get().max(0) as usize, row_px, per_view)
    });
    let window = RowWindow { container, range, total, row_px, scroll_top, viewport };
    Effect::new(move |_| {
        if container.get().is_some() {
            window.measure();
            // Once laid out (the box's height, a drawn row's height), measured again.
            request_animation_frame(move || window.measure());
        }
    });
    // A resized window (a phone turned, a wider screen) changes the view and the rows.
    let resized = window_event_listener(leptos::ev::resize, move |_| window.measure());
    on_cleanup(move || resized.remove());
    window
}

/// The rows to render: `[first, end)` of `total`, for a scroll position and rows per view.
fn window_of(total: usize, scroll_top: usize, row_px: usize, per_view: usize) -> (usize, usize) {
    let first_visible = scroll_top / row_px.max(1);
    let first = first_visible.saturating_sub(OVERSCAN).min(total);
    let end = (first_visible + per_view + OVERSCAN).min(total);
    (first, end.max(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_view_and_a_margin_within_bounds() {
        assert_eq!(window_of(10_000, 0, 40, 16), (0, 28));
        assert_eq!(window_of(10_000, 4_000, 40, 16), (88, 128));
        assert_eq!(window_of(50, 0, 40, 16), (0, 28));
        assert_eq!(window_of(20, 0, 40, 16), (0, 20));
        assert_eq!(window_of(10_000, 1_000_000_000, 40, 16), (10_000, 10_000));
        assert_eq!(window_of(0, 0, 40, 16), (0, 0));
    }
}
