use crate::api::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a young person sees about their message: no words, no staff names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressView {
    pub reference: String,
    pub what: String,
    pub received: String,
    pub now: String,
    pub next: Option<String>,
}

/// The progress of the reference this browser checked in the last 30 minutes, if any.
#[server(prefix = "/api", endpoint = "progress/status")]
pub async fn progress_status() -> Result<Option<ProgressView>, ApiError> {
    use crate::api::state::{
        db, looks_like_token, read_cookie, state, token_hash, PROGRESS_COOKIE,
    };
    use crate::domain::progress::explain_case;
    use crate::domain::uk_time::uk_date;

    let Some(token) = read_cookie(PROGRESS_COOKIE).filter(|t| looks_like_token(t)) else {
        return Ok(None);
    };
    let now = chrono::Utc::now();
    let record = db(move |s| {
        Ok(match s.progress_view(&token_hash(&token), now)? {
            Some(reference) => s.progress(&reference)?,
            None => None,
        })
    })
    .await?;
    let Some(record) = record else {
        return Ok(None);
    };
    let settings = state()?.settings.clone();
    let e = explain_case(
        record.kind,
        uk_date(record.received_at),
        record.case_file.as_ref(),
        &settings.timescales,
        &settings.procedure_timescales(),
    );
    Ok(Some(ProgressView {
        reference: record.reference,
        what: e.what,
        received: e.received,
        now: e.now,
        next: e.next,
    }))
}
