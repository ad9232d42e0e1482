//! Safety alerts in SQLite (see `migrations/008_safeguarding.sql`).

use super::{backend, insert_event, insert_mail, json, parse_ts, ts};
use app::api::store::{CaseEvent, OpenAlert, OutgoingMail, StoreResult};
use app::domain::safeguarding::Alert;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

fn read(record: &str, escalated: Option<String>) -> StoreResult<Alert> {
    let mut alert: Alert = serde_json::from_str(record).map_err(backend)?;
    alert.escalated_at = escalated.as_deref().map(parse_ts).transpose()?;
    Ok(alert)
}

pub(super) fn alert(
    conn: &Connection,
    council_id: &str,
    reference: &str,
) -> StoreResult<Option<Alert>> {
    let row = conn
        .query_row(
            "SELECT a.record, a.escalated_at FROM safeguarding_alerts a
             JOIN submissions s ON s.id = a.submission_id
             WHERE s.council_id = ?1 AND s.reference = ?2",
            params![council_id, reference],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
        )
        .optional()
        .map_err(backend)?;
    row.map(|(record, escalated)| read(&record, escalated))
        .transpose()
}

pub(super) fn save_alert(
    conn: &mut Connection,
    council_id: &str,
    reference: &str,
    alert: &Alert,
    event: &CaseEvent,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(backend)?;
    let n = tx
        .execute(
            "INSERT INTO safeguarding_alerts (submission_id, due_at, passed_at, record)
             SELECT id, ?3, ?4, ?5 FROM submissions WHERE council_id = ?1 AND reference = ?2
             ON CONFLICT (submission_id) DO UPDATE
                SET passed_at = excluded.passed_at, record = excluded.record",
            params![
                council_id,
                reference,
                ts(alert.due_at),
                alert.passed_on.as_ref().map(|p| ts(p.at)),
                json(&Alert {
                    escalated_at: None,
                    ..alert.clone()
                })?
            ],
        )
        .map_err(backend)?;
    if n == 0 {
        return Err(app::api::store::StoreError::Backend(format!(
            "no case {reference}"
        )));
    }
    insert_event(&tx, reference, event)?;
    tx.commit().map_err(backend)
}

pub(super) fn open_alerts(
    conn: &Connection,
    council_id: &str,
    limit: u32,
) -> StoreResult<Vec<OpenAlert>> {
    let mut stmt = conn
        .prepare(
            "SELECT s.reference, s.received_at, a.record, a.escalated_at
             FROM submissions s LEFT JOIN safeguarding_alerts a ON a.submission_id = s.id
             WHERE s.council_id = ?1 AND s.kind = 'unsafe'
               AND (a.record IS NULL OR json_extract(a.record, '$.outcome') IS NULL)
             ORDER BY s.received_at
             LIMIT ?2",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map(params![council_id, limit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .map_err(backend)?;
    let mut out = Vec::new();
    for row in rows {
        let (reference, received, record, escalated) = row.map_err(backend)?;
        out.push(OpenAlert {
            reference,
            received_at: parse_ts(&received)?,
            alert: record.map(|r| read(&r, escalated)).transpose()?,
        });
    }
    Ok(out)
}

pub(super) fn escalate_alert(
    conn: &mut Connection,
    council_id: &str,
    reference: &str,
    due_at: DateTime<Utc>,
    at: DateTime<Utc>,
    mails: &[OutgoingMail],
    event: &CaseEvent,
) -> StoreResult<bool> {
    let tx = conn.transaction().map_err(backend)?;
    let fresh = Alert {
        due_at,
        passed_on: None,
        outcome: None,
        escalated_at: None,
    };
    let n = tx
        .execute(
            "INSERT INTO safeguarding_alerts (submission_id, due_at, escalated_at, record)
             SELECT id, ?3, ?4, ?5 FROM submissions WHERE council_id = ?1 AND reference = ?2
             ON CONFLICT (submission_id) DO UPDATE SET escalated_at = excluded.escalated_at
                WHERE escalated_at IS NULL AND passed_at IS NULL",
            params![council_id, reference, ts(due_at), ts(at), json(&fresh)?],
        )
        .map_err(backend)?;
    if n == 0 {
        return Ok(false);
    }
    insert_event(&tx, reference, event)?;
    for mail in mails {
        insert_mail(&tx, council_id, Some(reference), mail, at)?;
    }
    tx.commit().map_err(backend)?;
    Ok(true)
}
