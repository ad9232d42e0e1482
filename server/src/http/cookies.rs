//! Reading our cookies in plain axum handlers (server functions use `app::api::state`).

use axum::http::HeaderMap;

/// One of our token cookies from request headers (anything not shaped like a token is ignored).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    app::api::state::cookie_in(headers, name).filter(|v| app::api::state::looks_like_token(v))
}

/// Whether the browser says this request came from one of our own pages (or was typed in).
/// A browser too old to send `Sec-Fetch-Site` counts as ours: refusing it would fail a child
/// on an old phone, and these requests only ever clear things.
pub fn from_our_pages(headers: &HeaderMap) -> bool {
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => true,
    }
}
