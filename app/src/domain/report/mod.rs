//! The annual report on representations and complaints (regulation 13(3) of the Children Act
//! 1989 Representations Procedure (England) Regulations 2006), computed from plain records.
//!
//! [`build_report`] takes [`ReportRecord`]s (one per contact, deliberately independent of how
//! they are stored) and the year the financial year starts in, and returns a [`YearReport`]:
//! a set of [`Table`]s, each with this year, the year before and the change. No I/O, no clock,
//! no database. A year that is over can be **closed**: its report is kept as it was
//! ([`closed_year`]) and every later run shows those figures.
//!
//! **One vocabulary.** A record speaks the words the case file uses, from the modules that
//! define them ([`super::vocabulary`] lists them): [`Channel`], [`Who`], the equality answers,
//! [`Outcome`], [`OmbudsmanFinding`], [`RemedyKind`]. Two words are the report's own because they
//! are *derived*: [`ContactKind`] (what the contact turned out to be after triage) and
//! [`Handling`] (the procedure it went to). The report has its own wording for some values
//! ("Prefer not to say" where the form says "I prefer not to say"): see `ReportLabel`.
//!
//! Definitions, as councils count (`shared/domain.md`, the seeds), each printed under its table:
//! - **Years.** A financial year runs 1 April to 31 March ("2017/18"). Every table shows the
//!   requested year and the one before it, from the same single pass.
//! - **Which date puts a figure in a year.** Contacts, handling, channels, who, stage 1, outcomes,
//!   compliments and equality: the day *received*. Stage 2 and 3: the day *requested*.
//!   Ombudsman: enquiries by the day received, decisions by the day decided. Learning actions:
//!   agreed by the day agreed, completed by the day done. Remedies: the day agreed.
//! - **Unit.** Per complaint by default. Per concern only in the tables that say so (concerns by
//!   category, outcome of each concern), as seed 004 counts "the number of times raised".
//!   Teams count complaints; categories count each complaint once under each category it raises
//!   (so that table's rows can add up to more than the complaints).
//! - **Withdrawn** complaints stay in their procedure's count (shown as "of which withdrawn") and
//!   appear as an outcome; they are left out of timeliness (there is no response to time).
//! - **Outcome per complaint**: upheld, partly upheld, not upheld, withdrawn, not applicable,
//!   still open ([`super::procedure::complaint_outcome`]); upheld and partly upheld apart.
//! - **Stage 1 timeliness**: working days from receipt (day 0) to the response: within 10, 11 to
//!   20, over 20, with the average and the percentages within 10 and within 20 of those
//!   answered; and against the timescale *agreed for that complaint* (10, or the extension with
//!   its recorded reason), with the extensions counted by reason.
//! - **Stage 2** runs from the day the complaint was agreed with the complainant (else, until it
//!   is recorded, from the request): within 25, 26 to 65, over 65 working days.
//! - **Stage 3**: request to the panel meeting against 30 working days, and the whole stage
//!   (request to the council's response) against 50.
//! - **Ombudsman**: enquiries received in the year; decisions made in the year by finding,
//!   investigations apart (local settlement, fault or no fault found).
//! - **Contacts from young people** are contacts a young person made themselves, not counting
//!   requests for an advocate or safety alerts. **Had an advocate** counts contacts where an
//!   advocate was actually allocated.
//! - **Safety alerts** ("I don't feel safe") are never complaints: they appear in the count by
//!   kind and in their own table only. "Within the target" is judged against the deadline fixed
//!   for that alert when it was first worked on.
//! - **Carried over / forward**: contacts still open at the start / end of the year, including
//!   those not triaged yet (carried forward until someone triages them). Compliments, safety
//!   alerts and contacts handled outside a procedure are never open.
//! - **Equality monitoring** is voluntary; "Not recorded" means not asked or not answered.
//!   Officers recording a phone call, letter or email ask the same questions.
//! - **Rows.** Fixed lists always show every row in a fixed order, so years line up; a council's
//!   own words (teams, categories, themes, owners, reasons) show only rows with a count,
//!   alphabetically ignoring case, "Not recorded" last.
//! - **Publishing** ([`View::Publishable`]): any count from 1 to 4 shows as "<5"; where a table
//!   has a total and exactly one count in a column is hidden, the next smallest is hidden too
//!   ("*"); averages on 1 to 4 cases show "<5 cases".
//! - **CSV** ([`Table::to_csv`]) is RFC 4180 by the `csv` crate; cells that start like a formula
//!   get a leading `'`.
//! - **Speed.** One pass over the records, constant work per record and per concern.

mod advocacy;
mod assemble;
pub mod by_area;
pub mod closed_year;
mod corporate;
mod crosstab;
pub mod draft;
pub mod headline;
pub mod import;
mod receipt;
mod stage2_requests;
mod table;
mod tally;
#[cfg(test)]
mod tests;
pub mod trends;

pub use super::case_file::{AdvocateEvent, AdvocateStep, RemedyKind};
pub use super::procedure::{Extension, OmbudsmanFinding, Outcome};
pub use super::submission::{AgeBand, Channel, Disability, Ethnicity, Gender, Who};
pub use table::*;

use super::calendar::financial_year_bounds;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded!(
    /// What a contact turned out to be: the officer's triage decides; before triage, what the
    /// person chose.
    ContactKind {
        Complaint = "complaint" => "Complaint",
        Representation = "representation" => "Representation",
        Compliment = "compliment" => "Compliment",
        AdvocacyRequest = "advocacy_request" => "Request for an advocate",
        Safeguarding = "safeguarding" => "Safety alert (passed to safeguarding)",
    }
);

coded!(
    /// The procedure a contact went to, as decided at triage.
    Handling {
        Stage1Statutory = "stage1_statutory" => "Stage 1 complaint (statutory procedure)",
        Stage1Corporate = "stage1_corporate" => "Stage 1 complaint (corporate procedure)",
        Representation = "representation" => "Representation (no formal response)",
        OutsideScope = "outside_scope" => "Outside the procedure (signposted)",
        /// Received and not triaged yet: still open.
        NotTriaged = "not_triaged" => "Not triaged yet",
        /// Compliments, safety alerts, advocacy requests.
        NotApplicable = "none" => "Not handled as a complaint",
    }
);

impl Handling {
    /// A complaint in one of the two procedures.
    pub fn is_complaint(self) -> bool {
        match self {
            Handling::Stage1Statutory | Handling::Stage1Corporate => true,
            Handling::Representation
            | Handling::OutsideScope
            | Handling::NotTriaged
            | Handling::NotApplicable => false,
        }
    }
}

/// One thing a complaint is about, with the stage 1 finding on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concern {
    /// One of the council's configured categories.
    pub category: String,
    /// `None` until decided.
    #[serde(default)]
    pub outcome: Option<Outcome>,
}

/// A request for stage 2 or stage 3 and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub requested: NaiveDate,
    /// Stage 2: the day the complaint was agreed with the complainant.
    #[serde(default)]
    pub agreed: Option<NaiveDate>,
    /// Stage 3: the day the review panel met.
    #[serde(default)]
    pub panel_met: Option<NaiveDate>,
    /// The council's response (stage 2 adjudication, stage 3 final response).
    #[serde(default)]
    pub response: Option<NaiveDate>,
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The request was declined or resolved another way without this stage taking place.
    #[serde(default)]
    pub declined: bool,
    /// Stage 2 only: what became of the request (see [`stage2_requests`]).
    #[serde(default)]
    pub stage2_answer: Option<super::procedure::Stage2Answer>,
}

/// An enquiry from the Local Government and Social Care Ombudsman.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmbudsmanEnquiry {
    /// When the Ombudsman's enquiry arrived.
    pub date: NaiveDate,
    #[serde(default)]
    pub finding: Option<OmbudsmanFinding>,
    /// When the Ombudsman decided.
    #[serde(default)]
    pub decided: Option<NaiveDate>,
}

/// Something done to put things right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remedy {
    pub kind: RemedyKind,
    /// Money paid, in pence.
    #[serde(default)]
    pub amount_pence: Option<u64>,
    pub agreed: NaiveDate,
}

/// A corrective action agreed because of a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningAction {
    pub agreed: NaiveDate,
    /// Who is responsible (a role or team).
    pub owner: String,
    #[serde(default)]
    pub done: Option<NaiveDate>,
}

/// Voluntary equality monitoring. `None` means not asked or not answered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Equality {
    #[serde(default)]
    pub age_band: Option<AgeBand>,
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub ethnicity: Option<Ethnicity>,
    #[serde(default)]
    pub disability: Option<Disability>,
}

/// A safety alert ("I don't feel safe") as the report counts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyAlert {
    /// Tenths of an hour from receipt to being passed to safeguarding; `None` if not recorded.
    pub tenths_of_hours_to_pass_on: Option<u64>,
    /// Passed on by its deadline.
    pub in_time: bool,
}

/// One contact, as the report needs it. Built from storage by [`super::report_input`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRecord {
    pub received: NaiveDate,
    pub kind: ContactKind,
    pub channel: Channel,
    /// Who made the contact; `None` if not recorded.
    pub who: Option<Who>,
    /// An advocate was allocated to the young person for this contact.
    #[serde(default)]
    pub advocate_allocated: bool,
    /// Each advocacy step recorded on the case file (offered, requested, referred, allocated),
    /// with its day and provider.
    #[serde(default)]
    pub advocacy: Vec<AdvocateEvent>,
    /// The service or team the contact is about (or, for a compliment, praises).
    #[serde(default)]
    pub team: String,
    pub handling: Handling,
    /// The complaint was withdrawn (it stays in its procedure's count).
    #[serde(default)]
    pub withdrawn: bool,
    #[serde(default)]
    pub stage1_response: Option<NaiveDate>,
    /// The extension agreed for stage 1, if any (the last one given).
    #[serde(default)]
    pub stage1_extension: Option<Extension>,
    #[serde(default)]
    pub stage2: Option<Escalation>,
    #[serde(default)]
    pub stage3: Option<Escalation>,
    #[serde(default)]
    pub ombudsman: Option<OmbudsmanEnquiry>,
    /// When the contact was finally closed or withdrawn, at whatever stage.
    #[serde(default)]
    pub closed: Option<NaiveDate>,
    #[serde(default)]
    pub concerns: Vec<Concern>,
    #[serde(default)]
    pub remedies: Vec<Remedy>,
    #[serde(default)]
    pub learning: Vec<LearningAction>,
    /// For compliments: the theme (the category of its first concern).
    #[serde(default)]
    pub compliment_theme: Option<String>,
    #[serde(default)]
    pub equality: Equality,
    /// For safety alerts: how fast it was passed to safeguarding.
    #[serde(default)]
    pub safety: Option<SafetyAlert>,
}

impl ReportRecord {
    /// A record with everything optional left empty.
    pub fn new(
        received: NaiveDate,
        kind: ContactKind,
        channel: Channel,
        who: Option<Who>,
        handling: Handling,
    ) -> Self {
        ReportRecord {
            received,
            kind,
            channel,
            who,
            advocate_allocated: false,
            advocacy: Vec::new(),
            team: String::new(),
            handling,
            withdrawn: false,
            stage1_response: None,
            stage1_extension: None,
            stage2: None,
            stage3: None,
            ombudsman: None,
            closed: None,
            concerns: Vec::new(),
            remedies: Vec::new(),
            learning: Vec::new(),
            compliment_theme: None,
            equality: Equality::default(),
            safety: None,
        }
    }

    /// The day it stopped being open, if it has: see the module docs.
    fn effective_closed(&self) -> Option<NaiveDate> {
        match self.handling {
            Handling::OutsideScope => self.closed.or(Some(self.received)),
            _ if self.withdrawn => self.closed.or(Some(self.received)),
            _ => self.closed,
        }
    }

    fn can_be_open(&self) -> bool {
        match self.kind {
            ContactKind::Compliment | ContactKind::Safeguarding => false,
            ContactKind::Complaint | ContactKind::Representation | ContactKind::AdvocacyRequest => {
                self.handling != Handling::NotApplicable
            }
        }
    }

    /// The outcome of the complaint as a whole (`None` = still open).
    pub fn complaint_outcome(&self) -> Option<Outcome> {
        super::procedure::complaint_outcome(self.concerns.iter().map(|c| c.outcome), self.withdrawn)
    }
}

/// The whole annual report: every table, for the year and the one before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearReport {
    pub start_year: i32,
    /// "2017/18".
    pub label: String,
    /// "2016/17".
    pub previous_label: String,
    /// First and last day of the year, both inclusive.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Every table, in the order a report presents them.
    pub tables: Vec<Table>,
}

impl YearReport {
    /// Every table, in the order a report presents them.
    pub fn tables(&self) -> Vec<&Table> {
        self.tables.iter().collect()
    }

    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }
}

/// Builds the annual report for the financial year starting 1 April `start_year`, with the year
/// before alongside. One pass over `records`, in any order; see the module docs for the rules.
pub fn build_report(records: &[ReportRecord], start_year: i32) -> YearReport {
    let years = tally::Years {
        bounds: [
            financial_year_bounds(start_year),
            financial_year_bounds(start_year - 1),
        ],
    };
    // Responses can come years after receipt: cover two years before to five after.
    let days = tally::WorkingDays::new(
        financial_year_bounds(start_year - 2).0,
        financial_year_bounds(start_year + 5).1,
    );
    let mut t = tally::Tally::default();
    for r in records {
        t.record(r, &years, &days);
    }
    assemble::assemble(&t, start_year, &years)
}
