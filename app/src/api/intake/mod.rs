//! The young person's journey: start, one page at a time, send, confirmation; and the
//! one-tap "I don't feel safe" message.
//!
//! Answers live in a server-side draft named by an HttpOnly cookie, so the journey works with
//! JavaScript off. The draft id is also the idempotency key of the submission: a double tap, a
//! retry after a time-out or "back and send again" finds the same draft and returns the same
//! reference.
mod confirmation;
mod load_draft;
#[cfg(feature = "ssr")]
mod notify;
#[cfg(feature = "ssr")]
pub(crate) mod receipt;
mod report_unsafe;
mod save_step;
mod send;
mod start;
mod unsafe_details;

pub use confirmation::*;
pub use load_draft::*;
pub use report_unsafe::*;
pub use save_step::*;
#[cfg(feature = "ssr")]
pub(crate) use send::submit_draft;
pub use send::*;
pub use start::*;
pub use unsafe_details::*;

#[cfg(feature = "ssr")]
pub(crate) mod draft_cookie {
    use crate::api::error::ApiError;
    use crate::api::state::{
        clear_cookie, db, looks_like_token, read_cookie, set_cookie, state, token_hash,
        DRAFT_COOKIE, RECEIPT_COOKIE, RECEIPT_WINDOW,
    };
    use crate::api::store::Draft;
    use crate::domain::submission::Kind;
    use std::time::Duration;

    /// How long answers in progress are kept: two days, then they are deleted.
    pub const DRAFT_LIFETIME: Duration = Duration::from_secs(2 * 24 * 60 * 60);
    /// After "I don't feel safe", this browser may add more for half an hour (each addition
    /// starts it again); then the page forgets it, so the next person on the device cannot see
    /// that a safety message was sent.
    pub const UNSAFE_FOLLOW_UP: Duration = Duration::from_secs(30 * 60);

    /// This browser's draft token (the cookie), if it has one shaped like ours.
    pub fn token() -> Option<String> {
        read_cookie(DRAFT_COOKIE).filter(|t| looks_like_token(t))
    }

    /// The draft a token names, if it still exists and is not past its lifetime.
    pub async fn load(token: &str) -> Result<Option<Draft>, ApiError> {
        let id = token_hash(token);
        let Some(draft) = db(move |s| s.load_draft(&id)).await? else {
            return Ok(None);
        };
        let age = draft
            .updated_at
            .map(|t| (chrono::Utc::now() - t).to_std().unwrap_or_default())
            .unwrap_or_default();
        let lifetime = match (draft.answers.kind, &draft.reference) {
            (Some(Kind::Unsafe), Some(_)) => UNSAFE_FOLLOW_UP,
            _ => DRAFT_LIFETIME,
        };
        Ok((age <= lifetime).then_some(draft))
    }

    /// The draft this browser is working on, if it still exists.
    pub async fn current() -> Result<Option<Draft>, ApiError> {
        match token() {
            Some(t) => load(&t).await,
            None => Ok(None),
        }
    }

    /// Names the draft in this browser (HttpOnly); an "I don't feel safe" follow-up lasts
    /// half an hour, answers in progress two days.
    pub fn remember(token: &str, unsafe_follow_up: bool, secure: bool) {
        let age = if unsafe_follow_up {
            UNSAFE_FOLLOW_UP
        } else {
            DRAFT_LIFETIME
        };
        set_cookie(DRAFT_COOKIE, token, Some(age), secure);
    }

    /// Sent: the draft cookie ends, and the receipt cookie (the same token, which unseals the
    /// receipt) lets this browser open the confirmation page once, for a few minutes.
    pub fn hand_over_to_receipt(token: &str) -> Result<(), ApiError> {
        let secure = state()?.secure_cookies;
        clear_cookie(DRAFT_COOKIE, secure);
        set_cookie(RECEIPT_COOKIE, token, Some(RECEIPT_WINDOW), secure);
        Ok(())
    }
}
