use crate::api::error::ApiError;
use leptos::prelude::*;

/// Ends this session.
#[server(prefix = "/api", endpoint = "officer/sign-out")]
pub async fn sign_out() -> Result<(), ApiError> {
    use crate::api::state::{clear_cookie, db, officer_cookie, state};
    let entry = match super::guard::current().await? {
        Some(user) => Some(super::guard::entry(
            Some(&user),
            &user.email,
            "signed out",
            None,
            "",
        )?),
        None => None,
    };
    if let Some(hash) = super::guard::session_hash()? {
        db(move |s| s.delete_session(&hash, entry.as_ref())).await?;
    }
    let secure = state()?.secure_cookies;
    clear_cookie(officer_cookie(secure), secure);
    leptos_axum::redirect("/officer/sign-in?out=1");
    Ok(())
}
