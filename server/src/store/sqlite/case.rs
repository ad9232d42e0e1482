//! Case records, their changes and timelines.

use super::insert_mail;
use super::{backend, json, parse_ts, stored, ts};
use crate::store::staff::insert_audit;
use app::api::store::*;
use app::domain::case_file::ContactStatus;
use app::domain::submission::{Kind, RoutingHint};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// Stored for "no deadline", so the inbox's ORDER BY can walk its index (NULLs would sort first).
pub(crate) const NO_DEADLINE: &str = "9999-12-31";

pub(crate) fn due_column(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string())
        .unwrap_or_else(|| NO_DEADLINE.to_string())
}

pub(crate) fn insert_event(conn: &Connection, reference: &str, e: &CaseEvent) -> StoreResult<()> {
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

pub(super) fn case(
    conn: &Connection,
    council_id: &str,
    reference: &str,
) -> StoreResult<Option<CaseRecord>> {
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
                    (
                        r.get::<_, Option<i64>>(10)?,
                        r.get::<_, Option<String>>(11)?,
                    ),
                    (
                        r.get::<_, Option<i64>>(12)?,
                        r.get::<_, Option<String>>(13)?,
                    ),
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
        .prepare(
            "SELECT added_at, answers FROM submission_details WHERE submission_id = ?1 ORDER BY id",
        )
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
        kind: stored("kind", &kind, Kind::from_code)?,
        urgent,
        routing_hint: stored("routing hint", &hint, RoutingHint::from_code)?,
        channel: stored(
            "channel",
            &channel,
            app::domain::submission::Channel::from_code,
        )?,
        received_at: parse_ts(&received)?,
        answers: serde_json::from_str(&answers).map_err(backend)?,
        details,
        case_file: case_state
            .map(|j| serde_json::from_str(&j).map_err(backend))
            .transpose()?,
        status: stored("contact status", &status, ContactStatus::from_code)?,
        service,
        owner: pair(owner),
        manager: pair(manager),
    }))
}

/// Atomic only inside a transaction: the writer queue runs it in a savepoint of its group.
pub(super) fn save_case(
    conn: &Connection,
    council_id: &str,
    c: &CaseChange,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let n = conn
        .execute(
            "UPDATE submissions SET case_state = ?3, status = ?4, next_due = ?5, owner_id = ?6,
                manager_id = ?7, closed_on = ?8, service = COALESCE(?9, service)
             WHERE council_id = ?1 AND reference = ?2",
            params![
                council_id,
                c.reference,
                json(&c.case_file)?,
                c.status.code(),
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
    insert_event(conn, &c.reference, &c.event)?;
    if let Some(mail) = &c.notify {
        insert_mail(conn, council_id, Some(&c.reference), mail, c.event.at)?;
    }
    insert_audit(conn, audit)?;
    Ok(())
}

/// Atomic only inside a transaction: the writer queue runs it in a savepoint of its group.
pub(super) fn add_case_event(
    conn: &Connection,
    reference: &str,
    event: &CaseEvent,
    audit: &AuditEntry,
) -> StoreResult<()> {
    insert_event(conn, reference, event)?;
    insert_audit(conn, audit)?;
    Ok(())
}

pub(super) fn case_events(conn: &Connection, reference: &str) -> StoreResult<Vec<CaseEvent>> {
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

/// When the contact `reference` was received (for the report versions), if it exists.
pub(super) fn received_at(
    conn: &Connection,
    council_id: &str,
    reference: &str,
) -> StoreResult<Option<DateTime<Utc>>> {
    conn.query_row(
        "SELECT received_at FROM submissions WHERE council_id = ?1 AND reference = ?2",
        params![council_id, reference],
        |r| r.get::<_, String>(0),
    )
    .optional()
    .map_err(backend)?
    .map(|t| parse_ts(&t))
    .transpose()
}
