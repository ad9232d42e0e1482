//! What the staff sign-in steps share (ssr only): the authenticator (TOTP, RFC 6238, via the
//! `totp-rs` crate), recovery codes, the common-password list (the `passwords` crate), growing
//! pauses per address, and answers that take the same time whatever went wrong.

use crate::api::error::ApiError;
use crate::api::state::{client_ip, db, random_bytes, state};
use crate::api::store::UserRecord;
use crate::domain::officer::{grouped_code, normalise_recovery_code, MAX_FAILED_FROM_ADDRESS};
use std::time::{Duration, Instant};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Every failed sign-in step answers after this long (from when it started), whatever failed:
/// a wrong password, an unknown email or a paused account cannot be told apart by timing.
pub const FAILED_ANSWER_TIME: Duration = Duration::from_millis(700);

/// Where every failed sign-in goes: one answer for wrong, unknown and paused alike.
pub const SIGN_IN_FAILED: &str = "/officer/sign-in?e=failed";

/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Speak Up";

fn totp(secret_b32: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_b32).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(account.replace(':', ""))
        .build()
        .ok()
}

fn unix(now: chrono::DateTime<chrono::Utc>) -> u64 {
    now.timestamp().max(0) as u64
}

/// The six-digit code an authenticator app shows for `secret` at `now` (tests and the demo
/// helper use it; sign-in only checks).
pub fn code_at(secret_b32: &str, now: chrono::DateTime<chrono::Utc>) -> Option<String> {
    Some(totp(secret_b32, "x")?.generate(unix(now)).to_string())
}

/// The time step a typed code matches (this step, or one either side for clock drift).
pub fn check_code(secret_b32: &str, code: &str, now: chrono::DateTime<chrono::Utc>) -> Option<u64> {
    totp(secret_b32, "x")?.check(code, unix(now))
}

/// A new authenticator secret: 160 random bits, base32 (what people type into an app).
pub fn new_secret() -> Result<String, ApiError> {
    Ok(Secret::from(random_bytes::<20>()?).to_base32())
}

/// The `otpauth://` address an authenticator app can read (typed, pasted or as a QR code).
pub fn otpauth_uri(secret_b32: &str, account: &str) -> Option<String> {
    totp(secret_b32, account)?.to_url().ok()
}

/// Ten new recovery codes: what to show once, and what to store (SHA-256 hashes).
pub fn new_recovery_codes() -> Result<(Vec<String>, Vec<String>), ApiError> {
    let mut shown = vec![];
    let mut hashes = vec![];
    for _ in 0..crate::domain::officer::RECOVERY_CODES {
        let code = grouped_code(&random_bytes::<10>()?);
        hashes.push(recovery_hash(&code));
        shown.push(code);
    }
    Ok((shown, hashes))
}

/// How a recovery code is stored and looked up.
pub fn recovery_hash(code: &str) -> String {
    crate::api::state::token_hash(&normalise_recovery_code(code))
}

/// On the list of about 100,000 common passwords shipped in the `passwords` crate
/// (case-insensitive).
pub fn is_common_password(password: &str) -> bool {
    passwords::analyzer::is_common_password(password)
        || passwords::analyzer::is_common_password(password.to_lowercase())
}

/// A short pseudonym for an address in logs (addresses are personal data).
pub fn pseudonym(address: &str) -> String {
    crate::api::state::token_hash(&format!("speak-up address {address}"))[..12].to_string()
}

/// The caller's address, for the per-address pauses.
pub async fn address() -> String {
    client_ip().await
}

/// Whether this address is paused after too many failures.
pub fn address_paused(address: &str) -> Result<bool, ApiError> {
    let st = state()?;
    let map = st
        .sign_in_addresses
        .lock()
        .map_err(|_| ApiError::unavailable())?;
    Ok(map
        .get(address)
        .is_some_and(|t| t.paused(chrono::Utc::now())))
}

/// Counts a failure from this address (growing pauses, as for accounts but looser).
pub fn address_failed(address: &str) -> Result<(), ApiError> {
    let st = state()?;
    let now = chrono::Utc::now();
    let mut map = st
        .sign_in_addresses
        .lock()
        .map_err(|_| ApiError::unavailable())?;
    // Keep the map small: forget addresses whose pause is over and that failed long ago.
    if map.len() > 10_000 {
        map.retain(|_, t| {
            t.paused_until
                .is_some_and(|u| u > now - chrono::Duration::hours(1))
        });
    }
    let t = map.entry(address.to_string()).or_default();
    if t.fail(MAX_FAILED_FROM_ADDRESS, now) {
        tracing::warn!(event = "address_paused", address = %pseudonym(address), until = ?t.paused_until, "sign-in paused for an address after too many failures");
    }
    Ok(())
}

/// Counts a failure against an account (the same rule, kept in the database) with its audit
/// line, and logs it without personal data.
pub async fn account_failed(user: &UserRecord, what: &str, address: &str) -> Result<(), ApiError> {
    let entry = super::guard::entry(Some(user), &user.email, what, None, "")?;
    let (id, now) = (user.id, chrono::Utc::now());
    let paused = db(move |s| s.sign_in_failed(id, now, &entry)).await?;
    tracing::warn!(event = "sign_in_failed", step = what, user_id = user.id, address = %pseudonym(address), "staff sign-in step failed");
    if paused {
        tracing::warn!(
            event = "account_paused",
            user_id = user.id,
            "staff account paused after too many failures"
        );
    }
    Ok(())
}

/// Waits until `FAILED_ANSWER_TIME` after `started`, so every failure takes as long.
pub async fn pad(started: Instant) {
    tokio::time::sleep_until((started + FAILED_ANSWER_TIME).into()).await;
}

/// Runs Argon2 off the async runtime, one per core at a time (`hashing_work`). Always does
/// the work (a dummy hash for `None`).
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    crate::api::state::hashing_work(move || {
        crate::api::state::verify_secret(&password, hash.as_deref())
    })
    .await
    .unwrap_or(false)
}
