//! Rate limits on the young person's forms, per address group (an IPv4 address or an IPv6
//! /64, from `client_addr.rs`), generous enough for a children's home or school that shares
//! one address:
//!
//! - **messages** (send, "I don't feel safe"): `SPEAKUP_INTAKE_PER_HOUR`, 30 by default;
//! - **new drafts** (start): twice that;
//! - **page saves** (a question page, "tell us more"): twenty times that.
//!
//! Past the limit the answer is 429 with a page in plain words (or the same words as JSON for
//! the app's own calls). "I don't feel safe" is never silently dropped: past the limit one more
//! is still let through per address every five minutes.
//! `SPEAKUP_INTAKE_PER_HOUR=0` lifts these limits (load benchmarks only).
//!
//! The limiters (`governor`, keyed GCRA, in memory) are pruned every ten minutes so a flood
//! of addresses cannot grow them for ever.

use app::api::state::{ClientAddr, KeyedLimiter};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct IntakeLimits {
    inner: Option<Arc<Limiters>>,
    rights_phone: Arc<str>,
}

struct Limiters {
    messages: KeyedLimiter,
    unsafe_past_limit: KeyedLimiter,
    drafts: KeyedLimiter,
    saves: KeyedLimiter,
}

/// `per_hour` per address, as a burst that refills evenly over the hour.
fn hourly(per_hour: u32) -> Quota {
    let n = NonZeroU32::new(per_hour.max(1)).expect("at least one");
    Quota::with_period(Duration::from_secs(3600) / n.get())
        .expect("non-zero period")
        .allow_burst(n)
}

impl IntakeLimits {
    /// `per_hour` messages per address; 0 turns every intake limit off.
    pub fn new(per_hour: u32, rights_phone: &str) -> IntakeLimits {
        let inner = (per_hour > 0).then(|| {
            Arc::new(Limiters {
                messages: RateLimiter::keyed(hourly(per_hour)),
                unsafe_past_limit: RateLimiter::keyed(
                    Quota::with_period(Duration::from_secs(300)).expect("non-zero period"),
                ),
                drafts: RateLimiter::keyed(hourly(per_hour.saturating_mul(2))),
                saves: RateLimiter::keyed(hourly(per_hour.saturating_mul(20))),
            })
        });
        IntakeLimits {
            inner,
            rights_phone: rights_phone.into(),
        }
    }

    /// Forgets addresses whose limits have fully recovered (called every ten minutes).
    pub fn prune(&self) {
        if let Some(l) = &self.inner {
            for lim in [&l.messages, &l.unsafe_past_limit, &l.drafts, &l.saves] {
                lim.retain_recent();
                lim.shrink_to_fit();
            }
        }
    }

    /// Whether a POST to `path` from `key` may go ahead.
    fn allows(&self, path: &str, key: &String) -> bool {
        let Some(l) = &self.inner else { return true };
        match path {
            "/api/intake/send" => l.messages.check_key(key).is_ok(),
            "/api/intake/unsafe" => {
                l.messages.check_key(key).is_ok() || l.unsafe_past_limit.check_key(key).is_ok()
            }
            "/api/intake/start" => l.drafts.check_key(key).is_ok(),
            "/api/intake/save" | "/api/intake/unsafe-details" => l.saves.check_key(key).is_ok(),
            _ => true,
        }
    }
}

pub async fn check(State(limits): State<IntakeLimits>, req: Request<Body>, next: Next) -> Response {
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/intake/") {
        return next.run(req).await;
    }
    let key = req
        .extensions()
        .get::<ClientAddr>()
        .map(|a| a.group())
        .unwrap_or_else(|| "unknown".into());
    if limits.allows(req.uri().path(), &key) {
        return next.run(req).await;
    }
    tracing::warn!(
        event = "rate_limited",
        limiter = "intake",
        path = req.uri().path(),
        "too many messages from one address"
    );
    let wants_page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let words = format!(
        "A lot of messages have been sent from here in the last hour. Please wait a while and \
         try again. You can call us free on {}. If you are in danger now, call 999.",
        limits.rights_phone
    );
    let mut res = if wants_page {
        (
            StatusCode::TOO_MANY_REQUESTS,
            axum::response::Html(page(&words)),
        )
            .into_response()
    } else {
        (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(app::api::error::ApiError::too_many(words)),
        )
            .into_response()
    };
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("300"));
    res
}

/// A small page in plain words, with the quick exit, for a browser with JavaScript off.
fn page(words: &str) -> String {
    let words = words.replace('&', "&amp;").replace('<', "&lt;");
    format!(
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Please wait a while</title><link rel=\"stylesheet\" href=\"/pkg/speak-up.css\">\
         </head><body><form method=\"post\" action=\"/leave\" class=\"quick-exit\">\
         <button type=\"submit\" class=\"quick-exit__button\">Leave this page quickly</button>\
         </form><main id=\"main\" class=\"page\"><h1>Please wait a while</h1><p>{words}</p>\
         <p><a href=\"/\">Go to the start</a></p></main></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_31st_message_in_an_hour_is_refused_but_another_address_still_works() {
        let l = IntakeLimits::new(30, "0800");
        let a = "192.0.2.1".to_string();
        for _ in 0..30 {
            assert!(l.allows("/api/intake/send", &a));
        }
        assert!(!l.allows("/api/intake/send", &a));
        assert!(l.allows("/api/intake/send", &"192.0.2.2".to_string()));
    }

    #[test]
    fn i_dont_feel_safe_still_gets_through_once_every_five_minutes_past_the_limit() {
        let l = IntakeLimits::new(1, "0800");
        let a = "192.0.2.1".to_string();
        assert!(l.allows("/api/intake/unsafe", &a), "within the limit");
        assert!(l.allows("/api/intake/unsafe", &a), "one past the limit");
        assert!(!l.allows("/api/intake/unsafe", &a), "then slowed");
        assert!(!l.allows("/api/intake/send", &a));
    }

    #[test]
    fn zero_lifts_the_limits_for_benchmarks() {
        let l = IntakeLimits::new(0, "0800");
        let a = "192.0.2.1".to_string();
        for _ in 0..1000 {
            assert!(l.allows("/api/intake/send", &a));
        }
    }
}
