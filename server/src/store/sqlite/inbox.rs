//! The officers' inbox query: filters, and pages found by seeking on the inbox order
//! (`urgent DESC, next_due, received_at, id`, the `submissions_inbox` index, whose entries
//! end with the row id), so a deep page costs what the first one does.

use super::{backend, due_column, parse_ts, ts, NO_DEADLINE};
use app::api::store::{InboxKey, InboxQuery, InboxResult, InboxRow, Seek, StoreError, StoreResult};
use app::domain::submission::Kind;
use rusqlite::types::Value;
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
    let mut seek_key = |k: &InboxKey| {
        let n = args.len();
        args.extend([
            Value::Integer(i64::from(k.urgent)),
            Value::Text(due_column(k.next_due)),
            Value::Text(ts(k.received_at)),
            Value::Integer(k.id),
        ]);
        (n + 1, n + 2, n + 3, n + 4)
    };
    let (seek, order) = match &q.seek {
        Seek::First => (
            String::new(),
            "s.urgent DESC, s.next_due, s.received_at, s.id",
        ),
        Seek::After(k) => {
            let (u, d, r, i) = seek_key(k);
            (
                format!(
                    " AND (s.urgent < ?{u} OR (s.urgent = ?{u}
                        AND (s.next_due, s.received_at, s.id) > (?{d}, ?{r}, ?{i})))"
                ),
                "s.urgent DESC, s.next_due, s.received_at, s.id",
            )
        }
        Seek::Before(k) => {
            let (u, d, r, i) = seek_key(k);
            (
                format!(
                    " AND (s.urgent > ?{u} OR (s.urgent = ?{u}
                        AND (s.next_due, s.received_at, s.id) < (?{d}, ?{r}, ?{i})))"
                ),
                "s.urgent, s.next_due DESC, s.received_at DESC, s.id DESC",
            )
        }
    };
    // One row more than a page says whether there is another page that way.
    let sql = format!(
        "SELECT s.reference, s.kind, s.who, s.urgent, s.received_at, s.next_due, s.status,
                s.service, u.name,
                EXISTS (SELECT 1 FROM outbox o WHERE o.reference = s.reference
                        AND o.sent_at IS NULL AND o.attempts > 0),
                s.id
         FROM submissions s LEFT JOIN users u ON u.id = s.owner_id
         WHERE {filter}{seek}
         ORDER BY {order}
         LIMIT {}",
        per_page + 1
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
                r.get::<_, i64>(10)?,
            ))
        })
        .map_err(backend)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(backend)?;
    let mut raw = raw;
    let more = raw.len() > per_page as usize;
    raw.truncate(per_page as usize);
    if matches!(q.seek, Seek::Before(_)) {
        raw.reverse();
    }
    let ids: Vec<i64> = raw.iter().map(|r| r.10).collect();
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
                _id,
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
    let key = |i: usize| {
        rows.get(i).zip(ids.get(i)).map(|(r, id)| InboxKey {
            urgent: r.urgent,
            next_due: r.next_due,
            received_at: r.received_at,
            id: *id,
        })
    };
    let (first, last) = (key(0), key(rows.len().wrapping_sub(1)));
    let (previous, next) = match q.seek {
        Seek::First => (None, last.filter(|_| more)),
        // Came from the page before: it is still there.
        Seek::After(_) => (first, last.filter(|_| more)),
        Seek::Before(_) => (first.filter(|_| more), last),
    };
    Ok(InboxResult {
        rows,
        total: total as u64,
        previous,
        next,
    })
}
