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
    let settings = state()?.settings;
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
    let now = received_at.unwrap_or_else(chrono::Utc::now);
    let today = crate::domain::uk_time::uk_date(now);
    // Urgent messages are due today; others by the date we promised to acknowledge them.
    let next_due = if urgent {
        today
    } else {
        crate::domain::timescales::promise(kind, today, &settings.timescales).acknowledge_by
    };
    let code = progress_code_from_bytes(random_bytes::<5>()?).to_string();
    // Keyed hashes and sealing run on a blocking thread with the store call they belong to,
    // never on the async runtime (the runtime threads serve every other page meanwhile).
    // Officers' own contacts carry no address: only the public form's messages do.
    let addr = (channel == crate::domain::submission::Channel::OnlineForm)
        .then(client_addr)
        .flatten();
    // A burst of urgent messages from one place is a possible flood: stored and shown, but
    // grouped, and emailed as a digest now and then (see `domain::flood`).
    let (source, recent) = match addr {
        None => (None, None),
        Some(addr) => {
            let secret = st.secret.clone();
            let since = now - chrono::Duration::minutes(crate::domain::flood::FLOOD_WINDOW_MINUTES);
            db(move |s| {
                let source = source_key(&secret, &addr);
                let recent = if urgent {
                    Some(s.recent_urgent(&source, since)?)
                } else {
                    None
                };
                Ok((Some(source), recent))
            })
            .await?
        }
    };
    let possible_flood = recent.is_some_and(|r| crate::domain::flood::is_possible_flood(r.total));
    for _ in 0..5 {
        let reference = reference_from_bytes(random_bytes::<5>()?).to_string();
        // What the confirmation page will show once; sealed below, off the runtime.
        let receipt = receipt_token.map(|token| {
            (
                token.to_string(),
                super::receipt::Receipt {
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
                },
            )
        });
        let expires_at = chrono::Utc::now()
            + chrono::Duration::from_std(crate::api::state::RECEIPT_WINDOW).unwrap_or_default();
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
            progress_code_hash: String::new(),
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
        let (secret, code) = (st.secret.clone(), code.clone());
        let stored = db(move |s| {
            let new = NewSubmission {
                progress_code_hash: hash_progress_code(&secret, &code),
                ..new
            };
            let receipt = match receipt {
                Some((token, r)) => Some(SealedReceipt {
                    sealed: super::receipt::seal(&token, &r).map_err(|_| {
                        crate::api::store::StoreError::Backend("could not seal the receipt".into())
                    })?,
                    expires_at,
                }),
                None => None,
            };
            s.submit(&new, receipt.as_ref())
        })
        .await;
        match stored {
            Err(e) if e.status == 409 => continue,
            other => {
                st.mail_wakeup.notify_one();
                return other;
            }
        }
    }
    Err(ApiError::unavailable())
}
