use crate::api::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The second sign-in step: a six-digit code from the authenticator app, or one of the
/// recovery codes. Each code works once. Wrong codes count like wrong passwords.
#[server(prefix = "/api", endpoint = "officer/two-factor")]
pub async fn verify_two_factor(code: String) -> Result<(), ApiError> {
    use super::staff_auth::{
        account_failed, address, address_failed, check_code, pad, recovery_hash, SIGN_IN_FAILED,
    };
    use crate::api::store::SecondFactor;
    use crate::domain::officer::{after_password, authenticator_code};

    let started = std::time::Instant::now();
    if code.len() > 100 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let Some((pending, user, _)) = super::guard::pending().await? else {
        leptos_axum::redirect("/officer/sign-in?e=expired");
        return Ok(());
    };
    let now = chrono::Utc::now();
    let from = address().await;
    let Some(secret) = user
        .totp_secret
        .clone()
        .filter(|_| !user.must_change_password)
    else {
        leptos_axum::redirect(after_password(user.must_change_password, false));
        return Ok(());
    };
    if user.throttle().paused(now) || super::staff_auth::address_paused(&from)? {
        pad(started).await;
        leptos_axum::redirect(SIGN_IN_FAILED);
        return Ok(());
    }
    let factor = match authenticator_code(&code) {
        Some(digits) => check_code(&secret, &digits, now).map(SecondFactor::Step),
        None if !code.trim().is_empty() => Some(SecondFactor::RecoveryCode(recovery_hash(&code))),
        None => None,
    };
    let used_recovery = matches!(factor, Some(SecondFactor::RecoveryCode(_)));
    let accepted = match factor {
        Some(f) => {
            let action = if used_recovery {
                "signed in (recovery code)"
            } else {
                "signed in"
            };
            finish(&pending, &user, f, action).await?.is_some()
        }
        None => false,
    };
    if !accepted {
        account_failed(&user, "second factor failed", &from).await?;
        address_failed(&from)?;
        pad(started).await;
        leptos_axum::redirect("/officer/two-factor?e=code");
        return Ok(());
    }
    leptos_axum::redirect("/officer");
    Ok(())
}

/// Swaps the pending session for a full one under a new token (so a token seen before the
/// second factor is worthless after it). The new session's token hash, or `None` when the
/// code was already used.
#[cfg(feature = "ssr")]
pub(super) async fn finish(
    pending: &str,
    user: &crate::api::store::UserRecord,
    factor: crate::api::store::SecondFactor,
    action: &str,
) -> Result<Option<String>, ApiError> {
    use crate::api::state::{db, officer_cookie, random_token, set_cookie, state, token_hash};
    let st = state()?;
    let token = random_token()?;
    let now = chrono::Utc::now();
    let expires = now + chrono::Duration::hours(12);
    let entry = super::guard::entry(Some(user), &user.email, action, None, "")?;
    let (old, new, id) = (pending.to_string(), token_hash(&token), user.id);
    let hash = new.clone();
    let ok = db(move |s| s.finish_sign_in(&old, &new, id, &factor, now, expires, &entry)).await?;
    if !ok {
        return Ok(None);
    }
    set_cookie(
        officer_cookie(st.secure_cookies),
        &token,
        None,
        st.secure_cookies,
    );
    Ok(Some(hash))
}

/// What the set-up page shows: the secret to type into an authenticator app, and the same as
/// an `otpauth://` address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthenticatorSetup {
    pub secret: String,
    pub uri: String,
    pub account: String,
}

/// The authenticator secret for this sign-in (made once per pending session). Only for a
/// pending session of an officer without a second factor yet.
#[server(prefix = "/api", endpoint = "officer/two-factor-setup")]
pub async fn two_factor_setup() -> Result<AuthenticatorSetup, ApiError> {
    use super::staff_auth::{new_secret, otpauth_uri};
    use crate::api::state::db;
    let Some((pending, user, secret)) = super::guard::pending().await? else {
        return Err(ApiError::new(401, "Please sign in to continue."));
    };
    if user.totp_secret.is_some() || user.must_change_password {
        return Err(ApiError::new(403, "The second factor is already set up."));
    }
    let secret = match secret {
        Some(s) => s,
        None => {
            let s = new_secret()?;
            let (h, v) = (pending.clone(), s.clone());
            db(move |st| st.set_setup_secret(&h, &v)).await?;
            s
        }
    };
    let uri = otpauth_uri(&secret, &user.email).ok_or_else(ApiError::unavailable)?;
    Ok(AuthenticatorSetup {
        secret,
        uri,
        account: user.email,
    })
}

/// Confirms the authenticator with one code, stores the secret and ten recovery codes
/// (hashed), signs in, and shows the recovery codes once.
#[server(prefix = "/api", endpoint = "officer/two-factor-confirm")]
pub async fn confirm_two_factor(code: String) -> Result<(), ApiError> {
    use super::staff_auth::{
        account_failed, address, address_failed, check_code, new_recovery_codes, pad,
    };
    use crate::api::state::db;
    use crate::api::store::SecondFactor;
    use crate::domain::officer::authenticator_code;

    let started = std::time::Instant::now();
    if code.len() > 100 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let Some((pending, user, Some(secret))) = super::guard::pending().await? else {
        leptos_axum::redirect("/officer/sign-in?e=expired");
        return Ok(());
    };
    let from = address().await;
    let now = chrono::Utc::now();
    let step = authenticator_code(&code).and_then(|c| check_code(&secret, &c, now));
    let Some(step) = step.filter(|_| user.totp_secret.is_none() && !user.throttle().paused(now))
    else {
        account_failed(&user, "second factor set-up failed", &from).await?;
        address_failed(&from)?;
        pad(started).await;
        leptos_axum::redirect("/officer/two-factor/setup?e=code");
        return Ok(());
    };
    let (shown, hashes) = new_recovery_codes()?;
    let factor = SecondFactor::Enrol {
        secret,
        step,
        recovery_hashes: hashes,
    };
    let Some(hash) = finish(
        &pending,
        &user,
        factor,
        "set up second factor and signed in",
    )
    .await?
    else {
        leptos_axum::redirect("/officer/sign-in?e=expired");
        return Ok(());
    };
    // Shown once on the next page of the new session, then forgotten.
    let text = shown.join("\n");
    db(move |s| s.put_show_once(&hash, &text)).await?;
    leptos_axum::redirect("/officer/recovery-codes");
    Ok(())
}

/// What to show once on this page (recovery codes just made, or a temporary password), then
/// forget. Needs a full session.
#[server(prefix = "/api", endpoint = "officer/show-once")]
pub async fn take_show_once() -> Result<Option<Vec<String>>, ApiError> {
    use crate::api::state::db;
    use crate::domain::officer::Permission;
    let _user = super::guard::require(Permission::ReadCases).await?;
    let Some(hash) = super::guard::session_hash()? else {
        return Ok(None);
    };
    let text = db(move |s| s.take_show_once(&hash)).await?;
    Ok(text.map(|t| t.lines().map(str::to_string).collect()))
}
