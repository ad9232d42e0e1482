use crate::api::error::ApiError;
use leptos::prelude::*;

/// Signs an officer in with email and password. Wrong details and unknown emails get the same
/// answer; repeated failures lock the account for a while.
#[server(prefix = "/api", endpoint = "officer/sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<(), ApiError> {
    use crate::api::state::{
        client_ip, db, random_token, set_cookie, state, token_hash, verify_secret, OFFICER_COOKIE,
    };
    use crate::domain::officer::{LOCK_MINUTES, MAX_FAILED_SIGN_INS};
    use std::time::Duration;

    if email.len() > 254 || password.len() > 1000 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let st = state()?;
    if st.address_limiter.check_key(&client_ip().await).is_err() {
        leptos_axum::redirect("/officer/sign-in?e=slow");
        return Ok(());
    }
    let council = st.settings.council_id.clone();
    let lookup = email.trim().to_string();
    let user = db(move |s| s.user_by_email(&council, &lookup)).await?;
    let now = chrono::Utc::now();
    if let Some(u) = &user {
        if u.locked_until.is_some_and(|t| t > now) {
            super::guard::audit(Some(u), &u.email, "sign-in refused (locked)", None, "").await?;
            leptos_axum::redirect("/officer/sign-in?e=locked");
            return Ok(());
        }
    }
    let hash = user
        .as_ref()
        .filter(|u| u.active)
        .map(|u| u.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || verify_secret(&password, hash.as_deref()))
        .await
        .unwrap_or(false);
    let Some(user) = user.clone().filter(|_| ok) else {
        if let Some(u) = &user {
            let (id, until) = (u.id, now + chrono::Duration::minutes(LOCK_MINUTES));
            db(move |s| s.sign_in_failed(id, MAX_FAILED_SIGN_INS, until)).await?;
            super::guard::audit(Some(u), &u.email, "sign-in failed", None, "").await?;
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
        leptos_axum::redirect("/officer/sign-in?e=wrong");
        return Ok(());
    };
    let token = random_token()?;
    let (hash, id) = (token_hash(&token), user.id);
    let expires = now + chrono::Duration::hours(12);
    db(move |s| s.create_session(&hash, id, now, expires)).await?;
    set_cookie(OFFICER_COOKIE, &token, None, st.secure_cookies);
    super::guard::audit(Some(&user), &user.email, "signed in", None, "").await?;
    leptos_axum::redirect("/officer");
    Ok(())
}
