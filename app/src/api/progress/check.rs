use crate::api::error::ApiError;
use leptos::prelude::*;

/// Checks a reference and its code. On success this browser may see that reference's progress
/// for 30 minutes; on failure the page says so without telling which part was wrong.
#[server(prefix = "/api", endpoint = "progress/check")]
pub async fn check_progress(reference: String, code: String) -> Result<(), ApiError> {
    use crate::api::state::{
        client_ip, db, random_token, set_cookie, state, token_hash, verify_progress_code,
        PROGRESS_COOKIE,
    };
    use crate::domain::reference::{ProgressCode, Reference};
    use std::time::Duration;

    if reference.len() > 100 || code.len() > 100 {
        return Err(ApiError::bad_request(
            "That is too long to be a reference or a code.",
        ));
    }
    let reference = match Reference::parse(&reference) {
        Ok(r) => r,
        Err(_) => {
            leptos_axum::redirect("/progress?e=reference");
            return Ok(());
        }
    };
    let code = match ProgressCode::parse(&code) {
        Ok(c) => c,
        Err(_) => {
            leptos_axum::redirect("/progress?e=code");
            return Ok(());
        }
    };
    let st = state()?;
    let ip = client_ip().await;
    let limited = st.address_limiter.check_key(&ip).is_err()
        || st
            .progress_limiter
            .check_key(&reference.to_string())
            .is_err();
    if limited {
        tracing::warn!(
            event = "rate_limited",
            limiter = "progress",
            "progress checks slowed down"
        );
        leptos_axum::redirect("/progress?e=slow");
        return Ok(());
    }
    let lookup = reference.to_string();
    let record = db(move |s| s.progress(&lookup)).await?;
    let hash = record.as_ref().map(|r| r.progress_code_hash.clone());
    let ok = verify_progress_code(code.as_str(), hash.as_deref()).await?;
    if !ok {
        tokio::time::sleep(Duration::from_millis(400)).await;
        leptos_axum::redirect("/progress?e=nomatch");
        return Ok(());
    }
    let token = random_token()?;
    let expires = chrono::Utc::now() + chrono::Duration::minutes(30);
    // The database keeps only the SHA-256 of the cookie, as for officers' sessions.
    let (t, r) = (token_hash(&token), reference.to_string());
    db(move |s| s.grant_progress_view(&t, &r, expires)).await?;
    // Recorded like any other look at a case (no address, no code).
    let entry = crate::api::store::AuditEntry {
        council_id: st.settings.council_id.clone(),
        at: chrono::Utc::now(),
        user_id: None,
        user_email: "the young person (reference and code)".into(),
        action: "progress viewed".into(),
        reference: Some(reference.to_string()),
        detail: String::new(),
    };
    db(move |s| s.audit(&entry)).await?;
    set_cookie(
        PROGRESS_COOKIE,
        &token,
        Some(Duration::from_secs(30 * 60)),
        st.secure_cookies,
    );
    leptos_axum::redirect("/progress/status");
    Ok(())
}
