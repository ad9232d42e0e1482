//! Unit tests of Stage 2 requests: each answer, each refusal, the deadline and the report's view.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t() -> Timescales {
    Timescales::default()
}

fn ok(state: &CaseState, mv: Move) -> CaseState {
    match state.apply(mv.clone(), &t()) {
        Ok(next) => next,
        Err(e) => panic!("{mv:?} refused: {}", e.message()),
    }
}

fn err(state: &CaseState, mv: Move) -> MoveError {
    match state.apply(mv.clone(), &t()) {
        Ok(_) => panic!("{mv:?} was accepted"),
        Err(e) => e,
    }
}

/// A statutory complaint received Monday 2 November 2026, acknowledged the next day, answered at Stage 1 on 16 November,
/// with Stage 2 asked for by the young person on Monday 23 November.
fn requested() -> CaseState {
    let received = d(2026, 11, 2);
    let s = ok(
        &CaseState::new(received, false),
        Move::Triage {
            decision: TriageDecision::Statutory,
            signpost: None,
            on: received,
        },
    );
    let s = ok(&s, Move::Acknowledge { on: d(2026, 11, 3) });
    let s = ok(
        &s,
        Move::RecordResponse {
            on: d(2026, 11, 16),
        },
    );
    ok(
        &s,
        Move::RequestStage2 {
            on: d(2026, 11, 23),
            by: Who::InCare,
            unhappy_with: "  My contact with my brother was still cut.  ".to_string(),
        },
    )
}

fn declined(letter_on: NaiveDate) -> Move {
    Move::EndStage2Request {
        ending: Stage2Ending::Declined {
            reason: Stage2DeclineReason::CourtProceedings,
            detail: "Contact is being decided by the family court.".to_string(),
            letter_on,
        },
    }
}

fn stage2(s: &CaseState) -> &StageRecord {
    s.current_record().unwrap()
}

#[test]
fn a_request_records_who_asked_and_what_they_are_unhappy_with() {
    let s = requested();
    let rec = stage2(&s);
    assert_eq!(rec.stage, Stage::Stage2);
    assert_eq!(rec.started, d(2026, 11, 23));
    assert_eq!(
        rec.ask,
        Some(Stage2Ask {
            by: Who::InCare,
            unhappy_with: "My contact with my brother was still cut.".to_string()
        })
    );
    assert_eq!(rec.stage2_answer(), Stage2Answer::Awaiting);
    // Asked within the 20-day window: not flagged late.
    assert!(!rec.late_request());
    // The same request again (a double click) changes nothing; a different one is refused.
    assert_eq!(
        ok(
            &s,
            Move::RequestStage2 {
                on: d(2026, 11, 23),
                by: Who::InCare,
                unhappy_with: "My contact with my brother was still cut.".to_string(),
            }
        ),
        s
    );
    assert!(matches!(
        err(
            &s,
            Move::RequestStage2 {
                on: d(2026, 11, 23),
                by: Who::Parent,
                unhappy_with: "Something else".to_string(),
            }
        ),
        MoveError::AlreadyRecorded { .. }
    ));
}

#[test]
fn a_request_must_say_what_they_are_unhappy_with() {
    let before = ok(
        &CaseState::new(d(2026, 11, 2), false),
        Move::Triage {
            decision: TriageDecision::Statutory,
            signpost: None,
            on: d(2026, 11, 2),
        },
    );
    let e = err(
        &before,
        Move::RequestStage2 {
            on: d(2026, 11, 23),
            by: Who::InCare,
            unhappy_with: "   ".to_string(),
        },
    );
    assert_eq!(e, MoveError::Stage2WhatMissing);
    assert!(e.message().contains("unhappy with"));
}

#[test]
fn accepting_starts_the_clock_on_the_agreed_day() {
    let s = ok(
        &requested(),
        Move::Stage2Agreed {
            on: d(2026, 11, 30),
        },
    );
    assert_eq!(stage2(&s).stage2_answer(), Stage2Answer::Accepted);
    let due = s
        .deadlines(&t())
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Stage2Response)
        .unwrap();
    // 25 working days from Monday 30 November 2026, over Christmas and New Year bank holidays.
    assert_eq!(due.due, add_working_days(d(2026, 11, 30), 25));
    assert_eq!(due.status, DeadlineStatus::Pending);
    // Once accepted, it can no longer be declined.
    let e = err(&s, declined(d(2026, 12, 1)));
    assert_eq!(
        e,
        MoveError::Stage2AlreadyAgreed {
            on: d(2026, 11, 30)
        }
    );
    assert!(e.message().contains("investigation goes ahead"));
}

#[test]
fn a_declined_request_keeps_its_lawful_reason_and_stops_the_investigation() {
    let s = ok(&requested(), declined(d(2026, 11, 27)));
    let rec = stage2(&s);
    assert_eq!(
        rec.stage2_answer(),
        Stage2Answer::Declined(Stage2DeclineReason::CourtProceedings)
    );
    // The deadline is no longer needed (it stopped before it was due), so nothing is overdue.
    let x = s
        .deadlines(&t())
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Stage2Response)
        .unwrap();
    assert_eq!(x.status, DeadlineStatus::NotNeeded);
    assert_eq!(s.next_deadline(&t()), None);
    // Nothing that needs an investigation can follow, and each refusal says why.
    for mv in [
        Move::Stage2Agreed {
            on: d(2026, 11, 30),
        },
        Move::RecordResponse { on: d(2026, 12, 1) },
        Move::Extend {
            days: 65,
            reason: "complex".to_string(),
        },
        Move::Escalate {
            to: Stage::Stage3,
            on: d(2026, 12, 1),
        },
    ] {
        let e = err(&s, mv);
        assert!(
            matches!(e, MoveError::Stage2NotInvestigated { on, .. } if on == d(2026, 11, 27)),
            "{e:?}"
        );
        assert!(e.message().contains("Ombudsman"), "{}", e.message());
    }
    // Recording the same decline again is harmless; another answer is refused.
    assert_eq!(ok(&s, declined(d(2026, 11, 27))), s);
    assert!(matches!(
        err(
            &s,
            Move::EndStage2Request {
                ending: Stage2Ending::Withdrawn {
                    on: d(2026, 11, 30)
                }
            }
        ),
        MoveError::AlreadyRecorded { .. }
    ));
}

#[test]
fn a_decline_needs_its_detail_and_a_letter_date_after_the_request() {
    let s = requested();
    let e = err(
        &s,
        Move::EndStage2Request {
            ending: Stage2Ending::Declined {
                reason: Stage2DeclineReason::OutOfTime,
                detail: "  ".to_string(),
                letter_on: d(2026, 11, 27),
            },
        },
    );
    assert_eq!(e, MoveError::DeclineDetailMissing);
    assert!(matches!(
        err(&s, declined(d(2026, 11, 20))),
        MoveError::TooEarly { .. }
    ));
}

#[test]
fn there_is_no_reason_outside_the_guidance() {
    // The list is closed: an unknown code (for example "other" or "too busy") reads as nothing.
    assert_eq!(Stage2DeclineReason::from_code("other"), None);
    assert_eq!(Stage2DeclineReason::from_code("too_busy"), None);
    assert_eq!(Stage2DeclineReason::ALL.len(), 5);
}

#[test]
fn resolved_another_way_and_withdrawn_are_answers_too() {
    let s = ok(
        &requested(),
        Move::EndStage2Request {
            ending: Stage2Ending::ResolvedOtherwise {
                how: Stage2Resolution::Mediation,
                on: d(2026, 12, 3),
            },
        },
    );
    assert_eq!(
        stage2(&s).stage2_answer(),
        Stage2Answer::ResolvedOtherwise(Stage2Resolution::Mediation)
    );
    let s = ok(
        &requested(),
        Move::EndStage2Request {
            ending: Stage2Ending::Withdrawn { on: d(2026, 12, 3) },
        },
    );
    assert_eq!(stage2(&s).stage2_answer(), Stage2Answer::Withdrawn);
}

#[test]
fn a_decision_made_after_the_deadline_shows_the_deadline_missed() {
    // 25 working days from 23 November 2026 have passed by 8 January 2027.
    let s = ok(&requested(), declined(d(2027, 1, 20)));
    let x = s
        .deadlines(&t())
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Stage2Response)
        .unwrap();
    assert_eq!(x.status, DeadlineStatus::Missed);
}

#[test]
fn only_a_stage2_request_can_be_declined() {
    let received = d(2026, 11, 2);
    let s = ok(
        &CaseState::new(received, false),
        Move::Triage {
            decision: TriageDecision::Statutory,
            signpost: None,
            on: received,
        },
    );
    assert_eq!(err(&s, declined(d(2026, 11, 27))), MoveError::NotAtStage2);
}

#[test]
fn the_refusals_without_details_have_their_own_words_on_the_case_page() {
    use crate::domain::case_messages::code_for;
    assert_eq!(
        code_for(&MoveError::Stage2WhatMissing.message()),
        "stage-two-what"
    );
    assert_eq!(
        code_for(&MoveError::DeclineDetailMissing.message()),
        "stage-two-detail"
    );
}
