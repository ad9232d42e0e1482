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
//! - The Stage 2 clock runs from the day of the request (the guidance also allows the day the
//!   complaint's scope is agreed; we use the request so the date is never in doubt).
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

/// Something an officer records on a case. See [`CaseState::apply`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "move", rename_all = "snake_case")]
pub enum Move {
    /// Decide what the message is. `signpost` is needed for, and only for, outside scope.
    Triage {
        decision: TriageDecision,
        signpost: Option<Signpost>,
        on: NaiveDate,
    },
    /// The complainant was told we have the complaint.
    Acknowledge {
        on: NaiveDate,
    },
    /// Give the current stage `days` working days in total, for `reason`.
    Extend {
        days: u32,
        reason: String,
    },
    /// The current stage's response was sent (Stage 3: the council's response to the panel).
    RecordResponse {
        on: NaiveDate,
    },
    /// Stage 2: the complaint was agreed with the complainant (statement of complaint); the
    /// investigation's working days run from this day.
    Stage2Agreed {
        on: NaiveDate,
    },
    /// Stage 3: the review panel met.
    PanelMet {
        on: NaiveDate,
    },
    /// Stage 3: the panel's report was sent.
    PanelReport {
        on: NaiveDate,
    },
    /// The complainant asked for stage `to` (which must be the next one) on `on`.
    Escalate {
        to: Stage,
        on: NaiveDate,
    },
    /// Add a concern with the council's category code.
    AddConcern {
        category: String,
    },
    /// The outcome of concern number `concern` (counting from 0) at the current stage.
    RecordOutcome {
        concern: usize,
        outcome: Outcome,
    },
    /// When the matter complained about happened: sets or clears the over-a-year flag.
    RecordMatterDate {
        on: NaiveDate,
    },
    Withdraw {
        on: NaiveDate,
    },
    Close {
        on: NaiveDate,
    },
    Reopen {
        on: NaiveDate,
    },
    /// The Ombudsman got in touch about the complaint.
    OmbudsmanEnquiry {
        on: NaiveDate,
    },
    /// The Ombudsman's decision.
    OmbudsmanFinding {
        finding: OmbudsmanFinding,
        on: NaiveDate,
    },
}

/// Why a move was refused. [`MoveError::message`] gives the words for officers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoveError {
    NotTriaged,
    NotOpen {
        status: CaseStatus,
        since: Option<NaiveDate>,
    },
    AlreadyOpen,
    DateOutOfRange {
        on: NaiveDate,
    },
    /// `what` dated `on` would come before `after` (dated `earliest`).
    TooEarly {
        what: String,
        on: NaiveDate,
        after: String,
        earliest: NaiveDate,
    },
    AlreadyRecorded {
        what: String,
        on: NaiveDate,
    },
    SignpostMissing,
    SignpostNotExpected {
        decision: TriageDecision,
    },
    CannotRetriage,
    NoProcedure {
        decision: TriageDecision,
    },
    WrongNextStage {
        from: Stage,
        to: Stage,
    },
    LastStage {
        stage: Stage,
    },
    NeedsResponseFirst {
        stage: Stage,
    },
    EscalateToOmbudsman,
    AtOmbudsman,
    /// Stage 3 (and the Ombudsman) have no extensions.
    ExtensionNotAllowed {
        stage: Stage,
    },
    /// The council's corporate procedure allows no more than `days` for `stage`.
    CorporateExtensionOff {
        stage: Stage,
        days: u32,
    },
    ExtensionReasonMissing,
    ExtensionTooLong {
        stage: Stage,
        max: u32,
        already_at_max: bool,
    },
    ExtensionNotLonger {
        stage: Stage,
        current: u32,
    },
    ResponseAlreadySent {
        stage: Stage,
        on: NaiveDate,
    },
    NoSuchConcern {
        concern: usize,
        count: usize,
    },
    CategoryMissing,
    TooLong {
        what: &'static str,
        max: usize,
    },
    NotAtStage3,
    NotAtStage2,
    PanelNotMet,
    PanelReportMissing,
    NoOmbudsmanEnquiry,
    MatterAfterReceived {
        on: NaiveDate,
        received: NaiveDate,
    },
}

impl MoveError {
    /// Plain words for officers.
    pub fn message(&self) -> String {
        match self {
            MoveError::NotTriaged => "Triage this first: decide whether it is a statutory \
                                      complaint, a corporate complaint or something else."
                .to_string(),
            MoveError::NotOpen { status, since } => {
                let when = since.map(|d| format!(" on {}", long(d))).unwrap_or_default();
                match status {
                    CaseStatus::Withdrawn => format!(
                        "This case was withdrawn{when}. Reopen it first if the complainant has \
                         changed their mind."
                    ),
                    _ => format!(
                        "This case was closed{when}. Reopen it first to record anything else."
                    ),
                }
            }
            MoveError::AlreadyOpen => "This case is already open.".to_string(),
            MoveError::DateOutOfRange { on } => {
                format!("{on} does not look like a real date for a complaint. Check the year.")
            }
            MoveError::TooEarly {
                what,
                on,
                after,
                earliest,
            } => format!(
                "{what} can't be dated {}: that is before {after} ({}).",
                long(*on),
                long(*earliest)
            ),
            MoveError::AlreadyRecorded { what, on } => format!(
                "{what} is already recorded, dated {}. It can't be recorded again with another date.",
                long(*on)
            ),
            MoveError::SignpostMissing => {
                "Say where the matter was signposted to (for example the court or the school)."
                    .to_string()
            }
            MoveError::SignpostNotExpected { decision } => format!(
                "A signpost is only for matters outside the complaints procedure, not for \"{}\".",
                decision.label()
            ),
            MoveError::CannotRetriage => "This case already has a response, a panel, an outcome, \
                                          a later stage or an Ombudsman enquiry recorded, so its \
                                          triage can no longer change."
                .to_string(),
            MoveError::NoProcedure { decision } => format!(
                "Only statutory and corporate complaints have stages, responses and outcomes. \
                 This was triaged as: {}.",
                decision.label()
            ),
            MoveError::WrongNextStage { from, to } => wrong_next_stage(*from, *to),
            MoveError::LastStage { stage } => format!(
                "{} is the last stage of the council's procedure. If the complainant is still \
                 unhappy they can go to the Local Government and Social Care Ombudsman.",
                stage.label()
            ),
            MoveError::NeedsResponseFirst { stage } => format!(
                "The next stage reviews the {} response: record that response first. Without \
                 one, the complainant can go to the Ombudsman.",
                stage.label()
            ),
            MoveError::EscalateToOmbudsman => "The Ombudsman decides whether to look at a \
                                               complaint: record an Ombudsman enquiry when they \
                                               get in touch."
                .to_string(),
            MoveError::AtOmbudsman => "The Ombudsman is looking at this complaint. Record the \
                                       Ombudsman's finding; if it is \"premature\" the council's \
                                       procedure carries on."
                .to_string(),
            MoveError::ExtensionNotAllowed { stage } => {
                format!("{} timescales can't be extended.", stage.label())
            }
            MoveError::CorporateExtensionOff { stage, days } => format!(
                "{} can't be extended: the council's corporate procedure allows {days} working \
                 days. (The limit can be raised in the settings.)",
                stage.label()
            ),
            MoveError::ExtensionReasonMissing => "Write down why more time is needed (for \
                                                  example: the complaint is complex, or an \
                                                  advocate has been asked for). The complainant \
                                                  must be told."
                .to_string(),
            MoveError::ExtensionTooLong {
                stage,
                max,
                already_at_max: true,
            } => format!(
                "{} has already been extended to its limit of {max} working days; it can't be \
                 extended again.",
                stage.label()
            ),
            MoveError::ExtensionTooLong { stage, max, .. } => format!(
                "{} can be extended to at most {max} working days in total.",
                stage.label()
            ),
            MoveError::ExtensionNotLonger { stage, current } => format!(
                "{} already has {current} working days; an extension must give more time than that.",
                stage.label()
            ),
            MoveError::ResponseAlreadySent { stage, on } => format!(
                "The {} response was already sent on {}.",
                stage.label(),
                long(*on)
            ),
            MoveError::NoSuchConcern { concern, count } => format!(
                "There is no concern number {} (this complaint has {count}).",
                concern.saturating_add(1)
            ),
            MoveError::CategoryMissing => "Choose a category for the concern.".to_string(),
            MoveError::TooLong { what, max } => {
                format!("{what} is too long: keep it to {max} characters.")
            }
            MoveError::NotAtStage3 => {
                "Only a Stage 3 complaint has a review panel.".to_string()
            }
            MoveError::NotAtStage2 => {
                "Only a Stage 2 complaint is agreed with the complainant before the investigation."
                    .to_string()
            }
            MoveError::PanelNotMet => {
                "Record the day the review panel met first.".to_string()
            }
            MoveError::PanelReportMissing => {
                "Record the review panel's report first: the council responds to it.".to_string()
            }
            MoveError::NoOmbudsmanEnquiry => {
                "Record the Ombudsman's enquiry before the finding.".to_string()
            }
            MoveError::MatterAfterReceived { on, received } => format!(
                "The matter can't have happened on {}, after the complaint arrived ({}).",
                long(*on),
                long(*received)
            ),
        }
    }
}

fn wrong_next_stage(from: Stage, to: Stage) -> String {
    match (from.procedure(), to.procedure()) {
        (Some(Procedure::Corporate), Some(Procedure::Statutory)) => format!(
            "This is a corporate complaint: it has two stages and then the Ombudsman, so it \
             can't go to {}. Triage it again as statutory only if no response has been sent.",
            to.label()
        ),
        (Some(Procedure::Statutory), Some(Procedure::Corporate)) => format!(
            "This complaint is under the children's statutory procedure, so it can't go to {}.",
            to.label()
        ),
        _ if to <= from => format!("This complaint is already at {}.", from.label()),
        _ => match from.next() {
            Some(next) => format!(
                "{} comes after {}: this complaint is at {}. Move it to {} first.",
                to.label(),
                next.label(),
                from.label(),
                next.label()
            ),
            None => format!("{} has no later stage.", from.label()),
        },
    }
}

impl fmt::Display for MoveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for MoveError {}

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

impl CaseState {
    /// A new, open, untriaged case received on `received`. `over_a_year` comes from what the
    /// complainant said (see also [`Move::RecordMatterDate`]).
    pub fn new(received: NaiveDate, over_a_year: bool) -> Self {
        CaseState {
            received,
            matter_date: None,
            over_a_year,
            triage: None,
            acknowledged: None,
            stages: Vec::new(),
            ombudsman: Vec::new(),
            concerns: Vec::new(),
            status: CaseStatus::Open,
            status_on: None,
        }
    }

    pub fn received(&self) -> NaiveDate {
        self.received
    }

    pub fn matter_date(&self) -> Option<NaiveDate> {
        self.matter_date
    }

    /// The matter is more than a year old (flagged, never refused).
    pub fn over_a_year(&self) -> bool {
        self.over_a_year
    }

    pub fn triage(&self) -> Option<&TriageRecord> {
        self.triage.as_ref()
    }

    pub fn decision(&self) -> Option<TriageDecision> {
        self.triage.as_ref().map(|t| t.decision)
    }

    pub fn procedure(&self) -> Option<Procedure> {
        self.decision().and_then(TriageDecision::procedure)
    }

    pub fn acknowledged(&self) -> Option<NaiveDate> {
        self.acknowledged
    }

    /// Every stage started, in order.
    pub fn stages(&self) -> &[StageRecord] {
        &self.stages
    }

    /// The council stage being worked on (the last one started).
    pub fn current_record(&self) -> Option<&StageRecord> {
        self.stages.last()
    }

    /// Where the case is: the Ombudsman while an enquiry is open (not found premature),
    /// otherwise the council's current stage; `None` before a complaint stage starts.
    pub fn stage(&self) -> Option<Stage> {
        if self.ombudsman_active() {
            Some(Stage::Ombudsman)
        } else {
            self.stages.last().map(|s| s.stage)
        }
    }

    pub fn ombudsman(&self) -> &[OmbudsmanRecord] {
        &self.ombudsman
    }

    pub fn concerns(&self) -> &[Concern] {
        &self.concerns
    }

    pub fn status(&self) -> CaseStatus {
        self.status
    }

    /// When the status last changed (for an open case, when it was reopened).
    pub fn status_on(&self) -> Option<NaiveDate> {
        self.status_on
    }

    /// The stages that were asked for late.
    pub fn late_requests(&self) -> Vec<Stage> {
        self.stages
            .iter()
            .filter(|s| s.late_request())
            .map(|s| s.stage)
            .collect()
    }

    /// What an officer should notice.
    pub fn flags(&self) -> Vec<Flag> {
        let mut out = Vec::new();
        if self.over_a_year {
            out.push(Flag::OverAYear);
        }
        for s in &self.stages {
            if let Some(r) = s.request.filter(|r| r.late) {
                out.push(Flag::LateRequest {
                    stage: s.stage,
                    working_days: r.working_days,
                    window: r.window,
                });
            }
            if s.previous_unanswered {
                out.push(Flag::MovedOnWithoutResponse { stage: s.stage });
            }
        }
        out
    }

    /// Until when the complainant can ask for the council's next stage without being late;
    /// `None` when the current stage has not responded or there is no next council stage.
    pub fn request_window(&self, t: &Timescales) -> Option<RequestWindow> {
        if self.ombudsman_active() {
            return None;
        }
        let rec = self.stages.last()?;
        let response_sent = rec.response_sent?;
        let next = rec.stage.next()?;
        let until = due_date(response_sent, next.request_window(t)?)?;
        Some(RequestWindow {
            next,
            response_sent,
            until,
        })
    }

    /// Every deadline that applies, in order, with where it stands given what was recorded.
    pub fn deadlines(&self, t: &Timescales) -> Vec<Deadline> {
        let closed_on = match self.status {
            CaseStatus::Open => None,
            CaseStatus::Withdrawn | CaseStatus::Closed => self.status_on,
        };
        let mut out = Vec::new();
        let mut push = |kind, due: Option<NaiveDate>, done, stopped, extended| {
            if let Some(due) = due {
                out.push(Deadline {
                    kind,
                    due,
                    extended,
                    status: DeadlineStatus::of(due, done, stopped),
                });
            }
        };
        if self.acknowledgement_applies() {
            push(
                DeadlineKind::Acknowledge,
                due_date(self.received, t.acknowledge),
                self.acknowledged,
                closed_on,
                false,
            );
        }
        for (i, rec) in self.stages.iter().enumerate() {
            let stopped = self.stages.get(i + 1).map(|n| n.started).or(closed_on);
            if rec.stage == Stage::Stage3 {
                push(
                    DeadlineKind::Stage3Panel,
                    due_date(rec.started, t.stage3_panel),
                    rec.panel_met,
                    stopped,
                    false,
                );
                if let Some(met) = rec.panel_met {
                    push(
                        DeadlineKind::Stage3Report,
                        due_date(met, t.stage3_report),
                        rec.panel_report,
                        stopped,
                        false,
                    );
                }
                if let Some(report) = rec.panel_report {
                    push(
                        DeadlineKind::Stage3Response,
                        due_date(report, t.stage3_response),
                        rec.response_sent,
                        stopped,
                        false,
                    );
                }
            } else if let (Some(kind), Some(days)) =
                (DeadlineKind::response_for(rec.stage), rec.allowed_days(t))
            {
                push(
                    kind,
                    due_date(rec.clock_start(), days),
                    rec.response_sent,
                    stopped,
                    !rec.extensions.is_empty(),
                );
            }
        }
        out
    }

    /// The pending deadline due soonest; `None` when there is none or the case is not open.
    pub fn next_deadline(&self, t: &Timescales) -> Option<Deadline> {
        if self.status != CaseStatus::Open {
            return None;
        }
        self.deadlines(t)
            .into_iter()
            .filter(|d| d.status == DeadlineStatus::Pending)
            .min_by_key(|d| d.due)
    }

    /// The case after `mv`, or why `mv` is refused. `self` is never changed; repeating a move
    /// that is already recorded returns the same state.
    pub fn apply(&self, mv: Move, t: &Timescales) -> Result<CaseState, MoveError> {
        match mv {
            Move::Triage {
                decision,
                signpost,
                on,
            } => self.triage_move(decision, signpost, on),
            Move::Acknowledge { on } => {
                self.require_open()?;
                self.check_date(on, "The acknowledgement")?;
                match self.acknowledged {
                    Some(done) if done == on => Ok(self.clone()),
                    Some(done) => Err(MoveError::AlreadyRecorded {
                        what: "The acknowledgement".to_string(),
                        on: done,
                    }),
                    None => {
                        let mut next = self.clone();
                        next.acknowledged = Some(on);
                        Ok(next)
                    }
                }
            }
            Move::Extend { days, reason } => self.extend(days, &reason, t),
            Move::RecordResponse { on } => self.record_response(on),
            Move::Stage2Agreed { on } => self.stage2_agreed(on),
            Move::PanelMet { on } => self.panel_met(on),
            Move::PanelReport { on } => self.panel_report(on),
            Move::Escalate { to, on } => self.escalate(to, on, t),
            Move::AddConcern { category } => {
                self.require_open()?;
                let category = category.trim();
                if category.is_empty() {
                    return Err(MoveError::CategoryMissing);
                }
                if category.chars().count() > CATEGORY_MAX {
                    return Err(MoveError::TooLong {
                        what: "The category",
                        max: CATEGORY_MAX,
                    });
                }
                let mut next = self.clone();
                next.concerns.push(Concern {
                    category: category.to_string(),
                    outcomes: Vec::new(),
                });
                Ok(next)
            }
            Move::RecordOutcome { concern, outcome } => self.record_outcome(concern, outcome),
            Move::RecordMatterDate { on } => {
                self.require_open()?;
                if !plausible(on) {
                    return Err(MoveError::DateOutOfRange { on });
                }
                if on > self.received {
                    return Err(MoveError::MatterAfterReceived {
                        on,
                        received: self.received,
                    });
                }
                let mut next = self.clone();
                next.matter_date = Some(on);
                next.over_a_year = is_over_a_year(on, self.received);
                Ok(next)
            }
            Move::Withdraw { on } => self.set_status(CaseStatus::Withdrawn, on),
            Move::Close { on } => self.set_status(CaseStatus::Closed, on),
            Move::Reopen { on } => self.reopen(on),
            Move::OmbudsmanEnquiry { on } => self.ombudsman_enquiry(on),
            Move::OmbudsmanFinding { finding, on } => self.ombudsman_finding(finding, on),
        }
    }

    fn ombudsman_active(&self) -> bool {
        self.ombudsman
            .last()
            .is_some_and(|o| o.finding != Some(OmbudsmanFinding::Premature))
    }

    fn acknowledgement_applies(&self) -> bool {
        matches!(
            self.decision(),
            None | Some(
                TriageDecision::Statutory
                    | TriageDecision::Corporate
                    | TriageDecision::Representation
            )
        )
    }

    fn require_open(&self) -> Result<(), MoveError> {
        match self.status {
            CaseStatus::Open => Ok(()),
            status => Err(MoveError::NotOpen {
                status,
                since: self.status_on,
            }),
        }
    }

    /// `on` is a plausible date, not before the complaint arrived.
    fn check_date(&self, on: NaiveDate, what: &str) -> Result<(), MoveError> {
        if !plausible(on) {
            return Err(MoveError::DateOutOfRange { on });
        }
        not_before(on, what, self.received, "the complaint arrived")
    }

    /// The council stage moves act on: refused before triage, for decisions without stages
    /// and while the Ombudsman is looking at the complaint.
    fn working_stage(&self) -> Result<&StageRecord, MoveError> {
        let decision = self.decision().ok_or(MoveError::NotTriaged)?;
        if self.ombudsman_active() {
            return Err(MoveError::AtOmbudsman);
        }
        self.stages
            .last()
            .ok_or(MoveError::NoProcedure { decision })
    }

    fn with_working_stage(&self, rec: StageRecord) -> CaseState {
        let mut next = self.clone();
        if let Some(last) = next.stages.last_mut() {
            *last = rec;
        }
        next
    }

    fn triage_move(
        &self,
        decision: TriageDecision,
        signpost: Option<Signpost>,
        on: NaiveDate,
    ) -> Result<CaseState, MoveError> {
        self.require_open()?;
        self.check_date(on, "The triage")?;
        match (decision, signpost) {
            (TriageDecision::OutsideScope, None) => return Err(MoveError::SignpostMissing),
            (TriageDecision::OutsideScope, Some(_)) | (_, None) => {}
            (decision, Some(_)) => return Err(MoveError::SignpostNotExpected { decision }),
        }
        let record = TriageRecord {
            decision,
            signpost,
            on,
        };
        if self.triage.as_ref() == Some(&record) {
            return Ok(self.clone());
        }
        let settled = self.stages.len() > 1
            || self.stages.iter().any(|s| {
                s.response_sent.is_some() || s.panel_met.is_some() || s.panel_report.is_some()
            })
            || !self.ombudsman.is_empty()
            || self.concerns.iter().any(|c| !c.outcomes.is_empty());
        if self.triage.is_some() && settled {
            return Err(MoveError::CannotRetriage);
        }
        let old = self.triage.as_ref().map(|r| r.decision.procedure());
        let new = decision.procedure();
        let mut next = self.clone();
        if old != Some(new) {
            next.stages = match new {
                None => Vec::new(),
                Some(procedure) => {
                    // The clock runs from receipt, unless this only became a complaint now.
                    let started = match old {
                        Some(None) => on,
                        _ => self.received,
                    };
                    vec![StageRecord::new(procedure.first_stage(), started)]
                }
            };
        }
        next.triage = Some(record);
        Ok(next)
    }

    fn extend(&self, days: u32, reason: &str, t: &Timescales) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        let stage = rec.stage;
        if let Some(on) = rec.response_sent {
            return Err(MoveError::ResponseAlreadySent { stage, on });
        }
        let (Some(current), Some(max)) = (rec.allowed_days(t), stage.max_days(t)) else {
            return Err(MoveError::ExtensionNotAllowed { stage });
        };
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(MoveError::ExtensionReasonMissing);
        }
        if reason.chars().count() > REASON_MAX {
            return Err(MoveError::TooLong {
                what: "The reason",
                max: REASON_MAX,
            });
        }
        if rec
            .extensions
            .last()
            .is_some_and(|e| e.to_days == days && e.reason == reason)
        {
            return Ok(self.clone());
        }
        let base = stage.response_days(t).unwrap_or(current);
        if max <= base && stage.procedure() == Some(Procedure::Corporate) {
            return Err(MoveError::CorporateExtensionOff { stage, days: base });
        }
        if days > max {
            return Err(MoveError::ExtensionTooLong {
                stage,
                max,
                already_at_max: current >= max,
            });
        }
        if days <= current {
            return Err(MoveError::ExtensionNotLonger { stage, current });
        }
        let mut rec = rec.clone();
        rec.extensions.push(Extension {
            to_days: days,
            reason: reason.to_string(),
        });
        Ok(self.with_working_stage(rec))
    }

    fn record_response(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        let what = format!("The {} response", rec.stage.label());
        self.check_date(on, &what)?;
        not_before(
            on,
            &what,
            rec.started,
            &format!("{} started", rec.stage.label()),
        )?;
        if rec.stage == Stage::Stage3 {
            let report = rec.panel_report.ok_or(MoveError::PanelReportMissing)?;
            not_before(on, &what, report, "the review panel's report")?;
        }
        match rec.response_sent {
            Some(done) if done == on => Ok(self.clone()),
            Some(done) => Err(MoveError::AlreadyRecorded { what, on: done }),
            None => {
                let mut rec = rec.clone();
                rec.response_sent = Some(on);
                Ok(self.with_working_stage(rec))
            }
        }
    }

    fn stage2_agreed(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        if rec.stage != Stage::Stage2 {
            return Err(MoveError::NotAtStage2);
        }
        let what = "The agreed complaint";
        self.check_date(on, what)?;
        not_before(on, what, rec.started, "Stage 2 was asked for")?;
        match rec.agreed {
            Some(done) if done == on => Ok(self.clone()),
            Some(done) => Err(MoveError::AlreadyRecorded {
                what: what.to_string(),
                on: done,
            }),
            None => {
                let mut rec = rec.clone();
                rec.agreed = Some(on);
                Ok(self.with_working_stage(rec))
            }
        }
    }

    fn panel_met(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        if rec.stage != Stage::Stage3 {
            return Err(MoveError::NotAtStage3);
        }
        let what = "The review panel";
        self.check_date(on, what)?;
        not_before(on, what, rec.started, "Stage 3 was asked for")?;
        match rec.panel_met {
            Some(done) if done == on => Ok(self.clone()),
            Some(done) => Err(MoveError::AlreadyRecorded {
                what: what.to_string(),
                on: done,
            }),
            None => {
                let mut rec = rec.clone();
                rec.panel_met = Some(on);
                Ok(self.with_working_stage(rec))
            }
        }
    }

    fn panel_report(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        if rec.stage != Stage::Stage3 {
            return Err(MoveError::NotAtStage3);
        }
        let met = rec.panel_met.ok_or(MoveError::PanelNotMet)?;
        let what = "The review panel's report";
        self.check_date(on, what)?;
        not_before(on, what, met, "the panel met")?;
        match rec.panel_report {
            Some(done) if done == on => Ok(self.clone()),
            Some(done) => Err(MoveError::AlreadyRecorded {
                what: what.to_string(),
                on: done,
            }),
            None => {
                let mut rec = rec.clone();
                rec.panel_report = Some(on);
                Ok(self.with_working_stage(rec))
            }
        }
    }

    fn escalate(&self, to: Stage, on: NaiveDate, t: &Timescales) -> Result<CaseState, MoveError> {
        self.require_open()?;
        if to == Stage::Ombudsman {
            return Err(MoveError::EscalateToOmbudsman);
        }
        let what = format!("The request for {}", to.label());
        self.check_date(on, &what)?;
        let rec = self.working_stage()?;
        if rec.stage == to && rec.started == on {
            return Ok(self.clone());
        }
        match rec.stage.next() {
            Some(next) if next == to => {}
            None if to.procedure() == rec.stage.procedure() => {
                return Err(MoveError::LastStage { stage: rec.stage })
            }
            _ => {
                return Err(MoveError::WrongNextStage {
                    from: rec.stage,
                    to,
                })
            }
        }
        not_before(
            on,
            &what,
            rec.started,
            &format!("{} started", rec.stage.label()),
        )?;
        let mut new = StageRecord::new(to, on);
        match rec.response_sent {
            Some(response) => {
                not_before(
                    on,
                    &what,
                    response,
                    &format!("the {} response", rec.stage.label()),
                )?;
                let working_days = working_days_between(response, on);
                let window = to.request_window(t).unwrap_or(STATUTORY_REQUEST_WINDOW);
                new.request = Some(RequestTiming {
                    working_days,
                    window,
                    late: working_days > i64::from(window),
                });
            }
            None if to == Stage::Stage3 => {
                return Err(MoveError::NeedsResponseFirst { stage: rec.stage })
            }
            None => new.previous_unanswered = true,
        }
        let mut next = self.clone();
        next.stages.push(new);
        Ok(next)
    }

    fn record_outcome(&self, concern: usize, outcome: Outcome) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let stage = self.working_stage()?.stage;
        let count = self.concerns.len();
        let mut next = self.clone();
        let c = next
            .concerns
            .get_mut(concern)
            .ok_or(MoveError::NoSuchConcern { concern, count })?;
        match c.outcomes.iter_mut().find(|o| o.stage == stage) {
            Some(existing) => existing.outcome = outcome,
            None => c.outcomes.push(StageOutcome { stage, outcome }),
        }
        Ok(next)
    }

    fn set_status(&self, status: CaseStatus, on: NaiveDate) -> Result<CaseState, MoveError> {
        if self.status == status && self.status_on == Some(on) {
            return Ok(self.clone());
        }
        self.require_open()?;
        let what = match status {
            CaseStatus::Withdrawn => "The withdrawal",
            _ => "The closure",
        };
        self.check_date(on, what)?;
        if let Some(reopened) = self.status_on {
            not_before(on, what, reopened, "the case was reopened")?;
        }
        let mut next = self.clone();
        next.status = status;
        next.status_on = Some(on);
        Ok(next)
    }

    fn reopen(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        if self.status == CaseStatus::Open {
            return if self.status_on == Some(on) {
                Ok(self.clone())
            } else {
                Err(MoveError::AlreadyOpen)
            };
        }
        let what = "Reopening";
        self.check_date(on, what)?;
        if let Some(since) = self.status_on {
            let after = match self.status {
                CaseStatus::Withdrawn => "the case was withdrawn",
                _ => "the case was closed",
            };
            not_before(on, what, since, after)?;
        }
        let mut next = self.clone();
        next.status = CaseStatus::Open;
        next.status_on = Some(on);
        Ok(next)
    }

    fn ombudsman_enquiry(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let what = "The Ombudsman enquiry";
        self.check_date(on, what)?;
        if let Some(last) = self.ombudsman.last() {
            if self.ombudsman_active() {
                return if last.enquiry_on == on {
                    Ok(self.clone())
                } else {
                    Err(MoveError::AlreadyRecorded {
                        what: what.to_string(),
                        on: last.enquiry_on,
                    })
                };
            }
            not_before(on, what, last.enquiry_on, "the last Ombudsman enquiry")?;
        }
        let mut next = self.clone();
        next.ombudsman.push(OmbudsmanRecord {
            enquiry_on: on,
            finding: None,
            finding_on: None,
        });
        Ok(next)
    }

    fn ombudsman_finding(
        &self,
        finding: OmbudsmanFinding,
        on: NaiveDate,
    ) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let what = "The Ombudsman's finding";
        self.check_date(on, what)?;
        let last = self.ombudsman.last().ok_or(MoveError::NoOmbudsmanEnquiry)?;
        not_before(on, what, last.enquiry_on, "the Ombudsman's enquiry")?;
        let mut next = self.clone();
        if let Some(record) = next.ombudsman.last_mut() {
            record.finding = Some(finding);
            record.finding_on = Some(on);
        }
        Ok(next)
    }
}

fn plausible(d: NaiveDate) -> bool {
    (EARLIEST_YEAR..=LATEST_YEAR).contains(&d.year())
}

fn not_before(
    on: NaiveDate,
    what: &str,
    earliest: NaiveDate,
    after: &str,
) -> Result<(), MoveError> {
    if on < earliest {
        Err(MoveError::TooEarly {
            what: what.to_string(),
            on,
            after: after.to_string(),
            earliest,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
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
                let mv = match rng.next(16) {
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
}
