//! Staff accounts and sessions in SQLite (the rest of the staff code is in `store::staff`).

use super::{backend, ts};
use crate::store::staff::{self, insert_audit, user_row, with_lock, USER_COLUMNS};
use app::api::store::*;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn create_user(
    conn: &mut Connection,
    new: &NewUser,
    now: DateTime<Utc>,
    audit: Option<&AuditEntry>,
) -> StoreResult<i64> {
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

pub(super) fn user_by_email(
    conn: &Connection,
    council_id: &str,
    email: &str,
) -> StoreResult<Option<UserRecord>> {
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

pub(super) fn list_users(conn: &Connection, council_id: &str) -> StoreResult<Vec<UserRecord>> {
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

pub(super) fn session_user(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> StoreResult<Option<UserRecord>> {
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

pub(super) fn delete_session(
    conn: &mut Connection,
    token_hash: &str,
    audit: Option<&AuditEntry>,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])
        .map_err(backend)?;
    if let Some(a) = audit {
        insert_audit(&tx, a)?;
    }
    tx.commit().map_err(backend)
}
