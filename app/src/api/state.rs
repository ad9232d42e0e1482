//! Server-side plumbing every server function shares (ssr only): the application state,
//! running storage work off the async runtime, cookies, random tokens and secret hashing.

use super::error::ApiError;
use super::store::{Store, StoreError, StoreResult};
use crate::settings::SiteSettings;
use axum::http::{header, request::Parts, HeaderValue};
use governor::{clock::DefaultClock, state::keyed::DefaultKeyedStateStore, Quota, RateLimiter};
use leptos::prelude::*;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// A signed-in officer's session (the token; the database keeps only its SHA-256). Over HTTPS
/// it is [`OFFICER_COOKIE_SECURE`] instead: see [`officer_cookie`].
pub const OFFICER_COOKIE: &str = "su_officer";
/// The officer cookie when cookies are `Secure`: the `__Host-` prefix makes browsers refuse it
/// unless it is Secure, for this host only (no Domain), and for every path.
pub const OFFICER_COOKIE_SECURE: &str = "__Host-su_officer";

/// The officer cookie's name for this deployment.
pub fn officer_cookie(secure: bool) -> &'static str {
    if secure {
        OFFICER_COOKIE_SECURE
    } else {
        OFFICER_COOKIE
    }
}
/// Holds a person's answers between pages. HttpOnly: scripts on the page never see it.
pub const DRAFT_COOKIE: &str = "su_draft";
/// Lets one browser see one reference's progress for a short while after reference + code.
pub const PROGRESS_COOKIE: &str = "su_progress";

pub type KeyedLimiter = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>;

/// Everything server functions need, provided to each request by the server.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub settings: Arc<SiteSettings>,
    /// Add `Secure` to cookies (when served over HTTPS).
    pub secure_cookies: bool,
    /// Slows down guessing on the "check progress" page for one reference: five tries, then
    /// one more every two minutes.
    pub progress_limiter: Arc<KeyedLimiter>,
    /// Where new-submission emails go (the Children's Rights Service inbox), if configured.
    pub notify_to: Option<String>,
    /// This site's address as people reach it, for links in emails (no trailing slash).
    pub public_url: String,
    /// Wakes the mail sender when something is queued.
    pub mail_wakeup: Arc<tokio::sync::Notify>,
    /// The same, per address, looser because a children's home or school shares one address:
    /// thirty tries, then one more every twenty seconds.
    pub address_limiter: Arc<KeyedLimiter>,
    /// Growing pauses for staff sign-in failures per address (accounts keep theirs in the
    /// database). See `api::officer::throttle`.
    pub sign_in_addresses:
        Arc<std::sync::Mutex<std::collections::HashMap<String, crate::domain::officer::Throttle>>>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, settings: SiteSettings, secure_cookies: bool) -> Self {
        let quota = |every: u64, burst: u32| {
            Quota::with_period(Duration::from_secs(every))
                .expect("non-zero period")
                .allow_burst(NonZeroU32::new(burst).expect("non-zero"))
        };
        AppState {
            store,
            settings: Arc::new(settings),
            secure_cookies,
            progress_limiter: Arc::new(RateLimiter::keyed(quota(120, 5))),
            address_limiter: Arc::new(RateLimiter::keyed(quota(20, 30))),
            notify_to: None,
            public_url: String::new(),
            mail_wakeup: Arc::new(tokio::sync::Notify::new()),
            sign_in_addresses: Arc::default(),
        }
    }
}

pub fn state() -> Result<AppState, ApiError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        ApiError::unavailable()
    })
}

/// Runs storage work on a blocking thread so the async runtime never waits on the disk.
pub async fn db<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> StoreResult<T> + Send + 'static,
{
    let store = state()?.store.clone();
    match tokio::task::spawn_blocking(move || f(store.as_ref())).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(StoreError::ReferenceTaken)) => Err(ApiError::new(409, "Please try again.")),
        Ok(Err(StoreError::Conflict)) => Err(ApiError::new(409, "That already exists.")),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "storage error");
            Err(ApiError::unavailable())
        }
        Err(e) => {
            tracing::error!(error = %e, "storage task failed");
            Err(ApiError::unavailable())
        }
    }
}

/// The value of a cookie sent with this request.
pub fn read_cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<Parts>()?.headers, name)
}

/// The value of a cookie in request headers (also used by the server's plain axum handlers).
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Sets a cookie: HttpOnly, SameSite=Strict, path /, `Secure` when configured.
/// `max_age` of `None` makes it last until the browser closes.
pub fn set_cookie(name: &str, value: &str, max_age: Option<Duration>, secure: bool) {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={}", age.as_secs()));
    }
    if secure {
        c.push_str("; Secure");
    }
    append_set_cookie(c);
}

pub fn clear_cookie(name: &str, secure: bool) {
    let mut c = format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if secure {
        c.push_str("; Secure");
    }
    append_set_cookie(c);
}

fn append_set_cookie(c: String) {
    if let (Some(res), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&c),
    ) {
        res.append_header(header::SET_COOKIE, v);
    }
}

/// `n` bytes from the operating system's secure random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| {
        tracing::error!(error = %e, "no randomness");
        ApiError::unavailable()
    })?;
    Ok(buf)
}

/// A random token for cookies and idempotency keys (256 bits, hex).
pub fn random_token() -> Result<String, ApiError> {
    Ok(random_bytes::<32>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Tokens we issue are 64 hex characters; anything else is ignored without a lookup.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Hashes a secret (a progress code) with Argon2id.
pub fn hash_secret(secret: &str) -> Result<String, ApiError> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()?).map_err(|_| ApiError::unavailable())?;
    argon2::Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "hashing failed");
            ApiError::unavailable()
        })
}

/// Checks a secret against a stored hash. With `None` it still does the work, so an unknown
/// reference takes as long to refuse as a wrong code.
pub fn verify_secret(secret: &str, hash: Option<&str>) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5dbOvA1wYkD2B6Pcn9pCQl4qd3q4UGAq6Ly7uN0cxnw";
    let target = hash.unwrap_or(DUMMY);
    let Ok(parsed) = PasswordHash::new(target) else {
        return false;
    };
    let ok = argon2::Argon2::default()
        .verify_password(secret.as_bytes(), &parsed)
        .is_ok();
    ok && hash.is_some()
}

/// The caller's address, for rate limits.
pub async fn client_ip() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "unknown".to_string(),
    }
}

/// SHA-256 of a session token, as stored: a copy of the database cannot be used to sign in.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
