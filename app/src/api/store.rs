//! The storage seam: what server functions need from a database, and nothing about how.
//!
//! `server/src/store/sqlite.rs` implements it on an embedded SQLite file; a PostgreSQL version
//! for bigger deployments would implement the same trait and pass the same tests. Every record
//! carries the council's id. Methods are blocking: callers run them through
//! [`crate::api::state::db`], which moves them off the async runtime.

use crate::domain::submission::{Answers, FieldError, Fields, Kind, RoutingHint, Step};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The reference we picked is already used (1 in a trillion): pick another.
    #[error("reference already in use")]
    ReferenceTaken,
    #[error("storage failed: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Answers in progress, kept on the server between pages (so they work without JavaScript).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub council_id: String,
    pub answers: Answers,
    /// What the person last typed on a page that had mistakes, to show it back to them.
    pub pending_step: Option<Step>,
    pub pending: Fields,
    pub errors: Vec<FieldError>,
    /// Set once sent: the reference, and the progress code to show on the confirmation page.
    pub reference: Option<String>,
    pub progress_code: Option<String>,
}

/// A submission as the yearly report and the rights officers need it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewSubmission {
    pub council_id: String,
    /// The same key twice makes one record: retries and double taps are safe.
    pub idempotency_key: String,
    pub reference: String,
    pub progress_code_hash: String,
    pub kind: Kind,
    pub urgent: bool,
    pub routing_hint: RoutingHint,
    /// How it reached us: "online_form" here; officers record phone, letter, email, in person.
    pub channel: String,
    pub received_at: DateTime<Utc>,
    pub answers: Answers,
}

/// The outcome of storing a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    New {
        reference: String,
    },
    /// This idempotency key was seen before: nothing new was written.
    Existing {
        reference: String,
    },
}

impl Stored {
    pub fn reference(&self) -> &str {
        match self {
            Stored::New { reference } | Stored::Existing { reference } => reference,
        }
    }
}

/// What the "check progress" page may show: no words, no staff names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressRecord {
    pub reference: String,
    pub kind: Kind,
    pub urgent: bool,
    pub received_at: DateTime<Utc>,
    pub status: String,
    pub progress_code_hash: String,
}

pub trait Store: Send + Sync + 'static {
    fn save_draft(&self, draft: &Draft, now: DateTime<Utc>) -> StoreResult<()>;
    fn load_draft(&self, id: &str) -> StoreResult<Option<Draft>>;
    fn delete_draft(&self, id: &str) -> StoreResult<()>;
    /// Stores a submission once per idempotency key (the draft's id), on disk before it returns.
    /// In the same transaction, when the submission is new, the draft with that id records the
    /// reference and the progress code to show once on the confirmation page. A second call with
    /// the same key changes nothing and returns the first reference.
    fn submit(&self, new: &NewSubmission, progress_code: &str) -> StoreResult<Stored>;
    /// Deletes drafts not touched since `before` (answers in progress are kept two days).
    fn purge_drafts(&self, before: DateTime<Utc>) -> StoreResult<u64>;
    /// Adds words to an urgent "I don't feel safe" message after it was sent.
    fn add_details(
        &self,
        reference: &str,
        details: &Answers,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    fn progress(&self, reference: &str) -> StoreResult<Option<ProgressRecord>>;
    /// A short-lived permission to look at one reference's progress (after reference + code).
    fn grant_progress_view(
        &self,
        token: &str,
        reference: &str,
        expires: DateTime<Utc>,
    ) -> StoreResult<()>;
    fn progress_view(&self, token: &str, now: DateTime<Utc>) -> StoreResult<Option<String>>;
    fn count_submissions(&self) -> StoreResult<u64>;
}
