//! Unit tests of `domain::procedure`.

use super::*;
use std::collections::BTreeSet;

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

fn triaged(received: NaiveDate, decision: TriageDecision) -> CaseState {
    ok(
        &CaseState::new(received, false),
        Move::Triage {
            decision,
            signpost: None,
            on: received,
        },
    )
}

fn statutory(received: NaiveDate) -> CaseState {
    triaged(received, TriageDecision::Statutory)
}

fn extend(days: u32, reason: &str) -> Move {
    Move::Extend {
        days,
        reason: reason.to_string(),
    }
}

fn deadline(state: &CaseState, kind: DeadlineKind) -> Deadline {
    state
        .deadlines(&t())
        .into_iter()
        .find(|x| x.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} deadline"))
}

fn due(state: &CaseState, kind: DeadlineKind) -> NaiveDate {
    deadline(state, kind).due
}

/// Received Mon 1 Feb 2027, acknowledged Tue 2 Feb, answered Wed 10 Feb, Stage 2 asked for
/// Mon 15 Feb.
fn at_stage2() -> CaseState {
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::Acknowledge { on: d(2027, 2, 2) },
    );
    let s = ok(&s, Move::RecordResponse { on: d(2027, 2, 10) });
    ok(
        &s,
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 2, 15),
        },
    )
}

/// Stage 2 answered Fri 19 Mar 2027, Stage 3 asked for Mon 22 Mar.
fn at_stage3() -> CaseState {
    let s = ok(&at_stage2(), Move::RecordResponse { on: d(2027, 3, 19) });
    ok(
        &s,
        Move::Escalate {
            to: Stage::Stage3,
            on: d(2027, 3, 22),
        },
    )
}

#[test]
fn default_timescales_are_the_statutory_ones() {
    let t = t();
    assert_eq!(
        [
            t.acknowledge,
            t.stage1,
            t.stage1_max,
            t.stage2_request_window
        ],
        [3, 10, 20, 20]
    );
    assert_eq!(
        [t.stage2, t.stage2_max, t.stage3_request_window],
        [25, 65, 20]
    );
    assert_eq!(
        [t.stage3_panel, t.stage3_report, t.stage3_response],
        [30, 5, 15]
    );
    assert_eq!([t.corporate1, t.corporate2, t.amber_within], [15, 20, 2]);
    assert_eq!(
        [
            t.corporate1_max,
            t.corporate2_max,
            t.corporate2_request_window
        ],
        [15, 20, 20]
    );
    assert!(t.problems().is_empty(), "{:?}", t.problems());
}

#[test]
fn odd_timescales_are_reported() {
    let bad = Timescales {
        stage1: 12,
        stage2_request_window: 10,
        corporate1_max: 5,
        stage3_report: 0,
        amber_within: 5000,
        ..t()
    };
    let problems = bad.problems();
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert!(problems[0].contains("12 working days"));
    // Quicker than the law is fine.
    let quick = Timescales {
        stage1: 5,
        stage2: 20,
        ..t()
    };
    assert!(quick.problems().is_empty());
}

fn check_codes<T: Copy + PartialEq + fmt::Debug>(
    all: &[T],
    code: fn(T) -> &'static str,
    from_code: fn(&str) -> Option<T>,
    label: fn(T) -> &'static str,
) {
    let codes: BTreeSet<&str> = all.iter().map(|v| code(*v)).collect();
    assert_eq!(codes.len(), all.len(), "codes are unique");
    for v in all {
        assert_eq!(from_code(code(*v)), Some(*v));
        assert!(!label(*v).is_empty());
        assert!(code(*v)
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
    }
    assert_eq!(from_code("nonsense"), None);
    assert_eq!(from_code(""), None);
}

#[test]
fn codes_round_trip() {
    check_codes(
        Procedure::ALL,
        Procedure::code,
        Procedure::from_code,
        Procedure::label,
    );
    check_codes(
        TriageDecision::ALL,
        TriageDecision::code,
        TriageDecision::from_code,
        TriageDecision::label,
    );
    check_codes(
        Signpost::ALL,
        Signpost::code,
        Signpost::from_code,
        Signpost::label,
    );
    check_codes(Stage::ALL, Stage::code, Stage::from_code, Stage::label);
    check_codes(
        Outcome::ALL,
        Outcome::code,
        Outcome::from_code,
        Outcome::label,
    );
    check_codes(
        OmbudsmanFinding::ALL,
        OmbudsmanFinding::code,
        OmbudsmanFinding::from_code,
        OmbudsmanFinding::label,
    );
    check_codes(Rag::ALL, Rag::code, Rag::from_code, Rag::label);
    check_codes(
        CaseStatus::ALL,
        CaseStatus::code,
        CaseStatus::from_code,
        CaseStatus::label,
    );
    check_codes(
        DeadlineKind::ALL,
        DeadlineKind::code,
        DeadlineKind::from_code,
        DeadlineKind::label,
    );
    check_codes(
        Stage1Timeliness::ALL,
        Stage1Timeliness::code,
        Stage1Timeliness::from_code,
        Stage1Timeliness::label,
    );
    assert_eq!(Stage::Stage3.to_string(), "Stage 3 (review panel)");
    assert_eq!(
        TriageDecision::Statutory.procedure(),
        Some(Procedure::Statutory)
    );
    assert_eq!(TriageDecision::Compliment.procedure(), None);
    assert_eq!(Procedure::Corporate.first_stage(), Stage::Corporate1);
}

#[test]
fn stage1_deadline_and_acknowledgement() {
    // Mon 23 Nov 2026: acknowledge by Thu 26 Nov, respond by Mon 7 Dec.
    let s = statutory(d(2026, 11, 23));
    assert_eq!(s.stage(), Some(Stage::Stage1));
    assert_eq!(due(&s, DeadlineKind::Acknowledge), d(2026, 11, 26));
    assert_eq!(due(&s, DeadlineKind::Stage1Response), d(2026, 12, 7));
    assert_eq!(
        s.next_deadline(&t()).unwrap().kind,
        DeadlineKind::Acknowledge
    );
    let s = ok(
        &s,
        Move::Acknowledge {
            on: d(2026, 11, 25),
        },
    );
    assert_eq!(
        deadline(&s, DeadlineKind::Acknowledge).status,
        DeadlineStatus::Met {
            on: d(2026, 11, 25)
        }
    );
    let next = s.next_deadline(&t()).unwrap();
    assert_eq!(
        (next.kind, next.due),
        (DeadlineKind::Stage1Response, d(2026, 12, 7))
    );
    // A council that acknowledges within 5 days.
    let five = Timescales {
        acknowledge: 5,
        ..t()
    };
    let fresh = statutory(d(2026, 11, 23));
    assert_eq!(fresh.deadlines(&five)[0].due, d(2026, 11, 30));
}

#[test]
fn bank_holidays_push_deadlines_over_christmas() {
    // Received Fri 18 Dec 2026: 21,22,23,24 Dec; 25 Christmas and Mon 28 (Boxing Day
    // substitute) off; 29,30,31 Dec; 1 Jan off; 4,5,6 Jan: the 10th is Wed 6 Jan 2027.
    let s = statutory(d(2026, 12, 18));
    assert_eq!(due(&s, DeadlineKind::Acknowledge), d(2026, 12, 23));
    assert_eq!(due(&s, DeadlineKind::Stage1Response), d(2027, 1, 6));
    // Extended to 20: 7, 8, 11-15, 18, 19, 20 Jan.
    let s = ok(&s, extend(20, "An advocate has been asked for"));
    let dl = deadline(&s, DeadlineKind::Stage1Response);
    assert_eq!(dl.due, d(2027, 1, 20));
    assert!(dl.extended);
}

#[test]
fn stage1_extension_up_to_the_cap() {
    let s = statutory(d(2027, 2, 1));
    assert_eq!(due(&s, DeadlineKind::Stage1Response), d(2027, 2, 15));
    // Reason required.
    assert_eq!(
        err(&s, extend(20, "   ")),
        MoveError::ExtensionReasonMissing
    );
    // Beyond 20 refused.
    let e = err(&s, extend(21, "complex"));
    assert_eq!(
        e,
        MoveError::ExtensionTooLong {
            stage: Stage::Stage1,
            max: 20,
            already_at_max: false
        }
    );
    assert!(e.message().contains("at most 20 working days"));
    // Not shorter.
    assert!(matches!(
        err(&s, extend(10, "complex")),
        MoveError::ExtensionNotLonger { current: 10, .. }
    ));
    // Twice, up to the cap.
    let s = ok(&s, extend(15, "Complex: several teams involved"));
    assert_eq!(due(&s, DeadlineKind::Stage1Response), d(2027, 2, 22));
    let s = ok(&s, extend(20, "Advocate asked for"));
    assert_eq!(due(&s, DeadlineKind::Stage1Response), d(2027, 3, 1));
    assert_eq!(s.current_record().unwrap().extensions.len(), 2);
    assert_eq!(s.current_record().unwrap().allowed_days(&t()), Some(20));
    assert_eq!(s.current_record().unwrap().extended_to(), Some(20));
    assert_eq!(
        s.current_record().unwrap().extension_reason(),
        Some("Advocate asked for")
    );
    // Then no more.
    let e = err(&s, extend(21, "still complex"));
    assert!(matches!(
        e,
        MoveError::ExtensionTooLong {
            already_at_max: true,
            ..
        }
    ));
    assert!(e.message().contains("already been extended"));
    // Not after the response.
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::RecordResponse { on: d(2027, 2, 5) },
    );
    assert!(matches!(
        err(&s, extend(20, "complex")),
        MoveError::ResponseAlreadySent { .. }
    ));
    // The reason is kept, trimmed, and too long a reason is refused.
    let s = ok(&statutory(d(2027, 2, 1)), extend(20, "  complex  "));
    assert_eq!(s.current_record().unwrap().extensions[0].reason, "complex");
    let long_reason = "x".repeat(REASON_MAX + 1);
    assert!(matches!(
        err(&statutory(d(2027, 2, 1)), extend(20, &long_reason)),
        MoveError::TooLong { .. }
    ));
}

#[test]
fn stage2_deadline_and_extension_to_65() {
    let s = at_stage2();
    assert_eq!(s.stage(), Some(Stage::Stage2));
    // 25 working days from Mon 15 Feb 2027.
    assert_eq!(due(&s, DeadlineKind::Stage2Response), d(2027, 3, 22));
    assert!(!s.current_record().unwrap().late_request());
    assert_eq!(
        deadline(&s, DeadlineKind::Stage1Response).status,
        DeadlineStatus::Met { on: d(2027, 2, 10) }
    );
    // 65 crosses Easter 2027 (Fri 26 and Mon 29 Mar) and Mon 3 May.
    let s65 = ok(&s, extend(65, "Independent investigator appointed"));
    assert_eq!(due(&s65, DeadlineKind::Stage2Response), d(2027, 5, 20));
    assert!(matches!(
        err(&s, extend(66, "complex")),
        MoveError::ExtensionTooLong { max: 65, .. }
    ));
    assert!(matches!(
        err(&s65, extend(66, "complex")),
        MoveError::ExtensionTooLong {
            already_at_max: true,
            ..
        }
    ));
}

#[test]
fn stage3_deadlines_chain() {
    let s = at_stage3();
    assert_eq!(s.stage(), Some(Stage::Stage3));
    // Panel within 30 of Mon 22 Mar 2027 (Easter and 3 May off): Thu 6 May.
    assert_eq!(due(&s, DeadlineKind::Stage3Panel), d(2027, 5, 6));
    // Report and response are not known until the panel meets.
    assert_eq!(s.deadlines(&t()).len(), 4);
    assert_eq!(
        err(&s, Move::PanelReport { on: d(2027, 5, 5) }),
        MoveError::PanelNotMet
    );
    assert_eq!(
        err(&s, Move::RecordResponse { on: d(2027, 5, 5) }),
        MoveError::PanelReportMissing
    );
    let s = ok(&s, Move::PanelMet { on: d(2027, 5, 4) });
    assert_eq!(due(&s, DeadlineKind::Stage3Report), d(2027, 5, 11));
    let s = ok(&s, Move::PanelReport { on: d(2027, 5, 10) });
    // 15 from Mon 10 May, with the spring bank holiday Mon 31 May: Tue 1 June.
    assert_eq!(due(&s, DeadlineKind::Stage3Response), d(2027, 6, 1));
    assert_eq!(
        s.next_deadline(&t()).unwrap().kind,
        DeadlineKind::Stage3Response
    );
    let s = ok(&s, Move::RecordResponse { on: d(2027, 5, 28) });
    assert!(s
        .deadlines(&t())
        .iter()
        .all(|x| matches!(x.status, DeadlineStatus::Met { .. })));
    assert_eq!(s.next_deadline(&t()), None);
    // Stage 3 cannot be extended, and is the council's last stage.
    assert!(matches!(
        err(&s, extend(20, "complex")),
        MoveError::ResponseAlreadySent { .. }
    ));
    assert!(matches!(
        err(&at_stage3(), extend(40, "complex")),
        MoveError::ExtensionNotAllowed {
            stage: Stage::Stage3
        }
    ));
    let e = err(
        &s,
        Move::Escalate {
            to: Stage::Stage3,
            on: d(2027, 6, 2),
        },
    );
    assert_eq!(
        e,
        MoveError::LastStage {
            stage: Stage::Stage3
        }
    );
    assert!(e.message().contains("Ombudsman"));
    assert_eq!(
        err(
            &s,
            Move::Escalate {
                to: Stage::Ombudsman,
                on: d(2027, 6, 2)
            }
        ),
        MoveError::EscalateToOmbudsman
    );
    // Panel moves only at Stage 3, and not before the request.
    assert_eq!(
        err(&at_stage2(), Move::PanelMet { on: d(2027, 3, 1) }),
        MoveError::NotAtStage3
    );
    assert!(matches!(
        err(&at_stage3(), Move::PanelMet { on: d(2027, 3, 19) }),
        MoveError::TooEarly { .. }
    ));
}

#[test]
fn late_stage2_request_is_flagged_but_allowed() {
    let answered = ok(
        &statutory(d(2027, 2, 1)),
        Move::RecordResponse { on: d(2027, 2, 10) },
    );
    let window = answered.request_window(&t()).unwrap();
    assert_eq!(window.next, Stage::Stage2);
    assert_eq!(window.until, d(2027, 3, 10));
    // The 20th working day after Wed 10 Feb is Wed 10 Mar: on time.
    let on_time = ok(
        &answered,
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 3, 10),
        },
    );
    assert!(on_time.late_requests().is_empty());
    assert_eq!(
        on_time
            .current_record()
            .unwrap()
            .request
            .unwrap()
            .working_days,
        20
    );
    // The 21st: late, accepted and flagged.
    let late = ok(
        &answered,
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 3, 11),
        },
    );
    assert_eq!(late.stage(), Some(Stage::Stage2));
    assert_eq!(late.late_requests(), vec![Stage::Stage2]);
    let flag = Flag::LateRequest {
        stage: Stage::Stage2,
        working_days: 21,
        window: 20,
    };
    assert_eq!(late.flags(), vec![flag]);
    assert!(flag.message().contains("21 working days"));
    // Months later is still accepted.
    let very_late = ok(
        &answered,
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 11, 1),
        },
    );
    assert!(very_late.current_record().unwrap().late_request());
    // But not before the response it follows.
    assert!(matches!(
        err(
            &answered,
            Move::Escalate {
                to: Stage::Stage2,
                on: d(2027, 2, 9)
            }
        ),
        MoveError::TooEarly { .. }
    ));
}

#[test]
fn late_stage3_request_is_flagged() {
    let s = ok(&at_stage2(), Move::RecordResponse { on: d(2027, 3, 19) });
    let late = ok(
        &s,
        Move::Escalate {
            to: Stage::Stage3,
            on: d(2027, 6, 1),
        },
    );
    assert_eq!(late.late_requests(), vec![Stage::Stage3]);
}

#[test]
fn stage3_before_stage2_is_refused() {
    let s = statutory(d(2027, 2, 1));
    let e = err(
        &s,
        Move::Escalate {
            to: Stage::Stage3,
            on: d(2027, 2, 20),
        },
    );
    assert_eq!(
        e,
        MoveError::WrongNextStage {
            from: Stage::Stage1,
            to: Stage::Stage3
        }
    );
    assert!(e
        .message()
        .contains("Move it to Stage 2 (investigation) first"));
    // And Stage 3 needs the Stage 2 response.
    let e = err(
        &at_stage2(),
        Move::Escalate {
            to: Stage::Stage3,
            on: d(2027, 3, 1),
        },
    );
    assert_eq!(
        e,
        MoveError::NeedsResponseFirst {
            stage: Stage::Stage2
        }
    );
    // Going back is refused too.
    assert!(err(
        &at_stage2(),
        Move::Escalate {
            to: Stage::Stage1,
            on: d(2027, 3, 1)
        }
    )
    .message()
    .contains("already at Stage 2"));
}

#[test]
fn stage2_without_a_stage1_response_is_allowed_and_flagged() {
    // Stage 1 due Mon 15 Feb 2027; nothing sent; Stage 2 asked for on Mon 22 Feb.
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 2, 22),
        },
    );
    assert_eq!(
        s.flags(),
        vec![Flag::MovedOnWithoutResponse {
            stage: Stage::Stage2
        }]
    );
    assert!(s.late_requests().is_empty());
    assert_eq!(
        deadline(&s, DeadlineKind::Stage1Response).status,
        DeadlineStatus::Missed
    );
    // Agreed to go straight to Stage 2 before Stage 1 was due: not needed.
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 2, 8),
        },
    );
    assert_eq!(
        deadline(&s, DeadlineKind::Stage1Response).status,
        DeadlineStatus::NotNeeded
    );
}

#[test]
fn response_before_the_stage_started_is_refused() {
    let e = err(
        &statutory(d(2027, 2, 1)),
        Move::RecordResponse { on: d(2027, 1, 29) },
    );
    assert!(matches!(e, MoveError::TooEarly { .. }));
    assert!(e.message().contains("Friday 29 January 2027"));
    assert!(matches!(
        err(&at_stage2(), Move::RecordResponse { on: d(2027, 2, 12) }),
        MoveError::TooEarly { .. }
    ));
    assert!(matches!(
        err(
            &CaseState::new(d(2027, 2, 1), false),
            Move::Acknowledge { on: d(2027, 1, 31) }
        ),
        MoveError::TooEarly { .. }
    ));
    // Recording twice with another date is refused; the same date is a no-op.
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::RecordResponse { on: d(2027, 2, 10) },
    );
    assert_eq!(ok(&s, Move::RecordResponse { on: d(2027, 2, 10) }), s);
    assert!(matches!(
        err(&s, Move::RecordResponse { on: d(2027, 2, 11) }),
        MoveError::AlreadyRecorded { .. }
    ));
}

#[test]
fn late_response_is_recorded_as_met_late() {
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::RecordResponse { on: d(2027, 2, 17) },
    );
    assert_eq!(
        deadline(&s, DeadlineKind::Stage1Response).status,
        DeadlineStatus::Late {
            on: d(2027, 2, 17),
            working_days_late: 2
        }
    );
    assert_eq!(stage1_working_days(d(2027, 2, 1), d(2027, 2, 17)), 12);
    assert_eq!(
        Stage1Timeliness::of(d(2027, 2, 1), d(2027, 2, 17)),
        Stage1Timeliness::Within20
    );
}

#[test]
fn stage1_timeliness_buckets() {
    let received = d(2026, 12, 18);
    assert_eq!(stage1_working_days(received, d(2027, 1, 6)), 10);
    assert_eq!(
        Stage1Timeliness::of(received, d(2027, 1, 6)),
        Stage1Timeliness::Within10
    );
    assert_eq!(
        Stage1Timeliness::of(received, d(2027, 1, 7)),
        Stage1Timeliness::Within20
    );
    assert_eq!(
        Stage1Timeliness::of(received, d(2027, 1, 20)),
        Stage1Timeliness::Within20
    );
    assert_eq!(
        Stage1Timeliness::of(received, d(2027, 1, 21)),
        Stage1Timeliness::Over20
    );
    assert_eq!(
        Stage1Timeliness::of_working_days(0),
        Stage1Timeliness::Within10
    );
    assert_eq!(
        Stage1Timeliness::of_working_days(-3),
        Stage1Timeliness::Within10
    );
}

#[test]
fn outcomes_are_recorded_per_concern_and_stage() {
    let s = statutory(d(2027, 2, 1));
    let s = ok(
        &s,
        Move::AddConcern {
            category: " placement ".to_string(),
        },
    );
    let s = ok(
        &s,
        Move::AddConcern {
            category: "contact".to_string(),
        },
    );
    assert_eq!(s.concerns()[0].category, "placement");
    let s = ok(
        &s,
        Move::RecordOutcome {
            concern: 0,
            outcome: Outcome::Upheld,
        },
    );
    let s = ok(
        &s,
        Move::RecordOutcome {
            concern: 1,
            outcome: Outcome::NotUpheld,
        },
    );
    assert_eq!(s.concerns()[0].outcome(), Some(Outcome::Upheld));
    assert_eq!(s.concerns()[1].outcome(), Some(Outcome::NotUpheld));
    // Changed at the same stage: replaced.
    let s = ok(
        &s,
        Move::RecordOutcome {
            concern: 1,
            outcome: Outcome::PartlyUpheld,
        },
    );
    assert_eq!(s.concerns()[1].outcomes.len(), 1);
    assert_eq!(s.concerns()[1].outcome(), Some(Outcome::PartlyUpheld));
    // No such concern.
    let e = err(
        &s,
        Move::RecordOutcome {
            concern: 2,
            outcome: Outcome::Upheld,
        },
    );
    assert_eq!(
        e,
        MoveError::NoSuchConcern {
            concern: 2,
            count: 2
        }
    );
    assert!(e.message().contains("number 3"));
    // A new stage keeps the old outcome and records its own.
    let s = ok(&s, Move::RecordResponse { on: d(2027, 2, 10) });
    let s = ok(
        &s,
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 2, 15),
        },
    );
    let s = ok(
        &s,
        Move::RecordOutcome {
            concern: 1,
            outcome: Outcome::Upheld,
        },
    );
    assert_eq!(
        s.concerns()[1].outcome_at(Stage::Stage1),
        Some(Outcome::PartlyUpheld)
    );
    assert_eq!(
        s.concerns()[1].outcome_at(Stage::Stage2),
        Some(Outcome::Upheld)
    );
    assert_eq!(s.concerns()[1].outcome(), Some(Outcome::Upheld));
    assert_eq!(s.concerns()[0].outcome_at(Stage::Stage2), None);
    // A category is needed.
    assert_eq!(
        err(
            &s,
            Move::AddConcern {
                category: "  ".to_string()
            }
        ),
        MoveError::CategoryMissing
    );
    // Outcomes need a complaint stage.
    let untriaged = ok(
        &CaseState::new(d(2027, 2, 1), false),
        Move::AddConcern {
            category: "contact".to_string(),
        },
    );
    assert_eq!(
        err(
            &untriaged,
            Move::RecordOutcome {
                concern: 0,
                outcome: Outcome::Upheld
            }
        ),
        MoveError::NotTriaged
    );
    let compliment = ok(
        &triaged(d(2027, 2, 1), TriageDecision::Compliment),
        Move::AddConcern {
            category: "contact".to_string(),
        },
    );
    assert!(matches!(
        err(
            &compliment,
            Move::RecordOutcome {
                concern: 0,
                outcome: Outcome::Upheld
            }
        ),
        MoveError::NoProcedure { .. }
    ));
}

#[test]
fn outcome_on_a_withdrawn_case_is_refused() {
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::AddConcern {
            category: "contact".to_string(),
        },
    );
    let withdrawn = ok(&s, Move::Withdraw { on: d(2027, 2, 3) });
    assert_eq!(withdrawn.status(), CaseStatus::Withdrawn);
    let e = err(
        &withdrawn,
        Move::RecordOutcome {
            concern: 0,
            outcome: Outcome::Upheld,
        },
    );
    assert_eq!(
        e,
        MoveError::NotOpen {
            status: CaseStatus::Withdrawn,
            since: Some(d(2027, 2, 3))
        }
    );
    assert!(e
        .message()
        .contains("withdrawn on Wednesday 3 February 2027"));
    // Deadlines stop: Stage 1 was not yet due.
    assert_eq!(withdrawn.next_deadline(&t()), None);
    assert_eq!(
        deadline(&withdrawn, DeadlineKind::Stage1Response).status,
        DeadlineStatus::NotNeeded
    );
    // Reopened, it can be recorded.
    let reopened = ok(&withdrawn, Move::Reopen { on: d(2027, 2, 5) });
    let s = ok(
        &reopened,
        Move::RecordOutcome {
            concern: 0,
            outcome: Outcome::Withdrawn,
        },
    );
    assert_eq!(s.concerns()[0].outcome(), Some(Outcome::Withdrawn));
}

#[test]
fn close_and_reopen() {
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::RecordResponse { on: d(2027, 2, 10) },
    );
    let closed = ok(&s, Move::Close { on: d(2027, 2, 11) });
    assert_eq!(closed.status(), CaseStatus::Closed);
    assert_eq!(closed.status_on(), Some(d(2027, 2, 11)));
    // Closing again on the same day is harmless; anything else needs a reopen.
    assert_eq!(ok(&closed, Move::Close { on: d(2027, 2, 11) }), closed);
    assert!(matches!(
        err(&closed, Move::Close { on: d(2027, 2, 12) }),
        MoveError::NotOpen { .. }
    ));
    assert!(matches!(
        err(
            &closed,
            Move::Escalate {
                to: Stage::Stage2,
                on: d(2027, 3, 1)
            }
        ),
        MoveError::NotOpen {
            status: CaseStatus::Closed,
            ..
        }
    ));
    assert!(matches!(
        err(&closed, Move::Withdraw { on: d(2027, 2, 12) }),
        MoveError::NotOpen { .. }
    ));
    // The complainant may still ask for Stage 2 until the window ends.
    assert_eq!(closed.request_window(&t()).unwrap().until, d(2027, 3, 10));
    // Reopen: not before it was closed.
    assert!(matches!(
        err(&closed, Move::Reopen { on: d(2027, 2, 10) }),
        MoveError::TooEarly { .. }
    ));
    let reopened = ok(&closed, Move::Reopen { on: d(2027, 3, 1) });
    assert_eq!(reopened.status(), CaseStatus::Open);
    assert_eq!(ok(&reopened, Move::Reopen { on: d(2027, 3, 1) }), reopened);
    assert_eq!(
        err(&reopened, Move::Reopen { on: d(2027, 3, 2) }),
        MoveError::AlreadyOpen
    );
    let s2 = ok(
        &reopened,
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 3, 1),
        },
    );
    assert_eq!(s2.stage(), Some(Stage::Stage2));
    // Closing again: not before the reopening.
    assert!(matches!(
        err(&s2, Move::Close { on: d(2027, 2, 28) }),
        MoveError::TooEarly { .. }
    ));
    let closed_again = ok(&s2, Move::Close { on: d(2027, 3, 2) });
    assert_eq!(
        deadline(&closed_again, DeadlineKind::Stage2Response).status,
        DeadlineStatus::NotNeeded
    );
}

#[test]
fn reopening_brings_back_pending_deadlines() {
    let s = statutory(d(2027, 2, 1));
    let closed = ok(&s, Move::Close { on: d(2027, 2, 26) });
    assert_eq!(
        deadline(&closed, DeadlineKind::Stage1Response).status,
        DeadlineStatus::Missed
    );
    let reopened = ok(&closed, Move::Reopen { on: d(2027, 3, 1) });
    let next = reopened.next_deadline(&t()).unwrap();
    assert_eq!(next.kind, DeadlineKind::Acknowledge);
    assert_eq!(next.rag(d(2027, 3, 1), &t()), Some(Rag::Red));
}

#[test]
fn corporate_route() {
    let s = triaged(d(2027, 2, 1), TriageDecision::Corporate);
    assert_eq!(s.stage(), Some(Stage::Corporate1));
    assert_eq!(s.procedure(), Some(Procedure::Corporate));
    assert_eq!(due(&s, DeadlineKind::Acknowledge), d(2027, 2, 4));
    assert_eq!(due(&s, DeadlineKind::Corporate1Response), d(2027, 2, 22));
    // Not extendable with the default settings.
    let e = err(&s, extend(20, "complex"));
    assert_eq!(
        e,
        MoveError::CorporateExtensionOff {
            stage: Stage::Corporate1,
            days: 15
        }
    );
    assert!(e.message().contains("settings"));
    // But it is when the council allows it.
    let generous = Timescales {
        corporate1_max: 25,
        ..t()
    };
    let extended = s.apply(extend(25, "complex"), &generous).unwrap();
    assert_eq!(extended.deadlines(&generous)[1].due, d(2027, 3, 8));
    assert!(matches!(
        s.apply(extend(26, "complex"), &generous),
        Err(MoveError::ExtensionTooLong { max: 25, .. })
    ));
    // Never to statutory stages.
    let answered = ok(&s, Move::RecordResponse { on: d(2027, 2, 19) });
    for to in [Stage::Stage2, Stage::Stage3] {
        let e = err(
            &answered,
            Move::Escalate {
                to,
                on: d(2027, 3, 1),
            },
        );
        assert_eq!(
            e,
            MoveError::WrongNextStage {
                from: Stage::Corporate1,
                to
            }
        );
        assert!(e.message().contains("corporate complaint"));
    }
    // Corporate stage 2: 20 working days from Mon 1 Mar, over Easter: Wed 31 Mar.
    let s2 = ok(
        &answered,
        Move::Escalate {
            to: Stage::Corporate2,
            on: d(2027, 3, 1),
        },
    );
    assert_eq!(s2.stage(), Some(Stage::Corporate2));
    assert_eq!(due(&s2, DeadlineKind::Corporate2Response), d(2027, 3, 31));
    let done = ok(&s2, Move::RecordResponse { on: d(2027, 3, 30) });
    assert_eq!(done.request_window(&t()), None);
    assert_eq!(
        err(
            &done,
            Move::Escalate {
                to: Stage::Stage3,
                on: d(2027, 4, 1)
            }
        ),
        MoveError::WrongNextStage {
            from: Stage::Corporate2,
            to: Stage::Stage3
        }
    );
    assert_eq!(
        err(
            &done,
            Move::Escalate {
                to: Stage::Corporate2,
                on: d(2027, 4, 1)
            }
        ),
        MoveError::LastStage {
            stage: Stage::Corporate2
        }
    );
    // And statutory cases never to corporate stages.
    assert!(err(
        &statutory(d(2027, 2, 1)),
        Move::Escalate {
            to: Stage::Corporate2,
            on: d(2027, 2, 20)
        }
    )
    .message()
    .contains("statutory procedure"));
}

#[test]
fn triage_rules() {
    let new = CaseState::new(d(2027, 2, 1), false);
    assert_eq!(new.stage(), None);
    assert_eq!(new.deadlines(&t()).len(), 1, "acknowledge before triage");
    assert_eq!(
        err(&new, Move::RecordResponse { on: d(2027, 2, 2) }),
        MoveError::NotTriaged
    );
    assert_eq!(
        err(
            &new,
            Move::Triage {
                decision: TriageDecision::OutsideScope,
                signpost: None,
                on: d(2027, 2, 2)
            }
        ),
        MoveError::SignpostMissing
    );
    assert!(matches!(
        err(
            &new,
            Move::Triage {
                decision: TriageDecision::Statutory,
                signpost: Some(Signpost::Court),
                on: d(2027, 2, 2)
            }
        ),
        MoveError::SignpostNotExpected { .. }
    ));
    let out = ok(
        &new,
        Move::Triage {
            decision: TriageDecision::OutsideScope,
            signpost: Some(Signpost::ChildProtectionConference),
            on: d(2027, 2, 2),
        },
    );
    assert_eq!(
        out.triage().unwrap().signpost,
        Some(Signpost::ChildProtectionConference)
    );
    assert!(out.deadlines(&t()).is_empty());
    assert_eq!(out.stage(), None);
    // Non-complaint decisions have no stage moves.
    for decision in [
        TriageDecision::Representation,
        TriageDecision::Compliment,
        TriageDecision::Advocacy,
        TriageDecision::Safeguarding,
    ] {
        let s = triaged(d(2027, 2, 1), decision);
        assert_eq!(
            err(&s, Move::RecordResponse { on: d(2027, 2, 2) }),
            MoveError::NoProcedure { decision }
        );
        assert!(s
            .deadlines(&t())
            .iter()
            .all(|x| x.kind == DeadlineKind::Acknowledge));
    }
    assert_eq!(
        triaged(d(2027, 2, 1), TriageDecision::Representation)
            .deadlines(&t())
            .len(),
        1
    );
    assert!(triaged(d(2027, 2, 1), TriageDecision::Compliment)
        .deadlines(&t())
        .is_empty());
    // Re-triage: corporate to statutory keeps the clock from receipt...
    let corporate = triaged(d(2027, 2, 1), TriageDecision::Corporate);
    let statutory = ok(
        &corporate,
        Move::Triage {
            decision: TriageDecision::Statutory,
            signpost: None,
            on: d(2027, 2, 3),
        },
    );
    assert_eq!(statutory.stage(), Some(Stage::Stage1));
    assert_eq!(
        due(&statutory, DeadlineKind::Stage1Response),
        d(2027, 2, 15)
    );
    // ...a representation that becomes a complaint starts on the new triage date...
    let rep = triaged(d(2027, 2, 1), TriageDecision::Representation);
    let complaint = ok(
        &rep,
        Move::Triage {
            decision: TriageDecision::Statutory,
            signpost: None,
            on: d(2027, 2, 8),
        },
    );
    assert_eq!(complaint.current_record().unwrap().started, d(2027, 2, 8));
    assert_eq!(
        due(&complaint, DeadlineKind::Stage1Response),
        d(2027, 2, 22)
    );
    // ...and once answered, triage is fixed.
    let answered = ok(&statutory, Move::RecordResponse { on: d(2027, 2, 10) });
    assert_eq!(
        err(
            &answered,
            Move::Triage {
                decision: TriageDecision::Corporate,
                signpost: None,
                on: d(2027, 2, 11)
            }
        ),
        MoveError::CannotRetriage
    );
}

#[test]
fn ombudsman_enquiry_and_finding() {
    let s = ok(&at_stage3(), Move::PanelMet { on: d(2027, 5, 4) });
    let s = ok(&s, Move::PanelReport { on: d(2027, 5, 10) });
    let s = ok(&s, Move::RecordResponse { on: d(2027, 5, 28) });
    assert_eq!(
        err(
            &s,
            Move::OmbudsmanFinding {
                finding: OmbudsmanFinding::NoMaladministration,
                on: d(2027, 9, 1)
            }
        ),
        MoveError::NoOmbudsmanEnquiry
    );
    let closed = ok(&s, Move::Close { on: d(2027, 5, 28) });
    // The case is reopened for the Ombudsman.
    assert!(matches!(
        err(&closed, Move::OmbudsmanEnquiry { on: d(2027, 7, 1) }),
        MoveError::NotOpen { .. }
    ));
    let s = ok(&closed, Move::Reopen { on: d(2027, 7, 1) });
    let s = ok(&s, Move::OmbudsmanEnquiry { on: d(2027, 7, 1) });
    assert_eq!(s.stage(), Some(Stage::Ombudsman));
    assert_eq!(ok(&s, Move::OmbudsmanEnquiry { on: d(2027, 7, 1) }), s);
    assert_eq!(err(&s, extend(20, "x")), MoveError::AtOmbudsman);
    let s = ok(
        &s,
        Move::OmbudsmanFinding {
            finding: OmbudsmanFinding::MaladministrationInjustice,
            on: d(2027, 10, 4),
        },
    );
    let record = s.ombudsman()[0];
    assert_eq!(
        record.finding,
        Some(OmbudsmanFinding::MaladministrationInjustice)
    );
    assert_eq!(record.finding_on, Some(d(2027, 10, 4)));
    assert_eq!(s.stage(), Some(Stage::Ombudsman));
    assert!(matches!(
        err(
            &s,
            Move::OmbudsmanFinding {
                finding: OmbudsmanFinding::Premature,
                on: d(2027, 6, 30)
            }
        ),
        MoveError::TooEarly { .. }
    ));
    let closed = ok(&s, Move::Close { on: d(2027, 10, 5) });
    assert_eq!(closed.status(), CaseStatus::Closed);
}

#[test]
fn premature_ombudsman_finding_hands_the_case_back() {
    let s = ok(
        &statutory(d(2027, 2, 1)),
        Move::RecordResponse { on: d(2027, 2, 10) },
    );
    let s = ok(&s, Move::OmbudsmanEnquiry { on: d(2027, 2, 12) });
    assert_eq!(s.stage(), Some(Stage::Ombudsman));
    assert_eq!(s.request_window(&t()), None);
    assert_eq!(
        err(
            &s,
            Move::Escalate {
                to: Stage::Stage2,
                on: d(2027, 2, 15)
            }
        ),
        MoveError::AtOmbudsman
    );
    let s = ok(
        &s,
        Move::OmbudsmanFinding {
            finding: OmbudsmanFinding::Premature,
            on: d(2027, 2, 15),
        },
    );
    assert_eq!(s.stage(), Some(Stage::Stage1));
    let s = ok(
        &s,
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 2, 16),
        },
    );
    assert_eq!(s.stage(), Some(Stage::Stage2));
    // A second enquiry later.
    let s = ok(&s, Move::OmbudsmanEnquiry { on: d(2027, 4, 1) });
    assert_eq!(s.ombudsman().len(), 2);
    assert_eq!(s.stage(), Some(Stage::Ombudsman));
}

#[test]
fn rag_thresholds() {
    let t = t();
    // Due Wed 10 Feb 2027.
    let due = d(2027, 2, 10);
    assert_eq!(rag(due, d(2027, 2, 11), &t), Rag::Red);
    assert_eq!(rag(due, d(2027, 3, 11), &t), Rag::Red);
    assert_eq!(rag(due, due, &t), Rag::Amber);
    assert_eq!(rag(due, d(2027, 2, 9), &t), Rag::Amber);
    assert_eq!(rag(due, d(2027, 2, 8), &t), Rag::Amber);
    assert_eq!(rag(due, d(2027, 2, 5), &t), Rag::Green);
    // Saturday: Monday, Tuesday and Wednesday are 3 working days away.
    assert_eq!(rag(due, d(2027, 2, 6), &t), Rag::Green);
    // Bank holidays are not working days: due Wed 6 Jan 2027, and from Thu 31 Dec or
    // Fri 1 Jan (a holiday) it is 3 working days away (4, 5, 6 Jan); from Mon 4 Jan, 2.
    let due = d(2027, 1, 6);
    assert_eq!(rag(due, d(2026, 12, 31), &t), Rag::Green);
    assert_eq!(rag(due, d(2027, 1, 1), &t), Rag::Green);
    assert_eq!(rag(due, d(2027, 1, 4), &t), Rag::Amber);
    // amber_within is configurable.
    let none = Timescales {
        amber_within: 0,
        ..t
    };
    assert_eq!(rag(d(2027, 2, 10), d(2027, 2, 10), &none), Rag::Amber);
    assert_eq!(rag(d(2027, 2, 10), d(2027, 2, 9), &none), Rag::Green);
    let five = Timescales {
        amber_within: 5,
        ..t
    };
    assert_eq!(rag(d(2027, 2, 10), d(2027, 2, 3), &five), Rag::Amber);
    assert_eq!(rag(d(2027, 2, 10), d(2027, 2, 2), &five), Rag::Green);
    // Agrees with counting working days, whatever the day.
    for k in [0, 1, 2, 3, 7] {
        let tk = Timescales {
            amber_within: k,
            ..t
        };
        for today in d(2026, 12, 1).iter_days().take(60) {
            for due in today.iter_days().take(30) {
                let expected = if working_days_between(today, due) <= i64::from(k) {
                    Rag::Amber
                } else {
                    Rag::Green
                };
                assert_eq!(rag(due, today, &tk), expected, "{today} {due} {k}");
            }
        }
    }
    // A deadline only has a RAG while pending.
    let s = statutory(d(2027, 2, 1));
    let dl = deadline(&s, DeadlineKind::Stage1Response);
    assert_eq!(dl.rag(d(2027, 2, 16), &t), Some(Rag::Red));
    let s = ok(&s, Move::RecordResponse { on: d(2027, 2, 10) });
    assert_eq!(
        deadline(&s, DeadlineKind::Stage1Response).rag(d(2027, 2, 16), &t),
        None
    );
}

#[test]
fn over_a_year_is_flagged_never_refused() {
    assert!(!is_over_a_year(d(2026, 3, 1), d(2027, 3, 1)));
    assert!(is_over_a_year(d(2026, 2, 28), d(2027, 3, 1)));
    // 29 Feb 2028 counts from 28 Feb 2027.
    assert!(!is_over_a_year(d(2027, 2, 28), d(2028, 2, 29)));
    assert!(is_over_a_year(d(2027, 2, 27), d(2028, 2, 29)));
    let s = CaseState::new(d(2027, 3, 1), true);
    assert!(s.over_a_year());
    assert_eq!(s.flags(), vec![Flag::OverAYear]);
    // It is still triaged and handled as normal.
    let s = ok(
        &s,
        Move::Triage {
            decision: TriageDecision::Statutory,
            signpost: None,
            on: d(2027, 3, 1),
        },
    );
    assert_eq!(s.stage(), Some(Stage::Stage1));
    // The officer's date decides.
    let recent = ok(&s, Move::RecordMatterDate { on: d(2026, 12, 1) });
    assert!(!recent.over_a_year());
    assert!(recent.flags().is_empty());
    let old = ok(&recent, Move::RecordMatterDate { on: d(2020, 6, 1) });
    assert!(old.over_a_year());
    assert_eq!(old.matter_date(), Some(d(2020, 6, 1)));
    assert!(matches!(
        err(&s, Move::RecordMatterDate { on: d(2027, 3, 2) }),
        MoveError::MatterAfterReceived { .. }
    ));
}

#[test]
fn implausible_dates_are_refused() {
    let s = statutory(d(2027, 2, 1));
    for on in [NaiveDate::MAX, d(3000, 1, 1), NaiveDate::MIN] {
        assert!(matches!(
            err(&s, Move::RecordResponse { on }),
            MoveError::DateOutOfRange { .. } | MoveError::TooEarly { .. }
        ));
    }
    // A case received on an odd date has no deadlines rather than a panic.
    let odd = CaseState::new(NaiveDate::MAX, false);
    assert!(odd.deadlines(&t()).is_empty());
    assert_eq!(rag(NaiveDate::MAX, NaiveDate::MAX, &t()), Rag::Amber);
    let huge = Timescales {
        stage1: u32::MAX,
        ..t()
    };
    assert_eq!(statutory(d(2027, 2, 1)).deadlines(&huge).len(), 1);
}

#[test]
fn repeating_a_move_changes_nothing() {
    let s = statutory(d(2027, 2, 1));
    let moves = [
        Move::Triage {
            decision: TriageDecision::Statutory,
            signpost: None,
            on: d(2027, 2, 1),
        },
        Move::Acknowledge { on: d(2027, 2, 2) },
        extend(15, "complex"),
        Move::AddConcern {
            category: "contact".to_string(),
        },
        Move::RecordOutcome {
            concern: 0,
            outcome: Outcome::Upheld,
        },
        Move::RecordResponse { on: d(2027, 2, 10) },
        Move::Escalate {
            to: Stage::Stage2,
            on: d(2027, 2, 15),
        },
        Move::Withdraw { on: d(2027, 2, 16) },
        Move::Reopen { on: d(2027, 2, 17) },
        Move::Close { on: d(2027, 2, 18) },
    ];
    let mut state = s;
    for mv in moves {
        let once = ok(&state, mv.clone());
        if !matches!(mv, Move::AddConcern { .. }) {
            assert_eq!(ok(&once, mv.clone()), once, "{mv:?}");
        }
        state = once;
    }
    assert_eq!(state.status(), CaseStatus::Closed);
}

#[test]
fn messages_are_plain_words() {
    let samples = [
        MoveError::NotTriaged,
        MoveError::NotOpen {
            status: CaseStatus::Closed,
            since: None,
        },
        MoveError::AlreadyOpen,
        MoveError::DateOutOfRange { on: d(3000, 1, 1) },
        MoveError::SignpostMissing,
        MoveError::CannotRetriage,
        MoveError::EscalateToOmbudsman,
        MoveError::AtOmbudsman,
        MoveError::ExtensionReasonMissing,
        MoveError::ExtensionNotAllowed {
            stage: Stage::Stage3,
        },
        MoveError::CorporateExtensionOff {
            stage: Stage::Corporate2,
            days: 20,
        },
        MoveError::CategoryMissing,
        MoveError::TooLong {
            what: "The category",
            max: CATEGORY_MAX,
        },
        MoveError::NotAtStage3,
        MoveError::NotAtStage2,
        MoveError::PanelNotMet,
        MoveError::PanelReportMissing,
        MoveError::NoOmbudsmanEnquiry,
    ];
    for e in samples {
        let m = e.message();
        assert!(m.ends_with('.') || m.ends_with(')'), "{m}");
        assert_eq!(e.to_string(), m);
    }
}

/// A small deterministic generator, so the test needs no extra crates.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn random_moves_never_panic_and_keep_invariants() {
    let dates = [
        d(2027, 1, 29),
        d(2027, 2, 1),
        d(2027, 2, 10),
        d(2027, 2, 15),
        d(2027, 3, 11),
        d(2027, 5, 4),
        d(2027, 5, 10),
        d(2027, 6, 1),
        d(2028, 2, 29),
        d(1899, 12, 31),
        d(3000, 1, 1),
        NaiveDate::MIN,
        NaiveDate::MAX,
    ];
    let days = [0, 5, 10, 15, 20, 21, 25, 65, 66, u32::MAX];
    let reasons = ["", "  ", "complex", "advocate requested"];
    let settings = [
        t(),
        Timescales {
            corporate1_max: 30,
            corporate2_max: 40,
            ..t()
        },
        Timescales {
            acknowledge: 0,
            stage1: 0,
            stage1_max: 0,
            stage2: 0,
            stage2_max: 0,
            stage3_panel: 0,
            amber_within: 0,
            ..t()
        },
        Timescales {
            acknowledge: u32::MAX,
            stage1: u32::MAX,
            stage1_max: u32::MAX,
            stage2: 2000,
            stage2_max: u32::MAX,
            stage3_panel: u32::MAX,
            stage3_report: u32::MAX,
            stage3_response: u32::MAX,
            corporate1: u32::MAX,
            corporate1_max: u32::MAX,
            amber_within: u32::MAX,
            ..t()
        },
    ];
    let mut rng = Lcg(42);
    for round in 0..1500 {
        let t = settings[round % settings.len()];
        let received = dates[rng.next(9)];
        let mut state = CaseState::new(received, rng.next(2) == 0);
        for _ in 0..25 {
            let on = dates[rng.next(dates.len())];
            let mv = match rng.next(18) {
                0 => Move::Triage {
                    decision: TriageDecision::ALL[rng.next(TriageDecision::ALL.len())],
                    signpost: [None, Some(Signpost::Court)][rng.next(2)],
                    on,
                },
                1 => Move::Acknowledge { on },
                2 => Move::Extend {
                    days: days[rng.next(days.len())],
                    reason: reasons[rng.next(reasons.len())].to_string(),
                },
                3 => Move::RecordResponse { on },
                4 => Move::PanelMet { on },
                5 => Move::PanelReport { on },
                6 => Move::Escalate {
                    to: Stage::ALL[rng.next(Stage::ALL.len())],
                    on,
                },
                7 => Move::AddConcern {
                    category: reasons[rng.next(reasons.len())].to_string(),
                },
                8 => Move::RecordOutcome {
                    concern: rng.next(4),
                    outcome: Outcome::ALL[rng.next(Outcome::ALL.len())],
                },
                9 => Move::RecordMatterDate { on },
                10 => Move::Withdraw { on },
                11 => Move::Close { on },
                12 => Move::Reopen { on },
                13 => Move::OmbudsmanEnquiry { on },
                14 => Move::Stage2Agreed { on },
                15 => Move::RequestStage2 {
                    on,
                    by: crate::domain::submission::Who::InCare,
                    unhappy_with: reasons[rng.next(reasons.len())].to_string(),
                },
                16 => Move::EndStage2Request {
                    ending: match rng.next(3) {
                        0 => Stage2Ending::Declined {
                            reason: Stage2DeclineReason::ALL
                                [rng.next(Stage2DeclineReason::ALL.len())],
                            detail: reasons[rng.next(reasons.len())].to_string(),
                            letter_on: on,
                        },
                        1 => Stage2Ending::ResolvedOtherwise {
                            how: Stage2Resolution::Meeting,
                            on,
                        },
                        _ => Stage2Ending::Withdrawn { on },
                    },
                },
                _ => Move::OmbudsmanFinding {
                    finding: OmbudsmanFinding::ALL[rng.next(OmbudsmanFinding::ALL.len())],
                    on,
                },
            };
            match state.apply(mv.clone(), &t) {
                Ok(next) => {
                    if !matches!(mv, Move::AddConcern { .. }) {
                        assert_eq!(next.apply(mv.clone(), &t).as_ref(), Ok(&next), "{mv:?}");
                    }
                    state = next;
                }
                Err(e) => assert!(!e.message().is_empty()),
            }
            let deadlines = state.deadlines(&t);
            if state.status() != CaseStatus::Open {
                assert!(deadlines
                    .iter()
                    .all(|x| x.status != DeadlineStatus::Pending));
                assert_eq!(state.next_deadline(&t), None);
            }
            for x in &deadlines {
                let _ = x.rag(dates[rng.next(dates.len())], &t);
            }
            let _ = (state.flags(), state.request_window(&t), state.stage());
            for s in state.stages() {
                assert!(s.started >= state.received());
                if let Some(r) = s.response_sent {
                    assert!(r >= s.started);
                }
                if s.ending.is_some() {
                    // Exactly one answer to a Stage 2 request; none needs an investigation.
                    assert_eq!(s.stage, Stage::Stage2);
                    assert!(s.agreed.is_none() && s.response_sent.is_none(), "{s:?}");
                }
            }
        }
    }
}

#[test]
fn a_complaints_outcome_comes_from_its_concerns() {
    use Outcome::*;
    let o = |c: &[Option<Outcome>], w: bool| complaint_outcome(c.iter().copied(), w);
    assert_eq!(o(&[Some(Upheld), Some(Upheld)], false), Some(Upheld));
    // Upheld and partly upheld are reported apart: one of each is "partly upheld".
    assert_eq!(
        o(&[Some(Upheld), Some(NotUpheld)], false),
        Some(PartlyUpheld)
    );
    assert_eq!(o(&[Some(PartlyUpheld)], false), Some(PartlyUpheld));
    assert_eq!(
        o(&[Some(NotUpheld), Some(NotApplicable)], false),
        Some(NotUpheld)
    );
    assert_eq!(o(&[Some(NotApplicable)], false), Some(NotApplicable));
    assert_eq!(
        o(&[Some(Withdrawn), Some(Withdrawn)], false),
        Some(Withdrawn)
    );
    // Still open: a concern undecided, or no concern yet.
    assert_eq!(o(&[Some(Upheld), None], false), None);
    assert_eq!(o(&[], false), None);
    // A withdrawn complaint is withdrawn, whatever was decided before.
    assert_eq!(o(&[Some(Upheld), None], true), Some(Withdrawn));
}

#[test]
fn stage_2_runs_from_the_day_the_complaint_was_agreed() {
    let t = Timescales::default();
    let s = at_stage2();
    let requested = s.current_record().unwrap().started;
    let agreed = add_working_days(requested, 7);
    let before = s
        .deadlines(&t)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Stage2Response)
        .unwrap();
    assert_eq!(before.due, add_working_days(requested, t.stage2));
    let s = ok(&s, Move::Stage2Agreed { on: agreed });
    assert_eq!(s.current_record().unwrap().clock_start(), agreed);
    let after = s
        .deadlines(&t)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::Stage2Response)
        .unwrap();
    assert_eq!(after.due, add_working_days(agreed, t.stage2));
    // Only at Stage 2, and not before it was asked for.
    assert_eq!(
        err(&at_stage3(), Move::Stage2Agreed { on: agreed }),
        MoveError::NotAtStage2
    );
    assert!(matches!(
        err(
            &at_stage2(),
            Move::Stage2Agreed {
                on: requested - chrono::Days::new(1)
            }
        ),
        MoveError::TooEarly { .. }
    ));
}
