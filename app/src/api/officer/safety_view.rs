//! What the case page shows for a safety alert ("I don't feel safe"): what to do now, who to
//! call, the deadline in hours and what has been recorded. Built by [`super::get_case`].

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SafetyView {
    /// The safeguarding / duty contact in working hours.
    pub contact: String,
    /// Who covers outside working hours.
    pub out_of_hours: String,
    /// Working hours now: the duty team covers.
    pub in_hours: bool,
    /// "Outside working hours now (18:05 on ...): the out-of-hours team covers."
    pub cover_now: String,
    /// The target, in hours from receipt.
    pub hours: u32,
    /// "18:30 on 27 November 2026" (England).
    pub due: String,
    /// "red", "amber" or "green" while not passed on.
    pub rag: Option<String>,
    pub rag_label: Option<String>,
    pub status: String,
    pub passed_on: Option<String>,
    pub outcome: Option<String>,
    pub escalated: Option<String>,
    pub can_pass_on: bool,
    pub can_record_outcome: bool,
}

#[cfg(feature = "ssr")]
pub(super) fn build(
    settings: &crate::settings::SafeguardingSettings,
    received: chrono::DateTime<chrono::Utc>,
    alert: Option<crate::domain::safeguarding::Alert>,
    now: chrono::DateTime<chrono::Utc>,
) -> SafetyView {
    use crate::domain::safeguarding::{cover_at, local_time_text, rag, Alert, AlertStatus, Cover};
    let rules = &settings.rules;
    let alert = alert.unwrap_or_else(|| Alert::new(received, rules));
    let cover = cover_at(now, rules);
    let rag = rag(&alert, received, now);
    SafetyView {
        contact: settings.contact.clone(),
        out_of_hours: settings.out_of_hours.clone(),
        in_hours: cover == Cover::DutyTeam,
        cover_now: format!(
            "{} now ({}): {} covers. Call: {}",
            match cover {
                Cover::DutyTeam => "Working hours",
                Cover::OutOfHours => "Outside working hours",
            },
            local_time_text(now),
            cover.label(),
            match cover {
                Cover::DutyTeam => &settings.contact,
                Cover::OutOfHours => &settings.out_of_hours,
            }
        ),
        hours: rules.deadline_hours,
        due: local_time_text(alert.due_at),
        rag: rag.map(|r| r.code().to_string()),
        rag_label: rag.map(|r| r.label().to_string()),
        status: alert.status().label().to_string(),
        passed_on: alert.passed_on.as_ref().map(|p| {
            format!(
                "Passed to {} at {} by {}",
                p.to,
                local_time_text(p.at),
                p.by_name
            )
        }),
        outcome: alert.outcome.as_ref().map(|o| {
            if o.reason.is_empty() {
                o.outcome.label().to_string()
            } else {
                format!("{}: {}", o.outcome.label(), o.reason)
            }
        }),
        escalated: alert
            .escalated_at
            .map(|at| format!("A manager was emailed at {}", local_time_text(at))),
        can_pass_on: alert.status() == AlertStatus::Waiting,
        can_record_outcome: alert.status() == AlertStatus::PassedOn,
    }
}
