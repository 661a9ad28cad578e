//! Through the console service (`mwcloud-console` in front of the simulator): a run
//! started in one browser is seen in another with its own storage, an operator reads it
//! without being offered to change it, the service restarted keeps everything, and a
//! history of hundreds of runs draws only the rows in view.

use console_e2e::Console;
use console_e2e::pages::{HistoryList, RunPage};

fn config() -> cloud_sim::config::SimConfig {
    console_e2e::cloud_of(60, 120)
}

#[tokio::test]
async fn a_run_started_in_one_browser_is_read_in_another_by_an_operator() {
    let console = Console::behind_service(config(), "Admin", "Admin").await;
    console.first_run_of_one_device().await;
    let title = console.run().title().text().await;
    console.history().open().await;
    console.history().shared().text().await;

    let operator = console.second_browser("operator", "operator").await;
    let history = HistoryList::new(&operator.client);
    history.open().await;
    history.rows().when(|t| t.contains("1.5.178")).await;
    assert_eq!(history.rows().count().await, 1, "the administrator's one run, numbered alike");
    assert_eq!(
        history.clear_button().count().await,
        0,
        "an operator is offered no change to the team's record"
    );
    history.open_run(1).await;
    assert_eq!(RunPage::new(&operator.client).wait_for(1).await, title, "run 1 is the same run");

    // The operator's console wrote nothing; the administrator's call is in the audit trail.
    let trail = console.cloud.audit_trail().await;
    assert!(trail.iter().all(|e| e.who == "Admin" || e.action == "signed in"), "{trail:?}");
    let call = trail.iter().find(|e| e.action == "upgrade started").expect("the call, audited");
    assert!(
        call.sent.starts_with(r#"{"sn":["#) && call.sent.contains("firmware-id"),
        "{}",
        call.sent
    );
    assert!(call.answer.contains(r#""result":0"#), "what the Cloud answered: {}", call.answer);
    assert!(trail.iter().any(|e| e.action == "run saved" && e.subject == "run 1"));

    // The administrator deletes the run: gone for the operator within a poll, and audited.
    console.history().delete_run(1).await;
    let asked = console_e2e::answer(console.client(), true).await;
    assert_eq!(
        asked,
        "Delete run 1 from the shared record, for everyone? The devices are not affected."
    );
    history.open().await;
    history.empty().text().await;
    assert!(
        console
            .cloud
            .audit_trail()
            .await
            .iter()
            .any(|e| e.action == "runs deleted" && e.subject == "run 1")
    );
    operator.close().await;
}

#[tokio::test]
async fn the_service_restarted_keeps_every_run() {
    let mut console = Console::behind_service(config(), "Admin", "Admin").await;
    console.first_run_of_one_device().await;
    let title = console.run().title().text().await;
    console.cloud.restart_service().await;
    console.go("runs/1").await;
    assert_eq!(console.run().wait_for(1).await, title);
    // An address the record does not hold says so, in the record's words.
    console.go("runs/9").await;
    let said = console.run().not_kept().await;
    assert_eq!(
        said,
        "Run 9 is not in the shared record. It was never saved there, or an administrator deleted it."
    );
}

#[tokio::test]
async fn a_browsers_own_history_is_offered_once_and_moved_under_the_records_numbers() {
    // Served as plain files first: the run is kept in this browser.
    let mut console = Console::admin(config()).await;
    console.first_run_of_one_device().await;
    let title = console.run().title().text().await;

    // The same origin, now the console service's: the record is empty; the browser offers
    // its own history once.
    console.cloud.put_service_in_front().await;
    console.go("runs").await;
    let history = console.history();
    let offer = history.move_offer().when(|t| t.contains("1 run and 0 campaigns")).await;
    assert!(offer.contains("This browser keeps its copy"), "{offer}");
    history.move_button().click().await;
    let said = console.document().announced().when(|t| t.starts_with("Moved")).await;
    assert_eq!(
        said,
        "Moved into the shared record: 1 run and 0 campaigns. This browser keeps its own copy."
    );
    history.rows().when(|t| t.contains("1.5.178")).await;
    assert_eq!(history.move_offer().count().await, 0);
    history.open_run(1).await;
    assert_eq!(console.run().wait_for(1).await, title);

    // Opened again: not offered twice.
    console.go("runs").await;
    history.shared().text().await;
    history.rows().when(|t| t.contains("1.5.178")).await;
    assert_eq!(history.move_offer().count().await, 0, "offered once");
}

#[tokio::test]
async fn a_history_of_hundreds_of_runs_draws_those_in_view_and_reaches_the_oldest() {
    use console_server::record::Actor;
    use mwcloud_console::domain::history::{encode_chunks, encode_run};
    let console = Console::behind_service(config(), "Admin", "Admin").await;
    // 300 runs of two devices each, written as the console writes them.
    let store = console.cloud.record();
    let actor = Actor { user: "Admin".into(), address: "127.0.0.1".into() };
    let run = mwcloud_console::testing::started_run(0, &["A1", "A2"], 1_780_000_000_000);
    let chunks: Vec<_> = encode_chunks(&run)
        .into_iter()
        .map(|(_, t)| serde_json::value::RawValue::from_string(t).expect("json"))
        .collect();
    for n in 0..300 {
        store.begin_run(&actor, &format!("seed-{n}"), &encode_run(&run), &chunks).await.unwrap();
    }
    let history = console.history();
    history.open().await;
    history.rows().when(|t| t.starts_with("Run 300")).await;
    assert_eq!(history.rows_counted().await.as_deref(), Some("301"), "every run counted");
    let drawn = history.rows().count().await;
    assert!((1..100).contains(&drawn), "only the rows in view are drawn: {drawn}");
    // End goes to the oldest run, drawn on demand; Enter opens it.
    history.focus_table().await;
    let keys = console.document();
    keys.press(console_e2e::pages::END).await;
    assert_eq!(history.link_of("data-run='1'").await.as_deref(), Some("/runs/1"));
    keys.press(console_e2e::pages::ENTER).await;
    console.run().wait_for(1).await;
    console.close().await;
}
