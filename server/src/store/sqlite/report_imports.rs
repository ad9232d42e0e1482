//! Imported years of the yearly report and the draft report's words, in SQLite (see
//! `migrations/016_import_years.sql` and `017_import_narratives.sql`).

use super::{backend, json, parse_ts, stored, ts};
use crate::store::staff::insert_audit;
use app::api::store::{AuditEntry, StoreResult};
use app::domain::calendar::financial_year_bounds;
use app::domain::report::draft::{Narrative, NarrativeSection};
use app::domain::report::import::ImportedYear;
use app::domain::report::import::{imported_year as assemble, ImportOutcome, ImportedTable};
use app::domain::uk_time::uk_date;
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn imported_year(
    conn: &Connection,
    council_id: &str,
    start_year: i32,
) -> StoreResult<Option<ImportedYear>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT figures, imported_by, imported_at FROM report_imported_tables
             WHERE council_id = ?1 AND start_year = ?2 ORDER BY position",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map(params![council_id, start_year], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(backend)?;
    let mut tables = Vec::new();
    for row in rows {
        let (figures, imported_by, at) = row.map_err(backend)?;
        tables.push(ImportedTable {
            table: serde_json::from_str(&figures).map_err(backend)?,
            imported_by,
            imported_at: parse_ts(&at)?,
        });
    }
    Ok(assemble(start_year, tables))
}

/// Whether the council has a contact received (in England's dates) in the financial year.
fn has_contacts(conn: &Connection, council_id: &str, start_year: i32) -> StoreResult<bool> {
    let (first, last) = financial_year_bounds(start_year);
    // received_at is UTC: a day's margin either side, then the exact date in England.
    let from = ts((first - chrono::Days::new(1))
        .and_hms_opt(0, 0, 0)
        .expect("time")
        .and_utc());
    let to = ts((last + chrono::Days::new(2))
        .and_hms_opt(0, 0, 0)
        .expect("time")
        .and_utc());
    let mut stmt = conn
        .prepare_cached(
            "SELECT received_at FROM submissions
             WHERE council_id = ?1 AND received_at >= ?2 AND received_at < ?3
             ORDER BY received_at",
        )
        .map_err(backend)?;
    let mut rows = stmt.query(params![council_id, from, to]).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        let at: String = row.get(0).map_err(backend)?;
        let day = uk_date(parse_ts(&at)?);
        if day >= first && day <= last {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(super) fn import_table(
    conn: &mut Connection,
    council_id: &str,
    start_year: i32,
    position: usize,
    t: &ImportedTable,
    audit: &AuditEntry,
) -> StoreResult<ImportOutcome> {
    let tx = conn.transaction().map_err(backend)?;
    let closed: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM report_closed_years WHERE council_id = ?1 AND start_year = ?2",
            params![council_id, start_year],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    if closed.is_some() {
        return Ok(ImportOutcome::YearClosed);
    }
    if has_contacts(&tx, council_id, start_year)? {
        return Ok(ImportOutcome::YearHasRecords);
    }
    let replaced = tx
        .execute(
            "DELETE FROM report_imported_tables
             WHERE council_id = ?1 AND start_year = ?2 AND table_id = ?3",
            params![council_id, start_year, t.table.id],
        )
        .map_err(backend)?
        > 0;
    tx.execute(
        "INSERT INTO report_imported_tables
             (council_id, start_year, table_id, position, figures, imported_by, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            council_id,
            start_year,
            t.table.id,
            i64::try_from(position).unwrap_or(i64::MAX),
            json(&t.table)?,
            t.imported_by,
            ts(t.imported_at)
        ],
    )
    .map_err(backend)?;
    insert_audit(&tx, audit)?;
    tx.commit().map_err(backend)?;
    Ok(if replaced {
        ImportOutcome::Replaced
    } else {
        ImportOutcome::Imported
    })
}

pub(super) fn narratives(
    conn: &Connection,
    council_id: &str,
    start_year: i32,
) -> StoreResult<Vec<Narrative>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT section, body, updated_by, updated_at FROM report_narratives
             WHERE council_id = ?1 AND start_year = ?2",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map(params![council_id, start_year], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(backend)?;
    let mut out = Vec::new();
    for row in rows {
        let (section, text, updated_by, at) = row.map_err(backend)?;
        out.push(Narrative {
            section: stored("narrative section", &section, NarrativeSection::from_code)?,
            text,
            updated_by,
            updated_at: parse_ts(&at)?,
        });
    }
    Ok(out)
}

pub(super) fn save_narrative(
    conn: &mut Connection,
    council_id: &str,
    start_year: i32,
    n: &Narrative,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let tx = conn.transaction().map_err(backend)?;
    tx.execute(
        "INSERT INTO report_narratives
             (council_id, start_year, section, body, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (council_id, start_year, section) DO UPDATE SET
             body = excluded.body, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
        params![
            council_id,
            start_year,
            n.section.code(),
            n.text,
            n.updated_by,
            ts(n.updated_at)
        ],
    )
    .map_err(backend)?;
    insert_audit(&tx, audit)?;
    tx.commit().map_err(backend)
}
