use crate::api::error::ApiError;
use crate::domain::submission::{Answers, FieldError, Fields};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a question page needs: the answers so far, what to show in its fields, its mistakes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    /// False when there is no draft (never started, left, or older than two days).
    pub exists: bool,
    pub answers: Answers,
    /// Field values for the page asked about: what was last typed there, or the saved answers.
    pub values: Fields,
    pub errors: Vec<FieldError>,
    /// Set once sent.
    pub reference: Option<String>,
    /// Names this draft's text kept on the device while typing (JavaScript on), so it can only
    /// ever fill in this draft's fields. Not secret, and not the draft's cookie.
    pub device_tag: String,
}

/// Loads this browser's answers in progress for the page `step` (its slug).
#[server(prefix = "/api", endpoint = "intake/draft")]
pub async fn load_draft(step: String) -> Result<DraftView, ApiError> {
    use crate::domain::submission::{fields_of, Step};
    let Some(draft) = super::draft_cookie::current().await? else {
        return Ok(DraftView::default());
    };
    let step = Step::from_slug(&step);
    let (values, errors) = match step {
        Some(s) if draft.pending_step == Some(s) => (draft.pending.clone(), draft.errors.clone()),
        Some(s) => (fields_of(&draft.answers, s), Vec::new()),
        // Pages outside the numbered steps (the safety page) keep their mistakes here too.
        None if !draft.errors.is_empty() && draft.pending_step.is_none() => {
            (draft.pending.clone(), draft.errors.clone())
        }
        None => (Fields::new(), Vec::new()),
    };
    use sha2::{Digest, Sha256};
    let device_tag = Sha256::digest(format!("device-tag:{}", draft.id).as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(DraftView {
        exists: true,
        device_tag,
        answers: draft.answers,
        values,
        errors,
        reference: draft.reference,
    })
}
