//! Drafts, submissions, receipts and the progress page in SQLite.

use super::{backend, json, parse_ts, stored, ts};
use super::{due_column, insert_mail};
use app::api::store::*;
use app::domain::case_file::ContactStatus;
use app::domain::submission::{Answers, Kind};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn save_draft(conn: &Connection, draft: &Draft, now: DateTime<Utc>) -> StoreResult<()> {
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

pub(super) fn load_draft(conn: &Connection, id: &str) -> StoreResult<Option<Draft>> {
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

pub(super) fn delete_draft(conn: &Connection, id: &str) -> StoreResult<()> {
    conn.execute("DELETE FROM drafts WHERE id = ?1", [id])
        .map_err(backend)?;
    Ok(())
}

pub(super) fn take_receipt(
    conn: &mut Connection,
    draft_id: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<SealedReceipt>> {
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

pub(super) fn recent_urgent(
    conn: &Connection,
    source: &str,
    since: DateTime<Utc>,
) -> StoreResult<RecentUrgent> {
    conn.prepare_cached(
        "SELECT COUNT(*), COALESCE(SUM(possible_flood), 0) FROM submissions
         WHERE source = ?1 AND urgent = 1 AND received_at >= ?2",
    )
    .map_err(backend)?
    .query_row(params![source, ts(since)], |r| {
        Ok(RecentUrgent {
            total: r.get::<_, i64>(0)? as u64,
            flagged: r.get::<_, i64>(1)? as u64,
        })
    })
    .map_err(backend)
}

pub(super) fn flood_groups(
    conn: &Connection,
    council_id: &str,
    since: DateTime<Utc>,
) -> StoreResult<Vec<FloodGroup>> {
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

pub(super) fn count_details(conn: &Connection, reference: &str) -> StoreResult<u64> {
    conn.query_row(
        "SELECT COUNT(*) FROM submission_details d JOIN submissions s ON s.id = d.submission_id
         WHERE s.reference = ?1",
        [reference],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n as u64)
    .map_err(backend)
}

/// Atomic only inside a transaction: the writer queue runs it in a savepoint of its group.
pub(super) fn submit(
    conn: &Connection,
    new: &NewSubmission,
    receipt: Option<&SealedReceipt>,
) -> StoreResult<Stored> {
    // Cached statements: parsing the SQL again for every message was a few per cent of the
    // server's time under a flood.
    let existing: Option<String> = conn
        .prepare_cached("SELECT reference FROM submissions WHERE idempotency_key = ?1")
        .map_err(backend)?
        .query_row([&new.idempotency_key], |r| r.get(0))
        .optional()
        .map_err(backend)?;
    if let Some(reference) = existing {
        return Ok(Stored::Existing { reference });
    }
    let a: &Answers = &new.answers;
    let inserted = conn
        .prepare_cached(
            "INSERT INTO submissions (council_id, reference, idempotency_key, progress_code_hash,
            kind, urgent, routing_hint, channel, who, on_behalf, consent, service,
            happened_when, over_a_year, advocate_wanted, contact_by, age_band, gender,
            ethnicity, disability, received_at, answers, next_due, source, possible_flood)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
        )
        .map_err(backend)?
        .execute(params![
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
        ]);
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
            conn,
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
        super::staff::insert_audit(conn, &entry)?;
    }
    // The draft becomes a tombstone: no words, only the kind and the reference. Written even
    // if no draft was saved before ("I don't feel safe" sends at once, so its draft is born
    // a tombstone, in the same write as the message).
    let tombstone = Draft {
        id: new.idempotency_key.clone(),
        council_id: new.council_id.clone(),
        answers: Answers::for_kind(new.kind),
        reference: Some(new.reference.clone()),
        ..Default::default()
    };
    conn.prepare_cached(
        "INSERT INTO drafts (id, council_id, data, reference, receipt, receipt_expires_at,
                created_at, updated_at)
         VALUES (?6, ?7, ?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, reference = excluded.reference,
            receipt = excluded.receipt, receipt_expires_at = excluded.receipt_expires_at,
            updated_at = excluded.updated_at",
    )
    .map_err(backend)?
    .execute(params![
        json(&tombstone)?,
        new.reference,
        receipt.map(|r| r.sealed.as_slice()),
        receipt.map(|r| ts(r.expires_at)),
        ts(Utc::now()),
        new.idempotency_key,
        new.council_id,
    ])
    .map_err(backend)?;
    Ok(Stored::New {
        reference: new.reference.clone(),
    })
}

pub(super) fn purge_drafts(conn: &Connection, before: DateTime<Utc>) -> StoreResult<u64> {
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

pub(super) fn add_details(
    conn: &Connection,
    reference: &str,
    details: &Answers,
    now: DateTime<Utc>,
) -> StoreResult<()> {
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

pub(super) fn progress(conn: &Connection, reference: &str) -> StoreResult<Option<ProgressRecord>> {
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
        kind: stored("kind", &kind, Kind::from_code)?,
        urgent,
        received_at: parse_ts(&received_at)?,
        status: stored("contact status", &status, ContactStatus::from_code)?,
        progress_code_hash: hash,
        case_file,
    }))
}

pub(super) fn grant_progress_view(
    conn: &Connection,
    token: &str,
    reference: &str,
    expires: DateTime<Utc>,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO progress_views (token, reference, expires_at) VALUES (?1, ?2, ?3)",
        params![token, reference, ts(expires)],
    )
    .map_err(backend)?;
    Ok(())
}

pub(super) fn progress_view(
    conn: &Connection,
    token: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<String>> {
    conn.query_row(
        "SELECT reference FROM progress_views WHERE token = ?1 AND expires_at > ?2",
        params![token, ts(now)],
        |r| r.get(0),
    )
    .optional()
    .map_err(backend)
}

pub(super) fn count_submissions(conn: &Connection) -> StoreResult<u64> {
    conn.query_row("SELECT COUNT(*) FROM submissions", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n as u64)
    .map_err(backend)
}
