//! Tabs and users: distinct run ids and shared progress, one history per user, the
//! polling lease, and a campaign call made once however many tabs try.

use super::*;

#[wasm_bindgen_test]
async fn tabs_get_distinct_run_ids_and_see_each_others_runs_and_progress() {
    let user = fresh_user("tabs").await;
    let (a, b) = (common::concerns(), common::concerns());
    a.history.open_for(user.clone()).await;
    b.history.open_for(user.clone()).await;

    // Both tabs start a run at once.
    let (first, second) = futures::future::join(
        a.history.begin(started_run(0, &["A1"])),
        b.history.begin(started_run(0, &["B1", "B2"])),
    )
    .await;
    let (first, second) = (first.expect("saved"), second.expect("saved"));
    assert_ne!(first, second);
    let ids = |c: ConsoleState| {
        c.history.with_all_untracked(|runs| runs.iter().map(|r| r.id).collect::<Vec<_>>())
    };
    let mut both = vec![first, second];
    both.sort_by(|x, y| y.cmp(x));
    until("each tab shows both runs", || ids(a) == both && ids(b) == both).await;

    // Progress written by one tab shows in the other.
    let devices = [snapshot("B2", true, None, 3, 0, "1.5.79")];
    let by_sn = devices.iter().map(|d| (d.sn.as_str(), d)).collect();
    b.history.update_active(|run| run.observe(&by_sn, run.created_at + 500));
    b.history.flush();
    let state_in_a = || a.history.with_run_untracked(second, |run| run.devices[1].state.clone());
    until("tab A sees B2 installing", || state_in_a() == Some(Tracked::Installing { step: 3 }))
        .await;

    // Deleting in one tab deletes in the other.
    a.history.delete(first);
    until("tab B forgets the run", || ids(b) == [second]).await;
    a.history.close();
    b.history.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn each_user_sees_only_their_own_history() {
    let admin = fresh_user("admin").await;
    let operator = fresh_user("operator").await;
    let concerns = common::concerns();
    let history = concerns.history;
    history.open_for(admin.clone()).await;
    history.begin(started_run(0, &["A1"])).await;
    history.close();
    assert!(history.with_all_untracked(|runs| runs.is_empty()), "logged out");

    history.open_for(operator.clone()).await;
    assert!(history.with_all_untracked(|runs| runs.is_empty()), "none of Admin's");
    history.close();
    history.open_for(admin.clone()).await;
    assert_eq!(history.with_all_untracked(|runs| runs.len()), 1, "kept for Admin");
    history.close();
    forget(&admin).await;
    forget(&operator).await;
}

#[wasm_bindgen_test]
async fn without_web_locks_one_tab_holds_the_polling_lease_until_it_lapses_or_is_given_up() {
    let user = fresh_user("lease").await;
    let a = HistoryDb::open(&user).await.unwrap();
    let b = HistoryDb::open(&user).await.unwrap();
    assert!(a.claim_lease("tab-a", 0, 7_000).await.unwrap());
    assert!(!b.claim_lease("tab-b", 3_000, 7_000).await.unwrap(), "a holds it");
    assert!(a.claim_lease("tab-a", 6_000, 7_000).await.unwrap(), "renewed");
    assert!(!b.claim_lease("tab-b", 12_000, 7_000).await.unwrap(), "renewal counts");
    assert!(b.claim_lease("tab-b", 13_001, 7_000).await.unwrap(), "lapsed: b takes it");
    b.drop_lease("tab-a").await.unwrap();
    assert!(!a.claim_lease("tab-a", 14_000, 7_000).await.unwrap(), "only the holder gives it up");
    b.drop_lease("tab-b").await.unwrap();
    assert!(a.claim_lease("tab-a", 14_000, 7_000).await.unwrap(), "given up: a takes it");
    a.close();
    b.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn a_tab_whose_browser_session_now_belongs_to_another_user_says_so() {
    let document: web_sys::HtmlDocument = wasm_bindgen::JsCast::unchecked_into(document());
    let concerns = common::admin_with(Vec::new());
    document.set_cookie("mwcloud-uid=Admin; path=/").unwrap();
    assert_eq!(concerns.session.replaced_by(), None);
    // Another tab logged in as the operator.
    document.set_cookie("mwcloud-uid=operator; path=/").unwrap();
    assert_eq!(concerns.session.replaced_by().as_deref(), Some("operator"));
    document.set_cookie("mwcloud-uid=; path=/; max-age=0").unwrap();
    assert_eq!(concerns.session.replaced_by(), None, "no readable user cookie: the Cloud decides");
}

/// Makes the page read as hidden (or visible again) and tells it, as the browser would.
fn set_hidden(hidden: bool) {
    let script = if hidden {
        "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true})"
    } else {
        "delete document.hidden"
    };
    js_sys::eval(script).unwrap();
    window().dispatch_event(&web_sys::Event::new("visibilitychange").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn one_visible_tab_polls_and_a_hidden_one_steps_down() {
    let user = fresh_user("polling_tab").await;
    let (a, b) = (common::concerns(), common::concerns());
    a.history.open_for(user.clone()).await;
    a.polling_tab.start();
    until("the first tab polls", || a.polling_tab.leading.get_untracked()).await;
    b.history.open_for(user.clone()).await;
    b.polling_tab.start();
    gloo_timers::future::sleep(Duration::from_millis(200)).await;
    assert!(!b.polling_tab.leading.get_untracked(), "one tab at a time");

    set_hidden(true);
    until("a hidden tab does not poll", || {
        !a.polling_tab.leading.get_untracked() && !b.polling_tab.leading.get_untracked()
    })
    .await;
    set_hidden(false);
    until("a visible tab polls again", || {
        a.polling_tab.leading.get_untracked() != b.polling_tab.leading.get_untracked()
    })
    .await;
    gloo_timers::future::sleep(Duration::from_millis(200)).await;
    assert!(
        a.polling_tab.leading.get_untracked() != b.polling_tab.leading.get_untracked(),
        "still exactly one"
    );
    a.history.close();
    b.history.close();
    forget(&user).await;
}

#[wasm_bindgen_test]
async fn a_campaign_call_is_made_once_however_many_tabs_try() {
    let user = fresh_user("campaign-call").await;
    let (a, b) = (common::concerns(), common::concerns());
    a.history.open_for(user.clone()).await;
    b.history.open_for(user.clone()).await;
    let id = saved_campaign(a).await;
    until("tab B hears of the campaign", || b.history.campaign_untracked(id).is_some()).await;
    // Both tabs make wave 0's call at once: one gets a run, the other is refused.
    let (first, second) = futures::future::join(
        a.history.begin_call(id, 0, 0, started_run(0, &["A1"])),
        b.history.begin_call(id, 0, 0, started_run(0, &["A1"])),
    )
    .await;
    let made: Vec<u64> = [first, second].into_iter().flatten().collect();
    assert_eq!(made.len(), 1, "made once: {first:?} {second:?}");
    // After a reload, the call stays made with that run; nothing asks to make it again.
    let c = common::concerns();
    c.history.open_for(user.clone()).await;
    let campaign = c.history.campaign_untracked(id).unwrap();
    assert_eq!(campaign.run_ids().collect::<Vec<_>>(), made);
    assert_eq!(c.history.begin_call(id, 0, 0, started_run(0, &["A1"])).await, None);
    for tab in [a, b, c] {
        tab.history.close();
    }
    forget(&user).await;
}
