//! The audit log's hash chain (`store/audit_chain.rs`): whole when nobody touched the file,
//! and the first broken line named when someone did, triggers or not.

use super::tests::store;
use super::*;
use crate::store::AuditVerdict;

fn line(s: &SqliteStore, n: usize) {
    s.audit(&AuditEntry {
        council_id: "demo".into(),
        at: Utc::now(),
        user_id: None,
        user_email: "officer@council.example".into(),
        action: format!("viewed case {n}"),
        reference: n.is_multiple_of(2).then(|| format!("SU-CCCC-CCC{n}")),
        detail: String::new(),
    })
    .unwrap();
}

/// Five lines, then an edit made with the triggers dropped and foreign keys off (as someone
/// with the file and the `sqlite3` shell could: its foreign keys are off unless asked for).
fn tampered(sql: &str) -> AuditVerdict {
    let (_d, s) = store();
    for n in 0..5 {
        line(&s, n);
    }
    assert!(matches!(
        s.verify_audit().unwrap(),
        AuditVerdict::Whole { lines: 5, .. }
    ));
    s.conn()
        .unwrap()
        .execute_batch(&format!(
            "PRAGMA foreign_keys = OFF;
             DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
             DROP TRIGGER audit_chain_no_update; DROP TRIGGER audit_chain_no_delete; {sql}"
        ))
        .unwrap();
    s.verify_audit().unwrap()
}

fn broken_at(v: AuditVerdict) -> i64 {
    match v {
        AuditVerdict::Broken { id, .. } => id,
        whole => panic!("the change was not found: {whole:?}"),
    }
}

#[test]
fn an_untouched_log_is_whole_and_says_its_last_hash() {
    let (_d, s) = store();
    assert_eq!(
        s.verify_audit().unwrap(),
        AuditVerdict::Whole {
            lines: 0,
            last: None
        }
    );
    for n in 0..3 {
        line(&s, n);
    }
    match s.verify_audit().unwrap() {
        AuditVerdict::Whole {
            lines: 3,
            last: Some((id, hash)),
        } => assert!(id == 3 && hash.len() == 64, "{id} {hash}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_line_is_named() {
    assert_eq!(
        broken_at(tampered(
            "UPDATE audit_log SET action = 'nothing to see' WHERE id = 3"
        )),
        3
    );
}

#[test]
fn a_removed_line_breaks_the_line_after_it() {
    assert_eq!(broken_at(tampered("DELETE FROM audit_log WHERE id = 2")), 3);
    assert_eq!(
        broken_at(tampered(
            "DELETE FROM audit_chain WHERE audit_id = 2; DELETE FROM audit_log WHERE id = 2"
        )),
        3
    );
}

#[test]
fn a_removed_last_line_whose_hash_was_left_is_found() {
    assert_eq!(broken_at(tampered("DELETE FROM audit_log WHERE id = 5")), 5);
}

#[test]
fn a_line_slipped_in_without_a_hash_is_named() {
    assert_eq!(
        broken_at(tampered(
            "INSERT INTO audit_log (council_id, at, user_email, action, detail)
             VALUES ('demo', '2026-01-01T00:00:00Z', 'someone', 'nothing happened', '')"
        )),
        6
    );
}

#[test]
fn lines_written_before_the_chain_are_chained_once_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let s = SqliteStore::open(&path).unwrap();
        for n in 0..3 {
            line(&s, n);
        }
        // As a file from before migration 015: lines, no chain.
        s.conn()
            .unwrap()
            .execute_batch("DROP TRIGGER audit_chain_no_delete; DELETE FROM audit_chain;")
            .unwrap();
    }
    let s = SqliteStore::open(&path).unwrap();
    assert!(matches!(
        s.verify_audit().unwrap(),
        AuditVerdict::Whole { lines: 3, .. }
    ));
    line(&s, 3);
    assert!(matches!(
        s.verify_audit().unwrap(),
        AuditVerdict::Whole { lines: 4, .. }
    ));
}
