//! Cross-site request forgery protection for the officers' workspace, on top of SameSite=Strict
//! cookies: a state-changing request to `/api/officer/...` must say (Origin, or Referer when
//! Origin is missing) that it comes from this site. Officer pages send a same-origin Referrer
//! Policy so browsers include a real Origin (see `security_headers.rs`). Anything else is 403.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn check(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path();
    let guarded = path.starts_with("/api/officer/") && req.method() == Method::POST;
    if guarded && !same_site(&req) {
        return (
            StatusCode::FORBIDDEN,
            axum::Json(app::api::error::ApiError::new(
                403,
                "This request must come from a Speak Up page. Go back, reload the page and try again.",
            )),
        )
            .into_response();
    }
    next.run(req).await
}

fn same_site(req: &Request<Body>) -> bool {
    let Some(host) = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
    else {
        return false;
    };
    let matches = |url: &str| {
        ["http://", "https://"].iter().any(|scheme| {
            url.strip_prefix(scheme)
                .map(|rest| rest == host || rest.starts_with(&format!("{host}/")))
                .unwrap_or(false)
        })
    };
    match req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        Some(origin) => matches(origin),
        None => req
            .headers()
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(matches),
    }
}
