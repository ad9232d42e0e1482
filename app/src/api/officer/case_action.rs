use crate::api::error::ApiError;
use crate::domain::submission::Fields;
use leptos::prelude::*;

/// Records one thing on a case (triage, a deadline extension, an outcome, closing, …), a note,
/// or who owns it. Impossible moves are refused with a message on the case page. A young
/// person who gave an email gets a short update (no details) when the stage changes.
#[server(prefix = "/api", endpoint = "officer/case-action")]
pub async fn case_action(
    reference: String,
    action: String,
    f: Option<Fields>,
) -> Result<(), ApiError> {
    use crate::api::state::{db, state};
    use crate::api::store::{CaseChange, CaseEvent};
    use crate::domain::case_file::{action_from_form, CaseFile};
    use crate::domain::officer::Permission;
    use crate::domain::submission::ContactBy;
    use crate::domain::uk_time::uk_date;

    let user = super::guard::require(Permission::ChangeCases).await?;
    let st = state()?;
    let settings = st.settings.clone();
    let council = settings.council_id.clone();
    let fields = f.unwrap_or_default();
    if fields.len() > 20 || reference.len() > 20 || action.len() > 40 {
        return Err(ApiError::bad_request(
            "That request was not in the shape we expected.",
        ));
    }
    let lookup = reference.trim().to_uppercase();
    let (c2, l2) = (council.clone(), lookup.clone());
    let Some(record) = db(move |s| s.case(&c2, &l2)).await? else {
        return Err(ApiError::not_found("There is no case with that reference."));
    };
    let back = format!("/officer/case/{}", record.reference);
    // Only a known code travels in the URL; the case page maps it to fixed words.
    let refuse = |message: &str| {
        let code = crate::domain::case_messages::code_for(message);
        tracing::info!(event = "case_action_refused", code, "case action refused");
        leptos_axum::redirect(&format!("{back}?error={code}"));
    };
    let now = chrono::Utc::now();
    let today = uk_date(now);
    let event = |what: &str, detail: String| CaseEvent {
        at: now,
        user_id: Some(user.id),
        who: user.name.clone(),
        what: what.to_string(),
        detail,
    };

    // Notes and assignment change who/what is written down, not the procedure.
    if action == "note" {
        let text = fields
            .get("text")
            .map(|t| t.trim().to_string())
            .unwrap_or_default();
        if text.is_empty() || text.chars().count() > 5000 {
            refuse("Write a note of up to 5,000 characters.");
            return Ok(());
        }
        let (r, e) = (record.reference.clone(), event("Note", text));
        let entry = super::guard::entry(
            Some(&user),
            &user.email,
            "added a note",
            Some(&record.reference),
            "",
        )?;
        db(move |s| s.add_case_event(&r, &e, &entry)).await?;
        leptos_axum::redirect(&back);
        return Ok(());
    }

    // A safety alert is not a complaint: only notes and who owns it apply here; passing it on
    // and its outcome go through `safeguarding_action`.
    if record.kind == crate::domain::submission::Kind::Unsafe && action != "assign" {
        return Err(ApiError::bad_request(
            "This is a safety alert, not a complaint: record passing it to safeguarding and \
             the outcome instead.",
        ));
    }

    let received = uk_date(record.received_at);
    let file = record
        .case_file
        .clone()
        .unwrap_or_else(|| CaseFile::new(received, record.answers.over_a_year()));
    let t = settings.procedure_timescales();
    let (mut owner_id, mut manager_id) = (
        record.owner.as_ref().map(|o| o.0),
        record.manager.as_ref().map(|m| m.0),
    );
    // Triage needs a reason, and may set or correct the service or team.
    let mut service = None;
    if action == "triage" {
        let reason = fields
            .get("reason")
            .map(|r| r.trim().to_string())
            .unwrap_or_default();
        if reason.is_empty() || reason.chars().count() > 2000 {
            refuse("Give the reason for the decision (up to 2,000 characters).");
            return Ok(());
        }
        if let Some(team) = fields
            .get("team")
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
        {
            // Only the council's teams (or "Various"): see domain/structure.rs.
            if !settings.structure.is_team(&team) {
                refuse("Choose a team from the list.");
                return Ok(());
            }
            service = Some(team);
        }
    }
    // A concern's category must be one of the configured list.
    if action == "concern" {
        let category = fields.get("category").map(|c| c.trim()).unwrap_or_default();
        if !category.is_empty() && !settings.categories.iter().any(|c| c == category) {
            return Err(ApiError::bad_request(
                "Choose a category for the concern from the list.",
            ));
        }
    }
    let (next, what) = if action == "assign" {
        let people = {
            let c = council.clone();
            db(move |s| s.list_users(&c)).await?
        };
        let pick = |name: &str| -> Result<Option<i64>, ()> {
            match fields.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => v
                    .parse::<i64>()
                    .ok()
                    .filter(|id| {
                        people
                            .iter()
                            .any(|p| p.id == *id && p.role != crate::domain::officer::Role::Auditor)
                    })
                    .map(Some)
                    .ok_or(()),
            }
        };
        match (pick("owner"), pick("manager")) {
            (Ok(o), Ok(m)) => {
                owner_id = o;
                manager_id = m;
            }
            _ => {
                refuse("Choose people from the list.");
                return Ok(());
            }
        }
        let name = |id: Option<i64>| {
            id.and_then(|id| people.iter().find(|p| p.id == id).map(|p| p.name.clone()))
                .unwrap_or_else(|| "nobody".into())
        };
        (
            file.clone(),
            format!(
                "Owner: {}; responding manager: {}",
                name(owner_id),
                name(manager_id)
            ),
        )
    } else {
        let parsed = match action_from_form(&action, &fields, today) {
            Ok(a) => a,
            Err(message) => {
                refuse(&message);
                return Ok(());
            }
        };
        let mut what = parsed.describe();
        if action == "triage" {
            if let Some(reason) = fields.get("reason") {
                what = format!("{what}. Reason: {}", reason.trim());
            }
            if let Some(team) = &service {
                what = format!("{what}. Team: {team}");
            }
        }
        match file.apply(parsed, &t) {
            Ok(next) => (next, what),
            Err(message) => {
                refuse(&message);
                return Ok(());
            }
        }
    };

    // A Stage 2 request being accepted, declined, resolved or withdrawn is news too.
    let stage2_answer = |f: &CaseFile| {
        f.state
            .stages()
            .iter()
            .find(|r| r.stage == crate::domain::procedure::Stage::Stage2)
            .map(|r| r.stage2_answer())
    };
    let stage_changed = next.state.stage() != file.state.stage()
        || next.status() != file.status()
        || stage2_answer(&next) != stage2_answer(&file);
    let notify = (stage_changed
        && record.answers.contact_by == Some(ContactBy::Email)
        && !record.answers.email.is_empty())
    .then(|| crate::api::store::OutgoingMail {
        to: record.answers.email.clone(),
        subject: format!("Speak Up: news about {}", record.reference),
        body: format!(
            "Hello,\r\n\r\nThere is news about the message you sent us ({}).\r\n\r\n\
             To see it, go to {}/progress and enter your reference and your secret code.\r\n\r\n\
             The Children's Rights team\r\n",
            record.reference, st.public_url
        ),
    });
    let closed_on = match next.state.status() {
        crate::domain::procedure::CaseStatus::Open => None,
        _ => next.state.status_on(),
    };
    let change = CaseChange {
        reference: record.reference.clone(),
        status: next.status(),
        next_due: next.state.next_deadline(&t).map(|d| d.due),
        case_file: next,
        owner_id,
        manager_id,
        closed_on,
        service,
        event: event(
            if action == "assign" {
                "Assigned"
            } else {
                "Case updated"
            },
            what.clone(),
        ),
        notify,
    };
    let c3 = council.clone();
    let entry = super::guard::entry(
        Some(&user),
        &user.email,
        "changed case",
        Some(&record.reference),
        what,
    )?;
    db(move |s| s.save_case(&c3, &change, &entry)).await?;
    st.mail_wakeup.notify_one();
    leptos_axum::redirect(&back);
    Ok(())
}
