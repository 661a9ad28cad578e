//! Every link to a page of the console: the router's `<A>` (a real `<a href>`, followed
//! without a reload, marked `aria-current` when it is the page shown), drawn through one
//! component so the console carries a single copy of it.

use leptos::prelude::*;
use leptos_router::components::A;

/// A link to `href` (a path of the console, with its query if any).
#[component]
pub fn Link(
    #[prop(into)] href: Signal<String>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] test_id: Option<&'static str>,
    #[prop(optional, into)] title: Option<&'static str>,
    /// `-1` inside a table that is one tab stop (the table opens the link with Enter).
    #[prop(optional)]
    tabindex: Option<i32>,
    children: Children,
) -> impl IntoView {
    view! {
        <A href=move || href.get() {..} class=class data-testid=test_id title=title tabindex=tabindex>
            {children()}
        </A>
    }
}

/// A link in a row of a large table (a device's serial number): a plain `<a href>`, which
/// the router follows without a reload as it does every link of the console (its click
/// handler takes any same-origin `<a>`), without a router `<A>` per row working out
/// `aria-current` at every change of address — a row is never the page shown. Out of the
/// Tab order in a table that is one tab stop (Enter opens the row); `in_tab_order` in one
/// that is not.
#[component]
pub fn RowLink(
    href: String,
    #[prop(optional)] in_tab_order: bool,
    children: Children,
) -> impl IntoView {
    let tabindex = (!in_tab_order).then_some("-1");
    view! { <a href=href tabindex=tabindex>{children()}</a> }
}
