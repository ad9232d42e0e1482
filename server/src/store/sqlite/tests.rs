//! Unit tests of the SQLite store.

use super::*;
use app::domain::submission::RoutingHint;
use app::domain::submission::{Channel, Kind};

/// A store on a fresh temporary file (also used by `group_tests.rs`).
pub(super) fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    (dir, s)
}

/// A complaint sent online now, with this idempotency key and reference.
pub(super) fn new(key: &str, reference: &str) -> NewSubmission {
    NewSubmission {
        council_id: "demo".into(),
        idempotency_key: key.into(),
        reference: reference.into(),
        progress_code_hash: "h".into(),
        kind: Kind::Complaint,
        urgent: false,
        routing_hint: RoutingHint::Statutory,
        channel: Channel::OnlineForm,
        received_at: Utc::now(),
        answers: Answers::for_kind(Kind::Complaint),
        next_due: None,
        notify: None,
        source: None,
        possible_flood: false,
        audit: None,
    }
}

#[test]
fn durability_settings_are_on() {
    let (_d, s) = store();
    assert_eq!(s.pragma("journal_mode").unwrap(), "wal");
    assert_eq!(s.pragma("synchronous").unwrap(), "2", "2 is FULL");
    assert_eq!(s.pragma("foreign_keys").unwrap(), "1");
}

#[test]
fn same_key_twice_is_one_record_with_the_first_reference() {
    let (_d, s) = store();
    assert_eq!(
        s.submit(&new("k1", "SU-AAAA-AAAA"), None).unwrap(),
        Stored::New {
            reference: "SU-AAAA-AAAA".into()
        }
    );
    assert_eq!(
        s.submit(&new("k1", "SU-BBBB-BBBB"), None).unwrap(),
        Stored::Existing {
            reference: "SU-AAAA-AAAA".into()
        }
    );
    assert_eq!(s.count_submissions().unwrap(), 1);
}

#[test]
fn a_reference_clash_is_reported_so_the_caller_picks_another() {
    let (_d, s) = store();
    s.submit(&new("k1", "SU-AAAA-AAAA"), None).unwrap();
    assert!(matches!(
        s.submit(&new("k2", "SU-AAAA-AAAA"), None),
        Err(StoreError::ReferenceTaken)
    ));
}

#[test]
fn the_audit_log_cannot_be_edited_or_deleted() {
    let (_d, s) = store();
    s.audit(&AuditEntry {
        council_id: "demo".into(),
        at: Utc::now(),
        user_id: None,
        user_email: "x@example.org".into(),
        action: "view".into(),
        reference: None,
        detail: String::new(),
    })
    .unwrap();
    let conn = s.conn().unwrap();
    assert!(conn
        .execute("UPDATE audit_log SET action = 'nothing'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn old_drafts_are_purged() {
    let (_d, s) = store();
    let d = Draft {
        id: "d1".into(),
        council_id: "demo".into(),
        ..Default::default()
    };
    s.save_draft(&d, Utc::now() - chrono::Duration::days(3))
        .unwrap();
    assert!(s.load_draft("d1").unwrap().is_some());
    assert_eq!(
        s.purge_drafts(Utc::now() - chrono::Duration::days(2))
            .unwrap(),
        1
    );
    assert!(s.load_draft("d1").unwrap().is_none());
}

#[test]
fn a_sent_draft_keeps_no_words_and_its_receipt_opens_once() {
    let (_d, s) = store();
    let mut answers = Answers::for_kind(Kind::Complaint);
    answers.what_happened = "the words".into();
    let d = Draft {
        id: "k1".into(),
        council_id: "demo".into(),
        answers,
        ..Default::default()
    };
    s.save_draft(&d, Utc::now()).unwrap();
    let receipt = SealedReceipt {
        sealed: vec![1, 2, 3],
        expires_at: Utc::now() + chrono::Duration::minutes(10),
    };
    s.submit(&new("k1", "SU-AAAA-AAAA"), Some(&receipt))
        .unwrap();
    let tomb = s.load_draft("k1").unwrap().unwrap();
    assert_eq!(tomb.reference.as_deref(), Some("SU-AAAA-AAAA"));
    assert!(tomb.answers.what_happened.is_empty(), "no words kept");
    let raw: String = s
        .conn()
        .unwrap()
        .query_row("SELECT data FROM drafts WHERE id = 'k1'", [], |r| r.get(0))
        .unwrap();
    assert!(!raw.contains("the words"));
    assert_eq!(
        s.take_receipt("k1", Utc::now()).unwrap().map(|r| r.sealed),
        Some(receipt.sealed),
        "first time"
    );
    assert_eq!(s.take_receipt("k1", Utc::now()).unwrap(), None, "once");
}

#[test]
fn a_recorded_contact_and_its_audit_line_are_one_transaction() {
    let (_d, s) = store();
    let mut n = new("k1", "SU-AAAA-AAAA");
    n.audit = Some(AuditEntry {
        council_id: "demo".into(),
        at: Utc::now(),
        user_id: None,
        user_email: "o@example.org".into(),
        action: "recorded a contact".into(),
        reference: None,
        detail: "by phone".into(),
    });
    s.submit(&n, None).unwrap();
    let reference: Option<String> = s
        .conn()
        .unwrap()
        .query_row(
            "SELECT reference FROM audit_log WHERE action = 'recorded a contact'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reference.as_deref(), Some("SU-AAAA-AAAA"));
    // A second send of the same form changes nothing, the audit log included.
    s.submit(&new("k1", "SU-BBBB-BBBB"), None).unwrap();
    let lines: i64 = s
        .conn()
        .unwrap()
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 1);
}

#[test]
fn an_expired_receipt_is_not_handed_out() {
    let (_d, s) = store();
    let d = Draft {
        id: "k1".into(),
        council_id: "demo".into(),
        ..Default::default()
    };
    s.save_draft(&d, Utc::now()).unwrap();
    let receipt = SealedReceipt {
        sealed: vec![1],
        expires_at: Utc::now() + chrono::Duration::minutes(10),
    };
    s.submit(&new("k1", "SU-AAAA-AAAA"), Some(&receipt))
        .unwrap();
    let later = Utc::now() + chrono::Duration::minutes(11);
    assert_eq!(s.take_receipt("k1", later).unwrap(), None);
}

#[test]
fn a_message_sent_without_a_saved_draft_gets_its_tombstone_in_the_same_write() {
    let (_d, s) = store();
    s.submit(&new("k1", "SU-AAAA-AAAA"), None).unwrap();
    let tomb = s.load_draft("k1").unwrap().expect("the tombstone");
    assert_eq!(tomb.reference.as_deref(), Some("SU-AAAA-AAAA"));
    assert_eq!(tomb.council_id, "demo");
}

#[test]
fn every_stored_channel_reads_back_and_an_unknown_one_is_an_error() {
    let (_d, s) = store();
    for (i, &channel) in Channel::ALL.iter().enumerate() {
        let mut n = new(&format!("k{i}"), &format!("SU-AAAA-AAA{i}"));
        n.channel = channel;
        s.submit(&n, None).unwrap();
        let case = s.case("demo", &n.reference).unwrap().unwrap();
        assert_eq!(case.channel, channel);
    }
    let from = Utc::now().date_naive() - chrono::Duration::days(2);
    let to = Utc::now().date_naive() + chrono::Duration::days(2);
    let contacts = s.report_contacts("demo", from, to).unwrap();
    assert_eq!(contacts.len(), Channel::ALL.len());
    // A code no version ever wrote (a bad import, a hand edit) is an error, never a guess.
    s.conn()
        .unwrap()
        .execute(
            "UPDATE submissions SET channel = 'fax' WHERE reference = 'SU-AAAA-AAA0'",
            [],
        )
        .unwrap();
    let err = s.report_contacts("demo", from, to).unwrap_err();
    let err = format!("{err:?}");
    assert!(
        err.contains("unknown channel") && err.contains("fax"),
        "{err}"
    );
    assert!(s.case("demo", "SU-AAAA-AAA0").is_err());
}

#[test]
fn a_closed_year_is_kept_once_and_cannot_be_changed() {
    use app::domain::report::closed_year::ClosedYear;
    let (_d, s) = store();
    let report = app::domain::report::build_report(&[], 2017);
    let year = ClosedYear {
        start_year: 2017,
        closed_by: "Pat".into(),
        closed_at: Utc::now(),
        report,
        imported: false,
    };
    let audit = |what: &str| AuditEntry {
        at: Utc::now(),
        council_id: "demo".into(),
        user_id: None,
        user_email: "pat@example.org".into(),
        action: what.into(),
        reference: None,
        detail: "2017/18".into(),
    };
    assert_eq!(s.closed_year("demo", 2017).unwrap(), None);
    assert!(s
        .close_year("demo", &year, &audit("closed a year"))
        .unwrap());
    let mut again = year.clone();
    again.closed_by = "Someone else".into();
    assert!(!s
        .close_year("demo", &again, &audit("closed a year"))
        .unwrap());
    let kept = s.closed_year("demo", 2017).unwrap().unwrap();
    assert_eq!(kept.closed_by, "Pat");
    assert_eq!(kept.report, year.report);
    assert_eq!(s.closed_year("other", 2017).unwrap(), None);
    let conn = s.conn().unwrap();
    assert!(conn
        .execute("UPDATE report_closed_years SET closed_by = 'x'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM report_closed_years", []).is_err());
    let lines: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'closed a year'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lines, 1, "the refused second close wrote no audit line");
}

/// The report reads its dates in two halves at once (`report_contacts`): each contact is in
/// exactly one, on either side of the middle, at the very ends, and one received before the
/// period that is still open (carried over) or was closed before it started (left out).
#[test]
fn a_report_reads_every_contact_of_its_period_exactly_once() {
    use chrono::{NaiveDate, TimeZone};
    let (_d, s) = store();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let (from, to) = (day(2024, 4, 1), day(2026, 3, 31));
    let mid = from + (to - from) / 2;
    let at = |d: NaiveDate, h| Utc.from_utc_datetime(&d.and_hms_opt(h, 0, 0).unwrap());
    let received = [
        ("first", at(from, 9)),
        ("before-mid", at(mid - chrono::Duration::days(1), 23)),
        ("mid-midnight", at(mid, 0)),
        ("mid", at(mid, 12)),
        ("last", at(to, 22)),
        ("open-from-before", at(day(2023, 6, 1), 10)),
        ("closed-before", at(day(2023, 6, 2), 10)),
        ("after", at(to + chrono::Duration::days(3), 10)),
    ];
    for (i, (key, when)) in received.iter().enumerate() {
        let mut n = new(key, &format!("SU-BBBB-BBB{i}"));
        n.received_at = *when;
        s.submit(&n, None).unwrap();
    }
    s.conn()
        .unwrap()
        .execute(
            "UPDATE submissions SET closed_on = '2023-07-01' WHERE idempotency_key = 'closed-before'",
            [],
        )
        .unwrap();
    let mut got: Vec<_> = s
        .report_contacts("demo", from, to)
        .unwrap()
        .into_iter()
        .map(|c| c.received_at)
        .collect();
    got.sort();
    let mut want: Vec<_> = received
        .iter()
        .filter(|(k, _)| !matches!(*k, "closed-before" | "after"))
        .map(|(_, t)| *t)
        .collect();
    want.sort();
    assert_eq!(got, want);
}
