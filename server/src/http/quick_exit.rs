//! `/leave`: "Leave this page quickly". Deletes the answers in progress, tells the browser to
//! forget this site's cookies and storage, and sends it to a neutral website.
//! GET (JavaScript replaces the page with it, so Back does not return) and POST (the plain form).

use crate::AppContext;
use app::api::state::DRAFT_COOKIE;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn leave(State(ctx): State<AppContext>, headers: HeaderMap) -> Response {
    if let Some(id) = crate::http::copy::cookie(&headers, DRAFT_COOKIE) {
        let store = ctx.app.store.clone();
        let _ = tokio::task::spawn_blocking(move || store.delete_draft(&id)).await;
    }
    let mut res = StatusCode::SEE_OTHER.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&ctx.app.settings.quick_exit_url) {
        h.insert(header::LOCATION, v);
    }
    h.insert(
        header::HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cookies\", \"storage\", \"cache\""),
    );
    for name in [DRAFT_COOKIE, app::api::state::PROGRESS_COOKIE] {
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        )) {
            h.append(header::SET_COOKIE, v);
        }
    }
    res
}
