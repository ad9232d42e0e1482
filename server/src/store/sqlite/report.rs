//! What the yearly report reads.

use super::{backend, maybe, parse_ts, stored, ts};
use app::api::store::*;
use app::domain::report::Equality;
use app::domain::report_input::StoredContact;
use app::domain::submission::{AgeBand, Channel, Disability, Ethnicity, Gender, Kind, Who};
use rusqlite::{params, Connection};

/// Which of the two halves of a report's dates one reader reads (see
/// `SqliteStore::report_contacts`): each contact is in exactly one, by the moment it arrived.
#[derive(Clone, Copy, Debug)]
pub(super) enum Half {
    /// Received before `mid` (UTC midnight at the start of that day), and contacts received
    /// before the period that were still open at its start.
    Before(chrono::NaiveDate),
    /// Received on or after `mid`.
    From(chrono::NaiveDate),
}

fn midnight(d: chrono::NaiveDate) -> String {
    ts(d.and_hms_opt(0, 0, 0).expect("time").and_utc())
}

pub(super) fn report_contacts(
    conn: &Connection,
    council_id: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    half: Half,
) -> StoreResult<Vec<StoredContact>> {
    // received_at is UTC; a day's margin either side, then exact dates in England below.
    let start = midnight(from - chrono::Duration::days(1));
    let end = midnight(to + chrono::Duration::days(2));
    // Stored timestamps are RFC 3339 in UTC, so they sort as text; "" is before them all.
    let (lower, upper) = match half {
        Half::Before(mid) => (String::new(), midnight(mid).min(end)),
        Half::From(mid) => (midnight(mid).max(start.clone()), end),
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT s.received_at, s.kind, s.channel, s.who, s.service,
                    s.age_band, s.gender, s.ethnicity, s.disability, s.case_state, a.record
             FROM submissions s LEFT JOIN safeguarding_alerts a ON a.submission_id = s.id
             WHERE s.council_id = ?1 AND s.received_at >= ?2 AND s.received_at < ?3
               AND (s.received_at >= ?4 OR s.closed_on IS NULL OR s.closed_on >= ?5)",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map(
            params![council_id, lower, upper, start, from.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    [
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, Option<String>>(8)?,
                    ],
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, Option<String>>(10)?,
                ))
            },
        )
        .map_err(backend)?;
    let mut out = Vec::new();
    for row in rows {
        let (
            received,
            kind,
            channel,
            who,
            service,
            [age, gender, ethnicity, disability],
            case,
            alert,
        ) = row.map_err(backend)?;
        let received_at = parse_ts(&received)?;
        let received = app::domain::uk_time::uk_date(received_at);
        if received > to {
            continue;
        }
        out.push(StoredContact {
            received,
            kind: stored("kind", &kind, Kind::from_code)?,
            channel: stored("channel", &channel, Channel::from_code)?,
            who: maybe("who", who, Who::from_code)?,
            service,
            equality: Equality {
                age_band: maybe("age band", age, AgeBand::from_code)?,
                gender: maybe("gender", gender, Gender::from_code)?,
                ethnicity: maybe("ethnicity", ethnicity, Ethnicity::from_code)?,
                disability: maybe("disability", disability, Disability::from_code)?,
            },
            case: case
                .map(|j| serde_json::from_str(&j).map_err(backend))
                .transpose()?,
            received_at,
            alert: alert
                .map(|j| serde_json::from_str(&j).map_err(backend))
                .transpose()?,
        });
    }
    Ok(out)
}
