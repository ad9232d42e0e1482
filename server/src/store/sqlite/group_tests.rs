//! Unit tests of the read pool, group commit and report versions.

use super::tests::{new, store};
use super::writer::{one_group, Work};
use super::*;
use chrono::TimeZone;
use std::time::Duration;

fn submit_work(n: NewSubmission) -> Work<Stored> {
    Box::new(move |c, _| intake::submit(c, &n, None))
}

fn new_ref(r: &str) -> Stored {
    Stored::New {
        reference: r.into(),
    }
}

#[test]
fn the_same_key_twice_in_one_group_is_one_record_with_the_first_reference() {
    let (_d, s) = store();
    let (committed, answers) = {
        let conn = s.conn().unwrap();
        one_group(
            &conn,
            vec![
                submit_work(new("k1", "SU-AAAA-AAAA")),
                submit_work(new("k1", "SU-BBBB-BBBB")),
                submit_work(new("k2", "SU-CCCC-CCCC")),
            ],
        )
    };
    assert!(committed.is_ok());
    let answers: Vec<Stored> = answers.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        answers,
        [
            new_ref("SU-AAAA-AAAA"),
            Stored::Existing {
                reference: "SU-AAAA-AAAA".into()
            },
            new_ref("SU-CCCC-CCCC"),
        ]
    );
    assert_eq!(s.count_submissions().unwrap(), 2);
}

#[test]
fn a_failing_member_does_not_sink_its_group() {
    let (_d, s) = store();
    let half_done: Work<Stored> = Box::new(|c, _| {
        intake::submit(c, &new("k2", "SU-BBBB-BBBB"), None)?;
        Err(StoreError::Backend("failed after writing".into()))
    });
    let (committed, answers) = {
        let conn = s.conn().unwrap();
        one_group(
            &conn,
            vec![
                submit_work(new("k1", "SU-AAAA-AAAA")),
                half_done,
                // The reference is taken (by k1, in this very group): the sender picks another.
                submit_work(new("k3", "SU-AAAA-AAAA")),
                submit_work(new("k4", "SU-DDDD-DDDD")),
            ],
        )
    };
    assert!(committed.is_ok());
    assert_eq!(answers[0].as_ref().unwrap(), &new_ref("SU-AAAA-AAAA"));
    assert!(matches!(answers[1], Err(StoreError::Backend(_))));
    assert!(matches!(answers[2], Err(StoreError::ReferenceTaken)));
    assert_eq!(answers[3].as_ref().unwrap(), &new_ref("SU-DDDD-DDDD"));
    assert_eq!(s.count_submissions().unwrap(), 2);
    assert!(
        s.progress("SU-BBBB-BBBB").unwrap().is_none(),
        "the failed member's own write is rolled back"
    );
}

#[test]
fn every_acknowledged_submission_is_on_disk_after_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let s = std::sync::Arc::new(SqliteStore::open(&path).unwrap());
    // Many senders at once, so the writer takes them in groups.
    let senders: Vec<_> = (0..64)
        .map(|i| {
            let s = s.clone();
            std::thread::spawn(move || {
                s.submit(&new(&format!("k{i}"), &format!("SU-AAAA-{i:04X}")), None)
            })
        })
        .collect();
    let acknowledged: Vec<String> = senders
        .into_iter()
        .map(|t| t.join().unwrap().unwrap().reference().to_string())
        .collect();
    drop(s);
    let reopened = SqliteStore::open(&path).unwrap();
    for reference in &acknowledged {
        assert!(
            reopened.progress(reference).unwrap().is_some(),
            "{reference}"
        );
    }
    assert_eq!(reopened.count_submissions().unwrap(), 64);
}

#[test]
fn senders_of_the_same_key_at_once_all_get_one_reference() {
    let (_d, s) = store();
    let s = std::sync::Arc::new(s);
    let senders: Vec<_> = (0..16)
        .map(|i| {
            let s = s.clone();
            std::thread::spawn(move || s.submit(&new("same", &format!("SU-BBBB-{i:04X}")), None))
        })
        .collect();
    let references: std::collections::HashSet<String> = senders
        .into_iter()
        .map(|t| t.join().unwrap().unwrap().reference().to_string())
        .collect();
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(s.count_submissions().unwrap(), 1);
}

#[test]
fn reads_do_not_wait_for_the_writer() {
    let (_d, s) = store();
    s.submit(&new("k1", "SU-AAAA-AAAA"), None).unwrap();
    let s = std::sync::Arc::new(s);
    // The writer connection is busy (held here, as during a long write)...
    let writer = s.conn().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = s.clone();
    std::thread::spawn(move || {
        let _ = tx.send((
            reader.count_submissions(),
            reader.progress("SU-AAAA-AAAA").map(|p| p.is_some()),
        ));
    });
    // ...and a read still answers, with what was committed.
    let (count, found) = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the read did not wait for the writer");
    assert_eq!(count.unwrap(), 1);
    assert!(found.unwrap());
    drop(writer);
}

#[test]
fn readers_see_each_acknowledged_write_at_once() {
    let (_d, s) = store();
    for i in 0..50 {
        let reference = format!("SU-CCCC-{i:04X}");
        s.submit(&new(&format!("k{i}"), &reference), None).unwrap();
        assert!(s.progress(&reference).unwrap().is_some(), "{reference}");
    }
}

#[test]
fn readers_cannot_write() {
    let (_d, s) = store();
    let refused = s.read(|c| {
        c.execute("DELETE FROM drafts", [])
            .map_err(backend)
            .map(|_| ())
    });
    assert!(refused.is_err());
}

#[test]
fn a_new_contact_changes_the_report_version_of_its_year_and_later_ones_only() {
    let (_d, s) = store();
    let before = |y| s.report_version("demo", y);
    let (v2023, v2024, v2025) = (before(2023), before(2024), before(2025));
    let mut n = new("k1", "SU-AAAA-AAAA");
    // 1 June 2024: the financial year 2024/25.
    n.received_at = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap();
    s.submit(&n, None).unwrap();
    assert_eq!(s.report_version("demo", 2023), v2023, "an earlier year");
    assert_ne!(s.report_version("demo", 2024), v2024, "its year");
    assert_ne!(
        s.report_version("demo", 2025),
        v2025,
        "the next year (last year's column, carried-over cases)"
    );
    assert_eq!(
        s.report_version("other", 2024),
        0,
        "another council's reports are not touched"
    );
    // A repeat of the same send stores nothing, and changes nothing.
    let v = s.report_version("demo", 2024);
    s.submit(&n, None).unwrap();
    assert_eq!(s.report_version("demo", 2024), v);
}
