//! How a message's progress is put into plain words for the young person who sent it.
//! Only the kind, the stage and dates are used: never their words and never staff names.

use super::case_file::CaseFile;
use super::procedure::{self, CaseStatus, Stage, Stage2Ending, Stage2Resolution, TriageDecision};
use super::submission::Kind;
use super::timescales::{long_date, promise, Timescales};
use chrono::NaiveDate;

/// The sentences the "check progress" page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    pub what: String,
    pub received: String,
    pub now: String,
    pub next: Option<String>,
}

/// Explains a message's progress before a rights officer has looked at it (after that,
/// [`explain_case`] says where the case is).
pub fn explain(kind: Kind, received: NaiveDate, t: &Timescales) -> Explained {
    let p = promise(kind, received, t);
    let what = match kind {
        Kind::Complaint => "You told us something is wrong.",
        Kind::Advocate => "You asked for someone to help you speak up.",
        Kind::Compliment => "You said thank you.",
        Kind::Representation => "You told us something.",
        Kind::Unsafe => "You told us you don't feel safe.",
    }
    .to_string();
    let (now, next) = match kind {
        Kind::Unsafe => (
            "This was sent to our team as urgent.".to_string(),
            Some("If you are in danger now, call 999.".to_string()),
        ),
        Kind::Compliment => (
            "We got your thank you.".to_string(),
            Some("We will pass it on if you said we could.".to_string()),
        ),
        Kind::Complaint | Kind::Advocate | Kind::Representation => (
            "We got your message. The Children's Rights team will read it.".to_string(),
            p.reply_by
                .map(|d| format!("We will reply by {}.", long_date(d))),
        ),
    };
    Explained {
        what,
        received: format!("We got it on {}.", long_date(received)),
        now,
        next,
    }
}

/// Explains a message's progress from the case officers keep, in plain words. Before anyone
/// has looked at it, the same words as [`explain`].
pub fn explain_case(
    kind: Kind,
    received: NaiveDate,
    case: Option<&CaseFile>,
    t: &Timescales,
    pt: &procedure::Timescales,
) -> Explained {
    let base = explain(kind, received, t);
    let Some(case) = case.filter(|c| c.state.decision().is_some()) else {
        return base;
    };
    let s = &case.state;
    // The date that matters to them is when they get an answer, not our internal steps.
    let next_date = s
        .deadlines(pt)
        .into_iter()
        .find(|d| {
            d.status == procedure::DeadlineStatus::Pending
                && d.kind != procedure::DeadlineKind::Acknowledge
        })
        .map(|d| format!("We will reply by {}.", long_date(d.due)));
    let (now, next) = match (s.status(), s.decision()) {
        (CaseStatus::Withdrawn, _) => ("This has been stopped (withdrawn).".to_string(), None),
        (CaseStatus::Closed, Some(TriageDecision::Statutory | TriageDecision::Corporate)) => (
            "We have finished looking at your complaint and sent our answer.".to_string(),
            Some("If you are not happy with the answer, you can ask us to look again. Someone to help you speak up can help you do this.".to_string()),
        ),
        (CaseStatus::Closed, _) => ("We have finished looking at this.".to_string(), None),
        (_, Some(TriageDecision::Statutory | TriageDecision::Corporate))
            if s.stage() == Some(Stage::Stage2)
                && s.current_record().is_some_and(|r| r.agreed.is_none()) =>
        {
            match s.current_record().and_then(|r| r.ending.as_ref()) {
                Some(ending) => stage2_ended(ending),
                None => (
                    "You asked us to look at your complaint again (step 2). We are deciding how to do this."
                        .to_string(),
                    next_date,
                ),
            }
        }
        (_, Some(TriageDecision::Statutory | TriageDecision::Corporate)) => {
            let now = match s.stage() {
                Some(Stage::Stage1 | Stage::Corporate1) => "We are looking into your complaint (step 1).",
                Some(Stage::Stage2) => "An independent person is looking into your complaint (step 2).",
                Some(Stage::Corporate2) => "A senior manager is looking at your complaint again (step 2).",
                Some(Stage::Stage3) => "A panel of three people will look at your complaint again (step 3).",
                Some(Stage::Ombudsman) => "The Ombudsman is looking at your complaint. The Ombudsman does not work for the council.",
                None => "We are looking into your complaint.",
            };
            (now.to_string(), next_date)
        }
        (_, Some(TriageDecision::Advocacy)) => ("We are finding someone to help you speak up.".to_string(), None),
        (_, Some(TriageDecision::Representation)) => ("We have passed on what you told us.".to_string(), None),
        (_, Some(TriageDecision::Compliment)) => ("We got your thank you and passed it on.".to_string(), None),
        (_, Some(TriageDecision::OutsideScope)) => (
            "This is not something our complaints team can decide. We will tell you who can help.".to_string(),
            None,
        ),
        (_, Some(TriageDecision::Safeguarding)) => (
            "We have asked the right people to help keep you safe.".to_string(),
            Some("If you are in danger now, call 999.".to_string()),
        ),
        (_, None) => return base,
    };
    Explained {
        what: base.what,
        received: base.received,
        now,
        next,
    }
}

/// What happened to a Stage 2 request that was not investigated, in plain words.
fn stage2_ended(ending: &Stage2Ending) -> (String, Option<String>) {
    let not_needed = "so step 2 is not needed.";
    match ending {
        Stage2Ending::Declined { letter_on, .. } => (
            format!(
                "We have decided not to look at your complaint again (step 2). We sent you a letter on {} that says why.",
                long_date(*letter_on)
            ),
            Some("If you are not happy with this, you can ask the Ombudsman to look at it. The Ombudsman does not work for the council. Someone to help you speak up can help you do this.".to_string()),
        ),
        Stage2Ending::ResolvedOtherwise { how, .. } => (
            match how {
                Stage2Resolution::Meeting => {
                    format!("We met with you to sort out your complaint, {not_needed}")
                }
                Stage2Resolution::Mediation => format!(
                    "Someone helped us and you talk it through together, {not_needed}"
                ),
                Stage2Resolution::FurtherStage1Response => {
                    format!("We wrote to you again to answer your complaint, {not_needed}")
                }
            },
            Some("If you are still not happy, tell us.".to_string()),
        ),
        Stage2Ending::Withdrawn { .. } => (
            "You told us you do not want step 2 any more, so we have stopped it.".to_string(),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::procedure::Move;

    #[test]
    fn the_progress_page_follows_the_case() {
        let received = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (t, pt) = (Timescales::default(), procedure::Timescales::default());
        let file = CaseFile::new(received, false);
        let e = explain_case(Kind::Complaint, received, Some(&file), &t, &pt);
        assert_eq!(
            e.now,
            "We got your message. The Children's Rights team will read it."
        );
        let mut file = file.clone();
        file.state = file
            .state
            .apply(
                Move::Triage {
                    decision: TriageDecision::Statutory,
                    signpost: None,
                    on: received,
                },
                &pt,
            )
            .unwrap();
        let e = explain_case(Kind::Complaint, received, Some(&file), &t, &pt);
        assert!(e.now.contains("step 1"), "{}", e.now);
        assert!(e.next.unwrap().contains("2026"));
        file.state = file.state.apply(Move::Close { on: received }, &pt).unwrap();
        let e = explain_case(Kind::Complaint, received, Some(&file), &t, &pt);
        assert!(e.now.contains("finished"));
    }

    #[test]
    fn a_new_complaint_says_when_we_will_reply() {
        let e = explain(
            Kind::Complaint,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            &Timescales::default(),
        );
        assert_eq!(e.received, "We got it on Monday 23 November 2026.");
        assert_eq!(
            e.next.as_deref(),
            Some("We will reply by Monday 7 December 2026.")
        );
    }

    #[test]
    fn unsafe_messages_repeat_the_emergency_number() {
        let e = explain(
            Kind::Unsafe,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            &Timescales::default(),
        );
        assert!(e.next.unwrap().contains("999"));
    }

    #[test]
    fn the_progress_page_says_what_became_of_a_stage_2_request() {
        use crate::domain::procedure::{Stage2DeclineReason, Stage2Ending};
        use crate::domain::submission::Who;
        let received = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let on = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        let (t, pt) = (Timescales::default(), procedure::Timescales::default());
        let mut file = CaseFile::new(received, false);
        for mv in [
            Move::Triage {
                decision: TriageDecision::Statutory,
                signpost: None,
                on: received,
            },
            Move::RecordResponse { on: on(16) },
            Move::RequestStage2 {
                on: on(23),
                by: Who::InCare,
                unhappy_with: "Nothing changed".to_string(),
            },
        ] {
            file.state = file.state.apply(mv, &pt).unwrap();
        }
        let e = explain_case(Kind::Complaint, received, Some(&file), &t, &pt);
        assert!(e.now.contains("look at your complaint again"), "{}", e.now);
        let mut declined = file.clone();
        declined.state = declined
            .state
            .apply(
                Move::EndStage2Request {
                    ending: Stage2Ending::Declined {
                        reason: Stage2DeclineReason::CourtProceedings,
                        detail: "The court is deciding contact.".to_string(),
                        letter_on: on(26),
                    },
                },
                &pt,
            )
            .unwrap();
        let e = explain_case(Kind::Complaint, received, Some(&declined), &t, &pt);
        assert_eq!(
            e.now,
            "We have decided not to look at your complaint again (step 2). \
             We sent you a letter on Thursday 26 November 2026 that says why."
        );
        assert!(e.next.unwrap().contains("Ombudsman"));
        // The officer's detail (the child's situation) is never shown back.
        assert!(!e.now.contains("court"));
        let mut accepted = file.clone();
        accepted.state = accepted
            .state
            .apply(Move::Stage2Agreed { on: on(30) }, &pt)
            .unwrap();
        let e = explain_case(Kind::Complaint, received, Some(&accepted), &t, &pt);
        assert!(e.now.contains("independent person"), "{}", e.now);
    }
}
