//! Everything a rights officer keeps on one case: the procedure (stages, deadlines, outcomes per
//! concern, see [`super::procedure`]) plus the service, the advocate, remedies and learning.
//!
//! Officers change a case with a [`CaseAction`], read from a plain HTML form by
//! [`action_from_form`] (so it works with JavaScript off) and checked by [`CaseFile::apply`],
//! which refuses impossible moves with a message for the officer and never panics.

use super::procedure::{
    CaseState, CaseStatus, Move, OmbudsmanFinding, Outcome, Signpost, Stage, Stage2DeclineReason,
    Stage2Ending, Stage2Resolution, Timescales, TriageDecision,
};
use super::submission::{Fields, Who};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded!(
    /// Where a contact stands, as the inbox, the case page and the progress page show it:
    /// received until an officer triages it, then its case's [`CaseStatus`]. Kept beside the
    /// case in storage (for the inbox's filter), always as [`ContactStatus::of`] the case file.
    ContactStatus {
        Received = "received" => "Received",
        Open = "open" => "Open",
        Withdrawn = "withdrawn" => "Withdrawn",
        Closed = "closed" => "Closed",
    }
);

impl From<CaseStatus> for ContactStatus {
    fn from(s: CaseStatus) -> Self {
        match s {
            CaseStatus::Open => ContactStatus::Open,
            CaseStatus::Withdrawn => ContactStatus::Withdrawn,
            CaseStatus::Closed => ContactStatus::Closed,
        }
    }
}

impl ContactStatus {
    /// The status of a contact with this case file (none: nobody has worked on it yet).
    pub fn of(file: Option<&CaseFile>) -> Self {
        file.map_or(ContactStatus::Received, CaseFile::status)
    }

    /// Nothing more will happen unless it is reopened: no deadline is due.
    pub fn is_finished(self) -> bool {
        match self {
            ContactStatus::Received | ContactStatus::Open => false,
            ContactStatus::Withdrawn | ContactStatus::Closed => true,
        }
    }
}

coded!(
    /// Where the young person's advocate is up to (each step keeps its date).
    AdvocateStep {
        Offered = "offered" => "Advocate offered",
        Requested = "requested" => "Advocate requested",
        Referred = "referred" => "Referred to an advocacy provider",
        Allocated = "allocated" => "Advocate allocated",
    }
);

coded!(
    /// What the council did to put things right.
    RemedyKind {
        Apology = "apology" => "Apology",
        Explanation = "explanation" => "Explanation",
        ChangeOfWorker = "change_of_worker" => "Change of worker",
        RecordCorrected = "record_corrected" => "Record corrected",
        Financial = "financial" => "Financial remedy",
        ServicePutRight = "service_put_right" => "Service provided or put right",
        Other = "other" => "Other",
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvocateEvent {
    pub step: AdvocateStep,
    pub on: NaiveDate,
    /// The advocacy provider (for referrals and allocations).
    pub provider: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    pub kind: RemedyKind,
    /// Money paid, in pence (financial remedies only).
    pub amount_pence: Option<u64>,
    pub on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningAction {
    /// When it was agreed (the day it was recorded).
    pub agreed: NaiveDate,
    pub what: String,
    pub owner: String,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    pub state: CaseState,
    pub advocate: Vec<AdvocateEvent>,
    pub remedies: Vec<Remedy>,
    pub learning: Vec<LearningAction>,
}

/// One change an officer makes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseAction {
    Procedure(Move),
    Advocate(AdvocateEvent),
    Remedy(Remedy),
    Learning(LearningAction),
    LearningDone { index: usize, on: NaiveDate },
}

impl CaseAction {
    /// A short line for the case timeline and the audit log.
    pub fn describe(&self) -> String {
        match self {
            CaseAction::Procedure(m) => match m {
                Move::Triage {
                    decision,
                    signpost,
                    on,
                } => match signpost {
                    Some(s) => format!("Triage on {on}: {} ({})", decision.label(), s.label()),
                    None => format!("Triage on {on}: {}", decision.label()),
                },
                Move::Acknowledge { on } => format!("Acknowledged on {on}"),
                Move::Extend { days, reason } => {
                    format!("Extended to {days} working days: {reason}")
                }
                Move::RecordResponse { on } => format!("Response sent on {on}"),
                Move::Stage2Agreed { on } => format!("Stage 2 complaint agreed on {on}"),
                Move::PanelMet { on } => format!("Review panel met on {on}"),
                Move::PanelReport { on } => format!("Panel report sent on {on}"),
                Move::Escalate { to, on } => format!("Asked for {} on {on}", to.label()),
                Move::RequestStage2 { on, by, .. } => {
                    format!("Stage 2 asked for on {on} ({})", by.label())
                }
                Move::EndStage2Request { ending } => {
                    format!("Stage 2 request on {}: {}", ending.on(), ending.label())
                }
                Move::AddConcern { category } => format!("Concern added: {category}"),
                Move::RecordOutcome { concern, outcome } => {
                    format!("Outcome for concern {}: {}", concern + 1, outcome.label())
                }
                Move::RecordMatterDate { on } => format!("The matter happened on {on}"),
                Move::Withdraw { on } => format!("Withdrawn on {on}"),
                Move::Close { on } => format!("Closed on {on}"),
                Move::Reopen { on } => format!("Reopened on {on}"),
                Move::OmbudsmanEnquiry { on } => format!("Ombudsman enquiry on {on}"),
                Move::OmbudsmanFinding { finding, on } => {
                    format!("Ombudsman finding on {on}: {}", finding.label())
                }
            },
            CaseAction::Advocate(a) => format!("{} on {}", a.step.label(), a.on),
            CaseAction::Remedy(r) => format!("Remedy: {}", r.kind.label()),
            CaseAction::Learning(l) => format!("Learning action: {}", l.what),
            CaseAction::LearningDone { index, on } => {
                format!("Learning action {} done on {on}", index + 1)
            }
        }
    }
}

/// Text fields officers fill in are kept to this many characters.
pub const TEXT_MAX: usize = 1000;

impl CaseFile {
    pub fn new(received: NaiveDate, over_a_year: bool) -> Self {
        CaseFile {
            state: CaseState::new(received, over_a_year),
            advocate: Vec::new(),
            remedies: Vec::new(),
            learning: Vec::new(),
        }
    }

    /// Where it stands: received until triaged, then the procedure's status.
    pub fn status(&self) -> ContactStatus {
        if self.state.decision().is_none() {
            ContactStatus::Received
        } else {
            self.state.status().into()
        }
    }

    pub fn apply(&self, action: CaseAction, t: &Timescales) -> Result<CaseFile, String> {
        let mut next = self.clone();
        let open = self.state.status() == CaseStatus::Open;
        match action {
            CaseAction::Procedure(m) => {
                next.state = self.state.apply(m, t).map_err(|e| e.message())?;
            }
            CaseAction::Advocate(a) => {
                if a.step != AdvocateStep::Offered
                    && a.step != AdvocateStep::Requested
                    && a.provider.trim().is_empty()
                {
                    return Err("Say which advocacy provider.".into());
                }
                next.advocate.push(a);
            }
            CaseAction::Remedy(r) => {
                if !open {
                    return Err("Reopen the case before recording a remedy.".into());
                }
                match (r.kind, r.amount_pence) {
                    (RemedyKind::Financial, None | Some(0)) => {
                        return Err("Enter the amount paid for a financial remedy.".into())
                    }
                    (RemedyKind::Financial, _) | (_, None) => {}
                    (_, Some(_)) => {
                        return Err("Only a financial remedy has an amount.".into());
                    }
                }
                next.remedies.push(r);
            }
            CaseAction::Learning(l) => {
                if l.what.trim().is_empty() || l.owner.trim().is_empty() {
                    return Err("Say what will change and who will do it.".into());
                }
                next.learning.push(l);
            }
            CaseAction::LearningDone { index, on } => match next.learning.get_mut(index) {
                Some(l) if l.done.is_none() => l.done = Some(on),
                Some(_) => return Err("That learning action is already done.".into()),
                None => return Err("There is no such learning action.".into()),
            },
        }
        Ok(next)
    }
}

fn text(f: &Fields, name: &str) -> Result<String, String> {
    let v = f.get(name).map(|s| s.trim()).unwrap_or_default();
    if v.chars().count() > TEXT_MAX {
        return Err(format!("Use {TEXT_MAX} characters or fewer."));
    }
    Ok(v.to_string())
}

fn date(f: &Fields, name: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    match f.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(today),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| "Enter dates like 2026-11-23.".to_string()),
    }
}

fn pick<T>(f: &Fields, name: &str, parse: fn(&str) -> Option<T>, what: &str) -> Result<T, String> {
    f.get(name)
        .and_then(|v| parse(v.trim()))
        .ok_or_else(|| format!("Choose {what}."))
}

/// "12.50" or "£12" → pence.
pub fn parse_pounds(s: &str) -> Option<u64> {
    let s = s.trim().trim_start_matches('£').replace(',', "");
    let (pounds, pence) = match s.split_once('.') {
        Some((p, d)) if d.len() <= 2 && !d.is_empty() => (p, format!("{d:0<2}")),
        Some(_) => return None,
        None => (s.as_str(), "00".to_string()),
    };
    let pounds: u64 = pounds.parse().ok()?;
    let pence: u64 = pence.parse().ok()?;
    pounds.checked_mul(100)?.checked_add(pence)
}

/// Reads one action from a posted form. `action` names it; dates default to `today`.
pub fn action_from_form(action: &str, f: &Fields, today: NaiveDate) -> Result<CaseAction, String> {
    let on = || date(f, "on", today);
    let m = |mv: Move| Ok(CaseAction::Procedure(mv));
    match action {
        "triage" => {
            let decision = pick(f, "decision", TriageDecision::from_code, "a decision")?;
            let signpost = match f
                .get("signpost")
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
            {
                Some(s) => Some(Signpost::from_code(s).ok_or("Choose where it was signposted.")?),
                None => None,
            };
            m(Move::Triage {
                decision,
                signpost,
                on: on()?,
            })
        }
        "acknowledge" => m(Move::Acknowledge { on: on()? }),
        "extend" => {
            let days = f
                .get("days")
                .and_then(|d| d.trim().parse::<u32>().ok())
                .ok_or("Enter the number of working days.")?;
            let reason = text(f, "reason")?;
            m(Move::Extend { days, reason })
        }
        "respond" => m(Move::RecordResponse { on: on()? }),
        "stage2_agreed" => m(Move::Stage2Agreed { on: on()? }),
        "stage2_request" => m(Move::RequestStage2 {
            on: on()?,
            by: pick(f, "by", Who::from_code, "who asked for Stage 2")?,
            unhappy_with: text(f, "unhappy_with")?,
        }),
        "stage2_decline" => m(Move::EndStage2Request {
            ending: Stage2Ending::Declined {
                reason: pick(
                    f,
                    "reason",
                    Stage2DeclineReason::from_code,
                    "the reason Stage 2 is declined",
                )?,
                detail: text(f, "detail")?,
                letter_on: on()?,
            },
        }),
        "stage2_resolved" => m(Move::EndStage2Request {
            ending: Stage2Ending::ResolvedOtherwise {
                how: pick(f, "how", Stage2Resolution::from_code, "how it was resolved")?,
                on: on()?,
            },
        }),
        "stage2_withdrawn" => m(Move::EndStage2Request {
            ending: Stage2Ending::Withdrawn { on: on()? },
        }),
        "panel_met" => m(Move::PanelMet { on: on()? }),
        "panel_report" => m(Move::PanelReport { on: on()? }),
        "escalate" => m(Move::Escalate {
            to: pick(f, "to", Stage::from_code, "the stage asked for")?,
            on: on()?,
        }),
        "concern" => {
            let category = text(f, "category")?;
            if category.is_empty() {
                return Err("Choose a category for the concern.".into());
            }
            m(Move::AddConcern { category })
        }
        "outcome" => m(Move::RecordOutcome {
            concern: f
                .get("concern")
                .and_then(|c| c.trim().parse::<usize>().ok())
                .ok_or("Choose the concern.")?,
            outcome: pick(f, "outcome", Outcome::from_code, "an outcome")?,
        }),
        "matter_date" => m(Move::RecordMatterDate { on: on()? }),
        "withdraw" => m(Move::Withdraw { on: on()? }),
        "close" => m(Move::Close { on: on()? }),
        "reopen" => m(Move::Reopen { on: on()? }),
        "ombudsman_enquiry" => m(Move::OmbudsmanEnquiry { on: on()? }),
        "ombudsman_finding" => m(Move::OmbudsmanFinding {
            finding: pick(
                f,
                "finding",
                OmbudsmanFinding::from_code,
                "the Ombudsman's finding",
            )?,
            on: on()?,
        }),
        "advocate" => Ok(CaseAction::Advocate(AdvocateEvent {
            step: pick(
                f,
                "step",
                AdvocateStep::from_code,
                "where the advocate is up to",
            )?,
            on: on()?,
            provider: text(f, "provider")?,
        })),
        "remedy" => {
            let kind = pick(f, "kind", RemedyKind::from_code, "a remedy")?;
            let amount = match f.get("amount").map(|s| s.trim()).filter(|s| !s.is_empty()) {
                Some(a) => Some(parse_pounds(a).ok_or("Enter an amount like 50.00.")?),
                None => None,
            };
            Ok(CaseAction::Remedy(Remedy {
                kind,
                amount_pence: amount,
                on: on()?,
            }))
        }
        "learning" => Ok(CaseAction::Learning(LearningAction {
            agreed: today,
            what: text(f, "what")?,
            owner: text(f, "owner")?,
            due: date(f, "due", today)?,
            done: None,
        })),
        "learning_done" => Ok(CaseAction::LearningDone {
            index: f
                .get("index")
                .and_then(|c| c.trim().parse::<usize>().ok())
                .ok_or("Choose the learning action.")?,
            on: on()?,
        }),
        _ => Err("That is not something that can be done to a case.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn run(file: &CaseFile, action: &str, pairs: &[(&str, &str)]) -> Result<CaseFile, String> {
        let a = action_from_form(action, &form(pairs), d(2026, 11, 24))?;
        file.apply(a, &Timescales::default())
    }

    #[test]
    fn a_contact_is_received_until_triaged_and_finished_once_closed_or_withdrawn() {
        assert_eq!(ContactStatus::of(None), ContactStatus::Received);
        let f = CaseFile::new(d(2026, 11, 23), false);
        assert_eq!(ContactStatus::of(Some(&f)), ContactStatus::Received);
        let open = run(&f, "triage", &[("decision", "statutory")]).unwrap();
        assert_eq!(ContactStatus::of(Some(&open)), ContactStatus::Open);
        assert!(!open.status().is_finished());
        let withdrawn = run(&open, "withdraw", &[]).unwrap();
        assert_eq!(withdrawn.status(), ContactStatus::Withdrawn);
        assert!(withdrawn.status().is_finished());
        assert!(run(&open, "close", &[]).unwrap().status().is_finished());
    }

    #[test]
    fn a_statutory_complaint_from_triage_to_close() {
        let f = CaseFile::new(d(2026, 11, 23), false);
        assert_eq!(f.status(), ContactStatus::Received);
        let f = run(&f, "triage", &[("decision", "statutory")]).unwrap();
        assert_eq!(f.status(), ContactStatus::Open);
        let f = run(&f, "concern", &[("category", "Communication")]).unwrap();
        let f = run(&f, "concern", &[("category", "Delay")]).unwrap();
        let f = run(
            &f,
            "extend",
            &[("days", "20"), ("reason", "Complex; advocate requested")],
        )
        .unwrap();
        let f = run(&f, "outcome", &[("concern", "0"), ("outcome", "upheld")]).unwrap();
        let f = run(
            &f,
            "outcome",
            &[("concern", "1"), ("outcome", "not_upheld")],
        )
        .unwrap();
        let f = run(&f, "respond", &[("on", "2026-12-10")]).unwrap();
        let f = run(&f, "remedy", &[("kind", "financial"), ("amount", "£250.5")]).unwrap();
        assert_eq!(f.remedies[0].amount_pence, Some(25050));
        let f = run(
            &f,
            "learning",
            &[
                ("what", "Call back within 2 days"),
                ("owner", "Team manager"),
                ("due", "2027-01-31"),
            ],
        )
        .unwrap();
        let f = run(&f, "learning_done", &[("index", "0")]).unwrap();
        assert!(f.learning[0].done.is_some());
        let f = run(&f, "close", &[]).unwrap();
        assert_eq!(f.status(), ContactStatus::Closed);
        assert!(
            run(&f, "remedy", &[("kind", "apology")]).is_err(),
            "closed cases change only after reopening"
        );
    }

    #[test]
    fn bad_forms_get_messages_not_panics() {
        let f = CaseFile::new(d(2026, 11, 23), false);
        assert!(run(&f, "triage", &[("decision", "whatever")])
            .unwrap_err()
            .contains("Choose"));
        assert!(run(&f, "nonsense", &[]).is_err());
        assert!(run(&f, "respond", &[("on", "23/11/2026")])
            .unwrap_err()
            .contains("2026-11-23"));
        let f = run(&f, "triage", &[("decision", "statutory")]).unwrap();
        assert!(run(&f, "remedy", &[("kind", "financial")]).is_err());
        assert!(run(&f, "remedy", &[("kind", "apology"), ("amount", "5")]).is_err());
        assert!(
            run(&f, "advocate", &[("step", "referred")]).is_err(),
            "needs a provider"
        );
        assert!(run(&f, "learning_done", &[("index", "3")]).is_err());
        assert!(
            run(&f, "extend", &[("days", "99"), ("reason", "x")]).is_err(),
            "beyond the cap"
        );
    }

    #[test]
    fn pounds_parse() {
        assert_eq!(parse_pounds("12"), Some(1200));
        assert_eq!(parse_pounds("£1,250.75"), Some(125075));
        assert_eq!(parse_pounds("0.5"), Some(50));
        assert_eq!(parse_pounds("1.234"), None);
        assert_eq!(parse_pounds("abc"), None);
    }
}
