use super::*;
use crate::domain::tracking::Tracked;
use crate::testing::{halted_campaign, started_run};

/// Campaign 1 (halted, its calls runs 1 and 2) at 1000; single run 3 (all verified) by
/// Admin at 5000 and run 4 (under way) by Operator at 9000.
fn history() -> (Vec<Run>, Vec<Campaign>) {
    let (campaign, mut runs) = halted_campaign(1_000);
    let mut verified = started_run(3, &["X1", "X2"], 5_000);
    verified.devices.iter_mut().for_each(|d| d.state = Tracked::Verified);
    let mut under_way = started_run(4, &["Y1"], 9_000);
    under_way.user = Some("Operator".into());
    runs.extend([verified, under_way]);
    (runs, vec![campaign])
}

fn titles(lines: &[Line]) -> Vec<String> {
    lines.iter().map(|l| l.what.title()).collect()
}

#[test]
fn a_campaign_is_one_line_with_its_runs_folded_inside_beside_single_runs_newest_first() {
    let (runs, campaigns) = history();
    let lines = lines(&runs, &campaigns, &HistoryFilter::default(), None, false);
    assert_eq!(titles(&lines), ["Run 4", "Run 3", "Campaign 1"]);
    let campaign = &lines[2];
    assert_eq!(titles(&campaign.runs), ["Run 1", "Run 2"], "its calls, inside it");
    assert_eq!(campaign.standing, LineState::Halted);
    assert_eq!(campaign.status, "halted after the canary");
    assert_eq!(campaign.scope, "6 devices · 3 model and hardware pairs");
    assert!(campaign.counts.contains("1 not verified"), "{}", campaign.counts);
    assert!(!campaign.counts.contains(" 0 "), "no zero counts: {}", campaign.counts);
    assert_eq!(lines[1].standing, LineState::AllVerified);
    assert_eq!(lines[1].counts, "2 verified");
    assert_eq!(lines[0].standing, LineState::UnderWay);
    assert_eq!(lines[0].counts, "1 in progress");
}

#[test]
fn filters_narrow_by_state_user_model_and_day() {
    let (runs, campaigns) = history();
    let shown = |filter: HistoryFilter, since: Option<i64>| {
        titles(&lines(&runs, &campaigns, &filter, since, false))
    };
    let halted = HistoryFilter { standing: Some(LineState::Halted), ..HistoryFilter::default() };
    assert_eq!(shown(halted, None), ["Campaign 1"]);
    let operator = HistoryFilter { user: Some("Operator".into()), ..HistoryFilter::default() };
    assert_eq!(shown(operator, None), ["Run 4"]);
    let model = HistoryFilter { model: Some(771), ..HistoryFilter::default() };
    assert_eq!(shown(model, None), ["Campaign 1"], "the campaign has a 771 key; runs 3, 4 are 770");
    assert_eq!(shown(HistoryFilter::default(), Some(5_000)), ["Run 4", "Run 3"]);
    let campaigns_only = lines(&runs, &campaigns, &HistoryFilter::default(), None, true);
    assert_eq!(titles(&campaigns_only), ["Campaign 1"]);
}

#[test]
fn the_filters_live_in_the_query_and_read_back() {
    let filter = HistoryFilter {
        standing: Some(LineState::NotAllVerified),
        user: Some("Ann & Bob".into()),
        model: Some(770),
        since: Some("2026-12-01".into()),
    };
    let query = filter.to_query();
    assert_eq!(query, "?state=not-all-verified&user=Ann%20%26%20Bob&model=770&since=2026-12-01");
    assert_eq!(HistoryFilter::parse(&query), filter);
    assert_eq!(
        HistoryFilter::parse("?state=nope&since=yesterday&model=x"),
        HistoryFilter::default()
    );
    assert_eq!(HistoryFilter::default().to_query(), "");
}

#[test]
fn the_filters_offer_the_users_and_models_the_history_holds() {
    let (runs, campaigns) = history();
    let (users, models) = choices(&runs, &campaigns);
    assert_eq!(users, ["Admin", "Operator"]);
    let numbers: Vec<i64> = models.iter().map(|(m, _)| *m).collect();
    assert_eq!(numbers, [770, 771]);
    assert_eq!(models[0].1, "Ultra Stream HDMI (model 770)");
}
