//! Who is calling (ssr only): the officer behind the session cookie, permission checks, and the
//! audit trail every officer function writes to.

use crate::api::error::ApiError;
use crate::api::state::{db, looks_like_token, read_cookie, state, token_hash, OFFICER_COOKIE};
use crate::api::store::{AuditEntry, UserRecord};
use crate::domain::officer::{Permission, IDLE_MINUTES};

/// The signed-in officer, if the session is alive (and marks it used).
pub async fn current() -> Result<Option<UserRecord>, ApiError> {
    let Some(token) = read_cookie(OFFICER_COOKIE).filter(|t| looks_like_token(t)) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let now = chrono::Utc::now();
    let idle_since = now - chrono::Duration::minutes(IDLE_MINUTES);
    db(move |s| s.session_user(&hash, now, idle_since)).await
}

/// The signed-in officer if they may do `p`: 401 when not signed in, 403 when not allowed.
pub async fn require(p: Permission) -> Result<UserRecord, ApiError> {
    let Some(user) = current().await? else {
        return Err(ApiError::new(401, "Please sign in to continue."));
    };
    if !user.role.can(p) {
        return Err(ApiError::new(403, "You do not have permission to do that."));
    }
    Ok(user)
}

/// Writes one line to the append-only audit log.
pub async fn audit(
    user: Option<&UserRecord>,
    email: &str,
    action: &str,
    reference: Option<&str>,
    detail: impl Into<String>,
) -> Result<(), ApiError> {
    let entry = AuditEntry {
        council_id: state()?.settings.council_id.clone(),
        at: chrono::Utc::now(),
        user_id: user.map(|u| u.id),
        user_email: email.to_string(),
        action: action.to_string(),
        reference: reference.map(str::to_string),
        detail: detail.into(),
    };
    db(move |s| s.audit(&entry)).await
}
