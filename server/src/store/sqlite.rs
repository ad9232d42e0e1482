//! The SQLite storage: one file, WAL journal, `synchronous=FULL` (a reference is only shown
//! after its submission is on disk), foreign keys on, versioned migrations
//! (`rusqlite_migration`, tracked in SQLite's `user_version`).
//!
//! One connection behind a mutex: SQLite allows one writer at a time anyway, and every call
//! arrives on a blocking thread (see `app::api::state::db`), never on the async runtime.

use super::staff::{self, insert_audit, user_row, with_lock, USER_COLUMNS};
use app::api::store::{
    AccountChange, AuditEntry, CaseChange, CaseEvent, CaseRecord, Draft, FloodGroup, InboxQuery,
    InboxResult, InboxRow, NewSubmission, NewUser, OpenAlert, OutgoingMail, ProgressRecord,
    QueuedMail, RecentUrgent, SealedReceipt, SecondFactor, Store, StoreError, StoreResult, Stored,
    UserRecord,
};
use app::domain::report::Equality;
use app::domain::report_input::StoredContact;
use app::domain::submission::{AgeBand, Channel, Disability, Ethnicity, Gender, Who};
use app::domain::submission::{Answers, Kind, RoutingHint};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use std::path::Path;
use std::sync::Mutex;

mod alerts;
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
        M::up(include_str!("migrations/009_report_closed_years.sql")),
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
fn stored<E: app::domain::Coded>(
    concept: &str,
    code: &str,
    parse: fn(&str) -> Option<E>,
) -> StoreResult<E> {
    app::domain::vocabulary::from_stored(concept, code, parse).map_err(StoreError::Backend)
}

/// An optional stored code (NULL: not answered).
fn maybe<E: app::domain::Coded>(
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

fn insert_mail(
    conn: &Connection,
    council_id: &str,
    reference: Option<&str>,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO outbox (council_id, reference, to_address, subject, body, created_at, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![council_id, reference, mail.to, mail.subject, mail.body, ts(now)],
    )
    .map_err(backend)?;
    Ok(())
}

/// Stored for "no deadline", so the inbox's ORDER BY can walk its index (NULLs would sort first).
const NO_DEADLINE: &str = "9999-12-31";

fn due_column(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string())
        .unwrap_or_else(|| NO_DEADLINE.to_string())
}

fn insert_event(conn: &Connection, reference: &str, e: &CaseEvent) -> StoreResult<()> {
    let n = conn
        .execute(
            "INSERT INTO case_events (submission_id, at, user_id, what, detail)
             SELECT id, ?2, ?3, ?4, ?5 FROM submissions WHERE reference = ?1",
            params![reference, ts(e.at), e.user_id, e.what, e.detail],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(StoreError::Backend(format!("no case {reference}")));
    }
    Ok(())
}

impl Store for SqliteStore {
    fn save_draft(&self, draft: &Draft, now: DateTime<Utc>) -> StoreResult<()> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO drafts (id, council_id, data, reference, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            params![
                draft.id,
                draft.council_id,
                json(draft)?,
                draft.reference,
                ts(now)
            ],
        )
        .map_err(backend)?;
        Ok(())
    }

    fn load_draft(&self, id: &str) -> StoreResult<Option<Draft>> {
        let conn = self.conn()?;
        let row: Option<(String, Option<String>, String)> = conn
            .query_row(
                "SELECT data, reference, updated_at FROM drafts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(backend)?;
        let Some((data, reference, updated_at)) = row else {
            return Ok(None);
        };
        let mut draft: Draft = serde_json::from_str(&data).map_err(backend)?;
        // The column is the truth for what was sent (set in the same transaction as the
        // submission); the JSON may be an older copy.
        draft.reference = reference;
        draft.updated_at = Some(parse_ts(&updated_at)?);
        Ok(Some(draft))
    }

    fn delete_draft(&self, id: &str) -> StoreResult<()> {
        let conn = self.conn()?;
        conn.execute("DELETE FROM drafts WHERE id = ?1", [id])
            .map_err(backend)?;
        Ok(())
    }

    fn take_receipt(
        &self,
        draft_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<SealedReceipt>> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(backend)?;
        let row: Option<(Option<Vec<u8>>, Option<String>)> = tx
            .query_row(
                "SELECT receipt, receipt_expires_at FROM drafts WHERE id = ?1",
                [draft_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(backend)?;
        tx.execute(
            "UPDATE drafts SET receipt = NULL, receipt_expires_at = NULL WHERE id = ?1",
            [draft_id],
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
        let Some((Some(sealed), Some(expires))) = row else {
            return Ok(None);
        };
        let expires_at = parse_ts(&expires)?;
        Ok((expires_at > now).then_some(SealedReceipt { sealed, expires_at }))
    }

    fn recent_urgent(&self, source: &str, since: DateTime<Utc>) -> StoreResult<RecentUrgent> {
        let conn = self.conn()?;
        conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(possible_flood), 0) FROM submissions
             WHERE source = ?1 AND urgent = 1 AND received_at >= ?2",
            params![source, ts(since)],
            |r| {
                Ok(RecentUrgent {
                    total: r.get::<_, i64>(0)? as u64,
                    flagged: r.get::<_, i64>(1)? as u64,
                })
            },
        )
        .map_err(backend)
    }

    fn flood_groups(&self, council_id: &str, since: DateTime<Utc>) -> StoreResult<Vec<FloodGroup>> {
        let conn = self.conn()?;
        let mut stmt = conn
            .prepare(
                "SELECT source, COUNT(*), MIN(received_at), MAX(received_at) FROM submissions
                 WHERE council_id = ?1 AND possible_flood = 1 AND received_at >= ?2
                 GROUP BY source ORDER BY MAX(received_at) DESC LIMIT 50",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map(params![council_id, ts(since)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(backend)?;
        let mut out = Vec::new();
        for row in rows {
            let (source, count, first, last) = row.map_err(backend)?;
            out.push(FloodGroup {
                source,
                count: count as u64,
                first_at: parse_ts(&first)?,
                last_at: parse_ts(&last)?,
            });
        }
        Ok(out)
    }

    fn count_details(&self, reference: &str) -> StoreResult<u64> {
        let conn = self.conn()?;
        conn.query_row(
            "SELECT COUNT(*) FROM submission_details d JOIN submissions s ON s.id = d.submission_id
             WHERE s.reference = ?1",
            [reference],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n as u64)
        .map_err(backend)
    }

    fn submit(&self, new: &NewSubmission, receipt: Option<&SealedReceipt>) -> StoreResult<Stored> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(backend)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT reference FROM submissions WHERE idempotency_key = ?1",
                [&new.idempotency_key],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?;
        if let Some(reference) = existing {
            return Ok(Stored::Existing { reference });
        }
        let a: &Answers = &new.answers;
        let inserted = tx.execute(
            "INSERT INTO submissions (council_id, reference, idempotency_key, progress_code_hash,
                kind, urgent, routing_hint, channel, who, on_behalf, consent, service,
                happened_when, over_a_year, advocate_wanted, contact_by, age_band, gender,
                ethnicity, disability, received_at, answers, next_due, source, possible_flood)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
            params![
                new.council_id,
                new.reference,
                new.idempotency_key,
                new.progress_code_hash,
                new.kind.code(),
                new.urgent,
                new.routing_hint.code(),
                new.channel.code(),
                a.who.map(|w| w.code()),
                a.on_behalf(),
                a.consent.map(|c| c.code()),
                (!a.service.is_empty()).then_some(&a.service),
                a.when.map(|w| w.code()),
                a.over_a_year(),
                a.wants_advocate(),
                a.contact_by.map(|c| c.code()),
                a.age_band.map(|x| x.code()),
                a.gender.map(|x| x.code()),
                a.ethnicity.map(|x| x.code()),
                a.disability.map(|x| x.code()),
                ts(new.received_at),
                json(a)?,
                due_column(new.next_due),
                new.source,
                new.possible_flood,
            ],
        );
        match inserted {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, Some(msg)))
                if e.code == rusqlite::ErrorCode::ConstraintViolation
                    && msg.contains("submissions.reference") =>
            {
                return Err(StoreError::ReferenceTaken);
            }
            Err(e) => return Err(backend(e)),
        }
        if let Some(mail) = &new.notify {
            insert_mail(
                &tx,
                &new.council_id,
                Some(&new.reference),
                mail,
                new.received_at,
            )?;
        }
        if let Some(entry) = &new.audit {
            let entry = AuditEntry {
                reference: Some(new.reference.clone()),
                ..entry.clone()
            };
            super::staff::insert_audit(&tx, &entry)?;
        }
        // The draft becomes a tombstone: no words, only the kind and the reference.
        let tombstone = Draft {
            id: new.idempotency_key.clone(),
            council_id: new.council_id.clone(),
            answers: Answers::for_kind(new.kind),
            reference: Some(new.reference.clone()),
            ..Default::default()
        };
        tx.execute(
            "UPDATE drafts SET data = ?1, reference = ?2, receipt = ?3, receipt_expires_at = ?4,
                updated_at = ?5
             WHERE id = ?6",
            params![
                json(&tombstone)?,
                new.reference,
                receipt.map(|r| r.sealed.as_slice()),
                receipt.map(|r| ts(r.expires_at)),
                ts(Utc::now()),
                new.idempotency_key
            ],
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
        Ok(Stored::New {
            reference: new.reference.clone(),
        })
    }

    fn purge_drafts(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let conn = self.conn()?;
        let n = conn
            .execute("DELETE FROM drafts WHERE updated_at < ?1", [ts(before)])
            .map_err(backend)?;
        conn.execute(
            "DELETE FROM progress_views WHERE expires_at < ?1",
            [ts(Utc::now())],
        )
        .map_err(backend)?;
        Ok(n as u64)
    }

    fn add_details(
        &self,
        reference: &str,
        details: &Answers,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let conn = self.conn()?;
        let n = conn
            .execute(
                "INSERT INTO submission_details (submission_id, added_at, answers)
                 SELECT id, ?2, ?3 FROM submissions WHERE reference = ?1",
                params![reference, ts(now), json(details)?],
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::Backend(format!("no submission {reference}")));
        }
        Ok(())
    }

    fn progress(&self, reference: &str) -> StoreResult<Option<ProgressRecord>> {
        let conn = self.conn()?;
        let row = conn
            .query_row(
                "SELECT reference, kind, urgent, received_at, status, progress_code_hash, case_state
                 FROM submissions WHERE reference = ?1",
                [reference],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, bool>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Option<String>>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(backend)?;
        let Some((reference, kind, urgent, received_at, status, hash, case_state)) = row else {
            return Ok(None);
        };
        let case_file = case_state
            .map(|j| serde_json::from_str(&j).map_err(backend))
            .transpose()?;
        Ok(Some(ProgressRecord {
            reference,
            kind: Kind::from_code(&kind)
                .ok_or_else(|| StoreError::Backend(format!("unknown kind {kind}")))?,
            urgent,
            received_at: parse_ts(&received_at)?,
            status,
            progress_code_hash: hash,
            case_file,
        }))
    }

    fn grant_progress_view(
        &self,
        token: &str,
        reference: &str,
        expires: DateTime<Utc>,
    ) -> StoreResult<()> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT INTO progress_views (token, reference, expires_at) VALUES (?1, ?2, ?3)",
            params![token, reference, ts(expires)],
        )
        .map_err(backend)?;
        Ok(())
    }

    fn progress_view(&self, token: &str, now: DateTime<Utc>) -> StoreResult<Option<String>> {
        let conn = self.conn()?;
        conn.query_row(
            "SELECT reference FROM progress_views WHERE token = ?1 AND expires_at > ?2",
            params![token, ts(now)],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)
    }

    fn create_user(
        &self,
        new: &NewUser,
        now: DateTime<Utc>,
        audit: Option<&AuditEntry>,
    ) -> StoreResult<i64> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(backend)?;
        let r = tx.execute(
            "INSERT INTO users (council_id, email, name, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.council_id,
                new.email.trim(),
                new.name,
                new.role.code(),
                new.password_hash,
                ts(now)
            ],
        );
        match r {
            Ok(_) => {
                let id = tx.last_insert_rowid();
                if let Some(a) = audit {
                    insert_audit(&tx, a)?;
                }
                tx.commit().map_err(backend)?;
                Ok(id)
            }
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(StoreError::Conflict)
            }
            Err(e) => Err(backend(e)),
        }
    }

    fn user_by_email(&self, council_id: &str, email: &str) -> StoreResult<Option<UserRecord>> {
        let conn = self.conn()?;
        conn.query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE council_id = ?1 AND email = ?2"),
            params![council_id, email.trim()],
            user_row,
        )
        .optional()
        .map_err(backend)?
        .map(with_lock)
        .transpose()
    }

    fn list_users(&self, council_id: &str) -> StoreResult<Vec<UserRecord>> {
        let conn = self.conn()?;
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {USER_COLUMNS} FROM users WHERE council_id = ?1 ORDER BY name"
            ))
            .map_err(backend)?;
        let rows = stmt
            .query_map([council_id], user_row)
            .map_err(backend)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend)?;
        rows.into_iter().map(with_lock).collect()
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
        let conn = self.conn()?;
        let cols = staff::user_columns("u");
        let user = conn
            .query_row(
                &format!(
                    "SELECT {cols} FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3
                       AND u.active = 1 AND s.stage = 'full'"
                ),
                params![token_hash, ts(now), ts(idle_since)],
                user_row,
            )
            .optional()
            .map_err(backend)?;
        if user.is_some() {
            conn.execute(
                "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
                params![token_hash, ts(now)],
            )
            .map_err(backend)?;
        }
        user.map(with_lock).transpose()
    }

    fn delete_session(&self, token_hash: &str, audit: Option<&AuditEntry>) -> StoreResult<()> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(backend)?;
        tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])
            .map_err(backend)?;
        if let Some(a) = audit {
            insert_audit(&tx, a)?;
        }
        tx.commit().map_err(backend)
    }

    fn inbox(&self, q: &InboxQuery) -> StoreResult<InboxResult> {
        let conn = self.conn()?;
        let mut filter = String::from("s.council_id = ?1");
        let mut args: Vec<rusqlite::types::Value> = vec![q.council_id.clone().into()];
        let mut add = |sql: &str, v: rusqlite::types::Value| {
            args.push(v);
            filter.push_str(&format!(" AND {sql} ?{}", args.len()));
        };
        if let Some(k) = q.kind {
            add("s.kind =", k.code().to_string().into());
        }
        if let Some(st) = &q.status {
            add("s.status =", st.clone().into());
        }
        if let Some(sv) = &q.service {
            add("s.service =", sv.clone().into());
        }
        if let Some(o) = q.owner_id {
            add("s.owner_id =", o.into());
        }
        if let Some(d) = q.due_before {
            add(
                "s.status NOT IN ('closed', 'withdrawn') AND s.next_due <",
                d.to_string().into(),
            );
        }
        if let Some(r) = &q.reference {
            add("s.reference =", r.clone().into());
        }
        match &q.flood {
            Some(source) => add("s.possible_flood = 1 AND s.source =", source.clone().into()),
            None => filter.push_str(" AND s.possible_flood = 0"),
        }
        let total: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM submissions s WHERE {filter}"),
                rusqlite::params_from_iter(args.iter()),
                |r| r.get(0),
            )
            .map_err(backend)?;
        let per_page = q.per_page.clamp(1, 200);
        let sql = format!(
            "SELECT s.reference, s.kind, s.who, s.urgent, s.received_at, s.next_due, s.status,
                    s.service, u.name,
                    EXISTS (SELECT 1 FROM outbox o WHERE o.reference = s.reference
                            AND o.sent_at IS NULL AND o.attempts > 0)
             FROM submissions s LEFT JOIN users u ON u.id = s.owner_id
             WHERE {filter}
             ORDER BY s.urgent DESC, s.next_due, s.received_at
             LIMIT {per_page} OFFSET {}",
            q.page as u64 * per_page as u64
        );
        let mut stmt = conn.prepare(&sql).map_err(backend)?;
        let raw = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, bool>(9)?,
                ))
            })
            .map_err(backend)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend)?;
        let rows = raw
            .into_iter()
            .map(
                |(
                    reference,
                    kind,
                    who,
                    urgent,
                    received,
                    due,
                    status,
                    service,
                    owner,
                    mail_problem,
                )| {
                    Ok(InboxRow {
                        reference,
                        kind: Kind::from_code(&kind)
                            .ok_or_else(|| StoreError::Backend(format!("unknown kind {kind}")))?,
                        who,
                        urgent,
                        received_at: parse_ts(&received)?,
                        next_due: due
                            .filter(|d| d != NO_DEADLINE)
                            .and_then(|d| d.parse().ok()),
                        status,
                        service,
                        owner,
                        mail_problem,
                    })
                },
            )
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(InboxResult {
            rows,
            total: total as u64,
        })
    }

    fn case(&self, council_id: &str, reference: &str) -> StoreResult<Option<CaseRecord>> {
        let conn = self.conn()?;
        let row = conn
            .query_row(
                "SELECT s.id, s.reference, s.kind, s.urgent, s.routing_hint, s.channel, s.received_at,
                        s.answers, s.case_state, s.status, s.owner_id, o.name, s.manager_id, m.name,
                        s.service
                 FROM submissions s
                 LEFT JOIN users o ON o.id = s.owner_id
                 LEFT JOIN users m ON m.id = s.manager_id
                 WHERE s.council_id = ?1 AND s.reference = ?2",
                params![council_id, reference],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, String>(9)?,
                        (r.get::<_, Option<i64>>(10)?, r.get::<_, Option<String>>(11)?),
                        (r.get::<_, Option<i64>>(12)?, r.get::<_, Option<String>>(13)?),
                        r.get::<_, Option<String>>(14)?,
                    ))
                },
            )
            .optional()
            .map_err(backend)?;
        let Some((
            id,
            reference,
            kind,
            urgent,
            hint,
            channel,
            received,
            answers,
            case_state,
            status,
            owner,
            manager,
            service,
        )) = row
        else {
            return Ok(None);
        };
        let mut stmt = conn
            .prepare("SELECT added_at, answers FROM submission_details WHERE submission_id = ?1 ORDER BY id")
            .map_err(backend)?;
        let details = stmt
            .query_map([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(backend)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend)?
            .into_iter()
            .map(|(at, a)| Ok((parse_ts(&at)?, serde_json::from_str(&a).map_err(backend)?)))
            .collect::<StoreResult<Vec<_>>>()?;
        let pair = |p: (Option<i64>, Option<String>)| match p {
            (Some(id), Some(name)) => Some((id, name)),
            _ => None,
        };
        Ok(Some(CaseRecord {
            reference,
            kind: Kind::from_code(&kind)
                .ok_or_else(|| StoreError::Backend(format!("unknown kind {kind}")))?,
            urgent,
            routing_hint: RoutingHint::from_code(&hint).unwrap_or(RoutingHint::Statutory),
            channel: stored("channel", &channel, Channel::from_code)?,
            received_at: parse_ts(&received)?,
            answers: serde_json::from_str(&answers).map_err(backend)?,
            details,
            case_file: case_state
                .map(|j| serde_json::from_str(&j).map_err(backend))
                .transpose()?,
            status,
            service,
            owner: pair(owner),
            manager: pair(manager),
        }))
    }

    fn save_case(&self, council_id: &str, c: &CaseChange, audit: &AuditEntry) -> StoreResult<()> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(backend)?;
        let n = tx
            .execute(
                "UPDATE submissions SET case_state = ?3, status = ?4, next_due = ?5, owner_id = ?6,
                    manager_id = ?7, closed_on = ?8, service = COALESCE(?9, service)
                 WHERE council_id = ?1 AND reference = ?2",
                params![
                    council_id,
                    c.reference,
                    json(&c.case_file)?,
                    c.status,
                    due_column(c.next_due),
                    c.owner_id,
                    c.manager_id,
                    c.closed_on.map(|d| d.to_string()),
                    c.service
                ],
            )
            .map_err(backend)?;
        if n == 0 {
            return Err(StoreError::Backend(format!("no case {}", c.reference)));
        }
        insert_event(&tx, &c.reference, &c.event)?;
        if let Some(mail) = &c.notify {
            insert_mail(&tx, council_id, Some(&c.reference), mail, c.event.at)?;
        }
        insert_audit(&tx, audit)?;
        tx.commit().map_err(backend)
    }

    fn report_contacts(
        &self,
        council_id: &str,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> StoreResult<Vec<StoredContact>> {
        let conn = self.conn()?;
        // received_at is UTC; a day's margin either side, then exact dates in England below.
        let start = ts((from - chrono::Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .expect("time")
            .and_utc());
        let end = ts((to + chrono::Duration::days(2))
            .and_hms_opt(0, 0, 0)
            .expect("time")
            .and_utc());
        let mut stmt = conn
            .prepare(
                "SELECT s.received_at, s.kind, s.channel, s.who, s.service,
                        s.age_band, s.gender, s.ethnicity, s.disability, s.case_state, a.record
                 FROM submissions s LEFT JOIN safeguarding_alerts a ON a.submission_id = s.id
                 WHERE s.council_id = ?1 AND s.received_at < ?3
                   AND (s.received_at >= ?2 OR s.closed_on IS NULL OR s.closed_on >= ?4)",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map(params![council_id, start, end, from.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    [
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<String>>(8)?,
                    ],
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ))
            })
            .map_err(backend)?;
        let mut out = Vec::new();
        for row in rows {
            let (
                received,
                kind,
                channel,
                who,
                service,
                [age, gender, ethnicity, disability],
                case,
                alert,
            ) = row.map_err(backend)?;
            let received_at = parse_ts(&received)?;
            let received = app::domain::uk_time::uk_date(received_at);
            if received > to {
                continue;
            }
            out.push(StoredContact {
                received,
                kind: stored("kind", &kind, Kind::from_code)?,
                channel: stored("channel", &channel, Channel::from_code)?,
                who: maybe("who", who, Who::from_code)?,
                service,
                equality: Equality {
                    age_band: maybe("age band", age, AgeBand::from_code)?,
                    gender: maybe("gender", gender, Gender::from_code)?,
                    ethnicity: maybe("ethnicity", ethnicity, Ethnicity::from_code)?,
                    disability: maybe("disability", disability, Disability::from_code)?,
                },
                case: case
                    .map(|j| serde_json::from_str(&j).map_err(backend))
                    .transpose()?,
                received_at,
                alert: alert
                    .map(|j| serde_json::from_str(&j).map_err(backend))
                    .transpose()?,
            });
        }
        Ok(out)
    }

    fn add_case_event(
        &self,
        reference: &str,
        event: &CaseEvent,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut conn = self.conn()?;
        let tx = conn.transaction().map_err(backend)?;
        insert_event(&tx, reference, event)?;
        insert_audit(&tx, audit)?;
        tx.commit().map_err(backend)
    }

    fn case_events(&self, reference: &str) -> StoreResult<Vec<CaseEvent>> {
        let conn = self.conn()?;
        let mut stmt = conn
            .prepare(
                "SELECT e.at, e.user_id, COALESCE(u.name, 'Speak Up'), e.what, e.detail
                 FROM case_events e JOIN submissions s ON s.id = e.submission_id
                 LEFT JOIN users u ON u.id = e.user_id
                 WHERE s.reference = ?1 ORDER BY e.id",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map([reference], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(backend)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend)?;
        rows.into_iter()
            .map(|(at, user_id, who, what, detail)| {
                Ok(CaseEvent {
                    at: parse_ts(&at)?,
                    user_id,
                    who,
                    what,
                    detail,
                })
            })
            .collect()
    }

    fn closed_year(
        &self,
        council_id: &str,
        start_year: i32,
    ) -> StoreResult<Option<app::domain::report::closed_year::ClosedYear>> {
        let conn = self.conn()?;
        report_years::closed_year(&conn, council_id, start_year)
    }

    fn close_year(
        &self,
        council_id: &str,
        year: &app::domain::report::closed_year::ClosedYear,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        let mut conn = self.conn()?;
        report_years::close_year(&mut conn, council_id, year, audit)
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
        let conn = self.conn()?;
        insert_mail(&conn, council_id, reference, mail, now)
    }

    fn due_mail(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<QueuedMail>> {
        let conn = self.conn()?;
        let mut stmt = conn
            .prepare(
                "SELECT id, reference, to_address, subject, body, attempts FROM outbox
                 WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map(params![ts(now), limit], |r| {
                Ok(QueuedMail {
                    id: r.get(0)?,
                    reference: r.get(1)?,
                    mail: OutgoingMail {
                        to: r.get(2)?,
                        subject: r.get(3)?,
                        body: r.get(4)?,
                    },
                    attempts: r.get(5)?,
                })
            })
            .map_err(backend)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend)?;
        Ok(rows)
    }

    fn mail_sent(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let conn = self.conn()?;
        conn.execute(
            "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1",
            params![id, ts(now)],
        )
        .map_err(backend)?;
        Ok(())
    }

    fn mail_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>) -> StoreResult<()> {
        let conn = self.conn()?;
        conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
            params![id, error, ts(retry_at)],
        )
        .map_err(backend)?;
        Ok(())
    }

    fn audit(&self, e: &AuditEntry) -> StoreResult<()> {
        insert_audit(&*self.conn()?, e)
    }

    fn audit_log(&self, council_id: &str, limit: u32, offset: u32) -> StoreResult<Vec<AuditEntry>> {
        let conn = self.conn()?;
        let mut stmt = conn
            .prepare(
                "SELECT council_id, at, user_id, user_email, action, reference, detail
                 FROM audit_log WHERE council_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
            )
            .map_err(backend)?;
        let rows = stmt
            .query_map(params![council_id, limit, offset], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(backend)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(backend)?;
        rows.into_iter()
            .map(
                |(council_id, at, user_id, user_email, action, reference, detail)| {
                    Ok(AuditEntry {
                        council_id,
                        at: parse_ts(&at)?,
                        user_id,
                        user_email,
                        action,
                        reference,
                        detail,
                    })
                },
            )
            .collect()
    }

    fn count_submissions(&self) -> StoreResult<u64> {
        let conn = self.conn()?;
        conn.query_row("SELECT COUNT(*) FROM submissions", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n as u64)
        .map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::submission::RoutingHint;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(&dir.path().join("t.db")).unwrap();
        (dir, s)
    }

    fn new(key: &str, reference: &str) -> NewSubmission {
        NewSubmission {
            council_id: "demo".into(),
            idempotency_key: key.into(),
            reference: reference.into(),
            progress_code_hash: "h".into(),
            kind: Kind::Complaint,
            urgent: false,
            routing_hint: RoutingHint::Statutory,
            channel: Channel::OnlineForm,
            received_at: Utc::now(),
            answers: Answers::for_kind(Kind::Complaint),
            next_due: None,
            notify: None,
            source: None,
            possible_flood: false,
            audit: None,
        }
    }

    #[test]
    fn durability_settings_are_on() {
        let (_d, s) = store();
        assert_eq!(s.pragma("journal_mode").unwrap(), "wal");
        assert_eq!(s.pragma("synchronous").unwrap(), "2", "2 is FULL");
        assert_eq!(s.pragma("foreign_keys").unwrap(), "1");
    }

    #[test]
    fn same_key_twice_is_one_record_with_the_first_reference() {
        let (_d, s) = store();
        assert_eq!(
            s.submit(&new("k1", "SU-AAAA-AAAA"), None).unwrap(),
            Stored::New {
                reference: "SU-AAAA-AAAA".into()
            }
        );
        assert_eq!(
            s.submit(&new("k1", "SU-BBBB-BBBB"), None).unwrap(),
            Stored::Existing {
                reference: "SU-AAAA-AAAA".into()
            }
        );
        assert_eq!(s.count_submissions().unwrap(), 1);
    }

    #[test]
    fn a_reference_clash_is_reported_so_the_caller_picks_another() {
        let (_d, s) = store();
        s.submit(&new("k1", "SU-AAAA-AAAA"), None).unwrap();
        assert!(matches!(
            s.submit(&new("k2", "SU-AAAA-AAAA"), None),
            Err(StoreError::ReferenceTaken)
        ));
    }

    #[test]
    fn the_audit_log_cannot_be_edited_or_deleted() {
        let (_d, s) = store();
        s.audit(&AuditEntry {
            council_id: "demo".into(),
            at: Utc::now(),
            user_id: None,
            user_email: "x@example.org".into(),
            action: "view".into(),
            reference: None,
            detail: String::new(),
        })
        .unwrap();
        let conn = s.conn().unwrap();
        assert!(conn
            .execute("UPDATE audit_log SET action = 'nothing'", [])
            .is_err());
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn old_drafts_are_purged() {
        let (_d, s) = store();
        let d = Draft {
            id: "d1".into(),
            council_id: "demo".into(),
            ..Default::default()
        };
        s.save_draft(&d, Utc::now() - chrono::Duration::days(3))
            .unwrap();
        assert!(s.load_draft("d1").unwrap().is_some());
        assert_eq!(
            s.purge_drafts(Utc::now() - chrono::Duration::days(2))
                .unwrap(),
            1
        );
        assert!(s.load_draft("d1").unwrap().is_none());
    }

    #[test]
    fn a_sent_draft_keeps_no_words_and_its_receipt_opens_once() {
        let (_d, s) = store();
        let mut answers = Answers::for_kind(Kind::Complaint);
        answers.what_happened = "the words".into();
        let d = Draft {
            id: "k1".into(),
            council_id: "demo".into(),
            answers,
            ..Default::default()
        };
        s.save_draft(&d, Utc::now()).unwrap();
        let receipt = SealedReceipt {
            sealed: vec![1, 2, 3],
            expires_at: Utc::now() + chrono::Duration::minutes(10),
        };
        s.submit(&new("k1", "SU-AAAA-AAAA"), Some(&receipt))
            .unwrap();
        let tomb = s.load_draft("k1").unwrap().unwrap();
        assert_eq!(tomb.reference.as_deref(), Some("SU-AAAA-AAAA"));
        assert!(tomb.answers.what_happened.is_empty(), "no words kept");
        let raw: String = s
            .conn()
            .unwrap()
            .query_row("SELECT data FROM drafts WHERE id = 'k1'", [], |r| r.get(0))
            .unwrap();
        assert!(!raw.contains("the words"));
        assert_eq!(
            s.take_receipt("k1", Utc::now()).unwrap().map(|r| r.sealed),
            Some(receipt.sealed),
            "first time"
        );
        assert_eq!(s.take_receipt("k1", Utc::now()).unwrap(), None, "once");
    }

    #[test]
    fn a_recorded_contact_and_its_audit_line_are_one_transaction() {
        let (_d, s) = store();
        let mut n = new("k1", "SU-AAAA-AAAA");
        n.audit = Some(AuditEntry {
            council_id: "demo".into(),
            at: Utc::now(),
            user_id: None,
            user_email: "o@example.org".into(),
            action: "recorded a contact".into(),
            reference: None,
            detail: "by phone".into(),
        });
        s.submit(&n, None).unwrap();
        let reference: Option<String> = s
            .conn()
            .unwrap()
            .query_row(
                "SELECT reference FROM audit_log WHERE action = 'recorded a contact'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(reference.as_deref(), Some("SU-AAAA-AAAA"));
        // A second send of the same form changes nothing, the audit log included.
        s.submit(&new("k1", "SU-BBBB-BBBB"), None).unwrap();
        let lines: i64 = s
            .conn()
            .unwrap()
            .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(lines, 1);
    }

    #[test]
    fn an_expired_receipt_is_not_handed_out() {
        let (_d, s) = store();
        let d = Draft {
            id: "k1".into(),
            council_id: "demo".into(),
            ..Default::default()
        };
        s.save_draft(&d, Utc::now()).unwrap();
        let receipt = SealedReceipt {
            sealed: vec![1],
            expires_at: Utc::now() + chrono::Duration::minutes(10),
        };
        s.submit(&new("k1", "SU-AAAA-AAAA"), Some(&receipt))
            .unwrap();
        let later = Utc::now() + chrono::Duration::minutes(11);
        assert_eq!(s.take_receipt("k1", later).unwrap(), None);
    }

    #[test]
    fn every_stored_channel_reads_back_and_an_unknown_one_is_an_error() {
        let (_d, s) = store();
        for (i, &channel) in Channel::ALL.iter().enumerate() {
            let mut n = new(&format!("k{i}"), &format!("SU-AAAA-AAA{i}"));
            n.channel = channel;
            s.submit(&n, None).unwrap();
            let case = s.case("demo", &n.reference).unwrap().unwrap();
            assert_eq!(case.channel, channel);
        }
        let from = Utc::now().date_naive() - chrono::Duration::days(2);
        let to = Utc::now().date_naive() + chrono::Duration::days(2);
        let contacts = s.report_contacts("demo", from, to).unwrap();
        assert_eq!(contacts.len(), Channel::ALL.len());
        // A code no version ever wrote (a bad import, a hand edit) is an error, never a guess.
        s.conn()
            .unwrap()
            .execute(
                "UPDATE submissions SET channel = 'fax' WHERE reference = 'SU-AAAA-AAA0'",
                [],
            )
            .unwrap();
        let err = s.report_contacts("demo", from, to).unwrap_err();
        let err = format!("{err:?}");
        assert!(
            err.contains("unknown channel") && err.contains("fax"),
            "{err}"
        );
        assert!(s.case("demo", "SU-AAAA-AAA0").is_err());
    }

    #[test]
    fn a_closed_year_is_kept_once_and_cannot_be_changed() {
        use app::domain::report::closed_year::ClosedYear;
        let (_d, s) = store();
        let report = app::domain::report::build_report(&[], 2017);
        let year = ClosedYear {
            start_year: 2017,
            closed_by: "Pat".into(),
            closed_at: Utc::now(),
            report,
        };
        let audit = |what: &str| AuditEntry {
            at: Utc::now(),
            council_id: "demo".into(),
            user_id: None,
            user_email: "pat@example.org".into(),
            action: what.into(),
            reference: None,
            detail: "2017/18".into(),
        };
        assert_eq!(s.closed_year("demo", 2017).unwrap(), None);
        assert!(s
            .close_year("demo", &year, &audit("closed a year"))
            .unwrap());
        let mut again = year.clone();
        again.closed_by = "Someone else".into();
        assert!(!s
            .close_year("demo", &again, &audit("closed a year"))
            .unwrap());
        let kept = s.closed_year("demo", 2017).unwrap().unwrap();
        assert_eq!(kept.closed_by, "Pat");
        assert_eq!(kept.report, year.report);
        assert_eq!(s.closed_year("other", 2017).unwrap(), None);
        let conn = s.conn().unwrap();
        assert!(conn
            .execute("UPDATE report_closed_years SET closed_by = 'x'", [])
            .is_err());
        assert!(conn.execute("DELETE FROM report_closed_years", []).is_err());
        let lines: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'closed a year'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(lines, 1, "the refused second close wrote no audit line");
    }
}
