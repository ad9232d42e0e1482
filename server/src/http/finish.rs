//! `POST /finish`: "Finish and clear this device", on every confirmation page.
//!
//! Deletes what the server still holds for this browser's draft and receipt (the tombstone of
//! a sent message, an "I don't feel safe" follow-up), ends the cookies, tells the browser to
//! clear this site's storage and cache, and goes to the start page. Only for a request from
//! our own pages: another site cannot clear a child's draft.

use crate::AppContext;
use app::api::state::{token_hash, DRAFT_COOKIE, PROGRESS_COOKIE, RECEIPT_COOKIE};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn finish(State(ctx): State<AppContext>, headers: HeaderMap) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    res.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/"));
    if !super::cookies::from_our_pages(&headers) {
        return res;
    }
    forget(&ctx, &headers).await;
    clear_site(res.headers_mut(), ctx.app.secure_cookies);
    res
}

/// Deletes the drafts this browser's cookies name (the cookies hold tokens; rows are keyed by
/// their SHA-256).
pub async fn forget(ctx: &AppContext, headers: &HeaderMap) {
    let ids: Vec<String> = [DRAFT_COOKIE, RECEIPT_COOKIE]
        .iter()
        .filter_map(|name| super::cookies::cookie(headers, name))
        .map(|t| token_hash(&t))
        .collect();
    if ids.is_empty() {
        return;
    }
    let store = ctx.app.store.clone();
    let done =
        tokio::task::spawn_blocking(move || ids.iter().try_for_each(|id| store.delete_draft(id)))
            .await;
    if !matches!(done, Ok(Ok(()))) {
        tracing::error!("could not delete a draft on finish or quick exit");
    }
}

/// Ends our cookies and asks the browser to clear this site's storage and cache.
pub fn clear_site(h: &mut HeaderMap, secure: bool) {
    h.insert(
        header::HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cookies\", \"storage\", \"cache\""),
    );
    for name in [DRAFT_COOKIE, RECEIPT_COOKIE, PROGRESS_COOKIE] {
        let secure = if secure { "; Secure" } else { "" };
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
        )) {
            h.append(header::SET_COOKIE, v);
        }
    }
}
