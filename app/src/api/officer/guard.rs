//! Who is calling (ssr only): the officer behind the session cookie, permission checks, and the
//! audit trail every officer function writes to.

use crate::api::error::ApiError;
use crate::api::state::{db, looks_like_token, officer_cookie, read_cookie, state, token_hash};
use crate::api::store::{AuditEntry, UserRecord};
use crate::domain::officer::{Permission, IDLE_MINUTES};

/// The SHA-256 of this request's officer session token, if it carries one.
pub fn session_hash() -> Result<Option<String>, ApiError> {
    let secure = state()?.secure_cookies;
    Ok(read_cookie(officer_cookie(secure))
        .filter(|t| looks_like_token(t))
        .map(|t| token_hash(&t)))
}

/// The signed-in officer, if the session is alive and fully signed in (and marks it used).
pub async fn current() -> Result<Option<UserRecord>, ApiError> {
    let Some(hash) = session_hash()? else {
        return Ok(None);
    };
    let now = chrono::Utc::now();
    let idle_since = now - chrono::Duration::minutes(IDLE_MINUTES);
    db(move |s| s.session_user(&hash, now, idle_since)).await
}

/// A session half-way through signing in (password right, second factor to come): its token
/// hash, the officer and the authenticator secret being set up.
pub async fn pending() -> Result<Option<(String, UserRecord, Option<String>)>, ApiError> {
    let Some(hash) = session_hash()? else {
        return Ok(None);
    };
    let now = chrono::Utc::now();
    let h = hash.clone();
    Ok(db(move |s| s.pending_sign_in(&h, now))
        .await?
        .map(|(u, secret)| (hash, u, secret)))
}

/// The signed-in officer if they may do `p`: 401 when not signed in, 403 when not allowed.
/// Both refusals are logged (numeric id only, never an email).
pub async fn require(p: Permission) -> Result<UserRecord, ApiError> {
    let Some(user) = current().await? else {
        tracing::warn!(
            event = "refused",
            status = 401,
            "officer function without a session"
        );
        return Err(ApiError::new(401, "Please sign in to continue."));
    };
    if !user.role.can(p) {
        tracing::warn!(event = "refused", status = 403, user_id = user.id, permission = ?p, "officer function not allowed for this role");
        return Err(ApiError::new(403, "You do not have permission to do that."));
    }
    Ok(user)
}

/// One audit line, to be written by the store in the same transaction as the change.
pub fn entry(
    user: Option<&UserRecord>,
    email: &str,
    action: &str,
    reference: Option<&str>,
    detail: impl Into<String>,
) -> Result<AuditEntry, ApiError> {
    Ok(AuditEntry {
        council_id: state()?.settings.council_id.clone(),
        at: chrono::Utc::now(),
        user_id: user.map(|u| u.id),
        user_email: email.to_string(),
        action: action.to_string(),
        reference: reference.map(str::to_string),
        detail: detail.into(),
    })
}

/// Writes one line to the append-only audit log (for looks, which change nothing else).
pub async fn audit(
    user: Option<&UserRecord>,
    email: &str,
    action: &str,
    reference: Option<&str>,
    detail: impl Into<String>,
) -> Result<(), ApiError> {
    let entry = entry(user, email, action, reference, detail)?;
    db(move |s| s.audit(&entry)).await
}
