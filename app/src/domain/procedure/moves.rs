//! What an officer can do to a case ([`Move`]) and why it can be refused ([`MoveError`]).

use super::*;

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
    /// The complainant (`by`) asked for Stage 2 on `on`, still unhappy with `unhappy_with`.
    /// Like [`Move::Escalate`] to Stage 2, with who and why.
    RequestStage2 {
        on: NaiveDate,
        by: crate::domain::submission::Who,
        unhappy_with: String,
    },
    /// The Stage 2 request was declined, resolved another way or withdrawn (accepting it is
    /// [`Move::Stage2Agreed`]).
    EndStage2Request {
        ending: Stage2Ending,
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
    /// The Stage 2 request ended (`ending`, on `on`) without an investigation.
    Stage2NotInvestigated {
        ending: String,
        on: NaiveDate,
    },
    /// The Stage 2 complaint was agreed on `on`: the investigation goes ahead.
    Stage2AlreadyAgreed {
        on: NaiveDate,
    },
    /// A decline needs the detail the complainant is told.
    DeclineDetailMissing,
    /// A Stage 2 request says what the complainant is still unhappy with.
    Stage2WhatMissing,
    PanelNotMet,
    PanelReportMissing,
    NoOmbudsmanEnquiry,
    MatterAfterReceived {
        on: NaiveDate,
        received: NaiveDate,
    },
}
