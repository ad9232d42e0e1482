use crate::api::error::ApiError;
use crate::domain::submission::Fields;
use leptos::prelude::*;

/// Records something on a safety alert ("I don't feel safe"): that it was passed to
/// safeguarding (to whom, when; by the signed-in officer) or what safeguarding did. Each is a
/// timeline line and an audit line. Mistakes come back to the case page with a message.
#[server(prefix = "/api", endpoint = "officer/safeguarding")]
pub async fn safeguarding_action(
    reference: String,
    action: String,
    f: Option<Fields>,
) -> Result<(), ApiError> {
    use crate::api::state::{db, state};
    use crate::api::store::CaseEvent;
    use crate::domain::officer::Permission;
    use crate::domain::safeguarding::{
        local_time_text, parse_local_input, Alert, AlertAction, SafeguardingOutcome,
    };
    use crate::domain::submission::Kind;

    let user = super::guard::require(Permission::ChangeCases).await?;
    let st = state()?;
    let council = st.settings.council_id.clone();
    let fields = f.unwrap_or_default();
    if fields.len() > 10 || reference.len() > 20 {
        return Err(ApiError::bad_request(
            "That request was not in the shape we expected.",
        ));
    }
    let Some(action) = AlertAction::from_code(action.trim()) else {
        return Err(ApiError::bad_request(
            "That is not something we can record.",
        ));
    };
    let lookup = reference.trim().to_uppercase();
    let (c2, l2) = (council.clone(), lookup.clone());
    let (record, alert) = db(move |s| Ok((s.case(&c2, &l2)?, s.alert(&c2, &l2)?))).await?;
    let Some(record) = record else {
        return Err(ApiError::not_found("There is no case with that reference."));
    };
    if record.kind != Kind::Unsafe {
        return Err(ApiError::bad_request(
            "This case is not a safety alert: record it on the case page instead.",
        ));
    }
    let back = format!("/officer/case/{}", record.reference);
    let refuse = |message: &str| {
        let encoded: String = message
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        leptos_axum::redirect(&format!("{back}?error={encoded}"));
    };
    let now = st.clock.now();
    let rules = st.settings.safeguarding.rules;
    let mut next = alert.unwrap_or_else(|| Alert::new(record.received_at, &rules));
    let field = |name: &str| {
        fields
            .get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let by = (user.id, user.name.as_str());
    let done = match action {
        AlertAction::PassedOn => {
            let typed = field("at");
            let at = if typed.is_empty() {
                Some(now)
            } else {
                parse_local_input(&typed)
            };
            match at {
                None => Err("Give the time it was passed on, like 14:05 today.".to_string()),
                Some(at) => next
                    .pass_on(record.received_at, now, at, &field("to"), by)
                    .map(|()| format!("Passed to {} at {}", field("to"), local_time_text(at))),
            }
        }
        AlertAction::Outcome => match SafeguardingOutcome::from_code(&field("outcome")) {
            None => Err("Choose the outcome from the list.".to_string()),
            Some(outcome) => next
                .record_outcome(outcome, &field("reason"), now, by)
                .map(|()| {
                    let reason = field("reason");
                    if reason.is_empty() {
                        outcome.label().to_string()
                    } else {
                        format!("{}: {reason}", outcome.label())
                    }
                }),
        },
    };
    let detail = match done {
        Ok(d) => d,
        Err(message) => {
            refuse(&message);
            return Ok(());
        }
    };
    let event = CaseEvent {
        at: now,
        user_id: Some(user.id),
        who: user.name.clone(),
        what: action.label().to_string(),
        detail: detail.clone(),
    };
    let r = record.reference.clone();
    db(move |s| s.save_alert(&council, &r, &next, &event)).await?;
    super::guard::audit(
        Some(&user),
        &user.email,
        "recorded on safety alert",
        Some(&record.reference),
        format!("{}: {detail}", action.label()),
    )
    .await?;
    leptos_axum::redirect(&back);
    Ok(())
}
