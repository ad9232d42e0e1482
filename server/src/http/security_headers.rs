//! Headers on every response. Pages set their own Content-Security-Policy with a per-response
//! nonce (see `app::security_headers`); everything else gets a strict default.
//! Pages and API answers are never cached (children's words on a shared phone);
//! the built assets under /pkg may be.

use axum::http::{header, HeaderName, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;

pub async fn add(req: Request<axum::body::Body>, next: Next) -> Response {
    // Young people's pages send no referrer at all. Officer pages send it to this site only,
    // so their form posts carry a real Origin for the CSRF check (`csrf.rs`).
    let officer =
        req.uri().path().starts_with("/officer") || req.uri().path().starts_with("/api/officer");
    let cacheable = req.uri().path().starts_with("/pkg/")
        || req.uri().path().ends_with(".svg")
        || req.uri().path().ends_with(".png");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(
        h,
        header::REFERRER_POLICY,
        if officer {
            "same-origin"
        } else {
            "no-referrer"
        },
    );
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if !cacheable {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
