use crate::api::error::ApiError;
use crate::domain::submission::Fields;
use leptos::prelude::*;

/// Adds what is happening and a safe way to reach them to an "I don't feel safe" message.
#[server(prefix = "/api", endpoint = "intake/unsafe-details")]
pub async fn unsafe_details(f: Option<Fields>) -> Result<(), ApiError> {
    use crate::api::state::db;
    use crate::domain::submission::{
        truncate_fields, valid_phone, Answers, FieldError, Kind, LONG_TEXT_MAX, SHORT_TEXT_MAX,
    };

    /// Words added to one safety message are capped: past this, the page asks them to call.
    const MAX_ADDITIONS: u64 = 20;

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
    if fields.len() > 32 {
        return Err(ApiError::bad_request("Too many fields."));
    }
    let lookup = reference.clone();
    if db(move |s| s.count_details(&lookup)).await? >= MAX_ADDITIONS {
        return Err(ApiError::too_many(
            "You have added a lot to this message already. Please call us or Childline on 0800 1111.",
        ));
    }
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
        let details = Answers {
            what_happened: what,
            phone,
            safe_times,
            ..Answers::for_kind(Kind::Unsafe)
        };
        // The words go to the message only: the draft on this device keeps none of them.
        draft.answers = Answers::for_kind(Kind::Unsafe);
        draft.pending.clear();
        draft.errors.clear();
        db(move |s| {
            s.add_details(&reference, &details, now)?;
            s.save_draft(&draft, now)
        })
        .await?;
        leptos_axum::redirect("/unsafe?added=1");
    } else {
        draft.pending = truncate_fields(fields, &["what_happened", "phone", "safe_times"]);
        draft.errors = errors;
        db(move |s| s.save_draft(&draft, now)).await?;
        leptos_axum::redirect("/unsafe");
    }
    Ok(())
}
