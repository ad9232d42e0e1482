//! The SQLite storage: one file, WAL journal, `synchronous=FULL` (a reference is only shown
//! after its submission is on disk), foreign keys on, versioned migrations
//! (`rusqlite_migration`, tracked in SQLite's `user_version`).
//!
//! One connection behind a mutex: SQLite allows one writer at a time anyway, and every call
//! arrives on a blocking thread (see `app::api::state::db`), never on the async runtime.

use super::staff::{self, insert_audit};
use app::api::store::{
    AccountChange, AuditEntry, AuditPage, CaseChange, CaseEvent, CaseRecord, Draft, FloodGroup,
    InboxQuery, InboxResult, NewSubmission, NewUser, OpenAlert, OutgoingMail, ProgressRecord,
    QueuedMail, RecentUrgent, SealedReceipt, SecondFactor, Seek, Store, StoreError, StoreResult,
    Stored, UserRecord,
};
use app::domain::report_input::StoredContact;
use app::domain::submission::Answers;
use chrono::{DateTime, SecondsFormat, Utc};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use versions::{ReportVersions, Touched};
use writer::Queue;

mod accounts;
mod alerts;
mod audit;
pub(crate) mod audit_chain;
#[cfg(test)]
mod audit_tests;
mod case;
#[cfg(test)]
mod group_tests;
#[cfg(test)]
mod import_tests;
mod inbox;
mod intake;
pub mod key;
mod mail;
mod report;
#[cfg(test)]
mod tests;
mod versions;
mod writer;

pub(crate) use case::{due_column, insert_event, NO_DEADLINE};
pub(crate) use mail::insert_mail;
mod report_imports;
mod report_years;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_intake.sql")),
        M::up(include_str!("migrations/002_officers.sql")),
        M::up(include_str!("migrations/003_cases.sql")),
        M::up(include_str!("migrations/004_outbox.sql")),
        M::up(include_str!("migrations/005_report.sql")),
        M::up(include_str!("migrations/006_shared_phone.sql")),
        M::up(include_str!("migrations/007_staff.sql")),
        M::up(include_str!("migrations/008_safeguarding.sql")),
        M::up(include_str!("migrations/009_storage_inbox_keyset.sql")),
        M::up(include_str!("migrations/010_storage_source_flood.sql")),
        M::up(include_str!("migrations/011_storage_audit_keyset.sql")),
        M::up(include_str!("migrations/012_storage_inbox_count.sql")),
        M::up(include_str!("migrations/013_report_closed_years.sql")),
        M::up(include_str!(
            "migrations/014_storage_drop_duplicate_index.sql"
        )),
        M::up(include_str!("migrations/015_audit_chain.sql")),
        M::up(include_str!("migrations/016_import_years.sql")),
        M::up(include_str!("migrations/017_import_narratives.sql")),
    ])
}

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(s: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Backend(format!("bad timestamp {s:?}: {e}")))
}

/// A stored code read as its value (`app::domain::vocabulary`): an unknown code is an error.
pub(crate) fn stored<E: app::domain::Coded>(
    concept: &str,
    code: &str,
    parse: fn(&str) -> Option<E>,
) -> StoreResult<E> {
    app::domain::vocabulary::from_stored(concept, code, parse).map_err(StoreError::Backend)
}

/// An optional stored code (NULL: not answered).
pub(crate) fn maybe<E: app::domain::Coded>(
    concept: &str,
    code: Option<String>,
    parse: fn(&str) -> Option<E>,
) -> StoreResult<Option<E>> {
    code.map(|c| stored(concept, &c, parse)).transpose()
}

pub(crate) fn backend<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

pub struct SqliteStore {
    /// The one connection that writes (SQLite allows one writer at a time anyway): used by the
    /// writer thread for groups, and directly (in turn) by the rarer staff and case writes.
    writer: Arc<Mutex<Connection>>,
    /// Read-only connections: in WAL mode readers never wait for the writer, nor it for them.
    readers: r2d2::Pool<SqliteConnectionManager>,
    /// Queued writes, committed in groups (`writer.rs`).
    queue: Queue,
    versions: Arc<ReportVersions>,
}

/// How many read connections: enough for every blocking thread doing a read at once on a
/// small server, few enough that their page caches stay modest.
const READERS: u32 = 8;

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
}

pub(super) fn lock(m: &Mutex<Connection>) -> StoreResult<MutexGuard<'_, Connection>> {
    m.lock()
        .map_err(|_| StoreError::Backend("connection lock poisoned".into()))
}

impl SqliteStore {
    /// Opens (creating if needed) a database file that is not encrypted and brings its schema
    /// up to date (tests, benchmarks, and `./dev run` on a file from before encryption).
    pub fn open(path: &Path) -> StoreResult<SqliteStore> {
        SqliteStore::open_with_key(path, None)
    }

    /// Opens (creating if needed) the database file, encrypted with `key` if given (a new
    /// file is encrypted from its first page), and brings its schema up to date. A key that
    /// does not fit the file — the wrong key, or a key for a file that is not encrypted — is
    /// an error that says so, before anything is written.
    pub fn open_with_key(path: &Path, key: Option<&key::DbKey>) -> StoreResult<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(backend)?;
        }
        let mut conn = Connection::open(path).map_err(backend)?;
        if let Some(k) = key {
            k.apply(&conn).map_err(backend)?;
        }
        key::check_readable(&conn, key).map_err(StoreError::Backend)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(backend)?;
        configure(&conn).map_err(backend)?;
        // Each queued write runs in a savepoint, whose rollback copy of every page it changes
        // (the sub-journal) went to a temporary file: in memory it costs a copy, not a write
        // (measured: 7.5 % of the server's time under a flood of posts). Only a savepoint's own
        // rollback reads it; commits and their durability go through the WAL as before.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(backend)?;
        migrations().to_latest(&mut conn).map_err(backend)?;
        let chained = audit_chain::chain_earlier_lines(&conn)?;
        if chained > 0 {
            tracing::info!(
                lines = chained,
                "audit log lines written before the chain are chained"
            );
        }
        let writer = Arc::new(Mutex::new(conn));
        // Opened after the writer set WAL (which the file then keeps); `query_only` makes any
        // write through a reader an error rather than a second writer.
        let reader_key = key.cloned();
        let manager = SqliteConnectionManager::file(path).with_init(move |c| {
            if let Some(k) = &reader_key {
                k.apply(c)?;
            }
            configure(c)?;
            c.pragma_update(None, "query_only", true)
        });
        let readers = r2d2::Pool::builder()
            .max_size(READERS)
            .min_idle(Some(1))
            .build(manager)
            .map_err(backend)?;
        let versions = Arc::new(ReportVersions::default());
        let queue = Queue::start(writer.clone(), versions.clone())?;
        Ok(SqliteStore {
            writer,
            readers,
            queue,
            versions,
        })
    }

    /// The writer connection, for writes that do not go through the queue.
    fn conn(&self) -> StoreResult<MutexGuard<'_, Connection>> {
        lock(&self.writer)
    }

    /// Runs a read on a pooled reader, in one read transaction (one consistent snapshot).
    fn read<T>(&self, f: impl FnOnce(&Connection) -> StoreResult<T>) -> StoreResult<T> {
        let mut conn = self.readers.get().map_err(backend)?;
        let tx = conn.transaction().map_err(backend)?;
        f(&tx)
        // Dropping the read transaction ends it (there is nothing to commit).
    }

    /// After a committed change to a safety alert (written outside the queue): the reports
    /// that count it are out of date.
    fn alert_changed(
        &self,
        conn: &Connection,
        council_id: &str,
        reference: &str,
    ) -> StoreResult<()> {
        let mut touched = Touched::default();
        if let Some(at) = case::received_at(conn, council_id, reference)? {
            touched.contact(council_id, at);
        }
        self.versions.bump(&touched);
        Ok(())
    }

    /// Re-encrypts the database file at `path` with `new` (`server rekey`; the server must be
    /// stopped): from `old`, or from a file that was not encrypted.
    pub fn rekey(path: &Path, old: Option<&key::DbKey>, new: &key::DbKey) -> StoreResult<()> {
        key::rekey(path, old, new).map_err(StoreError::Backend)
    }

    /// Checks the audit log's hash chain from its first line (`server verify-audit`).
    pub fn verify_audit(&self) -> StoreResult<super::AuditVerdict> {
        self.read(audit_chain::verify)
    }

    /// Reads a pragma (used by tests to prove the durability settings).
    pub fn pragma(&self, name: &str) -> StoreResult<String> {
        let conn = self.conn()?;
        conn.query_row(&format!("PRAGMA {name}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .map_err(backend)
    }
}

impl Store for SqliteStore {
    fn save_draft(&self, draft: &Draft, now: DateTime<Utc>) -> StoreResult<()> {
        let draft = draft.clone();
        self.queue
            .write(move |c, _| intake::save_draft(c, &draft, now))
    }

    fn load_draft(&self, id: &str) -> StoreResult<Option<Draft>> {
        self.read(|c| intake::load_draft(c, id))
    }

    fn delete_draft(&self, id: &str) -> StoreResult<()> {
        intake::delete_draft(&*self.conn()?, id)
    }

    fn take_receipt(
        &self,
        draft_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SealedReceipt>> {
        intake::take_receipt(&mut *self.conn()?, draft_id, now)
    }

    fn recent_urgent(&self, source: &str, since: DateTime<Utc>) -> StoreResult<RecentUrgent> {
        self.read(|c| intake::recent_urgent(c, source, since))
    }

    fn flood_groups(&self, council_id: &str, since: DateTime<Utc>) -> StoreResult<Vec<FloodGroup>> {
        self.read(|c| intake::flood_groups(c, council_id, since))
    }

    fn count_details(&self, reference: &str) -> StoreResult<u64> {
        self.read(|c| intake::count_details(c, reference))
    }

    fn submit(&self, new: &NewSubmission, receipt: Option<&SealedReceipt>) -> StoreResult<Stored> {
        let (new, receipt) = (new.clone(), receipt.cloned());
        self.queue.write(move |c, touched| {
            let stored = intake::submit(c, &new, receipt.as_ref())?;
            if let Stored::New { .. } = stored {
                touched.contact(&new.council_id, new.received_at);
            }
            Ok(stored)
        })
    }

    fn purge_drafts(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        intake::purge_drafts(&*self.conn()?, before)
    }

    fn add_details(
        &self,
        reference: &str,
        details: &Answers,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let (reference, details) = (reference.to_string(), details.clone());
        self.queue
            .write(move |c, _| intake::add_details(c, &reference, &details, now))
    }

    fn progress(&self, reference: &str) -> StoreResult<Option<ProgressRecord>> {
        self.read(|c| intake::progress(c, reference))
    }

    fn grant_progress_view(
        &self,
        token: &str,
        reference: &str,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        intake::grant_progress_view(&*self.conn()?, token, reference, expires)
    }

    fn progress_view(&self, token: &str, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        self.read(|c| intake::progress_view(c, token, now))
    }

    fn create_user(
        &self,
        new: &NewUser,
        now: DateTime<Utc>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<i64> {
        accounts::create_user(&mut *self.conn()?, new, now, audit)
    }

    fn user_by_email(&self, council_id: &str, email: &str) -> StoreResult<Option<UserRecord>> {
        self.read(|c| accounts::user_by_email(c, council_id, email))
    }

    fn list_users(&self, council_id: &str) -> StoreResult<Vec<UserRecord>> {
        self.read(|c| accounts::list_users(c, council_id))
    }

    fn user_by_id(&self, council_id: &str, id: i64) -> StoreResult<Option<UserRecord>> {
        self.read(|c| staff::user_in_council(c, council_id, id))
    }

    fn sign_in_failed(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        staff::sign_in_failed(&mut *self.conn()?, user_id, now, audit)
    }

    fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        staff::set_password(&mut *self.conn()?, user_id, password_hash, audit)
    }

    fn begin_sign_in(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        staff::begin_sign_in(&mut *self.conn()?, token_hash, user_id, now, expires, audit)
    }

    fn pending_sign_in(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(UserRecord, Option<String>)>> {
        self.read(|c| staff::pending_sign_in(c, token_hash, now))
    }

    fn set_setup_secret(&self, token_hash: &str, secret: &str) -> StoreResult<()> {
        staff::set_setup_secret(&*self.conn()?, token_hash, secret)
    }

    fn finish_sign_in(
        &self,
        pending_hash: &str,
        new_hash: &str,
        user_id: i64,
        factor: &SecondFactor,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        staff::finish_sign_in(
            &mut *self.conn()?,
            pending_hash,
            new_hash,
            user_id,
            factor,
            now,
            expires,
            audit,
        )
    }

    fn put_show_once(&self, token_hash: &str, text: &str) -> StoreResult<()> {
        staff::put_show_once(&*self.conn()?, token_hash, text)
    }

    fn take_show_once(&self, token_hash: &str) -> StoreResult<Option<String>> {
        staff::take_show_once(&mut *self.conn()?, token_hash)
    }

    fn change_account(
        &self,
        user_id: i64,
        change: &AccountChange,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        staff::change_account(&mut *self.conn()?, user_id, change, audit)
    }

    fn set_totp_secret(&self, user_id: i64, secret: Option<&str>, demo: bool) -> StoreResult<()> {
        staff::set_totp_secret(&*self.conn()?, user_id, secret, demo)
    }

    fn remove_demo_accounts(&self) -> StoreResult<u64> {
        staff::remove_demo_accounts(&mut *self.conn()?)
    }

    fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> StoreResult<Option<UserRecord>> {
        accounts::session_user(&*self.conn()?, token_hash, now, idle_since)
    }

    fn delete_session(&self, token_hash: &str, audit: Option<&AuditEntry>) -> StoreResult<()> {
        accounts::delete_session(&mut *self.conn()?, token_hash, audit)
    }

    fn inbox(&self, q: &InboxQuery) -> StoreResult<InboxResult> {
        self.read(|c| inbox::inbox(c, q))
    }

    fn case(&self, council_id: &str, reference: &str) -> StoreResult<Option<CaseRecord>> {
        self.read(|c| case::case(c, council_id, reference))
    }

    fn save_case(&self, council_id: &str, c: &CaseChange, audit: &AuditEntry) -> StoreResult<()> {
        let (council_id, change, audit) = (council_id.to_string(), c.clone(), audit.clone());
        self.queue.write(move |c, touched| {
            case::save_case(c, &council_id, &change, &audit)?;
            if let Some(at) = case::received_at(c, &council_id, &change.reference)? {
                touched.contact(&council_id, at);
            }
            Ok(())
        })
    }

    fn report_contacts(
        &self,
        council_id: &str,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> StoreResult<Vec<StoredContact>> {
        // Two readers at once, each on its own connection, one half of the dates each (the
        // year and the year before, as the report asks): reading and parsing the case files is
        // most of a cold report's time, and it splits evenly over two cores. Each contact is
        // in exactly one half (by when it arrived), read in that reader's snapshot.
        use report::Half;
        let mid = from + (to - from) / 2;
        let (before, after) = std::thread::scope(|scope| {
            let later = scope.spawn(|| {
                self.read(|c| report::report_contacts(c, council_id, from, to, Half::From(mid)))
            });
            let before =
                self.read(|c| report::report_contacts(c, council_id, from, to, Half::Before(mid)));
            let after = later
                .join()
                .unwrap_or_else(|_| Err(StoreError::Backend("a report reader panicked".into())));
            (before, after)
        });
        let mut all = before?;
        all.extend(after?);
        Ok(all)
    }

    fn add_case_event(
        &self,
        reference: &str,
        event: &CaseEvent,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let (reference, event, audit) = (reference.to_string(), event.clone(), audit.clone());
        self.queue
            .write(move |c, _| case::add_case_event(c, &reference, &event, &audit))
    }

    fn case_events(&self, reference: &str) -> StoreResult<Vec<CaseEvent>> {
        self.read(|c| case::case_events(c, reference))
    }

    fn closed_year(
        &self,
        council_id: &str,
        start_year: i32,
    ) -> StoreResult<Option<app::domain::report::closed_year::ClosedYear>> {
        self.read(|c| {
            Ok(
                match report_years::closed_year(c, council_id, start_year)? {
                    Some(closed) => Some(closed),
                    None => report_imports::imported_year(c, council_id, start_year)?
                        .map(|y| y.as_kept()),
                },
            )
        })
    }

    fn imported_year(
        &self,
        council_id: &str,
        start_year: i32,
    ) -> StoreResult<Option<app::domain::report::import::ImportedYear>> {
        self.read(|c| report_imports::imported_year(c, council_id, start_year))
    }

    fn import_table(
        &self,
        council_id: &str,
        start_year: i32,
        position: usize,
        table: &app::domain::report::import::ImportedTable,
        audit: &AuditEntry,
    ) -> StoreResult<app::domain::report::import::ImportOutcome> {
        use app::domain::report::import::ImportOutcome;
        let outcome = report_imports::import_table(
            &mut *self.conn()?,
            council_id,
            start_year,
            position,
            table,
            audit,
        )?;
        match outcome {
            ImportOutcome::Imported | ImportOutcome::Replaced => {
                // The year's own report and every later one (its "year before", trends).
                let mut touched = Touched::default();
                touched.year(council_id, start_year);
                self.versions.bump(&touched);
            }
            ImportOutcome::YearClosed | ImportOutcome::YearHasRecords => {}
        }
        Ok(outcome)
    }

    fn narratives(
        &self,
        council_id: &str,
        start_year: i32,
    ) -> StoreResult<Vec<app::domain::report::draft::Narrative>> {
        self.read(|c| report_imports::narratives(c, council_id, start_year))
    }

    fn save_narrative(
        &self,
        council_id: &str,
        start_year: i32,
        narrative: &app::domain::report::draft::Narrative,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        report_imports::save_narrative(&mut *self.conn()?, council_id, start_year, narrative, audit)
    }

    fn close_year(
        &self,
        council_id: &str,
        year: &app::domain::report::closed_year::ClosedYear,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        let closed = report_years::close_year(&mut *self.conn()?, council_id, year, audit)?;
        if closed {
            // The closed year's page now says who closed it, and the next year reads its kept
            // figures: both reports' cached copies are stale.
            let mut touched = Touched::default();
            touched.year(council_id, year.start_year);
            self.versions.bump(&touched);
        }
        Ok(closed)
    }

    fn alert(
        &self,
        council_id: &str,
        reference: &str,
    ) -> StoreResult<Option<app::domain::safeguarding::Alert>> {
        self.read(|c| alerts::alert(c, council_id, reference))
    }

    fn save_alert(
        &self,
        council_id: &str,
        reference: &str,
        alert: &app::domain::safeguarding::Alert,
        event: &CaseEvent,
    ) -> StoreResult<()> {
        let mut conn = self.conn()?;
        alerts::save_alert(&mut conn, council_id, reference, alert, event)?;
        self.alert_changed(&conn, council_id, reference)
    }

    fn open_alerts(&self, council_id: &str, limit: u32) -> StoreResult<Vec<OpenAlert>> {
        self.read(|c| alerts::open_alerts(c, council_id, limit))
    }

    fn escalate_alert(
        &self,
        council_id: &str,
        reference: &str,
        due_at: DateTime<Utc>,
        at: DateTime<Utc>,
        mails: &[OutgoingMail],
        event: &CaseEvent,
    ) -> StoreResult<bool> {
        let mut conn = self.conn()?;
        let escalated =
            alerts::escalate_alert(&mut conn, council_id, reference, due_at, at, mails, event)?;
        if escalated {
            self.alert_changed(&conn, council_id, reference)?;
        }
        Ok(escalated)
    }

    fn queue_mail(
        &self,
        council_id: &str,
        reference: Option<&str>,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        mail::queue_mail(&*self.conn()?, council_id, reference, mail, now)
    }

    fn due_mail(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<QueuedMail>> {
        self.read(|c| mail::due_mail(c, now, limit))
    }

    fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        mail::mail_sent(&*self.conn()?, id, now)
    }

    fn mail_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>) -> StoreResult<()> {
        mail::mail_failed(&*self.conn()?, id, error, retry_at)
    }

    fn audit(&self, e: &AuditEntry) -> StoreResult<()> {
        insert_audit(&*self.conn()?, e)
    }

    fn audit_log(&self, council_id: &str, limit: u32, seek: Seek<i64>) -> StoreResult<AuditPage> {
        self.read(|c| audit::audit_log(c, council_id, limit, seek))
    }

    fn report_version(&self, council_id: &str, start_year: i32) -> u64 {
        self.versions.version(council_id, start_year)
    }

    fn count_submissions(&self) -> StoreResult<u64> {
        self.read(intake::count_submissions)
    }
}
