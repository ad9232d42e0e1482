use crate::api::error::ApiError;
use leptos::prelude::*;

/// Starts a new message of one kind and goes to its first question.
#[server(prefix = "/api", endpoint = "intake/start")]
pub async fn start(kind: String) -> Result<(), ApiError> {
    use super::draft_cookie;
    use crate::api::state::{db, random_token, state, token_hash};
    use crate::api::store::Draft;
    use crate::domain::submission::{Answers, Kind, Step};

    let kind = Kind::from_code(&kind)
        .filter(|k| *k != Kind::Unsafe)
        .ok_or_else(|| ApiError::bad_request("Choose what you want to tell us."))?;
    let st = state()?;
    let token = random_token()?;
    let draft = Draft {
        id: token_hash(&token),
        council_id: st.settings.council_id.clone(),
        answers: Answers::for_kind(kind),
        ..Default::default()
    };
    db(move |s| s.save_draft(&draft, chrono::Utc::now())).await?;
    draft_cookie::remember(&token, false, st.secure_cookies);
    leptos_axum::redirect(&Step::Who.path());
    Ok(())
}
