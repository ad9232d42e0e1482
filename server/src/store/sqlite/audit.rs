//! Reading the audit log (writing is `store::staff::insert_audit`).

use super::{backend, parse_ts};
use app::api::store::*;
use rusqlite::{params, Connection};

pub(super) fn audit_log(
    conn: &Connection,
    council_id: &str,
    limit: u32,
    offset: u32,
) -> StoreResult<Vec<AuditEntry>> {
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
