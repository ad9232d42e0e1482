use crate::api::error::ApiError;
use leptos::prelude::*;

/// Ends this session.
#[server(prefix = "/api", endpoint = "officer/sign-out")]
pub async fn sign_out() -> Result<(), ApiError> {
    use crate::api::state::{
        clear_cookie, db, looks_like_token, read_cookie, state, token_hash, OFFICER_COOKIE,
    };
    if let Some(user) = super::guard::current().await? {
        super::guard::audit(Some(&user), &user.email, "signed out", None, "").await?;
    }
    if let Some(token) = read_cookie(OFFICER_COOKIE).filter(|t| looks_like_token(t)) {
        let hash = token_hash(&token);
        db(move |s| s.delete_session(&hash)).await?;
    }
    clear_cookie(OFFICER_COOKIE, state()?.secure_cookies);
    leptos_axum::redirect("/officer/sign-in?out=1");
    Ok(())
}
