//! Closed years of the yearly report in SQLite (see `migrations/009_report_closed_years.sql`).

use super::{backend, json, parse_ts, ts};
use crate::store::staff::insert_audit;
use app::api::store::{AuditEntry, StoreResult};
use app::domain::report::closed_year::ClosedYear;
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn closed_year(
    conn: &Connection,
    council_id: &str,
    start_year: i32,
) -> StoreResult<Option<ClosedYear>> {
    let row = conn
        .query_row(
            "SELECT closed_by, closed_at, report FROM report_closed_years
             WHERE council_id = ?1 AND start_year = ?2",
            params![council_id, start_year],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()
        .map_err(backend)?;
    row.map(|(closed_by, at, report)| {
        Ok(ClosedYear {
            start_year,
            closed_by,
            closed_at: parse_ts(&at)?,
            report: serde_json::from_str(&report).map_err(backend)?,
            imported: false,
        })
    })
    .transpose()
}

pub(super) fn close_year(
    conn: &mut Connection,
    council_id: &str,
    year: &ClosedYear,
    audit: &AuditEntry,
) -> StoreResult<bool> {
    let tx = conn.transaction().map_err(backend)?;
    let n = tx
        .execute(
            "INSERT OR IGNORE INTO report_closed_years
                 (council_id, start_year, closed_by, closed_at, report)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                council_id,
                year.start_year,
                year.closed_by,
                ts(year.closed_at),
                json(&year.report)?
            ],
        )
        .map_err(backend)?;
    if n == 0 {
        return Ok(false);
    }
    insert_audit(&tx, audit)?;
    tx.commit().map_err(backend)?;
    Ok(true)
}
