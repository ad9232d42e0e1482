//! Turns what is stored (the submission and the case officers keep) into the plain records the
//! yearly report counts ([`super::report::ReportRecord`]). Both speak the same vocabulary
//! (channels, who, outcomes, findings, remedies, equality answers are the same types), so this
//! only decides what the report needs from a case:
//! - The officer's triage decides the kind and the handling; before triage, the kind the
//!   person chose counts and the handling is "not triaged yet" (so it is carried forward).
//! - A withdrawn complaint keeps its procedure (statutory or corporate) and is marked withdrawn.
//! - A stage's outcome (for stage 2 and 3 tables) is the outcome of the complaint at that
//!   stage ([`super::procedure::complaint_outcome`] over its concerns' outcomes there).
//! - A compliment's theme is the category of its first concern, if an officer gave one.
//! - "Had an advocate" means an advocate was allocated (not only asked for).
//! - "I don't feel safe" is always a safety alert ([`ContactKind::Safeguarding`], not handled
//!   as a complaint), whatever was recorded on it: it is never counted as a complaint.

use super::case_file::{AdvocateStep, CaseFile};
use super::procedure::{complaint_outcome, CaseStatus, Outcome, Stage, TriageDecision};
use super::report::{
    Concern, ContactKind, Equality, Escalation, Handling, LearningAction, OmbudsmanEnquiry, Remedy,
    ReportRecord, SafetyAlert,
};
use super::safeguarding::Alert;
use super::submission::{Channel, Kind, Who};
use chrono::{DateTime, NaiveDate, Utc};

/// One stored submission, as much of it as the report needs (no words).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredContact {
    pub received: NaiveDate,
    pub kind: Kind,
    pub channel: Channel,
    pub who: Option<Who>,
    pub service: Option<String>,
    pub equality: Equality,
    pub case: Option<CaseFile>,
    /// The moment it arrived (safety alerts are timed in hours).
    pub received_at: DateTime<Utc>,
    /// What officers recorded on a safety alert, if anything.
    pub alert: Option<Alert>,
}

/// The outcome of the complaint at `stage`, from its concerns' outcomes there.
fn stage_outcome(case: &CaseFile, stage: Stage) -> Option<Outcome> {
    let concerns = case.state.concerns();
    if concerns.iter().all(|c| c.outcome_at(stage).is_none()) {
        return None;
    }
    complaint_outcome(concerns.iter().map(|c| c.outcome_at(stage)), false)
}

pub fn report_record(c: &StoredContact) -> ReportRecord {
    if c.kind == Kind::Unsafe {
        let mut r = ReportRecord::new(
            c.received,
            ContactKind::Safeguarding,
            c.channel,
            c.who,
            Handling::NotApplicable,
        );
        r.safety = Some(SafetyAlert {
            tenths_of_hours_to_pass_on: c
                .alert
                .as_ref()
                .and_then(|a| a.tenths_of_hours_to_pass_on(c.received_at)),
            in_time: c.alert.as_ref().is_some_and(Alert::passed_on_in_time),
        });
        return r;
    }
    let decision = c.case.as_ref().and_then(|f| f.state.decision());
    let kind = match (decision, c.kind) {
        (Some(TriageDecision::Statutory | TriageDecision::Corporate), _) => ContactKind::Complaint,
        (Some(TriageDecision::Representation), _) => ContactKind::Representation,
        (Some(TriageDecision::Compliment), _) => ContactKind::Compliment,
        (Some(TriageDecision::Advocacy), _) => ContactKind::AdvocacyRequest,
        (Some(TriageDecision::Safeguarding), _) => ContactKind::Safeguarding,
        (Some(TriageDecision::OutsideScope), _) | (None, Kind::Complaint) => ContactKind::Complaint,
        (None, Kind::Representation) => ContactKind::Representation,
        (None, Kind::Compliment) => ContactKind::Compliment,
        (None, Kind::Advocate) => ContactKind::AdvocacyRequest,
        (None, Kind::Unsafe) => ContactKind::Safeguarding,
    };
    let handling = match decision {
        Some(TriageDecision::Statutory) => Handling::Stage1Statutory,
        Some(TriageDecision::Corporate) => Handling::Stage1Corporate,
        Some(TriageDecision::Representation) => Handling::Representation,
        Some(TriageDecision::OutsideScope) => Handling::OutsideScope,
        Some(
            TriageDecision::Compliment | TriageDecision::Advocacy | TriageDecision::Safeguarding,
        ) => Handling::NotApplicable,
        None => match c.kind {
            Kind::Complaint | Kind::Representation | Kind::Advocate => Handling::NotTriaged,
            Kind::Compliment | Kind::Unsafe => Handling::NotApplicable,
        },
    };
    let mut r = ReportRecord::new(c.received, kind, c.channel, c.who, handling);
    r.team = c.service.clone().unwrap_or_default();
    r.equality = c.equality.clone();
    let Some(case) = &c.case else {
        return r;
    };
    let s = &case.state;
    r.withdrawn = s.status() == CaseStatus::Withdrawn;
    r.advocate_allocated = case
        .advocate
        .iter()
        .any(|a| a.step == AdvocateStep::Allocated);
    r.advocacy = case.advocate.clone();
    let record = |stage: Stage| s.stages().iter().find(|x| x.stage == stage);
    let first = record(Stage::Stage1).or_else(|| record(Stage::Corporate1));
    r.stage1_response = first.and_then(|x| x.response_sent);
    r.stage1_extension = first.and_then(|x| x.extensions.last().cloned());
    let escalation = |stage: Stage| {
        record(stage).map(|x| Escalation {
            requested: x.started,
            agreed: x.agreed,
            panel_met: x.panel_met,
            response: x.response_sent,
            outcome: stage_outcome(case, stage),
            declined: x.ending.is_some(),
            stage2_answer: (stage == Stage::Stage2).then(|| x.stage2_answer()),
        })
    };
    r.stage2 = escalation(Stage::Stage2);
    r.stage3 = escalation(Stage::Stage3);
    r.ombudsman = s.ombudsman().last().map(|o| OmbudsmanEnquiry {
        date: o.enquiry_on,
        finding: o.finding,
        decided: o.finding_on,
    });
    r.closed = match s.status() {
        CaseStatus::Open => None,
        CaseStatus::Withdrawn | CaseStatus::Closed => s.status_on(),
    };
    r.concerns = s
        .concerns()
        .iter()
        .map(|x| Concern {
            category: x.category.clone(),
            outcome: x
                .outcome_at(Stage::Stage1)
                .or_else(|| x.outcome_at(Stage::Corporate1))
                .or_else(|| x.outcome()),
        })
        .collect();
    r.remedies = case
        .remedies
        .iter()
        .map(|m| Remedy {
            kind: m.kind,
            amount_pence: m.amount_pence,
            agreed: m.on,
        })
        .collect();
    r.learning = case
        .learning
        .iter()
        .map(|l| LearningAction {
            agreed: l.agreed,
            owner: l.owner.clone(),
            done: l.done,
        })
        .collect();
    if kind == ContactKind::Compliment {
        r.compliment_theme = s.concerns().first().map(|x| x.category.clone());
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case_file::{action_from_form, CaseFile, RemedyKind};
    use crate::domain::procedure;
    use crate::domain::submission::{AgeBand, Ethnicity, Fields, Gender};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn act(f: CaseFile, action: &str, pairs: &[(&str, &str)]) -> CaseFile {
        let fields: Fields = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let a = action_from_form(action, &fields, d(2026, 5, 1)).unwrap();
        f.apply(a, &procedure::Timescales::default()).unwrap()
    }

    fn contact(kind: Kind, case: Option<CaseFile>) -> StoredContact {
        StoredContact {
            received: d(2026, 4, 20),
            kind,
            channel: Channel::Phone,
            who: Some(Who::CareLeaver),
            service: Some("Leaving care".into()),
            equality: Equality {
                age_band: Some(AgeBand::From18To20),
                gender: Some(Gender::Girl),
                ethnicity: Some(Ethnicity::PreferNot),
                disability: None,
            },
            case,
            received_at: d(2026, 4, 20).and_hms_opt(10, 0, 0).unwrap().and_utc(),
            alert: None,
        }
    }

    #[test]
    fn safety_alerts_have_their_own_table_and_are_never_complaints() {
        use crate::domain::report::build_report;
        use crate::domain::safeguarding::{Alert, SafeguardingRules};
        let rules = SafeguardingRules::default();
        let at = |h: u32, m: u32| d(2026, 4, 20).and_hms_opt(h, m, 0).unwrap().and_utc();
        let alert = |passed: Option<(u32, u32)>| {
            let mut a = Alert::new(at(10, 0), &rules);
            if let Some((h, m)) = passed {
                a.pass_on(at(10, 0), at(23, 0), at(h, m), "MASH", (1, "Pat"))
                    .unwrap();
            }
            a
        };
        let mut contacts = Vec::new();
        for passed in [Some((10, 30)), Some((11, 30)), Some((13, 0)), None] {
            let mut c = contact(Kind::Unsafe, None);
            c.alert = Some(alert(passed));
            contacts.push(c);
        }
        contacts.push(contact(Kind::Unsafe, None)); // nothing recorded at all
                                                    // Even an alert someone triaged as a complaint before this rule stays an alert.
        let mut triaged = contact(
            Kind::Unsafe,
            Some(act(
                CaseFile::new(d(2026, 4, 20), false),
                "triage",
                &[("decision", "statutory")],
            )),
        );
        triaged.alert = Some(alert(Some((10, 45))));
        contacts.push(triaged);
        contacts.push(contact(Kind::Complaint, None));
        let records: Vec<_> = contacts.iter().map(report_record).collect();
        let report = build_report(&records, 2026);
        let t = report.table("safety_alerts").unwrap();
        let count = |k: &str| t.row(k).unwrap().this_year;
        assert_eq!(t.total.as_ref().unwrap().this_year, 6);
        assert_eq!(count("in_time"), 3, "30, 90 and 45 minutes");
        assert_eq!(count("late"), 1, "3 hours");
        assert_eq!(count("not_recorded"), 2);
        // Median of 0.5, 0.75, 1.5, 3 hours = 1.125 -> tenths (5, 8, 15, 30) -> (8+15)/2 = 11.5 -> 12.
        assert_eq!(t.measures[0].this_year, Some(12));
        // Average of (5 + 8 + 15 + 30) / 4 = 14.5 -> 15 tenths.
        assert_eq!(t.measures[1].this_year, Some(15));
        assert_eq!(t.measures[0].this_year_cases, 4);
        // Not complaints anywhere: only the complaint is in the handling table.
        let handling = report.table("handling").unwrap();
        assert_eq!(handling.total.as_ref().unwrap().this_year, 1);
        let kinds = report.table("contacts_by_kind").unwrap();
        assert_eq!(kinds.row("safeguarding").unwrap().this_year, 6);
        assert_eq!(kinds.row("complaint").unwrap().this_year, 1);
    }

    #[test]
    fn an_untriaged_complaint_counts_as_received_only() {
        let r = report_record(&contact(Kind::Complaint, None));
        assert_eq!(r.kind, ContactKind::Complaint);
        // Not triaged yet: carried forward until someone triages it.
        assert_eq!(r.handling, Handling::NotTriaged);
        assert_eq!(r.channel, Channel::Phone);
        assert_eq!(r.who, Some(Who::CareLeaver));
        assert_eq!(r.equality.gender, Some(Gender::Girl));
        assert_eq!(r.equality.age_band, Some(AgeBand::From18To20));
        assert_eq!(r.equality.ethnicity, Some(Ethnicity::PreferNot));
    }

    #[test]
    fn a_closed_statutory_complaint_carries_its_stage_1_figures_per_concern() {
        let f = CaseFile::new(d(2026, 4, 20), false);
        let f = act(
            f,
            "triage",
            &[("decision", "statutory"), ("on", "2026-04-20")],
        );
        let f = act(f, "concern", &[("category", "Communication")]);
        let f = act(f, "concern", &[("category", "Delay")]);
        let f = act(f, "outcome", &[("concern", "0"), ("outcome", "upheld")]);
        let f = act(f, "outcome", &[("concern", "1"), ("outcome", "not_upheld")]);
        let f = act(f, "respond", &[("on", "2026-04-30")]);
        let f = act(f, "remedy", &[("kind", "financial"), ("amount", "100")]);
        let f = act(
            f,
            "learning",
            &[("what", "x"), ("owner", "Head of service")],
        );
        let f = act(f, "close", &[("on", "2026-05-01")]);
        let r = report_record(&contact(Kind::Complaint, Some(f)));
        assert_eq!(r.handling, Handling::Stage1Statutory);
        assert_eq!(r.stage1_response, Some(d(2026, 4, 30)));
        assert_eq!(r.closed, Some(d(2026, 5, 1)));
        assert_eq!(r.concerns.len(), 2);
        assert_eq!(r.concerns[0].outcome, Some(Outcome::Upheld));
        assert_eq!(r.remedies[0].kind, RemedyKind::Financial);
        assert_eq!(r.remedies[0].amount_pence, Some(10000));
        assert_eq!(r.learning[0].owner, "Head of service");
    }

    #[test]
    fn triage_decides_the_kind() {
        let f = CaseFile::new(d(2026, 4, 20), false);
        let f = act(
            f,
            "triage",
            &[("decision", "representation"), ("on", "2026-04-21")],
        );
        let r = report_record(&contact(Kind::Complaint, Some(f)));
        assert_eq!(r.kind, ContactKind::Representation);
        assert_eq!(r.handling, Handling::Representation);
    }

    #[test]
    fn a_withdrawn_extended_complaint_keeps_its_procedure_and_its_extension() {
        let f = CaseFile::new(d(2026, 4, 20), false);
        let f = act(
            f,
            "triage",
            &[("decision", "statutory"), ("on", "2026-04-20")],
        );
        let f = act(
            f,
            "extend",
            &[("days", "20"), ("reason", "An advocate was asked for")],
        );
        let f = act(
            f,
            "advocate",
            &[("step", "requested"), ("on", "2026-04-21")],
        );
        let r = report_record(&contact(Kind::Complaint, Some(f.clone())));
        assert_eq!(r.stage1_extension.as_ref().map(|e| e.to_days), Some(20));
        assert_eq!(
            r.stage1_extension.as_ref().map(|e| e.reason.as_str()),
            Some("An advocate was asked for")
        );
        assert!(!r.advocate_allocated, "asked for, not allocated");
        let f = act(
            f,
            "advocate",
            &[
                ("step", "allocated"),
                ("on", "2026-04-22"),
                ("provider", "NYAS"),
            ],
        );
        let f = act(f, "withdraw", &[("on", "2026-04-30")]);
        let r = report_record(&contact(Kind::Complaint, Some(f)));
        assert_eq!(r.handling, Handling::Stage1Statutory);
        assert!(r.withdrawn);
        assert_eq!(r.closed, Some(d(2026, 4, 30)));
        assert!(r.advocate_allocated);
    }

    #[test]
    fn stage_2_carries_its_agreed_date_and_the_ombudsman_its_decision() {
        let f = CaseFile::new(d(2026, 4, 20), false);
        let f = act(
            f,
            "triage",
            &[("decision", "statutory"), ("on", "2026-04-20")],
        );
        let f = act(f, "concern", &[("category", "Delay")]);
        let f = act(f, "outcome", &[("concern", "0"), ("outcome", "not_upheld")]);
        let f = act(f, "respond", &[("on", "2026-04-24")]);
        let f = act(f, "escalate", &[("to", "stage2"), ("on", "2026-04-27")]);
        let f = act(f, "stage2_agreed", &[("on", "2026-05-05")]);
        let f = act(
            f,
            "outcome",
            &[("concern", "0"), ("outcome", "partly_upheld")],
        );
        let f = act(f, "ombudsman_enquiry", &[("on", "2026-06-01")]);
        let f = act(
            f,
            "ombudsman_finding",
            &[("finding", "local_settlement"), ("on", "2026-07-01")],
        );
        let r = report_record(&contact(Kind::Complaint, Some(f)));
        let s2 = r.stage2.unwrap();
        assert_eq!(
            (s2.requested, s2.agreed),
            (d(2026, 4, 27), Some(d(2026, 5, 5)))
        );
        assert_eq!(s2.outcome, Some(Outcome::PartlyUpheld));
        // Stage 1's own outcome stays what stage 1 found.
        assert_eq!(r.concerns[0].outcome, Some(Outcome::NotUpheld));
        let o = r.ombudsman.unwrap();
        assert_eq!(
            o.finding,
            Some(procedure::OmbudsmanFinding::LocalSettlement)
        );
        assert_eq!(o.decided, Some(d(2026, 7, 1)));
    }

    #[test]
    fn a_declined_stage_2_is_counted_under_its_reason_in_the_report() {
        let f = CaseFile::new(d(2026, 4, 20), false);
        let f = act(
            f,
            "triage",
            &[("decision", "statutory"), ("on", "2026-04-20")],
        );
        let f = act(f, "respond", &[("on", "2026-04-24")]);
        let f = act(
            f,
            "stage2_request",
            &[
                ("on", "2026-04-27"),
                ("by", "advocate"),
                ("unhappy_with", "The apology did not say what would change."),
            ],
        );
        let f = act(
            f,
            "stage2_decline",
            &[
                ("reason", "already_considered"),
                ("detail", "Investigated at Stage 2 in 2025 (ref SU-1234)."),
                ("on", "2026-04-29"),
            ],
        );
        let r = report_record(&contact(Kind::Complaint, Some(f)));
        let s2 = r.stage2.clone().unwrap();
        assert!(s2.declined);
        assert_eq!(
            s2.stage2_answer,
            Some(procedure::Stage2Answer::Declined(
                procedure::Stage2DeclineReason::AlreadyConsidered
            ))
        );
        let report = crate::domain::report::build_report(&[r], 2026);
        let table = report.table("stage2_requests").unwrap();
        assert_eq!(table.row("declined").unwrap().this_year, 1);
        let reason = table.row("declined_already_considered").unwrap();
        assert_eq!(
            (reason.label.as_str(), reason.this_year, reason.part),
            ("Already considered at Stage 2", 1, true)
        );
        assert_eq!(table.row("accepted").unwrap().this_year, 0);
        assert_eq!(table.total.as_ref().unwrap().this_year, 1);
        // A declined request is not an investigation: no time to respond is counted for it.
        let time = report.table("stage2_timeliness").unwrap();
        assert_eq!(time.total.as_ref().unwrap().this_year, 0);
    }
}
