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

/// Newest first, so the limit keeps the ones that can still be escalated.
/// Open alerts, leaving out possible-flood messages: those are grouped in the inbox and their
/// burst was already emailed to the rights team as a digest, so they are not escalated one by
/// one (500 forged alerts must not send 500 manager emails).
pub(super) fn open_alerts(
    conn: &Connection,
    council_id: &str,
    limit: u32,
) -> StoreResult<Vec<OpenAlert>> {
    let mut stmt = conn
        .prepare(
            "SELECT s.reference, s.received_at, a.record, a.escalated_at
             FROM submissions s LEFT JOIN safeguarding_alerts a ON a.submission_id = s.id
             WHERE s.council_id = ?1 AND s.kind = 'unsafe' AND s.possible_flood = 0
               AND (a.record IS NULL OR json_extract(a.record, '$.outcome') IS NULL)
             ORDER BY s.received_at DESC
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

#[cfg(test)]
mod tests {
    use super::super::SqliteStore;
    use app::api::store::{CaseEvent, NewSubmission, OutgoingMail, Store};
    use app::domain::safeguarding::{Alert, SafeguardingRules};
    use app::domain::submission::{Answers, Kind, RoutingHint};
    use chrono::{Duration, SubsecRound, Utc};

    fn alert_stored() -> (tempfile::TempDir, SqliteStore, chrono::DateTime<Utc>) {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(&dir.path().join("t.db")).unwrap();
        let received = Utc::now().trunc_subsecs(6);
        s.submit(
            &NewSubmission {
                council_id: "demo".into(),
                idempotency_key: "k".into(),
                reference: "SU-AAAA-AAAA".into(),
                progress_code_hash: "h".into(),
                kind: Kind::Unsafe,
                urgent: true,
                routing_hint: RoutingHint::Safeguarding,
                channel: app::domain::submission::Channel::OnlineForm,
                received_at: received,
                answers: Answers::for_kind(Kind::Unsafe),
                next_due: None,
                notify: None,
                source: None,
                possible_flood: false,
                audit: None,
            },
            None,
        )
        .unwrap();
        (dir, s, received)
    }

    fn event(what: &str) -> CaseEvent {
        CaseEvent {
            at: Utc::now(),
            user_id: None,
            who: "Speak Up".into(),
            what: what.into(),
            detail: String::new(),
        }
    }

    fn mail() -> OutgoingMail {
        OutgoingMail {
            to: "m@example.org".into(),
            subject: "s".into(),
            body: "b".into(),
        }
    }

    #[test]
    fn an_alert_is_escalated_once_and_never_after_it_was_passed_on() {
        let (_d, s, received) = alert_stored();
        let rules = SafeguardingRules::default();
        assert_eq!(s.open_alerts("demo", 10).unwrap()[0].alert, None);
        let due = received + Duration::hours(2);
        let late = due + Duration::minutes(1);
        let escalate = || {
            s.escalate_alert(
                "demo",
                "SU-AAAA-AAAA",
                due,
                late,
                &[mail()],
                &event("Escalated"),
            )
            .unwrap()
        };
        assert!(escalate());
        assert!(!escalate(), "once per alert");
        let open = s.open_alerts("demo", 10).unwrap();
        assert_eq!(open[0].alert.as_ref().unwrap().escalated_at, Some(late));
        // Passing it on afterwards keeps the escalation time.
        let mut a = s.alert("demo", "SU-AAAA-AAAA").unwrap().unwrap();
        a.pass_on(received, late, late, "MASH", (1, "Pat")).unwrap();
        s.save_alert("demo", "SU-AAAA-AAAA", &a, &event("Passed"))
            .unwrap();
        let back = s.alert("demo", "SU-AAAA-AAAA").unwrap().unwrap();
        assert_eq!(back.escalated_at, Some(late));
        assert_eq!(back.passed_on, a.passed_on);
        let outbox = s.due_mail(late + Duration::days(1), 10).unwrap();
        assert_eq!(outbox.len(), 1);

        // A second alert passed on in time is never escalated, even if asked.
        let (_d2, s2, received2) = alert_stored();
        let mut a2 = Alert::new(received2, &rules);
        a2.pass_on(received2, received2, received2, "MASH", (1, "Pat"))
            .unwrap();
        s2.save_alert("demo", "SU-AAAA-AAAA", &a2, &event("Passed"))
            .unwrap();
        assert!(!s2
            .escalate_alert(
                "demo",
                "SU-AAAA-AAAA",
                a2.due_at,
                late,
                &[mail()],
                &event("E")
            )
            .unwrap());
        assert!(s2
            .due_mail(late + Duration::days(1), 10)
            .unwrap()
            .is_empty());
        // Another council's alert is not found.
        assert_eq!(s2.alert("other", "SU-AAAA-AAAA").unwrap(), None);
        assert!(s2.open_alerts("other", 10).unwrap().is_empty());
    }
}
