//! Reading the audit log (writing is `store::staff::insert_audit`): newest first, in pages
//! found by seeking on the row id (the primary key), however far back.

use super::{backend, parse_ts};
use app::api::store::{AuditEntry, AuditPage, Seek, StoreResult};
use rusqlite::{params, Connection};

pub(super) fn audit_log(
    conn: &Connection,
    council_id: &str,
    limit: u32,
    seek: Seek<i64>,
) -> StoreResult<AuditPage> {
    let limit = limit.max(1);
    // One row more than asked for says whether there is another page that way.
    let (filter, order, from) = match seek {
        Seek::First => ("", "DESC", i64::MAX),
        Seek::After(id) => ("AND id < ?3", "DESC", id),
        Seek::Before(id) => ("AND id > ?3", "ASC", id),
    };
    let mut stmt = conn
        .prepare(&format!(
            "SELECT id, council_id, at, user_id, user_email, action, reference, detail
             FROM audit_log WHERE council_id = ?1 {filter} ORDER BY id {order} LIMIT ?2"
        ))
        .map_err(backend)?;
    let mut fetch = |args: &[&dyn rusqlite::ToSql]| {
        stmt.query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, String>(7)?,
            ))
        })
        .map_err(backend)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(backend)
    };
    let extra = limit + 1;
    let mut rows = match seek {
        Seek::First => fetch(params![council_id, extra])?,
        _ => fetch(params![council_id, extra, from])?,
    };
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    if matches!(seek, Seek::Before(_)) {
        rows.reverse();
    }
    let (first, last) = (rows.first().map(|r| r.0), rows.last().map(|r| r.0));
    let (newer, older) = match seek {
        Seek::First => (None, last.filter(|_| more)),
        // Came from a newer page: it is still there; older ones if there were more.
        Seek::After(_) => (first, last.filter(|_| more)),
        Seek::Before(_) => (first.filter(|_| more), last),
    };
    let entries = rows
        .into_iter()
        .map(
            |(_, council_id, at, user_id, user_email, action, reference, detail)| {
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
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(AuditPage {
        entries,
        newer,
        older,
    })
}
