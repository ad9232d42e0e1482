//! Turns what is stored (the submission and the case officers keep) into the plain records the
//! yearly report counts ([`super::report::ReportRecord`]). Decisions:
//! - The officer's triage decides the kind and the handling; before triage, the kind the
//!   person chose counts and the handling is "not handled as a complaint" yet.
//! - A stage's outcome (for stage 2 and 3 tables) is the most favourable to the complainant
//!   among its concerns: upheld, then partly upheld, then not upheld.
//! - A compliment's theme is the category of its first concern, if an officer gave one.
//! - "Had an advocate" means they asked for one or one was allocated.
//! - "I don't feel safe" is always a safety alert ([`ContactKind::Safeguarding`], not handled
//!   as a complaint), whatever was recorded on it: it is never counted as a complaint.

use super::case_file::{AdvocateStep, CaseFile, RemedyKind as CaseRemedy};
use super::procedure::{self, CaseStatus, Stage, TriageDecision};
use super::report::{
    AgeBand, Channel, ComplimentDetails, ComplimentSource, Concern, ContactKind, Disability,
    Equality, Escalation, Ethnicity, Gender, Handling, LearningAction, MadeBy, OmbudsmanEnquiry,
    OmbudsmanFinding, Outcome, Remedy, RemedyKind, ReportRecord, SafetyAlert,
};
use super::safeguarding::Alert;
use super::submission::{Kind, Who};
use chrono::{DateTime, NaiveDate, Utc};

/// One stored submission, as much of it as the report needs (no words).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredContact {
    pub received: NaiveDate,
    pub kind: Kind,
    pub channel: String,
    pub who: Option<Who>,
    pub advocate_wanted: bool,
    pub service: Option<String>,
    pub age_band: Option<String>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub disability: Option<String>,
    pub case: Option<CaseFile>,
    /// The moment it arrived (safety alerts are timed in hours).
    pub received_at: DateTime<Utc>,
    /// What officers recorded on a safety alert, if anything.
    pub alert: Option<Alert>,
}

fn outcome(o: procedure::Outcome) -> Outcome {
    match o {
        procedure::Outcome::Upheld => Outcome::Upheld,
        procedure::Outcome::PartlyUpheld => Outcome::PartlyUpheld,
        procedure::Outcome::NotUpheld => Outcome::NotUpheld,
        procedure::Outcome::Withdrawn => Outcome::Withdrawn,
        procedure::Outcome::NotApplicable => Outcome::NotApplicable,
    }
}

fn finding(f: procedure::OmbudsmanFinding) -> OmbudsmanFinding {
    match f {
        procedure::OmbudsmanFinding::MaladministrationInjustice => {
            OmbudsmanFinding::UpheldWithInjustice
        }
        procedure::OmbudsmanFinding::MaladministrationNoInjustice => {
            OmbudsmanFinding::UpheldNoInjustice
        }
        procedure::OmbudsmanFinding::NoMaladministration => OmbudsmanFinding::NotUpheld,
        procedure::OmbudsmanFinding::NotInvestigated => {
            OmbudsmanFinding::ClosedAfterInitialEnquiries
        }
        procedure::OmbudsmanFinding::Premature => OmbudsmanFinding::ReferredBack,
    }
}

fn made_by(who: Option<Who>) -> MadeBy {
    match who {
        Some(Who::InCare) => MadeBy::YoungPersonInCare,
        Some(Who::CareLeaver) => MadeBy::CareLeaver,
        Some(Who::YoungPerson) => MadeBy::OtherYoungPerson,
        Some(Who::Parent) => MadeBy::Parent,
        Some(Who::FosterCarer) => MadeBy::FosterCarer,
        Some(Who::Relative) => MadeBy::Relative,
        Some(Who::Advocate) => MadeBy::AdvocateOnBehalf,
        Some(Who::SomeoneElse) | None => MadeBy::Other,
    }
}

fn channel(code: &str) -> Channel {
    match code {
        "phone" => Channel::Phone,
        "email" => Channel::Email,
        "letter" => Channel::Letter,
        "in_person" => Channel::InPerson,
        "advocate" => Channel::ViaAdvocate,
        "app" => Channel::App,
        _ => Channel::OnlineForm,
    }
}

fn prefer(code: &str) -> &str {
    if code == "prefer_not" {
        "prefer_not_to_say"
    } else {
        code
    }
}

fn equality(c: &StoredContact) -> Equality {
    Equality {
        age_band: c
            .age_band
            .as_deref()
            .and_then(|a| AgeBand::from_code(prefer(a))),
        gender: c.gender.as_deref().and_then(|g| {
            Gender::from_code(match g {
                "girl" => "female",
                "boy" => "male",
                "other" => "another_way",
                g => prefer(g),
            })
        }),
        ethnicity: c
            .ethnicity
            .as_deref()
            .and_then(|e| Ethnicity::from_code(prefer(e))),
        disability: c
            .disability
            .as_deref()
            .and_then(|d| Disability::from_code(prefer(d))),
    }
}

/// The most favourable outcome among the concerns at `stage`.
fn stage_outcome(case: &CaseFile, stage: Stage) -> Option<Outcome> {
    let outcomes: Vec<procedure::Outcome> = case
        .state
        .concerns()
        .iter()
        .filter_map(|c| c.outcome_at(stage))
        .collect();
    [
        procedure::Outcome::Upheld,
        procedure::Outcome::PartlyUpheld,
        procedure::Outcome::NotUpheld,
        procedure::Outcome::Withdrawn,
        procedure::Outcome::NotApplicable,
    ]
    .into_iter()
    .find(|o| outcomes.contains(o))
    .map(outcome)
}

pub fn report_record(c: &StoredContact) -> ReportRecord {
    if c.kind == Kind::Unsafe {
        let mut r = ReportRecord::new(
            c.received,
            ContactKind::Safeguarding,
            channel(&c.channel),
            made_by(c.who),
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
    let status = c.case.as_ref().map(|f| f.state.status());
    let handling = match (decision, status) {
        (
            Some(TriageDecision::Statutory | TriageDecision::Corporate),
            Some(CaseStatus::Withdrawn),
        ) => Handling::Withdrawn,
        (Some(TriageDecision::Statutory), _) => Handling::Stage1Statutory,
        (Some(TriageDecision::Corporate), _) => Handling::Stage1Corporate,
        (Some(TriageDecision::Representation), _) => Handling::Representation,
        (Some(TriageDecision::OutsideScope), _) => Handling::OutsideScope,
        _ => Handling::NotApplicable,
    };
    let mut r = ReportRecord::new(
        c.received,
        kind,
        channel(&c.channel),
        made_by(c.who),
        handling,
    );
    r.team = c.service.clone().unwrap_or_default();
    r.equality = equality(c);
    r.had_advocate = c.advocate_wanted;
    let Some(case) = &c.case else {
        return r;
    };
    let s = &case.state;
    r.had_advocate |= case
        .advocate
        .iter()
        .any(|a| a.step == AdvocateStep::Allocated);
    let record = |stage: Stage| s.stages().iter().find(|x| x.stage == stage);
    r.stage1_response = record(Stage::Stage1)
        .or_else(|| record(Stage::Corporate1))
        .and_then(|x| x.response_sent);
    let escalation = |stage: Stage| {
        record(stage).map(|x| Escalation {
            requested: x.started,
            response: x.response_sent,
            outcome: stage_outcome(case, stage),
            declined: false,
        })
    };
    r.stage2 = escalation(Stage::Stage2);
    r.stage3 = escalation(Stage::Stage3);
    r.ombudsman = s.ombudsman().last().map(|o| OmbudsmanEnquiry {
        date: o.enquiry_on,
        finding: o.finding.map(finding),
    });
    r.closed = match s.status() {
        CaseStatus::Open => None,
        _ => s.status_on(),
    };
    r.concerns = s
        .concerns()
        .iter()
        .map(|x| Concern {
            category: x.category.clone(),
            outcome: x
                .outcome_at(Stage::Stage1)
                .or_else(|| x.outcome_at(Stage::Corporate1))
                .or_else(|| x.outcome())
                .map(outcome),
        })
        .collect();
    r.remedies = case
        .remedies
        .iter()
        .map(|m| Remedy {
            kind: match m.kind {
                CaseRemedy::Apology => RemedyKind::Apology,
                CaseRemedy::Financial => RemedyKind::Payment,
                CaseRemedy::ChangeOfWorker => RemedyKind::ServiceProvided,
                CaseRemedy::RecordCorrected => RemedyKind::RecordCorrected,
                CaseRemedy::Explanation | CaseRemedy::Other => RemedyKind::Other,
            },
            amount_pence: m.amount_pence,
            agreed: Some(m.on),
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
        r.compliment = Some(ComplimentDetails {
            source: match c.who {
                Some(Who::InCare | Who::CareLeaver | Who::YoungPerson) => {
                    ComplimentSource::YoungPerson
                }
                Some(Who::Parent | Who::FosterCarer | Who::Relative) => {
                    ComplimentSource::ParentCarer
                }
                Some(Who::Advocate) => ComplimentSource::Professional,
                _ => ComplimentSource::Other,
            },
            theme: s
                .concerns()
                .first()
                .map(|x| x.category.clone())
                .unwrap_or_default(),
        });
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case_file::{action_from_form, CaseFile};
    use crate::domain::submission::Fields;

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
            channel: "phone".into(),
            who: Some(Who::CareLeaver),
            advocate_wanted: false,
            service: Some("Leaving care".into()),
            age_band: Some("18_20".into()),
            gender: Some("girl".into()),
            ethnicity: Some("prefer_not".into()),
            disability: None,
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
        let t = &report.safety_alerts;
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
        let handled: u64 = report.handling.rows.iter().map(|r| r.this_year).sum();
        assert_eq!(handled, 1);
        assert_eq!(
            report
                .contacts_by_kind
                .row("safeguarding")
                .unwrap()
                .this_year,
            6
        );
        assert_eq!(
            report.contacts_by_kind.row("complaint").unwrap().this_year,
            1
        );
    }

    #[test]
    fn an_untriaged_complaint_counts_as_received_only() {
        let r = report_record(&contact(Kind::Complaint, None));
        assert_eq!(r.kind, ContactKind::Complaint);
        assert_eq!(r.handling, Handling::NotApplicable);
        assert_eq!(r.channel, Channel::Phone);
        assert_eq!(r.made_by, MadeBy::CareLeaver);
        assert_eq!(r.equality.gender, Some(Gender::Female));
        assert_eq!(r.equality.age_band, Some(AgeBand::From18To20));
        assert_eq!(r.equality.ethnicity, Some(Ethnicity::PreferNotToSay));
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
        assert_eq!(r.remedies[0].kind, RemedyKind::Payment);
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
}
