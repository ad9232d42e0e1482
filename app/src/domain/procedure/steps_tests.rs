//! Unit tests of the case page's steps: what is expected next and what is open now.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ok(state: &CaseState, mv: Move) -> CaseState {
    state
        .apply(mv.clone(), &Timescales::default())
        .unwrap_or_else(|e| panic!("{mv:?}: {}", e.message()))
}

fn open(state: &CaseState, today: NaiveDate) -> Vec<Step> {
    state
        .choices(today, &Timescales::default())
        .into_iter()
        .filter(|c| c.refused.is_none())
        .map(|c| c.step)
        .collect()
}

fn refusal(state: &CaseState, step: Step, today: NaiveDate) -> String {
    state
        .choices(today, &Timescales::default())
        .into_iter()
        .find(|c| c.step == step)
        .and_then(|c| c.refused)
        .unwrap_or_else(|| panic!("{step:?} is open"))
}

#[test]
fn an_untriaged_case_expects_triage_and_offers_no_ombudsman_finding() {
    let today = d(2026, 11, 24);
    let s = CaseState::new(d(2026, 11, 23), false);
    assert_eq!(
        s.next_step(today, &Timescales::default()),
        Some(Step::Triage)
    );
    let now = open(&s, today);
    // The Ombudsman's finding needs an enquiry; a response needs triage first.
    assert!(!now.contains(&Step::OmbudsmanFinding));
    assert!(!now.contains(&Step::RecordResponse));
    assert!(!now.contains(&Step::DeclineStage2));
    assert!(refusal(&s, Step::RecordResponse, today).contains("Triage this first"));
    assert!(refusal(&s, Step::OmbudsmanFinding, today).contains("Ombudsman"));
}

#[test]
fn the_next_step_follows_the_procedure_to_a_stage_2_decision() {
    let t = Timescales::default();
    let today = d(2026, 11, 30);
    let received = d(2026, 11, 2);
    let s = ok(
        &CaseState::new(received, false),
        Move::Triage {
            decision: TriageDecision::Statutory,
            signpost: None,
            on: received,
        },
    );
    assert_eq!(s.next_step(today, &t), Some(Step::Acknowledge));
    let s = ok(&s, Move::Acknowledge { on: d(2026, 11, 3) });
    assert_eq!(s.next_step(today, &t), Some(Step::AddConcern));
    let s = ok(
        &s,
        Move::AddConcern {
            category: "Contact".into(),
        },
    );
    assert_eq!(s.next_step(today, &t), Some(Step::RecordOutcome));
    let s = ok(
        &s,
        Move::RecordOutcome {
            concern: 0,
            outcome: Outcome::NotUpheld,
        },
    );
    assert_eq!(s.next_step(today, &t), Some(Step::RecordResponse));
    let s = ok(
        &s,
        Move::RecordResponse {
            on: d(2026, 11, 16),
        },
    );
    assert_eq!(s.next_step(today, &t), Some(Step::Close));
    // Stage 2 is asked for with who and why, not with the bare "next stage" move.
    let now = open(&s, today);
    assert!(now.contains(&Step::RequestStage2));
    assert!(!now.contains(&Step::Escalate));
    assert!(refusal(&s, Step::Escalate, today).contains("Stage 2 request"));
    let s = ok(
        &s,
        Move::RequestStage2 {
            on: d(2026, 11, 23),
            by: Who::InCare,
            unhappy_with: "Still no contact".into(),
        },
    );
    assert_eq!(s.next_step(today, &t), Some(Step::Stage2Agreed));
    let now = open(&s, today);
    for step in [
        Step::Stage2Agreed,
        Step::DeclineStage2,
        Step::ResolveStage2,
        Step::WithdrawStage2,
    ] {
        assert!(now.contains(&step), "{step:?} should be open");
    }
    assert!(!now.contains(&Step::PanelMet));
    let declined = ok(
        &s,
        Move::EndStage2Request {
            ending: Stage2Ending::Withdrawn { on: today },
        },
    );
    assert_eq!(declined.next_step(today, &t), Some(Step::Close));
    assert!(!open(&declined, today).contains(&Step::RecordResponse));
    assert!(refusal(&declined, Step::RecordResponse, today).contains("no investigation"));
}

#[test]
fn a_closed_case_only_reopens() {
    let received = d(2026, 11, 2);
    let s = ok(
        &CaseState::new(received, false),
        Move::Triage {
            decision: TriageDecision::Compliment,
            signpost: None,
            on: received,
        },
    );
    let s = ok(&s, Move::Close { on: received });
    let today = d(2026, 11, 30);
    assert_eq!(s.next_step(today, &Timescales::default()), None);
    assert_eq!(open(&s, today), vec![Step::Reopen]);
}
