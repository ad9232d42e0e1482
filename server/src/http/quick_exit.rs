//! `/leave`: "Leave this page quickly". Deletes the answers in progress, tells the browser to
//! forget this site's cookies and storage, and sends it to a neutral website.
//! GET (JavaScript replaces the page with it, so Back does not return) and POST (the plain form).
//! Another site can send a browser here, but then nothing is cleared: only our own pages (or
//! a typed address) may delete a child's draft.

use crate::AppContext;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn leave(State(ctx): State<AppContext>, headers: HeaderMap) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(&ctx.app.settings.quick_exit_url) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    if super::cookies::from_our_pages(&headers) {
        super::finish::forget(&ctx, &headers).await;
        super::finish::clear_site(res.headers_mut(), ctx.app.secure_cookies);
    }
    res
}
