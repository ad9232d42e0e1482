//! Headers on every response. Pages set their own Content-Security-Policy with a per-response
//! nonce (see `app::security_headers`); everything else gets a strict default.
//! Pages and API answers are never cached (children's words on a shared phone);
//! the built assets under /pkg are kept for a year when their names carry a hash of their
//! contents (`app::assets`), so a phone downloads the code once per release.

use axum::http::{header, HeaderName, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;

pub async fn add(req: Request<axum::body::Body>, next: Next) -> Response {
    // Young people's pages send no referrer at all. Officer pages send it to this site only,
    // so their form posts carry a real Origin for the CSRF check (`csrf.rs`).
    let officer =
        req.uri().path().starts_with("/officer") || req.uri().path().starts_with("/api/officer");
    let fingerprinted = fingerprinted(req.uri().path());
    let cacheable = req.uri().path().starts_with("/pkg/")
        || req.uri().path().ends_with(".svg")
        || req.uri().path().ends_with(".png");
    let mut res = next.run(req).await;
    let ok = res.status().is_success();
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
    if fingerprinted && ok {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    } else if !cacheable {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// `/pkg/speak-up.<hash>.wasm` (a built file) or `/js/quick-exit.<hash>.js` (the plain
/// script, answered only under its current name): a file whose name changes whenever its
/// contents do.
fn fingerprinted(path: &str) -> bool {
    if path.starts_with("/js/") {
        return path == app::assets::plain_script_href();
    }
    path.strip_prefix("/pkg/")
        .and_then(|name| name.strip_prefix("speak-up."))
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(hash, ext)| {
            hash.len() >= 16
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                && matches!(ext, "js" | "wasm" | "css")
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_hashed_built_files_are_kept_for_a_year() {
        assert!(super::fingerprinted(
            "/pkg/speak-up.Ab3_x-9QwErTyUiOpAsDfG.wasm"
        ));
        assert!(super::fingerprinted(
            "/pkg/speak-up.Ab3_x-9QwErTyUiOpAsDfG.css"
        ));
        assert!(!super::fingerprinted("/pkg/speak-up.wasm"));
        assert!(!super::fingerprinted("/pkg/speak-up.css"));
        assert!(!super::fingerprinted(
            "/tell/speak-up.Ab3_x-9QwErTyUiOpAsDfG.js"
        ));
        assert!(!super::fingerprinted(
            "/pkg/speak-up.Ab3_x-9QwErTyUiOpAsDfG.html"
        ));
        assert!(super::fingerprinted(app::assets::plain_script_href()));
        assert!(!super::fingerprinted("/js/quick-exit.0123456789abcdef.js"));
    }
}
