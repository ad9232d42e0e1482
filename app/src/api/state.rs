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
/// Opens the confirmation page once, just after sending (the old draft's token: the key that
/// unseals the receipt). Lives for [`RECEIPT_WINDOW`] at most.
pub const RECEIPT_COOKIE: &str = "su_receipt";
/// How long after sending the confirmation page can still be opened (once).
pub const RECEIPT_WINDOW: Duration = Duration::from_secs(10 * 60);

/// The address a request came from, worked out once per request by the server (see
/// `server/src/http/client_addr.rs`: forwarded headers count only from trusted proxies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

impl ClientAddr {
    /// The key rate limits use: an IPv4 address, or an IPv6 /64 (one home or phone).
    pub fn group(&self) -> String {
        match self.0 {
            std::net::IpAddr::V4(a) => a.to_string(),
            std::net::IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = a.segments();
                    format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
                }
            },
        }
    }
}

/// The server's own secret (32 random bytes from a file outside the database, see
/// `SPEAKUP_SECRET_FILE`): keys the hashes of progress codes and of addresses.
#[derive(Clone)]
pub struct ServerSecret(pub [u8; 32]);

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret(..)")
    }
}

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
    /// Staff sign-in tries per address (apart from progress checks, so a child checking
    /// progress never slows a colleague signing in, nor the other way round).
    pub sign_in_limiter: Arc<KeyedLimiter>,
    /// Keys progress-code hashes and address hashes. Set by the server from its secret file.
    pub secret: Arc<ServerSecret>,
    /// Argon2 is slow on purpose: at most one hash per core at a time, on blocking threads, so
    /// a flood of sign-ins cannot starve every other page.
    pub hashing: Arc<tokio::sync::Semaphore>,
    /// What time it is, for safety alerts' deadlines in hours (see [`Clock`]).
    pub clock: Clock,
    /// Yearly reports already computed, until a write changes their figures.
    pub report_cache: Arc<crate::api::officer::ReportCache>,
    /// The last refused import of each officer session, shown once on the import page.
    pub import_attempts: Arc<crate::api::officer::ImportAttempts>,
    /// Growing pauses for staff sign-in failures per address (accounts keep theirs in the
    /// database). See `api::officer::throttle`.
    pub sign_in_addresses:
        Arc<std::sync::Mutex<std::collections::HashMap<String, crate::domain::officer::Throttle>>>,
}

/// What time it is. Production uses [`Clock::system`]; integration tests pass a clock they can
/// move forward (`server/tests/safeguarding.rs`). Kept to the safety-alert code (its case page
/// section, its actions, the inbox's alert list and the escalation check); everything else
/// reads `Utc::now()`.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>);

impl Clock {
    /// The real time.
    pub fn system() -> Self {
        Clock(Arc::new(chrono::Utc::now))
    }

    /// Any source of time (tests).
    pub fn from_fn(f: impl Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync + 'static) -> Self {
        Clock(Arc::new(f))
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
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
            sign_in_limiter: Arc::new(RateLimiter::keyed(quota(20, 30))),
            notify_to: None,
            public_url: String::new(),
            mail_wakeup: Arc::new(tokio::sync::Notify::new()),
            secret: Arc::new(ServerSecret([0; 32])),
            hashing: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
            clock: Clock::system(),
            report_cache: Arc::default(),
            import_attempts: Arc::default(),
            sign_in_addresses: Arc::default(),
        }
    }
}

/// Runs slow hashing work (Argon2) on a blocking thread, one per core at a time.
pub async fn hashing_work<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let permits = state()?.hashing.clone();
    let _permit = permits
        .acquire_owned()
        .await
        .map_err(|_| ApiError::unavailable())?;
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        tracing::error!(error = %e, "hashing task failed");
        ApiError::unavailable()
    })
}

/// The server's state, as the request's context holds it: one `Arc`, so each use costs one
/// reference count rather than a copy of every field (measured: cloning the fields on every
/// call was about 2.5 % of the server's time under a flood of posts).
pub fn state() -> Result<Arc<AppState>, ApiError> {
    use_context::<Arc<AppState>>().ok_or_else(|| {
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

/// Hashes a progress code with HMAC-SHA-256 keyed by the server's secret.
///
/// Why not Argon2 (as for passwords): the code is 40 random bits chosen by us, not by a person,
/// so there is no dictionary to slow down; what matters is that a copied database alone cannot
/// be used to test codes, and the key lives outside it. Argon2 cost 20 ms of a core per message
/// and made a flood of messages slow every page. Codes stored before this change are Argon2
/// hashes and are still checked (see [`verify_progress_code`]).
pub fn hash_progress_code(secret: &ServerSecret, code: &str) -> String {
    format!("hmac-sha256${}", hex(&progress_mac(secret, code)))
}

fn progress_mac(secret: &ServerSecret, code: &str) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&secret.0).expect("any key length");
    mac.update(b"progress-code\0");
    mac.update(code.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a progress code against its stored hash. With `None` (unknown reference) it still
/// does the same work, so an unknown reference takes as long to refuse as a wrong code. Old
/// Argon2 hashes are checked on a blocking thread behind the hashing semaphore.
pub async fn verify_progress_code(code: &str, hash: Option<&str>) -> Result<bool, ApiError> {
    use hmac::{Hmac, Mac};
    let secret = state()?.secret.clone();
    match hash {
        Some(h) if h.starts_with("$argon2") => {
            let (code, h) = (code.to_string(), h.to_string());
            hashing_work(move || verify_argon2(&code, &h)).await
        }
        _ => {
            let want = hash
                .and_then(|h| h.strip_prefix("hmac-sha256$"))
                .and_then(unhex)
                .unwrap_or_else(|| vec![0; 32]);
            let mut mac =
                <Hmac<sha2::Sha256> as Mac>::new_from_slice(&secret.0).expect("any key length");
            mac.update(b"progress-code\0");
            mac.update(code.as_bytes());
            Ok(mac.verify_slice(&want).is_ok() && hash.is_some())
        }
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn verify_argon2(secret: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2::Argon2::default()
        .verify_password(secret.as_bytes(), &parsed)
        .is_ok()
}

/// Hashes a password with Argon2id (slow on purpose: call it through [`hashing_work`]).
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

/// Hashes a password with Argon2id through [`hashing_work`] (never on the async runtime).
pub async fn hash_password(password: &str) -> Result<String, ApiError> {
    let password = password.to_string();
    hashing_work(move || hash_secret(&password)).await?
}

/// Checks a password against a stored Argon2 hash. With `None` it still does the work, so an
/// unknown account takes as long to refuse as a wrong password.
pub fn verify_secret(secret: &str, hash: Option<&str>) -> bool {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5dbOvA1wYkD2B6Pcn9pCQl4qd3q4UGAq6Ly7uN0cxnw";
    verify_argon2(secret, hash.unwrap_or(DUMMY)) && hash.is_some()
}

/// A keyed hash of the sender's address group, stored with a message so the inbox can see a
/// burst from one place without anyone storing the address itself.
pub fn source_key(secret: &ServerSecret, addr: &ClientAddr) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&secret.0).expect("any key length");
    mac.update(b"source\0");
    mac.update(addr.group().as_bytes());
    hex(&mac.finalize().into_bytes()[..8])
}

/// The caller's address (as the server worked it out, trusted proxies included).
pub fn client_addr() -> Option<ClientAddr> {
    use_context::<Parts>()?
        .extensions
        .get::<ClientAddr>()
        .copied()
}

/// The caller's address group, for rate limits ("unknown" if the server did not say).
pub async fn client_ip() -> String {
    client_addr()
        .map(|a| a.group())
        .unwrap_or_else(|| "unknown".to_string())
}

/// SHA-256 of a session token, as stored: a copy of the database cannot be used to sign in.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `https://Example.org/path?q` → `https://example.org` (scheme and host, lower case): the
/// CSP's form target for quick exit, and the CSRF check's idea of "this site".
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host.to_ascii_lowercase()
        )
    })
}
