use crate::api::error::ApiError;
use crate::domain::submission::Fields;
use leptos::prelude::*;

/// Adds what is happening and a safe way to reach them to an "I don't feel safe" message.
#[server(prefix = "/api", endpoint = "intake/unsafe-details")]
pub async fn unsafe_details(f: Option<Fields>) -> Result<(), ApiError> {
    use crate::api::state::db;
    use crate::domain::submission::{valid_phone, FieldError, Kind, LONG_TEXT_MAX, SHORT_TEXT_MAX};

    let Some(mut draft) = super::draft_cookie::current().await? else {
        leptos_axum::redirect("/?expired=1");
        return Ok(());
    };
    let (Some(Kind::Unsafe), Some(reference)) = (draft.answers.kind, draft.reference.clone())
    else {
        return Err(ApiError::bad_request(
            "There is no safety message to add to.",
        ));
    };
    let fields = f.unwrap_or_default();
    let get = |k: &str| {
        fields
            .get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let (what, phone, safe_times) = (get("what_happened"), get("phone"), get("safe_times"));
    let mut errors = Vec::new();
    if what.is_empty() && phone.is_empty() {
        errors.push(FieldError::new(
            "what_happened",
            "Tell us what is happening, or give us a phone number, or both.",
        ));
    }
    if what.chars().count() > LONG_TEXT_MAX {
        errors.push(FieldError::new(
            "what_happened",
            "This is too long. Use 5,000 characters or fewer.",
        ));
    }
    if !phone.is_empty() && !valid_phone(&phone) {
        errors.push(FieldError::new(
            "phone",
            "Enter a phone number like 07700 900 123.",
        ));
    }
    if safe_times.chars().count() > SHORT_TEXT_MAX {
        errors.push(FieldError::new(
            "safe_times",
            "This is too long. Use 200 characters or fewer.",
        ));
    }
    let now = chrono::Utc::now();
    if errors.is_empty() {
        draft.answers.what_happened = what;
        draft.answers.phone = phone;
        draft.answers.safe_times = safe_times;
        draft.pending.clear();
        draft.errors.clear();
        let details = draft.answers.clone();
        db(move |s| {
            s.add_details(&reference, &details, now)?;
            s.save_draft(&draft, now)
        })
        .await?;
        leptos_axum::redirect("/unsafe?added=1");
    } else {
        draft.pending = fields;
        draft.errors = errors;
        db(move |s| s.save_draft(&draft, now)).await?;
        leptos_axum::redirect("/unsafe");
    }
    Ok(())
}
