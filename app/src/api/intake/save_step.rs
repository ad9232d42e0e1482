use crate::api::error::ApiError;
use crate::domain::submission::Fields;
use leptos::prelude::*;

/// Saves one question page. On mistakes it keeps what was typed and goes back to the same page
/// (which then shows the mistakes); otherwise it goes to the next page, or back to "check your
/// answers" when the person came from a change link (`change` set).
#[server(prefix = "/api", endpoint = "intake/save")]
pub async fn save_step(
    step: String,
    change: Option<String>,
    f: Option<Fields>,
) -> Result<(), ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::submission::{
        apply_step, check_complete, field_names, truncate_fields, Step,
    };

    let step = Step::from_slug(&step)
        .filter(|s| *s != Step::Check)
        .ok_or_else(|| ApiError::bad_request("That page does not exist."))?;
    let Some(mut draft) = super::draft_cookie::current().await? else {
        // Nothing to save into: the start page explains and offers a fresh start.
        leptos_axum::redirect("/?expired=1");
        return Ok(());
    };
    if draft.reference.is_some() {
        leptos_axum::redirect("/tell/done");
        return Ok(());
    }
    let fields = f.unwrap_or_default();
    if fields.len() > 32 {
        return Err(ApiError::bad_request("Too many fields."));
    }
    let settings = state()?.settings.clone();
    let target = match apply_step(&mut draft.answers, step, &fields, &settings.services) {
        Ok(()) => {
            draft.pending_step = None;
            draft.pending.clear();
            draft.errors.clear();
            if change.is_some() {
                // A changed answer can open a page not seen yet (e.g. now writing for a young
                // person): go there first, then back to "check your answers".
                match check_complete(&draft.answers, &settings.services) {
                    Ok(()) => Step::Check,
                    Err((missing, _)) => missing,
                }
            } else {
                draft.answers.next_step(step)
            }
        }
        Err(errors) => {
            draft.pending_step = Some(step);
            // Kept to show back with the mistakes, but never more than a field may hold.
            draft.pending = truncate_fields(fields, field_names(step));
            draft.errors = errors;
            step
        }
    };
    db(move |s| s.save_draft(&draft, chrono::Utc::now())).await?;
    let mut path = target.path();
    if change.is_some() && target != Step::Check {
        path.push_str("?change=1");
    }
    leptos_axum::redirect(&path);
    Ok(())
}
