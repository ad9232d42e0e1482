use crate::api::error::ApiError;
use crate::domain::submission::Kind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the confirmation page shows once a message is sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfirmationView {
    pub reference: String,
    /// The secret code for "check progress"; shown on this page only.
    pub progress_code: Option<String>,
    pub kind: Kind,
    pub acknowledge_by: String,
    pub reply_by: Option<String>,
    pub wants_advocate: bool,
    pub no_contact: bool,
}

/// The reference and "what happens next" for the message this browser just sent.
#[server(prefix = "/api", endpoint = "intake/confirmation")]
pub async fn confirmation() -> Result<Option<ConfirmationView>, ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::submission::ContactBy;
    use crate::domain::timescales::{long_date, promise};
    use crate::domain::uk_time::uk_date;

    let Some(draft) = super::draft_cookie::current().await? else {
        return Ok(None);
    };
    let Some(reference) = draft.reference.clone() else {
        return Ok(None);
    };
    let lookup = reference.clone();
    let Some(record) = db(move |s| s.progress(&lookup)).await? else {
        return Ok(None);
    };
    let settings = state()?.settings;
    let kind = record.kind;
    let p = promise(kind, uk_date(record.received_at), &settings.timescales);
    Ok(Some(ConfirmationView {
        reference,
        progress_code: draft.progress_code.clone(),
        kind,
        acknowledge_by: long_date(p.acknowledge_by),
        reply_by: p.reply_by.map(long_date),
        wants_advocate: draft.answers.wants_advocate(),
        no_contact: draft.answers.contact_by == Some(ContactBy::None),
    }))
}
