use crate::api::error::ApiError;
use crate::domain::case_file::ContactStatus;
use crate::domain::submission::SummaryRow;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeadlineLine {
    pub what: String,
    pub due: String,
    pub status: String,
    pub rag: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConcernLine {
    pub index: usize,
    pub category: String,
    pub outcome: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearningLine {
    pub index: usize,
    pub what: String,
    pub owner: String,
    pub due: String,
    pub done: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventLine {
    pub at: String,
    pub who: String,
    pub what: String,
    pub detail: String,
}

/// Everything on one case, for the case page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub reference: String,
    pub kind: String,
    pub urgent: bool,
    pub channel: String,
    pub received: String,
    pub routing_hint: String,
    /// The team (after triage) or the service the young person chose (before).
    pub service: Option<String>,
    /// The council's teams by area, offered at triage.
    pub areas: Vec<crate::domain::structure::ServiceArea>,
    /// The team the recorded service (or team) suggests, chosen first in the triage form.
    pub suggested_team: Option<String>,
    /// Exactly what they wrote, question by question.
    pub words: Vec<SummaryRow>,
    /// Words added after sending, with when.
    pub added: Vec<(String, Vec<SummaryRow>)>,
    pub status: ContactStatus,
    pub decision: Option<String>,
    pub stage: Option<String>,
    pub deadlines: Vec<DeadlineLine>,
    pub flags: Vec<String>,
    pub concerns: Vec<ConcernLine>,
    pub advocate: Vec<String>,
    pub remedies: Vec<String>,
    pub learning: Vec<LearningLine>,
    pub ombudsman: Vec<String>,
    pub timeline: Vec<EventLine>,
    pub owner: Option<(i64, String)>,
    pub manager: Option<(i64, String)>,
    pub people: Vec<(i64, String)>,
    pub categories: Vec<String>,
    pub can_change: bool,
    /// The step the procedure expects next (a form's action name), if it can be taken now.
    pub next_step: Option<String>,
    /// Every procedure step: its form's action name and, when it can't be taken now, why
    /// (from the procedure's own rules: `CaseState::choices`).
    pub steps: Vec<(String, Option<String>)>,
    /// The Stage 2 request, if there is one: who asked, what about and what became of it.
    pub stage2_request: Option<String>,
    /// Set for "I don't feel safe": a safety alert, not a complaint. The page leads with it
    /// and offers no complaint actions.
    pub safety: Option<super::SafetyView>,
}

/// One case, exactly as written, with its procedure, deadlines and timeline. Every look is
/// audited.
#[server(prefix = "/api", endpoint = "officer/case")]
pub async fn get_case(reference: String) -> Result<CaseView, ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::case_file::CaseFile;
    use crate::domain::officer::Permission;
    use crate::domain::submission::{summary, Answers};
    use crate::domain::uk_time::uk_date;

    let user = super::guard::require(Permission::ReadCases).await?;
    let st = state()?;
    let settings = st.settings.clone();
    let council = settings.council_id.clone();
    let lookup = reference.trim().to_uppercase();
    if lookup.len() > 20 {
        return Err(ApiError::bad_request("That is not a reference."));
    }
    let (record, events, users, alert) = db(move |s| {
        let record = s.case(&council, &lookup)?;
        let events = s.case_events(&lookup)?;
        let users = s.list_users(&council)?;
        let alert = s.alert(&council, &lookup)?;
        Ok((record, events, users, alert))
    })
    .await?;
    let Some(record) = record else {
        return Err(ApiError::not_found("There is no case with that reference."));
    };
    super::guard::audit(
        Some(&user),
        &user.email,
        "viewed case",
        Some(&record.reference),
        "",
    )
    .await?;
    let t = settings.procedure_timescales();
    let today = uk_date(chrono::Utc::now());
    let received = uk_date(record.received_at);
    let file = record
        .case_file
        .clone()
        .unwrap_or_else(|| CaseFile::new(received, record.answers.over_a_year()));
    let state_ = &file.state;
    let long = crate::domain::timescales::long_date;
    let extra = |a: &Answers| -> Vec<SummaryRow> {
        [
            ("What is happening", &a.what_happened),
            ("Phone", &a.phone),
            ("Safe times", &a.safe_times),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(q, v)| SummaryRow {
            question: q.to_string(),
            answer: v.clone(),
            step: crate::domain::submission::Step::Contact,
        })
        .collect()
    };
    let safety = (record.kind == crate::domain::submission::Kind::Unsafe).then(|| {
        super::safety_view::build(
            &settings.safeguarding,
            record.received_at,
            alert,
            st.clock.now(),
        )
    });
    let is_alert = safety.is_some();
    let mut view = CaseView {
        safety,
        reference: record.reference.clone(),
        kind: record.kind.label().to_string(),
        urgent: record.urgent,
        channel: record.channel.label().to_string(),
        received: long(received),
        routing_hint: record.routing_hint.label().to_string(),
        service: record.service.clone(),
        areas: settings.structure.areas.clone(),
        suggested_team: record
            .service
            .as_deref()
            .and_then(|s| settings.structure.suggested_team(s))
            .map(str::to_string),
        words: summary(&record.answers),
        added: record
            .details
            .iter()
            .map(|(at, a)| (at.format("%-d %b %Y %H:%M UTC").to_string(), extra(a)))
            .collect(),
        status: file.status(),
        decision: state_.decision().map(|d| d.label().to_string()),
        stage: state_.stage().map(|s| s.label().to_string()),
        // A safety alert's only deadline is in hours (see `safety`).
        deadlines: state_
            .deadlines(&t)
            .into_iter()
            .filter(|_| !is_alert)
            .map(|d| DeadlineLine {
                what: d.kind.label().to_string(),
                due: long(d.due),
                status: d.status.label().to_string(),
                rag: d.rag(today, &t).map(|r| r.code().to_string()),
            })
            .collect(),
        flags: state_.flags().iter().map(|f| f.message()).collect(),
        concerns: state_
            .concerns()
            .iter()
            .enumerate()
            .map(|(index, c)| ConcernLine {
                index,
                category: c.category.clone(),
                outcome: c.outcome().map(|o| o.label().to_string()),
            })
            .collect(),
        advocate: file
            .advocate
            .iter()
            .map(|a| {
                format!(
                    "{} on {}{}",
                    a.step.label(),
                    long(a.on),
                    if a.provider.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", a.provider)
                    }
                )
            })
            .collect(),
        remedies: file
            .remedies
            .iter()
            .map(|r| match r.amount_pence {
                Some(p) => format!(
                    "{}: £{}.{:02} on {}",
                    r.kind.label(),
                    p / 100,
                    p % 100,
                    long(r.on)
                ),
                None => format!("{} on {}", r.kind.label(), long(r.on)),
            })
            .collect(),
        learning: file
            .learning
            .iter()
            .enumerate()
            .map(|(index, l)| LearningLine {
                index,
                what: l.what.clone(),
                owner: l.owner.clone(),
                due: long(l.due),
                done: l.done.map(long),
            })
            .collect(),
        ombudsman: state_
            .ombudsman()
            .iter()
            .map(|o| match o.finding {
                Some(f) => format!("Enquiry {}: {}", long(o.enquiry_on), f.label()),
                None => format!("Enquiry {}: waiting for the finding", long(o.enquiry_on)),
            })
            .collect(),
        timeline: events
            .into_iter()
            .map(|e| EventLine {
                at: e.at.format("%-d %b %Y %H:%M UTC").to_string(),
                who: e.who,
                what: e.what,
                detail: e.detail,
            })
            .collect(),
        owner: record.owner,
        manager: record.manager,
        people: users
            .into_iter()
            .filter(|u| u.active && u.role != crate::domain::officer::Role::Auditor)
            .map(|u| (u.id, u.name))
            .collect(),
        categories: settings.categories.clone(),
        can_change: user.role.can(Permission::ChangeCases),
        next_step: state_.next_step(today, &t).map(|s| s.code().to_string()),
        steps: state_
            .choices(today, &t)
            .into_iter()
            .map(|c| (c.step.code().to_string(), c.refused))
            .collect(),
        stage2_request: state_
            .stages()
            .iter()
            .find(|s| s.stage == crate::domain::procedure::Stage::Stage2)
            .map(|s| {
                let asked = match &s.ask {
                    Some(a) => format!(
                        "Asked for on {} ({}): {}",
                        long(s.started),
                        a.by.label(),
                        a.unhappy_with
                    ),
                    None => format!("Asked for on {}", long(s.started)),
                };
                let answer = match (&s.ending, s.agreed) {
                    (Some(crate::domain::procedure::Stage2Ending::Declined { detail, .. }), _) => {
                        format!(
                            "{} ({detail}), letter sent {}",
                            s.ending.as_ref().map(|e| e.label()).unwrap_or_default(),
                            s.ending.as_ref().map(|e| long(e.on())).unwrap_or_default()
                        )
                    }
                    (Some(e), _) => format!("{} on {}", e.label(), long(e.on())),
                    (None, Some(on)) => format!("Accepted: complaint agreed on {}", long(on)),
                    (None, None) => "Waiting for a decision".to_string(),
                };
                format!("{asked}. {answer}.")
            }),
    };
    if view.safety.is_some() {
        // A safety alert takes no complaint moves: none are offered or sent to the page.
        view.next_step = None;
        view.steps.clear();
    }
    Ok(view)
}
