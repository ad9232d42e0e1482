//! The officers' inbox query: filters, and pages found by seeking on the inbox order
//! (`urgent DESC, next_due, received_at, id`, the `submissions_inbox` index, whose entries
//! end with the row id), so a deep page costs what the first one does.

use super::{backend, due_column, maybe, parse_ts, stored, ts, NO_DEADLINE};
use app::api::store::{InboxKey, InboxQuery, InboxResult, InboxRow, Seek, StoreResult};
use app::domain::case_file::ContactStatus;
use app::domain::submission::{Kind, Who};
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
        add("s.status =", st.code().to_string().into());
    }
    if let Some(sv) = &q.service {
        add("s.service =", sv.clone().into());
    }
    if let Some(o) = q.owner_id {
        add("s.owner_id =", o.into());
    }
    if let Some(d) = q.due_before {
        // Finished contacts have no deadline due, whatever their stored next_due says.
        let finished: Vec<String> = ContactStatus::ALL
            .iter()
            .filter(|s| s.is_finished())
            .map(|s| format!("'{}'", s.code()))
            .collect();
        add(
            &format!("s.status NOT IN ({}) AND s.next_due <", finished.join(", ")),
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
    // The inbox order mixes directions (urgent first, then ascending), which one row-value
    // comparison cannot seek; so each urgency is read on its own, as an index range on
    // (council, urgent, next_due, received_at) from the key, and the two are joined: urgent
    // lines, then the others (or the reverse, going back). One row more than a page says
    // whether there is another page that way.
    let want = per_page as usize + 1;
    let backwards = matches!(q.seek, Seek::Before(_));
    let (from_key, urgencies): (Option<&InboxKey>, &[bool]) = match &q.seek {
        Seek::First => (None, &[true, false]),
        Seek::After(k) if k.urgent => (Some(k), &[true, false]),
        Seek::After(k) => (Some(k), &[false]),
        Seek::Before(k) if k.urgent => (Some(k), &[true]),
        Seek::Before(k) => (Some(k), &[false, true]),
    };
    let mut raw = Vec::new();
    for (n, urgent) in urgencies.iter().enumerate() {
        if raw.len() >= want {
            break;
        }
        // The key bounds only the first urgency read (the key's own).
        let key = from_key.filter(|_| n == 0);
        raw.extend(lines(
            conn,
            &filter,
            &args,
            *urgent,
            key,
            backwards,
            want - raw.len(),
        )?);
    }
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
                    kind: stored("kind", &kind, Kind::from_code)?,
                    who: maybe("who", who, Who::from_code)?,
                    urgent,
                    received_at: parse_ts(&received)?,
                    next_due: due
                        .filter(|d| d != NO_DEADLINE)
                        .and_then(|d| d.parse().ok()),
                    status: stored("contact status", &status, ContactStatus::from_code)?,
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

type RawLine = (
    String,
    String,
    Option<String>,
    bool,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    bool,
    i64,
);

/// Up to `limit` lines of one urgency in inbox order (or its reverse), after (or before) `key`.
fn lines(
    conn: &Connection,
    filter: &str,
    args: &[Value],
    urgent: bool,
    key: Option<&InboxKey>,
    backwards: bool,
    limit: usize,
) -> StoreResult<Vec<RawLine>> {
    let mut args = args.to_vec();
    args.push(Value::Integer(i64::from(urgent)));
    let u = args.len();
    let seek = match key {
        None => String::new(),
        Some(k) => {
            args.extend([
                Value::Text(due_column(k.next_due)),
                Value::Text(ts(k.received_at)),
                Value::Integer(k.id),
            ]);
            let (d, r, i) = (u + 1, u + 2, u + 3);
            let op = if backwards { "<" } else { ">" };
            format!(" AND (s.next_due, s.received_at, s.id) {op} (?{d}, ?{r}, ?{i})")
        }
    };
    let order = if backwards {
        "s.next_due DESC, s.received_at DESC, s.id DESC"
    } else {
        "s.next_due, s.received_at, s.id"
    };
    let sql = format!(
        "SELECT s.reference, s.kind, s.who, s.urgent, s.received_at, s.next_due, s.status,
                s.service, u.name,
                EXISTS (SELECT 1 FROM outbox o WHERE o.reference = s.reference
                        AND o.sent_at IS NULL AND o.attempts > 0),
                s.id
         FROM submissions s LEFT JOIN users u ON u.id = s.owner_id
         WHERE {filter} AND s.urgent = ?{u}{seek}
         ORDER BY {order}
         LIMIT {limit}"
    );
    let mut stmt = conn.prepare(&sql).map_err(backend)?;
    let rows = stmt
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
    Ok(rows)
}
