use crate::api::error::ApiError;
use leptos::prelude::*;

/// The first sign-in step: email and password. A wrong password, an unknown email and a paused
/// account get the same answer after the same time (a hash is always verified). A right
/// password only opens a short "second factor to come" session: see `two_factor.rs`.
#[server(prefix = "/api", endpoint = "officer/sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<(), ApiError> {
    use super::staff_auth::{
        account_failed, address, address_failed, address_paused, pad, pseudonym, verify_password,
        SIGN_IN_FAILED,
    };
    use crate::api::state::{db, officer_cookie, random_token, set_cookie, state, token_hash};
    use crate::domain::officer::after_password;

    let started = std::time::Instant::now();
    if email.len() > 254 || password.len() > 1000 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let st = state()?;
    let from = address().await;
    if st.sign_in_limiter.check_key(&from).is_err() {
        tracing::warn!(event = "rate_limited", address = %pseudonym(&from), "staff sign-in rate limit");
        leptos_axum::redirect("/officer/sign-in?e=slow");
        return Ok(());
    }
    let council = st.settings.council_id.clone();
    let lookup = email.trim().to_string();
    let user = db(move |s| s.user_by_email(&council, &lookup)).await?;
    let now = chrono::Utc::now();
    let address_is_paused = address_paused(&from)?;
    let usable = user
        .as_ref()
        .filter(|u| u.active && !u.throttle().paused(now) && !address_is_paused);
    let ok = verify_password(password, usable.map(|u| u.password_hash.clone())).await;
    let Some(user) = usable.cloned().filter(|_| ok) else {
        match &user {
            Some(u) if u.active && !u.throttle().paused(now) && !address_is_paused => {
                account_failed(u, "sign-in failed", &from).await?;
            }
            Some(u) => {
                let why = if u.active { "paused" } else { "deactivated" };
                tracing::warn!(event = "sign_in_refused", reason = why, user_id = u.id, address = %pseudonym(&from), "staff sign-in refused");
                super::guard::audit(Some(u), &u.email, "sign-in refused", None, why).await?;
            }
            None => {
                tracing::warn!(event = "sign_in_failed", step = "password", account = "unknown", address = %pseudonym(&from), "staff sign-in with an unknown email");
            }
        }
        address_failed(&from)?;
        pad(started).await;
        leptos_axum::redirect(SIGN_IN_FAILED);
        return Ok(());
    };
    // Password right: a session that can only finish signing in, for ten minutes.
    let token = random_token()?;
    let (hash, id) = (token_hash(&token), user.id);
    let expires = now + chrono::Duration::minutes(10);
    let entry = super::guard::entry(Some(&user), &user.email, "password accepted", None, "")?;
    db(move |s| s.begin_sign_in(&hash, id, now, expires, &entry)).await?;
    set_cookie(
        officer_cookie(st.secure_cookies),
        &token,
        None,
        st.secure_cookies,
    );
    leptos_axum::redirect(after_password(
        user.must_change_password,
        user.totp_secret.is_some(),
    ));
    Ok(())
}
