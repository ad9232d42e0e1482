use crate::api::error::ApiError;
use leptos::prelude::*;

/// Sends the answers. Safe to repeat: the same draft always gives the same reference.
#[server(prefix = "/api", endpoint = "intake/send")]
pub async fn send_answers() -> Result<(), ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::submission::{check_complete, fields_of};

    use super::draft_cookie;
    let (Some(token), Some(mut draft)) = (draft_cookie::token(), draft_cookie::current().await?)
    else {
        leptos_axum::redirect("/?expired=1");
        return Ok(());
    };
    if draft.reference.is_some() {
        // Sent already (a double tap, or a retry after the answer was lost): the same
        // message, and the confirmation once more if it has not been shown yet.
        draft_cookie::hand_over_to_receipt(&token)?;
        leptos_axum::redirect("/tell/done");
        return Ok(());
    }
    let settings = state()?.settings.clone();
    if let Err((step, errors)) = check_complete(&draft.answers, &settings.services) {
        draft.pending = fields_of(&draft.answers, step);
        draft.pending_step = Some(step);
        draft.errors = errors;
        db(move |s| s.save_draft(&draft, chrono::Utc::now())).await?;
        leptos_axum::redirect(&step.path());
        return Ok(());
    }
    submit_draft(
        &draft,
        false,
        crate::domain::submission::Channel::OnlineForm,
        None,
        Some(&token),
        None,
    )
    .await?;
    draft_cookie::hand_over_to_receipt(&token)?;
    leptos_axum::redirect("/tell/done");
    Ok(())
}

/// Stores a draft as a submission (ssr only), retrying if a reference clashes.
///
/// With `receipt_token` (the sender's draft cookie) the reference, the secret code and a copy
/// of the answers are sealed for the confirmation page to show once; the code itself is only
/// ever stored as a keyed hash.
#[cfg(feature = "ssr")]
pub(crate) async fn submit_draft(
    draft: &crate::api::store::Draft,
    urgent: bool,
    channel: crate::domain::submission::Channel,
    received_at: Option<chrono::DateTime<chrono::Utc>>,
    receipt_token: Option<&str>,
    audit: Option<crate::api::store::AuditEntry>,
) -> Result<crate::api::store::Stored, ApiError> {
    use crate::api::state::{client_addr, db, hash_progress_code, random_bytes, source_key};
    use crate::api::store::{NewSubmission, SealedReceipt};
    use crate::domain::reference::{progress_code_from_bytes, reference_from_bytes};
    use crate::domain::submission::{routing_hint, Kind};
    use crate::domain::submission::{summary, ContactBy};

    let kind = draft.answers.kind.unwrap_or(Kind::Complaint);
    let st = crate::api::state::state()?;
    let settings = st.settings.clone();
    let mail_wakeup = st.mail_wakeup.clone();
    let now = received_at.unwrap_or_else(chrono::Utc::now);
    let today = crate::domain::uk_time::uk_date(now);
    // Urgent messages are due today; others by the date we promised to acknowledge them.
    let next_due = if urgent {
        today
    } else {
        crate::domain::timescales::promise(kind, today, &settings.timescales).acknowledge_by
    };
    let code = progress_code_from_bytes(random_bytes::<5>()?).to_string();
    // Up to five references, in case one is taken already (1 in 10^10 each).
    let mut references = Vec::with_capacity(5);
    for _ in 0..5 {
        references.push(reference_from_bytes(random_bytes::<5>()?).to_string());
    }
    // Officers' own contacts carry no address: only the public form's messages do.
    let addr = (channel == crate::domain::submission::Channel::OnlineForm)
        .then(client_addr)
        .flatten();
    let expires_at = chrono::Utc::now()
        + chrono::Duration::from_std(crate::api::state::RECEIPT_WINDOW).unwrap_or_default();
    let (draft, receipt_token) = (draft.clone(), receipt_token.map(str::to_string));
    // Everything that touches the store, and the keyed hashes and sealing, in one task on a
    // blocking thread: never on the async runtime (which serves every other page meanwhile),
    // and one hand-over per message rather than one per step (measured under a flood of
    // posts, each hand-over between threads cost more than the work it carried).
    let stored = db(move |s| {
        // A burst of urgent messages from one place is a possible flood: stored and shown,
        // but grouped, and emailed as a digest now and then (see `domain::flood`).
        let source = addr.map(|addr| source_key(&st.secret, &addr));
        let recent = match (&source, urgent) {
            (Some(source), true) => {
                let since =
                    now - chrono::Duration::minutes(crate::domain::flood::FLOOD_WINDOW_MINUTES);
                Some(s.recent_urgent(source, since)?)
            }
            _ => None,
        };
        let possible_flood =
            recent.is_some_and(|r| crate::domain::flood::is_possible_flood(r.total));
        let progress_code_hash = hash_progress_code(&st.secret, &code);
        let mut last = crate::api::store::StoreError::ReferenceTaken;
        for reference in references {
            // What the confirmation page will show once, sealed.
            let receipt = match &receipt_token {
                None => None,
                Some(token) => {
                    let r = super::receipt::Receipt {
                        reference: reference.clone(),
                        progress_code: code.clone(),
                        kind,
                        received_at: now,
                        wants_advocate: draft.answers.wants_advocate(),
                        no_contact: draft.answers.contact_by == Some(ContactBy::None),
                        copy: summary(&draft.answers)
                            .into_iter()
                            .map(|row| (row.question.to_string(), row.answer.to_string()))
                            .collect(),
                    };
                    Some(SealedReceipt {
                        sealed: super::receipt::seal(token, &r).map_err(|_| {
                            crate::api::store::StoreError::Backend(
                                "could not seal the receipt".into(),
                            )
                        })?,
                        expires_at,
                    })
                }
            };
            let notify = match (st.notify_to.as_ref(), recent) {
                (None, _) => None,
                (Some(to), Some(r)) if possible_flood => {
                    let flagged = r.flagged + 1;
                    crate::domain::flood::digest_due(flagged).then(|| {
                        super::notify::flood_digest(
                            to,
                            &st.public_url,
                            flagged,
                            crate::domain::flood::FLOOD_WINDOW_MINUTES,
                            &reference,
                        )
                    })
                }
                (Some(to), _) => Some(super::notify::new_submission(
                    to,
                    &st.public_url,
                    &reference,
                    kind,
                    urgent,
                    now,
                )),
            };
            let new = NewSubmission {
                council_id: draft.council_id.clone(),
                idempotency_key: draft.id.clone(),
                reference,
                progress_code_hash: progress_code_hash.clone(),
                kind,
                urgent,
                routing_hint: routing_hint(kind, draft.answers.who),
                channel,
                received_at: now,
                answers: draft.answers.clone(),
                next_due: Some(next_due),
                notify,
                source: source.clone(),
                possible_flood,
                audit: audit.clone(),
            };
            match s.submit(&new, receipt.as_ref()) {
                Err(e @ crate::api::store::StoreError::ReferenceTaken) => last = e,
                other => return other,
            }
        }
        Err(last)
    })
    .await;
    match stored {
        // Five references taken in a row: something is wrong with randomness, not the sender.
        Err(e) if e.status == 409 => Err(ApiError::unavailable()),
        other => {
            if other.is_ok() {
                mail_wakeup.notify_one();
            }
            other
        }
    }
}
