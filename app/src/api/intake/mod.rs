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
    use crate::api::state::{db, looks_like_token, read_cookie, set_cookie, DRAFT_COOKIE};
    use crate::api::store::Draft;
    use std::time::Duration;

    /// How long answers in progress are kept: two days, then they are deleted.
    pub const DRAFT_LIFETIME: Duration = Duration::from_secs(2 * 24 * 60 * 60);

    /// The draft this browser is working on, if it still exists.
    pub async fn current() -> Result<Option<Draft>, ApiError> {
        let Some(id) = read_cookie(DRAFT_COOKIE).filter(|id| looks_like_token(id)) else {
            return Ok(None);
        };
        db(move |s| s.load_draft(&id)).await
    }

    pub fn remember(id: &str, secure: bool) {
        set_cookie(DRAFT_COOKIE, id, Some(DRAFT_LIFETIME), secure);
    }
}
