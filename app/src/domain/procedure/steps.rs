//! What an officer can record on a case now, and the step the procedure expects next, for the
//! case page. There is one rule: a step is *open* when [`CaseState::apply`] would accept it
//! and change the case (a probe move dated today), so the page never keeps a second copy of
//! the procedure; a closed step carries the refusal the officer would get.

use super::*;
use crate::domain::submission::Who;

coded!(
    /// A kind of move, named as the case page's forms name it.
    Step {
        Triage = "triage" => "Triage decision",
        Acknowledge = "acknowledge" => "Acknowledged",
        AddConcern = "concern" => "Add a concern",
        RecordOutcome = "outcome" => "Outcome for a concern",
        Extend = "extend" => "Extend the current stage",
        RecordResponse = "respond" => "Response sent",
        RequestStage2 = "stage2_request" => "Stage 2 asked for",
        Stage2Agreed = "stage2_agreed" => "Stage 2 accepted: complaint agreed with the complainant (its working days run from this day)",
        DeclineStage2 = "stage2_decline" => "Stage 2 declined",
        ResolveStage2 = "stage2_resolved" => "Stage 2 resolved another way",
        WithdrawStage2 = "stage2_withdrawn" => "Stage 2 request withdrawn",
        Escalate = "escalate" => "Move to the next stage",
        PanelMet = "panel_met" => "Review panel met (stage 3)",
        PanelReport = "panel_report" => "Panel report sent (stage 3)",
        OmbudsmanEnquiry = "ombudsman_enquiry" => "Ombudsman enquiry",
        OmbudsmanFinding = "ombudsman_finding" => "Ombudsman finding",
        Withdraw = "withdraw" => "Withdraw",
        Close = "close" => "Close",
        Reopen = "reopen" => "Reopen",
    }
);

/// Whether a step can be taken now, and if not, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepChoice {
    pub step: Step,
    /// `None` when open; the refusal in plain words when not.
    pub refused: Option<String>,
}

impl CaseState {
    /// A move of kind `step` dated `today`, as a probe; `None` when that kind does not apply
    /// (Stage 2 is asked for with [`Step::RequestStage2`], not [`Step::Escalate`]).
    fn probe(&self, step: Step, today: NaiveDate, t: &Timescales) -> Option<Move> {
        let probe_text = "probe".to_string();
        Some(match step {
            Step::Triage => Move::Triage {
                decision: match self.decision() {
                    Some(TriageDecision::Statutory) => TriageDecision::Corporate,
                    _ => TriageDecision::Statutory,
                },
                signpost: None,
                on: today,
            },
            Step::Acknowledge => Move::Acknowledge { on: today },
            Step::AddConcern => Move::AddConcern {
                category: probe_text,
            },
            Step::RecordOutcome => Move::RecordOutcome {
                concern: 0,
                outcome: Outcome::NotApplicable,
            },
            Step::Extend => Move::Extend {
                days: self
                    .current_record()
                    .and_then(|r| r.stage.max_days(t))
                    .unwrap_or(0),
                reason: probe_text,
            },
            Step::RecordResponse => Move::RecordResponse { on: today },
            Step::RequestStage2 => Move::RequestStage2 {
                on: today,
                by: Who::InCare,
                unhappy_with: probe_text,
            },
            Step::Stage2Agreed => Move::Stage2Agreed { on: today },
            Step::DeclineStage2 => Move::EndStage2Request {
                ending: Stage2Ending::Declined {
                    reason: Stage2DeclineReason::OutOfTime,
                    detail: probe_text,
                    letter_on: today,
                },
            },
            Step::ResolveStage2 => Move::EndStage2Request {
                ending: Stage2Ending::ResolvedOtherwise {
                    how: Stage2Resolution::Meeting,
                    on: today,
                },
            },
            Step::WithdrawStage2 => Move::EndStage2Request {
                ending: Stage2Ending::Withdrawn { on: today },
            },
            Step::Escalate => {
                let to = self.current_record().and_then(|r| r.stage.next())?;
                if to == Stage::Stage2 {
                    return None;
                }
                Move::Escalate { to, on: today }
            }
            Step::PanelMet => Move::PanelMet { on: today },
            Step::PanelReport => Move::PanelReport { on: today },
            Step::OmbudsmanEnquiry => Move::OmbudsmanEnquiry { on: today },
            Step::OmbudsmanFinding => Move::OmbudsmanFinding {
                finding: super::OmbudsmanFinding::NotInvestigated,
                on: today,
            },
            Step::Withdraw => Move::Withdraw { on: today },
            Step::Close => Move::Close { on: today },
            Step::Reopen => Move::Reopen { on: today },
        })
    }

    /// Every step with whether it is open on `today`, in [`Step::ALL`]'s order.
    pub fn choices(&self, today: NaiveDate, t: &Timescales) -> Vec<StepChoice> {
        Step::ALL
            .iter()
            .map(|&step| {
                let refused = match self.probe(step, today, t) {
                    None => Some(match self.current_record() {
                        Some(r) if r.stage.next() == Some(Stage::Stage2) => {
                            "Record a Stage 2 request instead: it says who asked and why."
                                .to_string()
                        }
                        Some(r) => MoveError::LastStage { stage: r.stage }.message(),
                        None => self
                            .working_stage()
                            .err()
                            .map(|e| e.message())
                            .unwrap_or_default(),
                    }),
                    Some(mv) => match self.apply(mv, t) {
                        Ok(next) if next != *self => None,
                        Ok(_) => Some("This is already recorded.".to_string()),
                        Err(e) => Some(e.message()),
                    },
                };
                StepChoice { step, refused }
            })
            .collect()
    }

    /// The step the procedure expects next, if it is open on `today`: triage, then the
    /// acknowledgement, a concern, the Stage 2 decision, the Stage 3 panel and report, the
    /// outcomes, the response, and closing once answered.
    pub fn next_step(&self, today: NaiveDate, t: &Timescales) -> Option<Step> {
        let expected = self.expected_step()?;
        let open = self
            .choices(today, t)
            .into_iter()
            .any(|c| c.step == expected && c.refused.is_none());
        open.then_some(expected)
    }

    fn expected_step(&self) -> Option<Step> {
        if self.status != CaseStatus::Open {
            return None;
        }
        if self.decision().is_none() {
            return Some(Step::Triage);
        }
        if self.ombudsman_active() {
            return Some(Step::OmbudsmanFinding);
        }
        if self.acknowledgement_applies() && self.acknowledged.is_none() {
            return Some(Step::Acknowledge);
        }
        let Some(rec) = self.current_record() else {
            return Some(Step::Close);
        };
        if self.concerns.is_empty() {
            return Some(Step::AddConcern);
        }
        if rec.stage == Stage::Stage2 && rec.agreed.is_none() {
            return Some(match rec.ending {
                None => Step::Stage2Agreed,
                Some(_) => Step::Close,
            });
        }
        if rec.stage == Stage::Stage3 {
            if rec.panel_met.is_none() {
                return Some(Step::PanelMet);
            }
            if rec.panel_report.is_none() {
                return Some(Step::PanelReport);
            }
        }
        if rec.response_sent.is_some() {
            return Some(Step::Close);
        }
        let undecided = self
            .concerns
            .iter()
            .any(|c| c.outcome_at(rec.stage).is_none());
        Some(if undecided {
            Step::RecordOutcome
        } else {
            Step::RecordResponse
        })
    }
}

#[cfg(test)]
#[path = "steps_tests.rs"]
mod tests;
