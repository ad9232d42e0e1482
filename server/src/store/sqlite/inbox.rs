//! The officers' inbox query.

use super::NO_DEADLINE;
use super::{backend, parse_ts};
use app::api::store::*;
use app::domain::submission::Kind;
use rusqlite::Connection;

pub(super) fn inbox(conn: &Connection, q: &InboxQuery) -> StoreResult<InboxResult> {
    let mut filter = String::from("s.council_id = ?1");
    let mut args: Vec<rusqlite::types::Value> = vec![q.council_id.clone().into()];
    let mut add = |sql: &str, v: rusqlite::types::Value| {
        args.push(v);
        filter.push_str(&format!(" AND {sql} ?{}", args.len()));
    };
    if let Some(k) = q.kind {
        add("s.kind =", k.code().to_string().into());
    }
    if let Some(st) = &q.status {
        add("s.status =", st.clone().into());
    }
    if let Some(sv) = &q.service {
        add("s.service =", sv.clone().into());
    }
    if let Some(o) = q.owner_id {
        add("s.owner_id =", o.into());
    }
    if let Some(d) = q.due_before {
        add(
            "s.status NOT IN ('closed', 'withdrawn') AND s.next_due <",
            d.to_string().into(),
        );
    }
    if let Some(r) = &q.reference {
        add("s.reference =", r.clone().into());
    }
    match &q.flood {
        Some(source) => add("s.possible_flood = 1 AND s.source =", source.clone().into()),
        None => filter.push_str(" AND s.possible_flood = 0"),
    }
    let total: i64 = conn
        .query_row(
            &format!("SELECT COUNT(*) FROM submissions s WHERE {filter}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )
        .map_err(backend)?;
    let per_page = q.per_page.clamp(1, 200);
    let sql = format!(
        "SELECT s.reference, s.kind, s.who, s.urgent, s.received_at, s.next_due, s.status,
                s.service, u.name,
                EXISTS (SELECT 1 FROM outbox o WHERE o.reference = s.reference
                        AND o.sent_at IS NULL AND o.attempts > 0)
         FROM submissions s LEFT JOIN users u ON u.id = s.owner_id
         WHERE {filter}
         ORDER BY s.urgent DESC, s.next_due, s.received_at
         LIMIT {per_page} OFFSET {}",
        q.page as u64 * per_page as u64
    );
    let mut stmt = conn.prepare(&sql).map_err(backend)?;
    let raw = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, bool>(9)?,
            ))
        })
        .map_err(backend)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(backend)?;
    let rows = raw
        .into_iter()
        .map(
            |(
                reference,
                kind,
                who,
                urgent,
                received,
                due,
                status,
                service,
                owner,
                mail_problem,
            )| {
                Ok(InboxRow {
                    reference,
                    kind: Kind::from_code(&kind)
                        .ok_or_else(|| StoreError::Backend(format!("unknown kind {kind}")))?,
                    who,
                    urgent,
                    received_at: parse_ts(&received)?,
                    next_due: due
                        .filter(|d| d != NO_DEADLINE)
                        .and_then(|d| d.parse().ok()),
                    status,
                    service,
                    owner,
                    mail_problem,
                })
            },
        )
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(InboxResult {
        rows,
        total: total as u64,
    })
}
