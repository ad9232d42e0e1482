//! Why a move was refused, in plain words for officers.

use super::*;

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
            MoveError::Stage2NotInvestigated { ending, on } => format!(
                "The Stage 2 request ended on {} ({ending}), so there is no investigation. \
                 If the complainant is still unhappy they can go to the Ombudsman.",
                long(*on)
            ),
            MoveError::Stage2AlreadyAgreed { on } => format!(
                "The Stage 2 complaint was agreed on {}: the investigation goes ahead, so the \
                 request can't be declined, resolved another way or withdrawn now.",
                long(*on)
            ),
            MoveError::DeclineDetailMissing => {
                "Say why the request is declined, as the letter to the complainant does."
                    .to_string()
            }
            MoveError::Stage2WhatMissing => {
                "Say what the complainant is still unhappy with.".to_string()
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
