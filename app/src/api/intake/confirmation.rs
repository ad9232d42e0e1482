use crate::api::error::ApiError;
use crate::domain::submission::Kind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the confirmation page shows once a message is sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfirmationView {
    pub reference: String,
    /// The secret code for "check progress"; shown on this page only, once.
    pub progress_code: String,
    pub kind: Kind,
    pub acknowledge_by: String,
    pub reply_by: Option<String>,
    pub wants_advocate: bool,
    pub no_contact: bool,
    /// A plain-text copy of what was sent (reference, code, every answer), to download from
    /// this page while it is shown: nothing else keeps it.
    pub copy_text: String,
}

/// The reference, the secret code and "what happens next" for the message this browser has
/// just sent: **once**. Opening it hands out the sealed receipt and ends the receipt cookie,
/// so Back, a reload or the next person on the device finds nothing.
#[server(prefix = "/api", endpoint = "intake/confirmation")]
pub async fn confirmation() -> Result<Option<ConfirmationView>, ApiError> {
    use crate::api::state::{
        clear_cookie, db, looks_like_token, read_cookie, state, token_hash, RECEIPT_COOKIE,
    };
    use crate::domain::timescales::{long_date, promise};
    use crate::domain::uk_time::uk_date;

    let Some(token) = read_cookie(RECEIPT_COOKIE).filter(|t| looks_like_token(t)) else {
        return Ok(None);
    };
    let st = state()?;
    clear_cookie(RECEIPT_COOKIE, st.secure_cookies);
    let id = token_hash(&token);
    let now = chrono::Utc::now();
    let Some(sealed) = db(move |s| s.take_receipt(&id, now)).await? else {
        return Ok(None);
    };
    let Some(r) = super::receipt::open(&token, &sealed.sealed) else {
        return Ok(None);
    };
    let settings = st.settings.clone();
    let p = promise(r.kind, uk_date(r.received_at), &settings.timescales);
    let mut copy_text = format!(
        "Speak Up - {}\r\nYour reference: {}\r\nYour secret code: {}\r\n\r\nWhat you sent:\r\n\r\n",
        settings.council_name, r.reference, r.progress_code
    );
    for (question, answer) in &r.copy {
        copy_text.push_str(&format!("{question}:\r\n{answer}\r\n\r\n"));
    }
    Ok(Some(ConfirmationView {
        reference: r.reference,
        progress_code: r.progress_code,
        kind: r.kind,
        acknowledge_by: long_date(p.acknowledge_by),
        reply_by: p.reply_by.map(long_date),
        wants_advocate: r.wants_advocate,
        no_contact: r.no_contact,
        copy_text,
    }))
}
