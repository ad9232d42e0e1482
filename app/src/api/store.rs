//! The storage seam: what server functions need from a database, and nothing about how.
//!
//! `server/src/store/sqlite.rs` implements it on an embedded SQLite file; a PostgreSQL version
//! for bigger deployments would implement the same trait and pass the same tests. Every record
//! carries the council's id. Methods are blocking: callers run them through
//! [`crate::api::state::db`], which moves them off the async runtime.

use crate::domain::case_file::{CaseFile, ContactStatus};
use crate::domain::officer::Role;
use crate::domain::report::closed_year::ClosedYear;
use crate::domain::report_input::StoredContact;
use crate::domain::safeguarding::Alert;
use crate::domain::submission::{
    Answers, Channel, FieldError, Fields, Kind, RoutingHint, Step, Who,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, thiserror::Error)]
pub enum StoreError {
    /// The reference we picked is already used (1 in a trillion): pick another.
    #[error("reference already in use")]
    ReferenceTaken,
    /// Something unique already exists (e.g. a user with that email).
    #[error("already exists")]
    Conflict,
    #[error("storage failed: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Answers in progress, kept on the server between pages (so they work without JavaScript).
///
/// Once sent, a draft becomes a tombstone: its answers are emptied (only the kind stays) and it
/// keeps the reference, so a retry of the same send finds the same message. It never holds the
/// secret progress code: that travels sealed in a [`SealedReceipt`] only the sender's browser
/// can open.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The SHA-256 of the browser's draft cookie (never the cookie itself): a copy of the
    /// database cannot be used to pick up someone's answers. Also the idempotency key.
    pub id: String,
    pub council_id: String,
    pub answers: Answers,
    /// What the person last typed on a page that had mistakes, to show it back to them.
    pub pending_step: Option<Step>,
    pub pending: Fields,
    pub errors: Vec<FieldError>,
    /// Set once sent.
    pub reference: Option<String>,
    /// When it was last saved (filled in by the store when loading).
    #[serde(skip)]
    pub updated_at: Option<DateTime<Utc>>,
}

/// What the confirmation page shows once, sealed with a key derived from the sender's cookie
/// (see `app/src/api/receipt.rs`): the database alone cannot open it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SealedReceipt {
    pub sealed: Vec<u8>,
    pub expires_at: DateTime<Utc>,
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
    /// How it reached us: the online form, or what an officer recorded.
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub answers: Answers,
    /// The first deadline (acknowledgement, or today for urgent ones), for the inbox order.
    pub next_due: Option<NaiveDate>,
    /// The email telling the Children's Rights Service it arrived, queued in the same transaction.
    pub notify: Option<OutgoingMail>,
    /// A keyed hash of the sender's address group (never the address itself), so a burst from
    /// one place can be seen as a possible flood. `None` for contacts officers record.
    pub source: Option<String>,
    /// Part of a burst of urgent messages from one source (see `domain::flood`).
    pub possible_flood: bool,
    /// The audit line for it (a contact an officer recorded), written in the same transaction;
    /// its reference is set to this submission's.
    pub audit: Option<AuditEntry>,
}

/// A burst of urgent messages from one place, grouped as one inbox line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FloodGroup {
    pub source: String,
    pub count: u64,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
}

/// Urgent messages from one source since some time: all of them, and those flagged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecentUrgent {
    pub total: u64,
    pub flagged: u64,
}

/// An email to send (no child's words ever go in one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// An email in the outbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueuedMail {
    pub id: i64,
    pub reference: Option<String>,
    pub mail: OutgoingMail,
    pub attempts: u32,
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
    pub status: ContactStatus,
    pub progress_code_hash: String,
    /// The case as officers keep it, once someone has worked on it.
    pub case_file: Option<CaseFile>,
}

/// A rights officer, manager or auditor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: i64,
    pub council_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub failed_sign_ins: u32,
    pub locked_until: Option<DateTime<Utc>>,
    pub active: bool,
    /// Pauses in a row since the last good sign-in (each pause is longer).
    pub lock_count: u32,
    /// The authenticator (TOTP) secret, base32; `None` until the second factor is set up.
    pub totp_secret: Option<String>,
    /// The last authenticator time step accepted: a code is accepted once (RFC 6238 §5.2).
    pub totp_last_step: u64,
    /// Set by a manager's reset: the temporary password must be changed before anything else.
    pub must_change_password: bool,
    /// A labelled demo account (`SPEAKUP_DEMO_ACCOUNTS=1`, local use only).
    pub demo: bool,
}

impl UserRecord {
    pub fn throttle(&self) -> crate::domain::officer::Throttle {
        crate::domain::officer::Throttle {
            failures: self.failed_sign_ins,
            pauses: self.lock_count,
            paused_until: self.locked_until,
        }
    }
}

/// How a pending sign-in (password checked) becomes a full session.
#[derive(Clone, Debug, PartialEq)]
pub enum SecondFactor {
    /// An authenticator code for this time step: accepted only if the step is newer than the
    /// last one used (no replay).
    Step(u64),
    /// A recovery code (its SHA-256): accepted once.
    RecoveryCode(String),
    /// First sign-in: the secret just confirmed, the step of the code that confirmed it, and
    /// the hashes of the new recovery codes (replacing any earlier ones).
    Enrol {
        secret: String,
        step: u64,
        recovery_hashes: Vec<String>,
    },
}

/// What a manager (or the command line) does to a colleague's account.
#[derive(Clone, Debug, PartialEq)]
pub enum AccountChange {
    /// Ends a pause after too many failures.
    Unlock,
    /// Stops the account signing in; its sessions end at once.
    Deactivate,
    Reactivate,
    /// A temporary password that must be changed at the next sign-in; the second factor is
    /// set up again; every session ends.
    Reset {
        password_hash: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub council_id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
}

/// One line of the append-only audit log: who looked at or changed what, and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub council_id: String,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub user_email: String,
    pub action: String,
    pub reference: Option<String>,
    pub detail: String,
}

/// Which page of a long list: keyset paging, seeking past a row's place in the order (an index
/// walk however deep the page), never OFFSET (which reads and throws away every row before).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Seek<K> {
    #[default]
    First,
    /// The rows that come after this one in the list's order.
    After(K),
    /// The rows that come just before this one.
    Before(K),
}

/// A line's place in the inbox order: "I don't feel safe" first, then the nearest deadline,
/// then the earliest received, then the row's id (so equal keys still have one order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxKey {
    pub urgent: bool,
    pub next_due: Option<NaiveDate>,
    pub received_at: DateTime<Utc>,
    pub id: i64,
}

impl InboxKey {
    /// For a link: `1.2026-11-23.1763900000123456.42` (urgent, deadline or `none`, received
    /// in microseconds since 1970, id).
    pub fn to_param(&self) -> String {
        format!(
            "{}.{}.{}.{}",
            u8::from(self.urgent),
            self.next_due
                .map_or_else(|| "none".to_string(), |d| d.to_string()),
            self.received_at.timestamp_micros(),
            self.id
        )
    }

    /// Reads [`InboxKey::to_param`]'s form; `None` for anything else.
    pub fn parse(s: &str) -> Option<InboxKey> {
        let mut parts = s.split('.');
        let urgent = match parts.next()? {
            "1" => true,
            "0" => false,
            _ => return None,
        };
        let next_due = match parts.next()? {
            "none" => None,
            d => Some(d.parse().ok()?),
        };
        let received_at = DateTime::from_timestamp_micros(parts.next()?.parse().ok()?)?;
        let id = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some(InboxKey {
            urgent,
            next_due,
            received_at,
            id,
        })
    }
}

/// What the inbox asks for: filters, and which page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InboxQuery {
    pub council_id: String,
    pub kind: Option<Kind>,
    pub status: Option<ContactStatus>,
    pub service: Option<String>,
    pub owner_id: Option<i64>,
    /// Only cases whose next deadline is before this date.
    pub due_before: Option<NaiveDate>,
    /// An exact reference (search).
    pub reference: Option<String>,
    /// Only the possible-flood messages from this source. Without it, possible-flood messages
    /// are left out of the list (they are grouped: see [`Store::flood_groups`]).
    pub flood: Option<String>,
    pub seek: Seek<InboxKey>,
    pub per_page: u32,
}

/// One line of the inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub reference: String,
    pub kind: Kind,
    pub who: Option<Who>,
    pub urgent: bool,
    pub received_at: DateTime<Utc>,
    pub next_due: Option<NaiveDate>,
    pub status: ContactStatus,
    pub service: Option<String>,
    pub owner: Option<String>,
    /// The notification email about it has failed at least once and is not sent yet.
    pub mail_problem: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InboxResult {
    pub rows: Vec<InboxRow>,
    pub total: u64,
    /// Seek `Before` this for the previous page, if there is one.
    pub previous: Option<InboxKey>,
    /// Seek `After` this for the next page, if there is one.
    pub next: Option<InboxKey>,
}

/// A page of the audit log (newest first), with the ids to seek from for the pages around it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Seek `Before` this id for newer lines, if there are any.
    pub newer: Option<i64>,
    /// Seek `After` this id for older lines, if there are any.
    pub older: Option<i64>,
}

/// A whole case, for the officers' case page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub reference: String,
    pub kind: Kind,
    pub urgent: bool,
    pub routing_hint: RoutingHint,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    /// Exactly what the person wrote.
    pub answers: Answers,
    /// Words added after sending ("tell us more"), with when.
    pub details: Vec<(DateTime<Utc>, Answers)>,
    pub case_file: Option<CaseFile>,
    pub status: ContactStatus,
    /// The service or team (as chosen, or as an officer corrected it).
    pub service: Option<String>,
    pub owner: Option<(i64, String)>,
    pub manager: Option<(i64, String)>,
}

/// One line of a case's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub who: String,
    pub what: String,
    pub detail: String,
}

/// A change to a case, saved in one transaction with its timeline line (and any email).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseChange {
    pub reference: String,
    pub case_file: CaseFile,
    pub status: ContactStatus,
    pub next_due: Option<NaiveDate>,
    pub owner_id: Option<i64>,
    pub manager_id: Option<i64>,
    /// When it was closed or withdrawn (None while open).
    pub closed_on: Option<NaiveDate>,
    /// The service or team it is about, when an officer sets or corrects it.
    pub service: Option<String>,
    pub event: CaseEvent,
    pub notify: Option<OutgoingMail>,
}

/// An "I don't feel safe" alert with no outcome yet (for the inbox and the escalation check).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenAlert {
    pub reference: String,
    pub received_at: DateTime<Utc>,
    /// What officers recorded so far (None: nothing yet).
    pub alert: Option<Alert>,
}

pub trait Store: Send + Sync + 'static {
    fn save_draft(&self, draft: &Draft, now: DateTime<Utc>) -> StoreResult<()>;
    fn load_draft(&self, id: &str) -> StoreResult<Option<Draft>>;
    fn delete_draft(&self, id: &str) -> StoreResult<()>;
    /// Stores a submission once per idempotency key (the draft's id), on disk before it returns.
    /// In the same transaction, when the submission is new, the draft with that id becomes (or,
    /// if none was saved, is created as) a tombstone (answers emptied, reference kept) holding
    /// the sealed receipt, if any. A second
    /// call with the same key changes nothing and returns the first reference.
    fn submit(&self, new: &NewSubmission, receipt: Option<&SealedReceipt>) -> StoreResult<Stored>;
    /// Hands out a draft's sealed receipt once (if it has not expired) and forgets it.
    fn take_receipt(
        &self,
        draft_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SealedReceipt>>;
    /// How many words-added records a submission has (they are capped per case).
    fn count_details(&self, reference: &str) -> StoreResult<u64>;
    /// Urgent messages from `source` received at or after `since`.
    fn recent_urgent(&self, source: &str, since: DateTime<Utc>) -> StoreResult<RecentUrgent>;
    /// Possible-flood messages received at or after `since`, one group per source, newest first.
    fn flood_groups(&self, council_id: &str, since: DateTime<Utc>) -> StoreResult<Vec<FloodGroup>>;
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
    /// `token` is the SHA-256 of the browser's cookie, never the cookie itself.
    fn grant_progress_view(
        &self,
        token: &str,
        reference: &str,
        expires: DateTime<Utc>,
    ) -> StoreResult<()>;
    fn progress_view(&self, token: &str, now: DateTime<Utc>) -> StoreResult<Option<String>>;
    fn count_submissions(&self) -> StoreResult<u64>;

    // --- Officers and their sessions -------------------------------------------------------
    /// Creates an account, with its audit line (if any) in the same transaction.
    fn create_user(
        &self,
        new: &NewUser,
        now: DateTime<Utc>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<i64>;
    fn user_by_email(&self, council_id: &str, email: &str) -> StoreResult<Option<UserRecord>>;
    fn user_by_id(&self, council_id: &str, id: i64) -> StoreResult<Option<UserRecord>>;
    fn list_users(&self, council_id: &str) -> StoreResult<Vec<UserRecord>>;
    /// Counts a failed sign-in (or code, or current password) by the rule in
    /// [`crate::domain::officer::Throttle`], with its audit line. True when it paused the account.
    fn sign_in_failed(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<bool>;
    /// A new password (clears "must change"); ends every session; with its audit line.
    fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// A session that has passed the password only: it can do nothing but finish signing in.
    /// With its audit line, in one transaction.
    fn begin_sign_in(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// The user behind a pending (password-only) session, and the authenticator secret being
    /// set up in it, if any.
    fn pending_sign_in(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(UserRecord, Option<String>)>>;
    /// Remembers the authenticator secret shown on the set-up page for this pending session.
    fn set_setup_secret(&self, token_hash: &str, secret: &str) -> StoreResult<()>;
    /// Swaps a pending session for a full one under a new token, if the second factor holds
    /// (a fresh time step, an unused recovery code, or enrolment). False (nothing changed) when
    /// the code was already used. Clears failures; writes the audit line; one transaction.
    #[allow(clippy::too_many_arguments)]
    fn finish_sign_in(
        &self,
        pending_hash: &str,
        new_hash: &str,
        user_id: i64,
        factor: &SecondFactor,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<bool>;
    /// Something to show once on the next page of this session (recovery codes, a temporary
    /// password), then forget.
    fn put_show_once(&self, token_hash: &str, text: &str) -> StoreResult<()>;
    fn take_show_once(&self, token_hash: &str) -> StoreResult<Option<String>>;
    /// A manager's (or the command line's) change to an account, with its audit line.
    fn change_account(
        &self,
        user_id: i64,
        change: &AccountChange,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Sets the authenticator secret directly (demo accounts, the command line, tests).
    fn set_totp_secret(&self, user_id: i64, secret: Option<&str>, demo: bool) -> StoreResult<()>;
    /// Deactivates every demo account and ends its sessions (when the demo flag is off).
    fn remove_demo_accounts(&self) -> StoreResult<u64>;
    /// The signed-in user for a full session that has not expired and was used since
    /// `idle_since`; marks it used now.
    fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<UserRecord>>;
    /// Ends a session, with its audit line (if it was a signed-in officer's) in the same
    /// transaction.
    fn delete_session(&self, token_hash: &str, audit: Option<&AuditEntry>) -> StoreResult<()>;

    // --- Case work -------------------------------------------------------------------------
    /// Urgent first, then by nearest deadline, then oldest; filtered and paged.
    fn inbox(&self, q: &InboxQuery) -> StoreResult<InboxResult>;

    fn case(&self, council_id: &str, reference: &str) -> StoreResult<Option<CaseRecord>>;
    /// Saves a change to a case with its audit line, in one transaction.
    fn save_case(
        &self,
        council_id: &str,
        change: &CaseChange,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// A timeline line with no change to the case (a note), with its audit line.
    fn add_case_event(
        &self,
        reference: &str,
        event: &CaseEvent,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    fn case_events(&self, reference: &str) -> StoreResult<Vec<CaseEvent>>;

    /// Everything the yearly report counts for the financial years `from..=to` (both inclusive
    /// dates in England): received in that span, or received before it and still open at its
    /// start.
    fn report_contacts(
        &self,
        council_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<StoredContact>>;
    /// A number that changes whenever a committed write could have changed the figures of the
    /// yearly report for the financial year starting in April `start_year` (a new contact, a
    /// case or safety alert change in that year or an earlier one); the report cache
    /// (`api::officer::ReportCache`) recomputes when it differs from the one it kept.
    fn report_version(&self, council_id: &str, start_year: i32) -> u64;

    /// The kept report of a closed year (`domain/report/closed_year.rs`), if it is closed; else
    /// of an imported year (`domain/report/import.rs`, marked `imported`), if it has imports.
    fn closed_year(&self, council_id: &str, start_year: i32) -> StoreResult<Option<ClosedYear>>;
    /// The imported figures of a year, if any table was imported for it.
    fn imported_year(
        &self,
        council_id: &str,
        start_year: i32,
    ) -> StoreResult<Option<crate::domain::report::import::ImportedYear>>;
    /// Imports one table of an earlier year (replacing the same table if it was imported
    /// before) with its audit line, in one transaction, unless the year is closed or has a
    /// contact received in it (then nothing is written). `position` is the table's place in
    /// the report.
    fn import_table(
        &self,
        council_id: &str,
        start_year: i32,
        position: usize,
        table: &crate::domain::report::import::ImportedTable,
        audit: &AuditEntry,
    ) -> StoreResult<crate::domain::report::import::ImportOutcome>;
    /// The words written for a year's draft report, one per section written.
    fn narratives(
        &self,
        council_id: &str,
        start_year: i32,
    ) -> StoreResult<Vec<crate::domain::report::draft::Narrative>>;
    /// Saves one section's words (replacing the last version) with its audit line.
    fn save_narrative(
        &self,
        council_id: &str,
        start_year: i32,
        narrative: &crate::domain::report::draft::Narrative,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Closes a year: keeps its report and who closed it, with the audit line, in one
    /// transaction. `false` (and nothing written) if it was already closed.
    fn close_year(
        &self,
        council_id: &str,
        year: &ClosedYear,
        audit: &AuditEntry,
    ) -> StoreResult<bool>;

    // --- Safety alerts ("I don't feel safe"; see app/src/domain/safeguarding.rs) -------------
    /// What officers recorded on one alert, if anything.
    fn alert(&self, council_id: &str, reference: &str) -> StoreResult<Option<Alert>>;
    /// Saves what officers recorded (passed on, outcome) with its timeline line, in one
    /// transaction. Never clears the escalation time.
    fn save_alert(
        &self,
        council_id: &str,
        reference: &str,
        alert: &Alert,
        event: &CaseEvent,
    ) -> StoreResult<()>;
    /// Alerts without an outcome, newest first (at most `limit`).
    fn open_alerts(&self, council_id: &str, limit: u32) -> StoreResult<Vec<OpenAlert>>;
    /// Marks an alert escalated at `at` and queues `mails` and its timeline line, in one
    /// transaction, only if it was neither escalated nor passed on before: returns whether it
    /// did (so each alert is escalated once, whatever runs at the same time).
    fn escalate_alert(
        &self,
        council_id: &str,
        reference: &str,
        due_at: DateTime<Utc>,
        at: DateTime<Utc>,
        mails: &[OutgoingMail],
        event: &CaseEvent,
    ) -> StoreResult<bool>;

    // --- Outgoing email (see server/src/mail.rs) ------------------------------------------
    fn queue_mail(
        &self,
        council_id: &str,
        reference: Option<&str>,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Emails due for a try at `now`, oldest first.
    fn due_mail(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<QueuedMail>>;
    fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()>;
    fn mail_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>) -> StoreResult<()>;

    // --- Audit (append-only: there is no method to change or delete an entry) -------------
    fn audit(&self, entry: &AuditEntry) -> StoreResult<()>;
    /// A page of the audit log, newest first: `After(id)` are the lines older than `id`.
    fn audit_log(&self, council_id: &str, limit: u32, seek: Seek<i64>) -> StoreResult<AuditPage>;
}
