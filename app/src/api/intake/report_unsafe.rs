use crate::api::error::ApiError;
use leptos::prelude::*;

/// "I don't feel safe": stored at once as urgent, before any question, then the page says what
/// happens now and asks (only if they want) for more. A second tap finds the same message.
#[server(prefix = "/api", endpoint = "intake/unsafe")]
pub async fn report_unsafe() -> Result<(), ApiError> {
    use crate::api::state::{random_token, state, token_hash};
    use crate::api::store::Draft;
    use crate::domain::submission::{Answers, Kind};

    if let Some(draft) = super::draft_cookie::current().await? {
        if draft.answers.kind == Some(Kind::Unsafe) && draft.reference.is_some() {
            leptos_axum::redirect("/unsafe");
            return Ok(());
        }
    }
    let st = state()?;
    let token = random_token()?;
    let draft = Draft {
        id: token_hash(&token),
        council_id: st.settings.council_id.clone(),
        answers: Answers::for_kind(Kind::Unsafe),
        ..Default::default()
    };
    // One write: the message and its draft (born a tombstone that names it) together.
    let form = crate::domain::submission::Channel::OnlineForm;
    super::send::submit_draft(&draft, true, form, None, None, None).await?;
    super::draft_cookie::remember(&token, true, st.secure_cookies);
    leptos_axum::redirect("/unsafe");
    Ok(())
}
