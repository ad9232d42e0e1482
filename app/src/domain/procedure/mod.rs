//! The complaints procedure a rights officer runs a case through: triage, the stages, outcomes
//! for each concern, the Ombudsman, and the deadlines (with a red/amber/green status) that follow.
//!
//! Rules (England: Children Act 1989 Representations Procedure (England) Regulations 2006 and the
//! guidance "Getting the Best from Complaints", 2006). All times are in working days, counted as
//! in [`super::calendar`]: the day something arrives is day 0.
//! - Triage decides what a message is: a complaint under the statutory (children's) procedure or
//!   under the council's corporate procedure, a representation (no formal response wanted), a
//!   compliment, a request for an advocate, something outside the procedure (signposted to the
//!   court, the school, the child protection conference or elsewhere), or a safeguarding referral.
//! - Statutory Stage 1 (local resolution): acknowledge within [`Timescales::acknowledge`] (3 by
//!   default); respond within 10 of receipt, which may be extended to at most 20 when the
//!   complaint is complex or the complainant asks for an advocate. The reason is recorded and the
//!   complainant is told.
//! - Stage 2 (investigation): the complainant asks within 20 of the Stage 1 response; the response
//!   is due 25 after the request, extendable to at most 65.
//! - Stage 3 (review panel): asked within 20 of the Stage 2 response; the panel meets within 30
//!   of the request, its report is due within 5 of the panel, and the council responds within 15
//!   of the report. After that the complainant can go to the Local Government and Social Care
//!   Ombudsman.
//! - The corporate procedure has two stages with local timescales (15 then 20 by default).
//! - A matter more than a year old is flagged, never refused. A deadline never blocks moving to
//!   the next stage: a late request is accepted and flagged.
//! - Outcomes are recorded for each concern (upheld, partly upheld, not upheld, withdrawn, not
//!   applicable), at the stage the case is at.
//!
//! Decisions taken where the law is silent:
//! - The Stage 2 clock runs from the day of the request until the complaint is agreed with the
//!   complainant ([`Move::Stage2Agreed`], the terms of reference), then from that day. A Stage 2
//!   request is accepted, declined for a lawful reason, resolved another way or withdrawn: see
//!   [`stage2_request`].
//! - [`Move::Extend`] gives the new total for the stage ("extend Stage 1 to 20 working days"). An
//!   extension must give more time than the stage has now and stay within the cap; a stage can be
//!   extended more than once up to the cap. Stage 3 cannot be extended. The corporate caps
//!   ([`Timescales::corporate1_max`], [`Timescales::corporate2_max`]) default to the plain
//!   timescales, so corporate stages cannot be extended unless the council sets a higher cap.
//! - The Stage 3 request window (20) and the corporate stage 2 request window (20 by default)
//!   are in [`Timescales`] too. A request is late when it comes more than the window after the
//!   previous stage's response was sent (the day the complainant got it is not recorded); if
//!   that stage never responded, the request cannot be late.
//! - Stage 2 (and corporate stage 2) may be started without a Stage 1 response: the complainant
//!   may ask once Stage 1 is out of time, and the council may agree to go straight to Stage 2.
//!   This is flagged ([`Flag::MovedOnWithoutResponse`]). Stage 3 needs the Stage 2 response,
//!   because the panel reviews it; without one the complainant goes to the Ombudsman.
//! - Moves name their target ([`Move::Escalate`] `{ to, .. }`), so "Stage 3 before Stage 2" and
//!   "a corporate case to Stage 3" are refused with a message, and a repeated click is harmless.
//! - The Stage 1 (or corporate stage 1) clock starts at receipt. If a case first triaged as
//!   something else (a representation, say) is triaged again as a complaint, its first stage
//!   starts on that triage date. Triage can change only until a response, a panel, an outcome,
//!   a later stage or an Ombudsman enquiry is recorded; switching procedure starts the first
//!   stage again (extensions are dropped).
//! - Stage 3 has three deadlines; the panel report and council response are listed once the
//!   date they count from (the panel, the report) is recorded. A Stage 3 response needs the
//!   panel report first.
//! - The acknowledgement deadline is listed for statutory, corporate and not-yet-triaged cases
//!   and for representations; not for compliments, advocacy requests, signposted matters or
//!   safeguarding referrals, which follow other routes.
//! - A withdrawn or closed case must be reopened before anything else is recorded on it
//!   (including an outcome or an Ombudsman enquiry). Withdrawing leaves recorded outcomes alone.
//! - An Ombudsman enquiry can be recorded at any point (the Ombudsman decides what to look at).
//!   While it is open, stage moves are refused. A "premature" finding hands the case back to the
//!   council at the stage it was at; a later finding replaces an earlier one.
//! - Recording the same thing twice (same date, same value) is a no-op, so a repeated request is
//!   harmless; recording a different date over an existing one is refused. The one exception is
//!   [`Move::AddConcern`], which always adds (two concerns may share a category). Outcomes can be
//!   changed for the current stage.
//! - "More than a year" means the matter happened before the same date a year before receipt
//!   (29 February counts from 28 February).
//! - A deadline that was never met is *missed* if the case moved on (or was closed) after it
//!   fell due, and *not needed* if that happened before. Reopening brings back pending ones.
//! - RAG: red once the due date has passed; amber from [`Timescales::amber_within`] working days
//!   before it up to and including the due date itself; green before that.
//! - Moves refuse dates outside 1900–2999; a case received outside them, or a timescale above
//!   [`MAX_TIMESCALE_DAYS`], gives no deadline. So nothing here can panic on odd input.
//! - Beyond the suggested moves there are [`Move::PanelMet`] and [`Move::PanelReport`] (the
//!   Stage 3 deadlines count from them) and [`Move::RecordMatterDate`] (sets or clears the
//!   over-a-year flag); [`Move::Triage`] carries the signpost and [`Move::OmbudsmanFinding`] its
//!   date.
//!
//! Everything here is pure: callers pass in dates, nothing reads a clock.

use super::calendar::{add_working_days, working_days_between};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest timescale, in working days, that a deadline is worked out for (about four years).
pub const MAX_TIMESCALE_DAYS: u32 = 1000;
/// The most characters a concern's category may have.
pub const CATEGORY_MAX: usize = 100;
/// The most characters an extension reason may have.
pub const REASON_MAX: usize = 1000;

const EARLIEST_YEAR: i32 = 1900;
const LATEST_YEAR: i32 = 2999;

/// Statutory limits from the Regulations, used to check a council's settings.
const STATUTORY_STAGE1: u32 = 10;
const STATUTORY_STAGE1_MAX: u32 = 20;
const STATUTORY_REQUEST_WINDOW: u32 = 20;
const STATUTORY_STAGE2: u32 = 25;
const STATUTORY_STAGE2_MAX: u32 = 65;
const STATUTORY_STAGE3_PANEL: u32 = 30;
const STATUTORY_STAGE3_REPORT: u32 = 5;
const STATUTORY_STAGE3_RESPONSE: u32 = 15;

/// The timescales, in working days. The statutory ones are set by the Regulations (a council may
/// be quicker); the corporate ones are local.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timescales {
    /// Acknowledge a complaint this many working days after receipt.
    pub acknowledge: u32,
    /// Stage 1 response, from receipt.
    pub stage1: u32,
    /// Stage 1 response with an extension, from receipt.
    pub stage1_max: u32,
    /// The complainant asks for Stage 2 within this many days of the Stage 1 response.
    pub stage2_request_window: u32,
    /// Stage 2 response, from the request.
    pub stage2: u32,
    /// Stage 2 response with an extension, from the request.
    pub stage2_max: u32,
    /// The complainant asks for Stage 3 within this many days of the Stage 2 response.
    pub stage3_request_window: u32,
    /// The review panel meets within this many days of the Stage 3 request.
    pub stage3_panel: u32,
    /// The panel's report, from the day it met.
    pub stage3_report: u32,
    /// The council's response to the panel, from the report.
    pub stage3_response: u32,
    /// Corporate stage 1 response, from receipt.
    pub corporate1: u32,
    /// Corporate stage 1 with an extension (equal to `corporate1`: no extension).
    pub corporate1_max: u32,
    /// The complainant asks for corporate stage 2 within this many days of the stage 1 response.
    pub corporate2_request_window: u32,
    /// Corporate stage 2 response, from the request.
    pub corporate2: u32,
    /// Corporate stage 2 with an extension (equal to `corporate2`: no extension).
    pub corporate2_max: u32,
    /// A deadline is amber from this many working days before it is due.
    pub amber_within: u32,
}

impl Default for Timescales {
    fn default() -> Self {
        Timescales {
            acknowledge: 3,
            stage1: STATUTORY_STAGE1,
            stage1_max: STATUTORY_STAGE1_MAX,
            stage2_request_window: STATUTORY_REQUEST_WINDOW,
            stage2: STATUTORY_STAGE2,
            stage2_max: STATUTORY_STAGE2_MAX,
            stage3_request_window: STATUTORY_REQUEST_WINDOW,
            stage3_panel: STATUTORY_STAGE3_PANEL,
            stage3_report: STATUTORY_STAGE3_REPORT,
            stage3_response: STATUTORY_STAGE3_RESPONSE,
            corporate1: 15,
            corporate1_max: 15,
            corporate2_request_window: 20,
            corporate2: 20,
            corporate2_max: 20,
            amber_within: 2,
        }
    }
}

impl Timescales {
    /// What is wrong with these settings, in plain words; empty when they are fine. Settings with
    /// problems still work (nothing panics), but deadlines may not be what the law expects.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let statutory = [
            ("The Stage 1 response", self.stage1, STATUTORY_STAGE1),
            (
                "The extended Stage 1 response",
                self.stage1_max,
                STATUTORY_STAGE1_MAX,
            ),
            ("The Stage 2 response", self.stage2, STATUTORY_STAGE2),
            (
                "The extended Stage 2 response",
                self.stage2_max,
                STATUTORY_STAGE2_MAX,
            ),
            (
                "The review panel",
                self.stage3_panel,
                STATUTORY_STAGE3_PANEL,
            ),
            (
                "The review panel's report",
                self.stage3_report,
                STATUTORY_STAGE3_REPORT,
            ),
            (
                "The council's response to the panel",
                self.stage3_response,
                STATUTORY_STAGE3_RESPONSE,
            ),
        ];
        for (what, days, limit) in statutory {
            if days > limit {
                out.push(format!(
                    "{what} is set to {days} working days, longer than the {limit} the Regulations allow."
                ));
            }
        }
        let positive = [
            ("The acknowledgement", self.acknowledge),
            ("The Stage 1 response", self.stage1),
            ("The Stage 2 response", self.stage2),
            ("The review panel", self.stage3_panel),
            ("The review panel's report", self.stage3_report),
            ("The council's response to the panel", self.stage3_response),
            ("The corporate stage 1 response", self.corporate1),
            ("The corporate stage 2 response", self.corporate2),
            (
                "The window for asking for corporate stage 2",
                self.corporate2_request_window,
            ),
        ];
        for (what, days) in positive {
            if days == 0 {
                out.push(format!("{what} must be at least 1 working day."));
            }
        }
        let windows = [
            ("Stage 2", self.stage2_request_window),
            ("Stage 3", self.stage3_request_window),
        ];
        for (stage, days) in windows {
            if days < STATUTORY_REQUEST_WINDOW {
                out.push(format!(
                    "The window for asking for {stage} is {days} working days, shorter than the \
                     {STATUTORY_REQUEST_WINDOW} the Regulations give the complainant."
                ));
            }
        }
        let caps = [
            ("Stage 1", self.stage1, self.stage1_max),
            ("Stage 2", self.stage2, self.stage2_max),
            ("Corporate stage 1", self.corporate1, self.corporate1_max),
            ("Corporate stage 2", self.corporate2, self.corporate2_max),
        ];
        for (stage, days, max) in caps {
            if max < days {
                out.push(format!(
                    "{stage} can be extended to {max} working days, less than its usual {days}."
                ));
            }
        }
        let all = [
            self.acknowledge,
            self.stage1,
            self.stage1_max,
            self.stage2_request_window,
            self.stage2,
            self.stage2_max,
            self.stage3_request_window,
            self.stage3_panel,
            self.stage3_report,
            self.stage3_response,
            self.corporate1,
            self.corporate1_max,
            self.corporate2_request_window,
            self.corporate2,
            self.corporate2_max,
            self.amber_within,
        ];
        if all.iter().any(|d| *d > MAX_TIMESCALE_DAYS) {
            out.push(format!(
                "A timescale is longer than {MAX_TIMESCALE_DAYS} working days; no deadline is worked out for it."
            ));
        }
        out
    }
}

coded!(
    /// Which complaints procedure a complaint is handled under.
    Procedure {
        /// Children Act 1989 representations procedure: three stages.
        Statutory = "statutory" => "Children's statutory complaints procedure",
        /// The council's own procedure: two stages.
        Corporate = "corporate" => "Council corporate complaints procedure",
    }
);

impl Procedure {
    /// The stage a complaint under this procedure starts at.
    pub fn first_stage(self) -> Stage {
        match self {
            Procedure::Statutory => Stage::Stage1,
            Procedure::Corporate => Stage::Corporate1,
        }
    }
}

coded!(
    /// What a rights officer decides a message is.
    TriageDecision {
        Statutory = "statutory" => "Complaint under the children's statutory procedure",
        Corporate = "corporate" => "Complaint under the council's corporate procedure",
        Representation = "representation" => "Representation (no formal response wanted)",
        Compliment = "compliment" => "Compliment",
        Advocacy = "advocacy" => "Request for an advocate",
        OutsideScope = "outside_scope" => "Outside the complaints procedure (signposted)",
        Safeguarding = "safeguarding" => "Safeguarding referral made",
    }
);

impl TriageDecision {
    /// The complaints procedure this decision starts, if any.
    pub fn procedure(self) -> Option<Procedure> {
        match self {
            TriageDecision::Statutory => Some(Procedure::Statutory),
            TriageDecision::Corporate => Some(Procedure::Corporate),
            _ => None,
        }
    }
}

coded!(
    /// Where a matter outside the complaints procedure is sent.
    Signpost {
        Court = "court" => "The court (the matter is part of court proceedings)",
        School = "school" => "The school or academy",
        ChildProtectionConference = "child_protection_conference" => "The child protection conference",
        Other = "other" => "Somewhere else",
    }
);

coded!(
    /// A stage of a complaint.
    Stage {
        Stage1 = "stage1" => "Stage 1 (local resolution)",
        Stage2 = "stage2" => "Stage 2 (investigation)",
        Stage3 = "stage3" => "Stage 3 (review panel)",
        Corporate1 = "corporate1" => "Corporate stage 1",
        Corporate2 = "corporate2" => "Corporate stage 2",
        Ombudsman = "ombudsman" => "Local Government and Social Care Ombudsman",
    }
);

impl Stage {
    /// The procedure the stage belongs to; `None` for the Ombudsman.
    pub fn procedure(self) -> Option<Procedure> {
        match self {
            Stage::Stage1 | Stage::Stage2 | Stage::Stage3 => Some(Procedure::Statutory),
            Stage::Corporate1 | Stage::Corporate2 => Some(Procedure::Corporate),
            Stage::Ombudsman => None,
        }
    }

    /// The council's next stage; `None` after the last one (then it is the Ombudsman's turn).
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Stage1 => Some(Stage::Stage2),
            Stage::Stage2 => Some(Stage::Stage3),
            Stage::Corporate1 => Some(Stage::Corporate2),
            Stage::Stage3 | Stage::Corporate2 | Stage::Ombudsman => None,
        }
    }

    /// Working days for the response, from the stage's start; `None` for Stage 3 (which has
    /// three deadlines of its own) and the Ombudsman.
    pub fn response_days(self, t: &Timescales) -> Option<u32> {
        match self {
            Stage::Stage1 => Some(t.stage1),
            Stage::Stage2 => Some(t.stage2),
            Stage::Corporate1 => Some(t.corporate1),
            Stage::Corporate2 => Some(t.corporate2),
            Stage::Stage3 | Stage::Ombudsman => None,
        }
    }

    /// The longest the response may be extended to; `None` when it cannot be extended.
    pub fn max_days(self, t: &Timescales) -> Option<u32> {
        match self {
            Stage::Stage1 => Some(t.stage1_max),
            Stage::Stage2 => Some(t.stage2_max),
            Stage::Corporate1 => Some(t.corporate1_max),
            Stage::Corporate2 => Some(t.corporate2_max),
            Stage::Stage3 | Stage::Ombudsman => None,
        }
    }

    /// Working days, after the previous stage's response, the complainant has to ask for this
    /// stage; `None` for first stages and the Ombudsman.
    pub fn request_window(self, t: &Timescales) -> Option<u32> {
        match self {
            Stage::Stage2 => Some(t.stage2_request_window),
            Stage::Stage3 => Some(t.stage3_request_window),
            Stage::Corporate2 => Some(t.corporate2_request_window),
            Stage::Stage1 | Stage::Corporate1 | Stage::Ombudsman => None,
        }
    }
}

coded!(
    /// The outcome for one concern.
    Outcome {
        Upheld = "upheld" => "Upheld",
        PartlyUpheld = "partly_upheld" => "Partly upheld",
        NotUpheld = "not_upheld" => "Not upheld",
        Withdrawn = "withdrawn" => "Withdrawn",
        NotApplicable = "not_applicable" => "Not applicable",
    }
);

coded!(
    /// What the Ombudsman decided.
    OmbudsmanFinding {
        MaladministrationInjustice = "maladministration_injustice" => "Fault (maladministration) causing injustice",
        MaladministrationNoInjustice = "maladministration_no_injustice" => "Fault (maladministration) but no injustice",
        NoMaladministration = "no_maladministration" => "No fault (no maladministration)",
        LocalSettlement = "local_settlement" => "Local settlement (the council agreed to put it right)",
        NotInvestigated = "not_investigated" => "Not investigated",
        Premature = "premature" => "Premature: back to the council to finish its procedure",
        OutOfJurisdiction = "out_of_jurisdiction" => "Outside the Ombudsman's jurisdiction",
    }
);

impl OmbudsmanFinding {
    /// Whether the Ombudsman investigated (the seeds report investigations apart from enquiries
    /// closed without one).
    pub fn investigated(self) -> bool {
        match self {
            OmbudsmanFinding::MaladministrationInjustice
            | OmbudsmanFinding::MaladministrationNoInjustice
            | OmbudsmanFinding::NoMaladministration
            | OmbudsmanFinding::LocalSettlement => true,
            OmbudsmanFinding::NotInvestigated
            | OmbudsmanFinding::Premature
            | OmbudsmanFinding::OutOfJurisdiction => false,
        }
    }
}

/// The outcome of a whole complaint from its concerns' outcomes, as councils report it (one
/// line per complaint; `None` = still open):
/// - withdrawn (the complaint as a whole) → withdrawn, whatever its concerns say;
/// - no concern yet, or any concern undecided → still open;
/// - of the concerns that were decided on their merits (upheld, partly upheld, not upheld):
///   all upheld → upheld; some upheld or partly upheld → partly upheld; none → not upheld;
/// - no concern decided on its merits: all withdrawn → withdrawn, else not applicable.
pub fn complaint_outcome(
    concerns: impl IntoIterator<Item = Option<Outcome>>,
    withdrawn: bool,
) -> Option<Outcome> {
    if withdrawn {
        return Some(Outcome::Withdrawn);
    }
    let (mut any, mut upheld, mut partly, mut not_upheld, mut withdrawn_only) =
        (false, 0u32, 0u32, 0u32, true);
    for c in concerns {
        any = true;
        match c? {
            Outcome::Upheld => upheld += 1,
            Outcome::PartlyUpheld => partly += 1,
            Outcome::NotUpheld => not_upheld += 1,
            Outcome::Withdrawn => {}
            Outcome::NotApplicable => withdrawn_only = false,
        }
    }
    if !any {
        return None;
    }
    Some(match (upheld, partly, not_upheld) {
        (0, 0, 0) if withdrawn_only => Outcome::Withdrawn,
        (0, 0, 0) => Outcome::NotApplicable,
        (_, 0, 0) => Outcome::Upheld,
        (0, 0, _) => Outcome::NotUpheld,
        _ => Outcome::PartlyUpheld,
    })
}

coded!(
    /// Red, amber or green for a deadline.
    Rag {
        Red = "red" => "Overdue",
        Amber = "amber" => "Due soon",
        Green = "green" => "On track",
    }
);

coded!(
    /// Whether a case is still being worked on.
    CaseStatus {
        Open = "open" => "Open",
        Withdrawn = "withdrawn" => "Withdrawn",
        Closed = "closed" => "Closed",
    }
);

coded!(
    /// Which deadline this is.
    DeadlineKind {
        Acknowledge = "acknowledge" => "Acknowledge the complaint",
        Stage1Response = "stage1_response" => "Stage 1 response",
        Stage2Response = "stage2_response" => "Stage 2 investigation response",
        Stage3Panel = "stage3_panel" => "Review panel meets",
        Stage3Report = "stage3_report" => "Review panel report",
        Stage3Response = "stage3_response" => "Council's response to the review panel",
        Corporate1Response = "corporate1_response" => "Corporate stage 1 response",
        Corporate2Response = "corporate2_response" => "Corporate stage 2 response",
    }
);

impl DeadlineKind {
    /// The stage the deadline belongs to; `None` for the acknowledgement.
    pub fn stage(self) -> Option<Stage> {
        match self {
            DeadlineKind::Acknowledge => None,
            DeadlineKind::Stage1Response => Some(Stage::Stage1),
            DeadlineKind::Stage2Response => Some(Stage::Stage2),
            DeadlineKind::Stage3Panel
            | DeadlineKind::Stage3Report
            | DeadlineKind::Stage3Response => Some(Stage::Stage3),
            DeadlineKind::Corporate1Response => Some(Stage::Corporate1),
            DeadlineKind::Corporate2Response => Some(Stage::Corporate2),
        }
    }

    fn response_for(stage: Stage) -> Option<DeadlineKind> {
        match stage {
            Stage::Stage1 => Some(DeadlineKind::Stage1Response),
            Stage::Stage2 => Some(DeadlineKind::Stage2Response),
            Stage::Stage3 => Some(DeadlineKind::Stage3Response),
            Stage::Corporate1 => Some(DeadlineKind::Corporate1Response),
            Stage::Corporate2 => Some(DeadlineKind::Corporate2Response),
            Stage::Ombudsman => None,
        }
    }
}

coded!(
    /// How quickly a Stage 1 response was sent, for reports.
    Stage1Timeliness {
        Within10 = "within_10" => "Within 10 working days",
        Within20 = "within_20" => "In 11 to 20 working days",
        Over20 = "over_20" => "In more than 20 working days",
    }
);

impl Stage1Timeliness {
    /// The bucket for a response sent `working_days` after receipt (0 or less counts as
    /// within 10).
    pub fn of_working_days(working_days: i64) -> Self {
        if working_days <= 10 {
            Stage1Timeliness::Within10
        } else if working_days <= 20 {
            Stage1Timeliness::Within20
        } else {
            Stage1Timeliness::Over20
        }
    }

    /// The bucket for a complaint received on `received` and answered on `responded`.
    pub fn of(received: NaiveDate, responded: NaiveDate) -> Self {
        Self::of_working_days(stage1_working_days(received, responded))
    }
}

/// Working days from receipt to the Stage 1 response (the day of receipt is day 0); negative
/// if `responded` is before `received`.
pub fn stage1_working_days(received: NaiveDate, responded: NaiveDate) -> i64 {
    working_days_between(received, responded)
}

/// Whether something that happened on `matter` is more than a year old on `received`.
pub fn is_over_a_year(matter: NaiveDate, received: NaiveDate) -> bool {
    received
        .checked_sub_months(Months::new(12))
        .is_some_and(|year_before| matter < year_before)
}

/// Red, amber or green for a deadline due on `due`, seen on `today`: red once `today` is after
/// `due`; amber when `due` is at most [`Timescales::amber_within`] working days away (the due
/// day itself included); green otherwise.
pub fn rag(due: NaiveDate, today: NaiveDate, t: &Timescales) -> Rag {
    if today > due {
        return Rag::Red;
    }
    if t.amber_within > MAX_TIMESCALE_DAYS {
        // An absurd setting: everything not yet overdue is "soon".
        return Rag::Amber;
    }
    if !plausible(today) {
        // Far outside any real date: compare calendar days rather than walk the calendar.
        return if (due - today).num_days() <= i64::from(t.amber_within) {
            Rag::Amber
        } else {
            Rag::Green
        };
    }
    // Amber when working_days_between(today, due) <= amber_within, that is when due comes before
    // the (amber_within + 1)th working day after today. Worked out forwards from today, so a far
    // away due date costs nothing.
    if due < add_working_days(today, t.amber_within + 1) {
        Rag::Amber
    } else {
        Rag::Green
    }
}

/// The date `n` working days after `start`, or `None` for dates or timescales out of range
/// (so that [`add_working_days`] can never run off the end of the calendar).
/// A date within the years this procedure works with (1900–2999).
fn plausible(d: NaiveDate) -> bool {
    (EARLIEST_YEAR..=LATEST_YEAR).contains(&d.year())
}

fn due_date(start: NaiveDate, n: u32) -> Option<NaiveDate> {
    let plausible = (EARLIEST_YEAR..=LATEST_YEAR).contains(&start.year());
    (plausible && n <= MAX_TIMESCALE_DAYS).then(|| add_working_days(start, n))
}

/// "Wednesday 6 January 2027", for messages.
fn long(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// How a case was triaged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageRecord {
    pub decision: TriageDecision,
    /// Where it was sent; only for [`TriageDecision::OutsideScope`].
    pub signpost: Option<Signpost>,
    pub on: NaiveDate,
}

/// An extension of a stage's response time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The new total, in working days from the stage's start.
    pub to_days: u32,
    /// Why (for example: complex, or an advocate was asked for). The complainant is told.
    pub reason: String,
}

/// When the complainant asked for a stage, compared with the previous stage's response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestTiming {
    /// Working days from the previous response to the request.
    pub working_days: i64,
    /// The window that applied when the request was recorded.
    pub window: u32,
    /// More than `window` working days: accepted, but flagged.
    pub late: bool,
}

/// One stage of a complaint, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRecord {
    pub stage: Stage,
    /// Receipt for a first stage; the request date for later ones.
    pub started: NaiveDate,
    /// Only for later stages whose previous stage had responded.
    pub request: Option<RequestTiming>,
    /// Stage 2 only: the day the complaint was agreed with the complainant (the statement of
    /// complaint / terms of reference); its 25 (→ 65) working days run from here.
    #[serde(default)]
    pub agreed: Option<NaiveDate>,
    /// The previous stage had not responded when this one started.
    pub previous_unanswered: bool,
    /// Extensions in the order given; the last one applies.
    pub extensions: Vec<Extension>,
    /// Stage 2 only: who asked and what they are unhappy with (see [`Move::RequestStage2`]).
    #[serde(default)]
    pub ask: Option<Stage2Ask>,
    /// Stage 2 only: the request was declined, resolved another way or withdrawn.
    #[serde(default)]
    pub ending: Option<Stage2Ending>,
    /// Stage 3 only: the day the review panel met.
    pub panel_met: Option<NaiveDate>,
    /// Stage 3 only: the day the panel's report was sent.
    pub panel_report: Option<NaiveDate>,
    /// The stage's response (for Stage 3, the council's response to the panel).
    pub response_sent: Option<NaiveDate>,
}

impl StageRecord {
    fn new(stage: Stage, started: NaiveDate) -> Self {
        StageRecord {
            stage,
            started,
            request: None,
            agreed: None,
            previous_unanswered: false,
            extensions: Vec::new(),
            ask: None,
            ending: None,
            panel_met: None,
            panel_report: None,
            response_sent: None,
        }
    }

    /// The day the response time runs from: the agreed date for Stage 2 once recorded, else
    /// the stage's start.
    pub fn clock_start(&self) -> NaiveDate {
        self.agreed.unwrap_or(self.started)
    }

    /// The working days allowed for the response, extensions included; `None` for Stage 3.
    pub fn allowed_days(&self, t: &Timescales) -> Option<u32> {
        let base = self.stage.response_days(t)?;
        Some(self.extensions.last().map_or(base, |e| e.to_days))
    }

    /// The total the stage was extended to, if it was.
    pub fn extended_to(&self) -> Option<u32> {
        self.extensions.last().map(|e| e.to_days)
    }

    /// Why the stage was last extended, if it was.
    pub fn extension_reason(&self) -> Option<&str> {
        self.extensions.last().map(|e| e.reason.as_str())
    }

    /// Whether the request for this stage was late.
    pub fn late_request(&self) -> bool {
        self.request.is_some_and(|r| r.late)
    }
}

/// The outcome of one concern at one stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageOutcome {
    pub stage: Stage,
    pub outcome: Outcome,
}

/// One thing the complainant is unhappy about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concern {
    /// The council's category code for it (for example "placement" or "contact").
    pub category: String,
    /// One outcome per stage that recorded one, in stage order.
    pub outcomes: Vec<StageOutcome>,
}

impl Concern {
    /// The latest outcome.
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcomes.last().map(|o| o.outcome)
    }

    /// The outcome at `stage`.
    pub fn outcome_at(&self, stage: Stage) -> Option<Outcome> {
        self.outcomes
            .iter()
            .find(|o| o.stage == stage)
            .map(|o| o.outcome)
    }
}

/// An Ombudsman enquiry and what came of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmbudsmanRecord {
    pub enquiry_on: NaiveDate,
    pub finding: Option<OmbudsmanFinding>,
    pub finding_on: Option<NaiveDate>,
}

/// Something an officer should notice about a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flag {
    /// The matter happened more than a year before the complaint.
    OverAYear,
    /// The complainant asked for `stage` later than the usual window.
    LateRequest {
        stage: Stage,
        working_days: i64,
        window: u32,
    },
    /// `stage` started before the previous stage had responded.
    MovedOnWithoutResponse { stage: Stage },
}

impl Flag {
    /// Plain words for officers.
    pub fn message(&self) -> String {
        match *self {
            Flag::OverAYear => {
                "The matter happened more than a year before the complaint. \
                                It is still considered; the council may note why it was raised now."
                    .to_string()
            }
            Flag::LateRequest {
                stage,
                working_days,
                window,
            } => format!(
                "The request for {} came {working_days} working days after the previous \
                 response, later than the usual {window}. It was accepted.",
                stage.label()
            ),
            Flag::MovedOnWithoutResponse { stage } => format!(
                "{} started before the previous stage had responded.",
                stage.label()
            ),
        }
    }
}

/// Where a deadline stands, from what has been recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineStatus {
    /// Not done yet and still needed: see [`Deadline::rag`].
    Pending,
    /// Done on or before the due date.
    Met { on: NaiveDate },
    /// Done after the due date (overdue when it was done).
    Late {
        on: NaiveDate,
        working_days_late: i64,
    },
    /// Never done; the case moved on or was closed after it fell due.
    Missed,
    /// Never done; the case moved on or was closed before it fell due.
    NotNeeded,
}

impl DeadlineStatus {
    /// Plain words for officers.
    pub fn label(self) -> &'static str {
        match self {
            DeadlineStatus::Pending => "Due",
            DeadlineStatus::Met { .. } => "Met",
            DeadlineStatus::Late { .. } => "Met late",
            DeadlineStatus::Missed => "Missed",
            DeadlineStatus::NotNeeded => "No longer needed",
        }
    }

    fn of(due: NaiveDate, done: Option<NaiveDate>, stopped: Option<NaiveDate>) -> Self {
        match (done, stopped) {
            (Some(on), _) if on <= due => DeadlineStatus::Met { on },
            (Some(on), _) => DeadlineStatus::Late {
                on,
                working_days_late: working_days_between(due, on),
            },
            (None, Some(stopped)) if stopped > due => DeadlineStatus::Missed,
            (None, Some(_)) => DeadlineStatus::NotNeeded,
            (None, None) => DeadlineStatus::Pending,
        }
    }
}

/// A deadline on a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// The due date includes an extension.
    pub extended: bool,
    pub status: DeadlineStatus,
}

impl Deadline {
    /// Red, amber or green on `today`; `None` unless the deadline is pending.
    pub fn rag(&self, today: NaiveDate, t: &Timescales) -> Option<Rag> {
        (self.status == DeadlineStatus::Pending).then(|| rag(self.due, today, t))
    }
}

/// Until when the complainant can ask for the next stage without it being flagged late.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestWindow {
    pub next: Stage,
    pub response_sent: NaiveDate,
    pub until: NaiveDate,
}

/// A case as the complaints procedure sees it. Change it only with [`CaseState::apply`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseState {
    received: NaiveDate,
    matter_date: Option<NaiveDate>,
    over_a_year: bool,
    triage: Option<TriageRecord>,
    acknowledged: Option<NaiveDate>,
    /// The council's stages, in order; the last is the one being worked on.
    stages: Vec<StageRecord>,
    ombudsman: Vec<OmbudsmanRecord>,
    concerns: Vec<Concern>,
    status: CaseStatus,
    /// When the status last changed (for an open case: when it was reopened, if ever).
    status_on: Option<NaiveDate>,
}

mod case_state;
mod messages;
mod moves;
mod stage2_request;
mod steps;
pub use moves::{Move, MoveError};
pub use stage2_request::{
    Stage2Answer, Stage2Ask, Stage2DeclineReason, Stage2Ending, Stage2Resolution,
};
pub use steps::{Step, StepChoice};

#[cfg(test)]
mod tests;
