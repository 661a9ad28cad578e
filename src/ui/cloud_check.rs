//! The Cloud check page: for the administrator pointing the console at a Cloud for the
//! first time, what each endpoint answered against what the console expects, the session
//! cookies as this page sees them, and an export to attach to a support ticket.

use crate::domain::text;
use leptos::prelude::*;

use super::export_link::ExportLink;
use crate::api::check::{EndpointReport, FieldNote, Verdict};
use crate::browser::document_cookie;
use crate::domain::export::indented;
use crate::domain::session::CookieHint;
use crate::domain::text::isolate;
use crate::state::CloudCheck;
use crate::state::nav::CHECK;

/// What this page can see of the session cookies (JavaScript sees no cookie flags, only
/// whether a cookie is readable at all).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
struct Cookies {
    /// `mwcloud-sid` readable by the page: not HttpOnly, which the contract does not expect.
    sid_readable: bool,
    /// `mwcloud-uid`, when readable.
    uid: Option<String>,
    /// The page is served over HTTPS (a `Secure` cookie is only sent there).
    https: bool,
}

impl Cookies {
    fn read() -> Cookies {
        let hint = CookieHint::read(&document_cookie());
        let https = web_sys::window()
            .and_then(|w| w.location().protocol().ok())
            .is_some_and(|p| p == "https:");
        Cookies { sid_readable: hint.sid_readable, uid: hint.user, https }
    }

    fn lines(&self) -> Vec<String> {
        vec![
            if self.sid_readable {
                "mwcloud-sid is readable by this page: it is not HttpOnly (the contract's Cloud sets it HttpOnly), so a script on this origin could read the session.".into()
            } else {
                "mwcloud-sid is not readable by this page (HttpOnly, as the contract describes it).".into()
            },
            match &self.uid {
                Some(user) => format!("mwcloud-uid is readable: {}.", isolate(user)),
                None => "mwcloud-uid is not readable by this page; the console confirms who is logged in by asking the Cloud.".into(),
            },
            if self.https {
                "The console is served over HTTPS.".into()
            } else {
                "The console is served over plain HTTP: the session cookie crosses the network unencrypted.".into()
            },
        ]
    }
}

#[derive(serde::Serialize)]
struct Export<'a> {
    checked_at: Option<String>,
    page: String,
    cookies: &'a Cookies,
    endpoints: &'a [EndpointReport],
}

#[component]
pub fn CloudCheckPage() -> impl IntoView {
    let check = expect_context::<CloudCheck>();
    let cookies = RwSignal::new(Cookies::read());
    let run = move || {
        cookies.set(Cookies::read());
        check.run();
    };
    let summary = move || {
        check.reports.with(|reports| {
            let problems = reports.iter().filter(|r| r.verdict() == Verdict::Problems).count();
            let notes = reports.iter().filter(|r| r.verdict() == Verdict::Notes).count();
            if check.running.get() {
                format!("Reading endpoint {} of the Cloud…", reports.len() + 1)
            } else if reports.is_empty() {
                String::new()
            } else if problems == 0 && notes == 0 {
                format!(
                    "All clear: the {} endpoints read answered as the console expects.",
                    reports.len()
                )
            } else {
                format!(
                    "{} with problems, {notes} with notes, of {} read.",
                    text::count(problems, "endpoint", "endpoints"),
                    reports.len()
                )
            }
        })
    };
    let export = move || {
        let page = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        check.reports.with_untracked(|reports| {
            cookies.with_untracked(|cookies| {
                indented(
                    &serde_json::to_string(&Export {
                        checked_at: check.checked_at.get_untracked().map(super::format::date_time),
                        page,
                        cookies,
                        endpoints: reports,
                    })
                    .unwrap_or_default(),
                )
            })
        })
    };
    view! {
        <section class="card cloud-check" aria-labelledby=CHECK>
            <h2 id=CHECK tabindex="-1">"Cloud check"</h2>
            <p>
                "Reads each endpoint this console uses — once, read-only: nothing is upgraded, uploaded or added — "
                "and compares what the Cloud answers with what the console expects. Run it when pointing the console at a Cloud for the first time, and attach the export to a support ticket."
            </p>
            <div class="actions">
                <button type="button" class="primary" data-testid="run-check" disabled=move || check.running.get() on:click=move |_| run()>
                    {move || if check.running.get() { "Checking…" } else { "Run the check" }}
                </button>
                <Show when=move || !check.running.get() && !check.reports.with(Vec::is_empty)>
                    <ExportLink label="Export the report (JSON)" test_id="export-check" file="cloud-check.json".to_string() media_type="application/json" content=export />
                </Show>
            </div>
            <p class="counts" role="status" data-testid="check-summary">{summary}</p>
            <h3>"Session cookies"</h3>
            <ul data-testid="check-cookies">
                {move || cookies.get().lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
            <ol class="check-endpoints">
                {move || check.reports.get().into_iter().map(|r| view! { <EndpointCard report=r /> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn EndpointCard(report: EndpointReport) -> impl IntoView {
    let (tag, class) = match report.verdict() {
        Verdict::Clear => ("All clear", "notice notice-info"),
        Verdict::Notes => ("Notes", "notice notice-warn"),
        Verdict::Problems => ("Problems", "notice notice-error"),
    };
    let status = match (report.http_status, &report.failure) {
        (_, Some(failure)) => failure.clone(),
        (Some(status), None) => format!(
            "HTTP {status} · {} · {}",
            report.content_type,
            text::count(report.records, "record", "records")
        ),
        (None, None) => String::new(),
    };
    let fields = |title: &'static str, notes: Vec<FieldNote>| {
        (!notes.is_empty()).then(|| {
            let items = notes
                .into_iter()
                .map(|n| {
                    let records = text::count(n.records, "record", "records");
                    view! { <li><span class="mono">{n.field}</span>{format!(" · {records} · e.g. {}", isolate(&n.example))}</li> }
                })
                .collect_view();
            view! { <p>{title}</p><ul>{items}</ul> }
        })
    };
    let lines = |title: &'static str, lines: Vec<String>| {
        (!lines.is_empty()).then(|| {
            let items = lines
                .into_iter()
                .map(|l| view! { <li>{isolate(&l).into_owned()}</li> })
                .collect_view();
            view! { <p>{title}</p><ul>{items}</ul> }
        })
    };
    view! {
        <li class=class data-testid="check-endpoint" data-verdict=tag>
            <p>
                <span class="notice-tag">{tag}</span>
                " " <span class="mono">{report.request.clone()}</span>
                {format!(" — {}", report.purpose)}
            </p>
            <p class="muted">{status}</p>
            {lines("Records set aside (not shown, never sent):", report.set_aside)}
            {fields("Fields of another type than the API's:", report.other_type)}
            {lines("Result codes the catalogue does not describe:", report.unknown_codes)}
            {lines("Accepted in another form:", report.accepted)}
            {fields("Fields the API has that some records lack (read as absent):", report.missing)}
            {fields("Fields the API does not have (ignored):", report.extra)}
        </li>
    }
}
