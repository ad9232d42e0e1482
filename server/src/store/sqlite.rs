//! The SQLite storage: one file, WAL journal, `synchronous=FULL` (a reference is only shown
//! after its submission is on disk), foreign keys on, versioned migrations
//! (`rusqlite_migration`, tracked in SQLite's `user_version`).
//!
//! One connection behind a mutex: SQLite allows one writer at a time anyway, and every call
//! arrives on a blocking thread (see `app::api::state::db`), never on the async runtime.

use super::staff::{self, insert_audit};
use app::api::store::{
    AccountChange, AuditEntry, CaseChange, CaseEvent, CaseRecord, Draft, FloodGroup, InboxQuery,
    InboxResult, NewSubmission, NewUser, OpenAlert, OutgoingMail, ProgressRecord, QueuedMail,
    RecentUrgent, SealedReceipt, SecondFactor, Store, StoreError, StoreResult, Stored, UserRecord,
};
use app::domain::report_input::StoredContact;
use app::domain::submission::Answers;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};
use std::path::Path;
use std::sync::Mutex;

mod accounts;
mod alerts;
mod audit;
mod case;
mod inbox;
mod intake;
mod mail;
mod report;
#[cfg(test)]
mod tests;

pub(crate) use case::{due_column, insert_event, NO_DEADLINE};
pub(crate) use mail::insert_mail;

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

pub(crate) fn backend<E: std::fmt::Display>(e: E) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(backend)
}

pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> StoreResult<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(backend)?;
        }
        let mut conn = Connection::open(path).map_err(backend)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(backend)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(backend)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(backend)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(backend)?;
        migrations().to_latest(&mut conn).map_err(backend)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> StoreResult<std::sync::MutexGuard<'_, Connection>> {
        self.conn
            .lock()
            .map_err(|_| StoreError::Backend("connection lock poisoned".into()))
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
        intake::save_draft(&*self.conn()?, draft, now)
    }

    fn load_draft(&self, id: &str) -> StoreResult<Option<Draft>> {
        intake::load_draft(&*self.conn()?, id)
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
        intake::recent_urgent(&*self.conn()?, source, since)
    }

    fn flood_groups(&self, council_id: &str, since: DateTime<Utc>) -> StoreResult<Vec<FloodGroup>> {
        intake::flood_groups(&*self.conn()?, council_id, since)
    }

    fn count_details(&self, reference: &str) -> StoreResult<u64> {
        intake::count_details(&*self.conn()?, reference)
    }

    fn submit(&self, new: &NewSubmission, receipt: Option<&SealedReceipt>) -> StoreResult<Stored> {
        intake::submit(&mut *self.conn()?, new, receipt)
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
        intake::add_details(&*self.conn()?, reference, details, now)
    }

    fn progress(&self, reference: &str) -> StoreResult<Option<ProgressRecord>> {
        intake::progress(&*self.conn()?, reference)
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
        intake::progress_view(&*self.conn()?, token, now)
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
        accounts::user_by_email(&*self.conn()?, council_id, email)
    }

    fn list_users(&self, council_id: &str) -> StoreResult<Vec<UserRecord>> {
        accounts::list_users(&*self.conn()?, council_id)
    }

    fn user_by_id(&self, council_id: &str, id: i64) -> StoreResult<Option<UserRecord>> {
        staff::user_in_council(&*self.conn()?, council_id, id)
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
        staff::pending_sign_in(&*self.conn()?, token_hash, now)
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
        inbox::inbox(&*self.conn()?, q)
    }

    fn case(&self, council_id: &str, reference: &str) -> StoreResult<Option<CaseRecord>> {
        case::case(&*self.conn()?, council_id, reference)
    }

    fn save_case(&self, council_id: &str, c: &CaseChange, audit: &AuditEntry) -> StoreResult<()> {
        case::save_case(&mut *self.conn()?, council_id, c, audit)
    }

    fn report_contacts(
        &self,
        council_id: &str,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> StoreResult<Vec<StoredContact>> {
        report::report_contacts(&*self.conn()?, council_id, from, to)
    }

    fn add_case_event(
        &self,
        reference: &str,
        event: &CaseEvent,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        case::add_case_event(&mut *self.conn()?, reference, event, audit)
    }

    fn case_events(&self, reference: &str) -> StoreResult<Vec<CaseEvent>> {
        case::case_events(&*self.conn()?, reference)
    }

    fn alert(
        &self,
        council_id: &str,
        reference: &str,
    ) -> StoreResult<Option<app::domain::safeguarding::Alert>> {
        let conn = self.conn()?;
        alerts::alert(&conn, council_id, reference)
    }

    fn save_alert(
        &self,
        council_id: &str,
        reference: &str,
        alert: &app::domain::safeguarding::Alert,
        event: &CaseEvent,
    ) -> StoreResult<()> {
        let mut conn = self.conn()?;
        alerts::save_alert(&mut conn, council_id, reference, alert, event)
    }

    fn open_alerts(&self, council_id: &str, limit: u32) -> StoreResult<Vec<OpenAlert>> {
        let conn = self.conn()?;
        alerts::open_alerts(&conn, council_id, limit)
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
        alerts::escalate_alert(&mut conn, council_id, reference, due_at, at, mails, event)
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
        mail::due_mail(&*self.conn()?, now, limit)
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

    fn audit_log(&self, council_id: &str, limit: u32, offset: u32) -> StoreResult<Vec<AuditEntry>> {
        audit::audit_log(&*self.conn()?, council_id, limit, offset)
    }

    fn count_submissions(&self) -> StoreResult<u64> {
        intake::count_submissions(&*self.conn()?)
    }
}
