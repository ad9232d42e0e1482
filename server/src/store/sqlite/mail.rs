//! The outbox: emails queued in the same transaction as what they tell about.

use super::{backend, ts};
use app::api::store::*;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

pub(crate) fn insert_mail(
    conn: &Connection,
    council_id: &str,
    reference: Option<&str>,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO outbox (council_id, reference, to_address, subject, body, created_at, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )
    .map_err(backend)?
    .execute(params![council_id, reference, mail.to, mail.subject, mail.body, ts(now)])
    .map_err(backend)?;
    Ok(())
}

pub(super) fn queue_mail(
    conn: &Connection,
    council_id: &str,
    reference: Option<&str>,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    insert_mail(conn, council_id, reference, mail, now)
}

pub(super) fn due_mail(
    conn: &Connection,
    now: DateTime<Utc>,
    limit: u32,
) -> StoreResult<Vec<QueuedMail>> {
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

pub(super) fn mail_sent(conn: &Connection, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    conn.execute(
        "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1",
        params![id, ts(now)],
    )
    .map_err(backend)?;
    Ok(())
}

pub(super) fn mail_failed(
    conn: &Connection,
    id: i64,
    error: &str,
    retry_at: DateTime<Utc>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
        params![id, error, ts(retry_at)],
    )
    .map_err(backend)?;
    Ok(())
}
