//! Stage 2 requests: the complainant asks for an investigation ([`Move::RequestStage2`]: when,
//! who, what they are still unhappy with), then exactly one of:
//! - **accepted**: the complaint is agreed with the complainant (terms of reference signed off,
//!   [`Move::Stage2Agreed`]); the 25 (→ 65) working days run from that day;
//! - **declined**, for a reason the statutory guidance allows ([`Stage2DeclineReason`]), with
//!   the detail and the date of the letter that told the complainant. There is no "other"
//!   reason: a refusal without a lawful reason cannot be expressed;
//! - **resolved another way** (a meeting, mediation, a further Stage 1 response);
//! - **withdrawn** by the complainant.
//!
//! The last three are a [`Stage2Ending`] ([`Move::EndStage2Request`]): no investigation takes
//! place, so the Stage 2 response cannot be recorded, extended or escalated to Stage 3 (the
//! complainant can go to the Ombudsman), and the Stage 2 deadline stops on the ending's date.
//! The request is the Stage 2 record itself (its start is the request date), so the request
//! window, the late-request flag and the deadlines work as for any stage.

use super::*;
use crate::domain::submission::Who;

coded!(
    /// Why a council may decline to investigate at Stage 2, following "Getting the Best from
    /// Complaints" (2006) and the Regulations. Deliberately no "other": anything else must be
    /// investigated.
    Stage2DeclineReason {
        OutOfTime = "out_of_time" => "Asked for after the time limit, with no good reason for the delay",
        AlreadyConsidered = "already_considered" => "Already considered at Stage 2",
        CourtProceedings = "court_proceedings" => "The subject of court or tribunal proceedings",
        CriminalInvestigation = "criminal_investigation" => "Would prejudice a criminal investigation or prosecution",
        NotEligible = "not_eligible" => "Not made by or for someone entitled to use the children's procedure",
    }
);

coded!(
    /// How a Stage 2 request was resolved without an investigation.
    Stage2Resolution {
        Meeting = "meeting" => "A meeting with the complainant",
        Mediation = "mediation" => "Mediation",
        FurtherStage1Response = "further_stage1_response" => "A further Stage 1 response",
    }
);

/// Who asked for Stage 2 and what they are still unhappy with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage2Ask {
    pub by: Who,
    pub unhappy_with: String,
}

/// A Stage 2 request that ended without an investigation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ending", rename_all = "snake_case")]
pub enum Stage2Ending {
    /// Declined for a lawful reason; the complainant was told by letter on `letter_on`.
    Declined {
        reason: Stage2DeclineReason,
        detail: String,
        letter_on: NaiveDate,
    },
    ResolvedOtherwise {
        how: Stage2Resolution,
        on: NaiveDate,
    },
    Withdrawn {
        on: NaiveDate,
    },
}

impl Stage2Ending {
    /// The day it ended (for a decline, the letter's date).
    pub fn on(&self) -> NaiveDate {
        match self {
            Stage2Ending::Declined { letter_on, .. } => *letter_on,
            Stage2Ending::ResolvedOtherwise { on, .. } | Stage2Ending::Withdrawn { on } => *on,
        }
    }

    /// Plain words for officers.
    pub fn label(&self) -> String {
        match self {
            Stage2Ending::Declined { reason, .. } => format!("Declined: {}", reason.label()),
            Stage2Ending::ResolvedOtherwise { how, .. } => {
                format!("Resolved another way: {}", how.label())
            }
            Stage2Ending::Withdrawn { .. } => "Withdrawn by the complainant".to_string(),
        }
    }
}

/// What became of a Stage 2 request, as the report counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", content = "why", rename_all = "snake_case")]
pub enum Stage2Answer {
    Awaiting,
    Accepted,
    Declined(Stage2DeclineReason),
    ResolvedOtherwise(Stage2Resolution),
    Withdrawn,
}

impl StageRecord {
    /// For a Stage 2 record: where the request stands.
    pub fn stage2_answer(&self) -> Stage2Answer {
        match (&self.ending, self.agreed) {
            (Some(Stage2Ending::Declined { reason, .. }), _) => Stage2Answer::Declined(*reason),
            (Some(Stage2Ending::ResolvedOtherwise { how, .. }), _) => {
                Stage2Answer::ResolvedOtherwise(*how)
            }
            (Some(Stage2Ending::Withdrawn { .. }), _) => Stage2Answer::Withdrawn,
            (None, Some(_)) => Stage2Answer::Accepted,
            (None, None) => Stage2Answer::Awaiting,
        }
    }

    /// Refuses what needs an investigation once the request ended without one.
    pub(super) fn require_investigation(&self) -> Result<(), MoveError> {
        match &self.ending {
            Some(ending) => Err(MoveError::Stage2NotInvestigated {
                ending: ending.label(),
                on: ending.on(),
            }),
            None => Ok(()),
        }
    }
}

impl CaseState {
    /// [`Move::RequestStage2`]: the Stage 2 record starts on `on`, with who asked and why.
    pub(super) fn request_stage2(
        &self,
        on: NaiveDate,
        by: Who,
        unhappy_with: &str,
        t: &Timescales,
    ) -> Result<CaseState, MoveError> {
        let unhappy_with = unhappy_with.trim();
        if unhappy_with.is_empty() {
            return Err(MoveError::Stage2WhatMissing);
        }
        if unhappy_with.chars().count() > REASON_MAX {
            return Err(MoveError::TooLong {
                what: "What they are unhappy with",
                max: REASON_MAX,
            });
        }
        let ask = Stage2Ask {
            by,
            unhappy_with: unhappy_with.to_string(),
        };
        let mut next = self.escalate(Stage::Stage2, on, t)?;
        let Some(rec) = next.stages.last_mut() else {
            return Err(MoveError::NotAtStage2);
        };
        match &rec.ask {
            Some(existing) if *existing == ask => {}
            Some(_) => {
                return Err(MoveError::AlreadyRecorded {
                    what: "The Stage 2 request".to_string(),
                    on: rec.started,
                })
            }
            None => rec.ask = Some(ask),
        }
        Ok(next)
    }

    /// [`Move::EndStage2Request`]: declined, resolved another way or withdrawn.
    pub(super) fn end_stage2_request(&self, ending: Stage2Ending) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        if rec.stage != Stage::Stage2 {
            return Err(MoveError::NotAtStage2);
        }
        let what = "The decision on the Stage 2 request";
        self.check_date(ending.on(), what)?;
        case_state::not_before(ending.on(), what, rec.started, "Stage 2 was asked for")?;
        if let Stage2Ending::Declined { detail, .. } = &ending {
            if detail.trim().is_empty() {
                return Err(MoveError::DeclineDetailMissing);
            }
            if detail.chars().count() > REASON_MAX {
                return Err(MoveError::TooLong {
                    what: "The detail",
                    max: REASON_MAX,
                });
            }
        }
        let ending = match ending {
            Stage2Ending::Declined {
                reason,
                detail,
                letter_on,
            } => Stage2Ending::Declined {
                reason,
                detail: detail.trim().to_string(),
                letter_on,
            },
            other => other,
        };
        match (&rec.ending, rec.agreed, rec.response_sent) {
            (Some(done), _, _) if *done == ending => Ok(self.clone()),
            (Some(done), _, _) => Err(MoveError::AlreadyRecorded {
                what: what.to_string(),
                on: done.on(),
            }),
            (None, Some(on), _) => Err(MoveError::Stage2AlreadyAgreed { on }),
            (None, None, Some(on)) => Err(MoveError::ResponseAlreadySent {
                stage: Stage::Stage2,
                on,
            }),
            (None, None, None) => {
                let mut rec = rec.clone();
                rec.ending = Some(ending);
                Ok(self.with_working_stage(rec))
            }
        }
    }
}

#[cfg(test)]
#[path = "stage2_request_tests.rs"]
mod tests;
