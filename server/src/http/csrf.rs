//! Cross-site request forgery: every state-changing request (anything but GET, HEAD, OPTIONS)
//! must come from one of our own pages, on the young person's forms as well as the officers'.
//! Another website's hidden form cannot send "I don't feel safe" a thousand times, or act as a
//! signed-in officer.
//!
//! How a request is judged, in order:
//! 1. `Sec-Fetch-Site` (every current browser sends it): only `same-origin` passes.
//! 2. Otherwise `Origin`, when it is a real origin: it must be this site's public origin
//!    (`SPEAKUP_PUBLIC_URL`) or the address the server listens on. Never the `Host` header,
//!    which the client chooses.
//! 3. Otherwise (no `Origin`, or `Origin: null`, which an older browser sends for a form on
//!    our young person's pages because they ask for no referrer): officer requests need a
//!    `Referer` from this site (officer pages send one); the young person's forms pass, since
//!    such a browser cannot tell us more and a script can forge any header anyway — rate
//!    limits (`intake_limit.rs`) deal with scripts.

use app::api::state::origin_of;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The origins our own pages are served from, like `https://speakup.council.example`.
#[derive(Clone, Debug)]
pub struct OurOrigins(pub Arc<Vec<String>>);

impl OurOrigins {
    pub fn new(urls: &[&str]) -> OurOrigins {
        OurOrigins(Arc::new(
            urls.iter().filter_map(|u| origin_of(u)).collect::<Vec<_>>(),
        ))
    }
}

pub async fn check(State(ours): State<OurOrigins>, req: Request<Body>, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || verdict(req.uri().path(), req.headers(), &ours) {
        return next.run(req).await;
    }
    tracing::warn!(
        event = "csrf_refused",
        path = req.uri().path(),
        "a state-changing request from another site was refused"
    );
    (
        StatusCode::FORBIDDEN,
        axum::Json(app::api::error::ApiError::new(
            403,
            "This request must come from a Speak Up page. Go back, reload the page and try again.",
        )),
    )
        .into_response()
}

/// Whether a state-changing request to `path` with these headers comes from our own pages.
pub fn verdict(path: &str, headers: &HeaderMap, ours: &OurOrigins) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return site == "same-origin";
    }
    let is_ours = |url: &str| origin_of(url).is_some_and(|o| ours.0.contains(&o));
    match get(header::ORIGIN.as_str()) {
        Some(origin) if origin != "null" => is_ours(origin),
        _ if path.starts_with("/api/officer/") => {
            get(header::REFERER.as_str()).is_some_and(is_ours)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn fetch_metadata_decides_when_the_browser_sends_it() {
        let ours = OurOrigins::new(&["https://speakup.example"]);
        for path in ["/api/intake/unsafe", "/api/officer/case-action", "/finish"] {
            assert!(verdict(
                path,
                &h(&[("sec-fetch-site", "same-origin")]),
                &ours
            ));
            assert!(!verdict(
                path,
                &h(&[("sec-fetch-site", "cross-site")]),
                &ours
            ));
            assert!(!verdict(
                path,
                &h(&[("sec-fetch-site", "same-site")]),
                &ours
            ));
            assert!(!verdict(
                path,
                &h(&[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "https://speakup.example")
                ]),
                &ours
            ));
        }
    }

    #[test]
    fn origin_is_compared_with_the_public_origin_not_the_host_header() {
        let ours = OurOrigins::new(&["https://speakup.example/"]);
        let evil = h(&[("origin", "https://evil.example"), ("host", "evil.example")]);
        assert!(!verdict("/api/intake/send", &evil, &ours));
        let good = h(&[("origin", "https://SpeakUp.example"), ("host", "whatever")]);
        assert!(verdict("/api/intake/send", &good, &ours));
    }

    #[test]
    fn origin_null_from_our_no_referrer_pages_still_works_for_young_people() {
        let ours = OurOrigins::new(&["https://speakup.example"]);
        assert!(verdict(
            "/api/intake/send",
            &h(&[("origin", "null")]),
            &ours
        ));
        assert!(verdict("/api/intake/send", &h(&[]), &ours));
        // Officers' pages send a Referer; without one, no.
        assert!(!verdict(
            "/api/officer/sign-in",
            &h(&[("origin", "null")]),
            &ours
        ));
        assert!(verdict(
            "/api/officer/sign-in",
            &h(&[("referer", "https://speakup.example/officer/sign-in")]),
            &ours
        ));
    }
}
