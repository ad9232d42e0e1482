//! The officers' accounts in SQLite: sign-in throttling, the second factor, two-step sessions
//! and managers' changes. Kept apart from `sqlite.rs` (which delegates here) so each file stays
//! readable. Every change that is audited writes its audit line in the same transaction.

use super::sqlite::{backend, parse_ts, ts};
use app::api::store::{
    AccountChange, AuditEntry, SecondFactor, StoreError, StoreResult, UserRecord,
};
use app::domain::officer::{Role, MAX_FAILED_SIGN_INS};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

pub const USER_COLUMNS: &str =
    "id, council_id, email, name, role, password_hash, failed_sign_ins, \
     locked_until, active, lock_count, totp_secret, totp_last_step, must_change_password, demo";

/// The same columns prefixed with a table alias (`u.id, u.council_id, …`).
pub fn user_columns(alias: &str) -> String {
    USER_COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(UserRecord, Option<String>)> {
    let role: String = r.get(4)?;
    Ok((
        UserRecord {
            id: r.get(0)?,
            council_id: r.get(1)?,
            email: r.get(2)?,
            name: r.get(3)?,
            role: Role::from_code(&role).unwrap_or(Role::Auditor),
            password_hash: r.get(5)?,
            failed_sign_ins: r.get(6)?,
            locked_until: None,
            active: r.get(8)?,
            lock_count: r.get(9)?,
            totp_secret: r.get(10)?,
            totp_last_step: r.get::<_, i64>(11)?.max(0) as u64,
            must_change_password: r.get(12)?,
            demo: r.get(13)?,
        },
        r.get(7)?,
    ))
}

pub fn with_lock((mut user, locked): (UserRecord, Option<String>)) -> StoreResult<UserRecord> {
    user.locked_until = locked.as_deref().map(parse_ts).transpose()?;
    Ok(user)
}

pub fn insert_audit(conn: &Connection, e: &AuditEntry) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO audit_log (council_id, at, user_id, user_email, action, reference, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            e.council_id,
            ts(e.at),
            e.user_id,
            e.user_email,
            e.action,
            e.reference,
            e.detail
        ],
    )
    .map_err(backend)?;
    super::sqlite::audit_chain::chain(conn, conn.last_insert_rowid())
}

fn user_by_id(conn: &Connection, id: i64) -> StoreResult<Option<UserRecord>> {
    conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
        [id],
        user_row,
    )
    .optional()
    .map_err(backend)?
    .map(with_lock)
    .transpose()
}

pub fn user_in_council(
    conn: &Connection,
    council: &str,
    id: i64,
) -> StoreResult<Option<UserRecord>> {
    Ok(user_by_id(conn, id)?.filter(|u| u.council_id == council))
}

pub fn sign_in_failed(
    conn: &mut Connection,
    user_id: i64,
    now: DateTime<Utc>,
    audit: &AuditEntry,
) -> StoreResult<bool> {
    let tx = conn.transaction().map_err(backend)?;
    let Some(user) = user_by_id(&tx, user_id)? else {
        return Err(StoreError::Backend(format!("no user {user_id}")));
    };
    let mut t = user.throttle();
    let paused = t.fail(MAX_FAILED_SIGN_INS, now);
    tx.execute(
        "UPDATE users SET failed_sign_ins = ?2, lock_count = ?3, locked_until = ?4 WHERE id = ?1",
        params![user_id, t.failures, t.pauses, t.paused_until.map(ts)],
    )
    .map_err(backend)?;
    insert_audit(&tx, audit)?;
    if paused {
        let mut lock = audit.clone();
        lock.action = "account paused after too many failures".into();
        lock.detail = format!("until {}", t.paused_until.map(ts).unwrap_or_default());
        insert_audit(&tx, &lock)?;
    }
    tx.commit().map_err(backend)?;
    Ok(paused)
}

pub fn set_password(
    conn: &mut Connection,
    user_id: i64,
    password_hash: &str,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "UPDATE users SET password_hash = ?2, failed_sign_ins = 0, locked_until = NULL,
            lock_count = 0, must_change_password = 0 WHERE id = ?1",
        params![user_id, password_hash],
    )
    .map_err(backend)?;
    // A new password ends every session.
    tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])
        .map_err(backend)?;
    insert_audit(&tx, audit)?;
    tx.commit().map_err(backend)
}

pub fn begin_sign_in(
    conn: &mut Connection,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, stage)
         VALUES (?1, ?2, ?3, ?3, ?4, 'password')",
        params![token_hash, user_id, ts(now), ts(expires)],
    )
    .map_err(backend)?;
    insert_audit(&tx, audit)?;
    tx.commit().map_err(backend)
}

pub fn pending_sign_in(
    conn: &Connection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<(UserRecord, Option<String>)>> {
    let row = conn
        .query_row(
            &format!(
                "SELECT {}, s.setup_secret FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND s.stage = 'password' AND s.expires_at > ?2
                   AND u.active = 1",
                user_columns("u")
            ),
            params![token_hash, ts(now)],
            |r| Ok((user_row(r)?, r.get::<_, Option<String>>(14)?)),
        )
        .optional()
        .map_err(backend)?;
    row.map(|(u, secret)| Ok((with_lock(u)?, secret)))
        .transpose()
}

pub fn set_setup_secret(conn: &Connection, token_hash: &str, secret: &str) -> StoreResult<()> {
    conn.execute(
        "UPDATE sessions SET setup_secret = ?2 WHERE token_hash = ?1 AND stage = 'password'",
        params![token_hash, secret],
    )
    .map_err(backend)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn finish_sign_in(
    conn: &mut Connection,
    pending_hash: &str,
    new_hash: &str,
    user_id: i64,
    factor: &SecondFactor,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
    audit: &AuditEntry,
) -> StoreResult<bool> {
    let tx = conn.transaction().map_err(backend)?;
    let accepted = match factor {
        SecondFactor::Step(step) => tx
            .execute(
                // Each code once (RFC 6238 §5.2); demo accounts, whose secret is published
                // anyway, let parallel end-to-end tests reuse a code.
                "UPDATE users SET totp_last_step = MAX(totp_last_step, ?2)
                 WHERE id = ?1 AND (totp_last_step < ?2 OR demo = 1) AND totp_secret IS NOT NULL",
                params![user_id, *step as i64],
            )
            .map_err(backend)?,
        SecondFactor::RecoveryCode(hash) => tx
            .execute(
                "UPDATE recovery_codes SET used_at = ?3
                 WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL",
                params![user_id, hash, ts(now)],
            )
            .map_err(backend)?,
        SecondFactor::Enrol {
            secret,
            step,
            recovery_hashes,
        } => {
            let n = tx
                .execute(
                    "UPDATE users SET totp_secret = ?2, totp_last_step = ?3
                     WHERE id = ?1 AND totp_secret IS NULL",
                    params![user_id, secret, *step as i64],
                )
                .map_err(backend)?;
            tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])
                .map_err(backend)?;
            for h in recovery_hashes {
                tx.execute(
                    "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)",
                    params![user_id, h],
                )
                .map_err(backend)?;
            }
            n
        }
    };
    let gone = tx
        .execute(
            "DELETE FROM sessions WHERE token_hash = ?1 AND user_id = ?2 AND stage = 'password'",
            params![pending_hash, user_id],
        )
        .map_err(backend)?;
    if accepted == 0 || gone == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, stage)
         VALUES (?1, ?2, ?3, ?3, ?4, 'full')",
        params![new_hash, user_id, ts(now), ts(expires)],
    )
    .map_err(backend)?;
    tx.execute(
        "UPDATE users SET failed_sign_ins = 0, locked_until = NULL, lock_count = 0 WHERE id = ?1",
        [user_id],
    )
    .map_err(backend)?;
    tx.execute("DELETE FROM sessions WHERE expires_at < ?1", [ts(now)])
        .map_err(backend)?;
    insert_audit(&tx, audit)?;
    tx.commit().map_err(backend)?;
    Ok(true)
}

pub fn put_show_once(conn: &Connection, token_hash: &str, text: &str) -> StoreResult<()> {
    conn.execute(
        "UPDATE sessions SET show_once = ?2 WHERE token_hash = ?1",
        params![token_hash, text],
    )
    .map_err(backend)?;
    Ok(())
}

pub fn take_show_once(conn: &mut Connection, token_hash: &str) -> StoreResult<Option<String>> {
    let tx = conn.transaction().map_err(backend)?;
    let text: Option<String> = tx
        .query_row(
            "SELECT show_once FROM sessions WHERE token_hash = ?1",
            [token_hash],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?
        .flatten();
    if text.is_some() {
        tx.execute(
            "UPDATE sessions SET show_once = NULL WHERE token_hash = ?1",
            [token_hash],
        )
        .map_err(backend)?;
    }
    tx.commit().map_err(backend)?;
    Ok(text)
}

pub fn change_account(
    conn: &mut Connection,
    user_id: i64,
    change: &AccountChange,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(backend)?;
    let end_sessions = match change {
        AccountChange::Unlock => {
            tx.execute(
                "UPDATE users SET failed_sign_ins = 0, locked_until = NULL, lock_count = 0
                 WHERE id = ?1",
                [user_id],
            )
            .map_err(backend)?;
            false
        }
        AccountChange::Deactivate => {
            tx.execute("UPDATE users SET active = 0 WHERE id = ?1", [user_id])
                .map_err(backend)?;
            true
        }
        AccountChange::Reactivate => {
            tx.execute(
                "UPDATE users SET active = 1, failed_sign_ins = 0, locked_until = NULL,
                    lock_count = 0 WHERE id = ?1",
                [user_id],
            )
            .map_err(backend)?;
            false
        }
        AccountChange::Reset { password_hash } => {
            tx.execute(
                "UPDATE users SET password_hash = ?2, must_change_password = 1, totp_secret = NULL,
                    totp_last_step = 0, failed_sign_ins = 0, locked_until = NULL, lock_count = 0
                 WHERE id = ?1",
                params![user_id, password_hash],
            )
            .map_err(backend)?;
            tx.execute("DELETE FROM recovery_codes WHERE user_id = ?1", [user_id])
                .map_err(backend)?;
            true
        }
    };
    if end_sessions {
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [user_id])
            .map_err(backend)?;
    }
    insert_audit(&tx, audit)?;
    tx.commit().map_err(backend)
}

pub fn set_totp_secret(
    conn: &Connection,
    user_id: i64,
    secret: Option<&str>,
    demo: bool,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE users SET totp_secret = ?2, totp_last_step = 0, demo = ?3,
            active = CASE WHEN ?3 THEN 1 ELSE active END WHERE id = ?1",
        params![user_id, secret, demo],
    )
    .map_err(backend)?;
    Ok(())
}

pub fn remove_demo_accounts(conn: &mut Connection) -> StoreResult<u64> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE demo = 1)",
        [],
    )
    .map_err(backend)?;
    let n = tx
        .execute(
            "UPDATE users SET active = 0 WHERE demo = 1 AND active = 1",
            [],
        )
        .map_err(backend)?;
    tx.commit().map_err(backend)?;
    Ok(n as u64)
}

#[cfg(test)]
mod tests {
    use crate::store::SqliteStore;
    use app::api::store::{AccountChange, AuditEntry, NewUser, Seek, Store};
    use app::domain::officer::Role;

    fn entry(user_id: Option<i64>, action: &str) -> AuditEntry {
        AuditEntry {
            council_id: "demo".into(),
            at: chrono::Utc::now(),
            user_id,
            user_email: "m@council.example".into(),
            action: action.into(),
            reference: None,
            detail: String::new(),
        }
    }

    /// The audit line and the change it records stand or fall together: an audit line that
    /// cannot be written (here: it names a user that does not exist) undoes the change.
    #[test]
    fn the_audit_line_is_written_in_the_same_transaction_as_the_change() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
        let new = NewUser {
            council_id: "demo".into(),
            email: "o@council.example".into(),
            name: "O".into(),
            role: Role::Officer,
            password_hash: "x".into(),
        };
        let id = store
            .create_user(
                &new,
                chrono::Utc::now(),
                Some(&entry(None, "created account")),
            )
            .unwrap();
        let broken = entry(Some(9999), "deactivated account");
        assert!(store
            .change_account(id, &AccountChange::Deactivate, &broken)
            .is_err());
        assert!(
            store.user_by_id("demo", id).unwrap().unwrap().active,
            "rolled back"
        );
        assert!(store
            .sign_in_failed(id, chrono::Utc::now(), &entry(Some(9999), "sign-in failed"))
            .is_err());
        assert_eq!(
            store
                .user_by_id("demo", id)
                .unwrap()
                .unwrap()
                .failed_sign_ins,
            0
        );
        store
            .change_account(
                id,
                &AccountChange::Deactivate,
                &entry(None, "deactivated account"),
            )
            .unwrap();
        assert!(!store.user_by_id("demo", id).unwrap().unwrap().active);
        let log = store.audit_log("demo", 10, Seek::First).unwrap().entries;
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, vec!["deactivated account", "created account"]);
    }
}
