//! Measures the inbox on a database of 100,000 submissions (figures go in the README):
//! `cargo run --release -p server --example inbox_bench`.
//! Not a test: timings depend on the machine.

use app::api::store::{InboxQuery, NewSubmission, Seek, Store};
use app::domain::submission::{Answers, Kind, RoutingHint, Who};
use chrono::{Duration, Utc};
use server::store::SqliteStore;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("bench.db")).expect("db");
    let start = Instant::now();
    let now = Utc::now();
    // Eight senders at once, as many children would: the writer commits them in groups.
    std::thread::scope(|scope| {
        for t in 0..8 {
            let store = &store;
            scope.spawn(move || {
                for i in (t..n).step_by(8) {
                    let kind = [
                        Kind::Complaint,
                        Kind::Compliment,
                        Kind::Advocate,
                        Kind::Representation,
                    ][i % 4];
                    let answers = Answers {
                        who: Some(Who::InCare),
                        service: "My social worker".into(),
                        what_happened: "Words".into(),
                        ..Answers::for_kind(kind)
                    };
                    let new = NewSubmission {
                        council_id: "demo".into(),
                        idempotency_key: format!("k{i}"),
                        reference: format!("SU-{:04X}-{:04X}", i / 65536, i % 65536),
                        progress_code_hash: "x".into(),
                        kind,
                        urgent: i % 997 == 0,
                        routing_hint: RoutingHint::Statutory,
                        channel: app::domain::submission::Channel::OnlineForm,
                        received_at: now - Duration::minutes(i as i64),
                        answers,
                        next_due: (i % 10 != 0)
                            .then(|| (now + Duration::days((i % 60) as i64)).date_naive()),
                        notify: None,
                        source: None,
                        possible_flood: false,
                        audit: None,
                    };
                    store.submit(&new, None).expect("insert");
                }
            });
        }
    });
    println!("inserted {n} submissions in {:.1?}", start.elapsed());
    // Page 501 is found by seeking after the last line of page 500: walk there first.
    let mut deep = InboxQuery {
        council_id: "demo".into(),
        per_page: 50,
        ..Default::default()
    };
    for _ in 0..500 {
        match store.inbox(&deep).expect("inbox").next {
            Some(k) => deep.seek = Seek::After(k),
            None => break,
        }
    }
    let queries = [
        (
            "first page",
            InboxQuery {
                council_id: "demo".into(),
                per_page: 50,
                ..Default::default()
            },
        ),
        ("page 501 (seek)", deep),
        (
            "complaints only",
            InboxQuery {
                council_id: "demo".into(),
                kind: Some(Kind::Complaint),
                per_page: 50,
                ..Default::default()
            },
        ),
        (
            "overdue only",
            InboxQuery {
                council_id: "demo".into(),
                due_before: Some((now + Duration::days(5)).date_naive()),
                per_page: 50,
                ..Default::default()
            },
        ),
        (
            "by reference",
            InboxQuery {
                council_id: "demo".into(),
                reference: Some("SU-0001-0001".into()),
                per_page: 50,
                ..Default::default()
            },
        ),
    ];
    for (name, q) in queries {
        let runs = 20;
        let t = Instant::now();
        let mut total = 0;
        for _ in 0..runs {
            total = store.inbox(&q).expect("inbox").total;
        }
        println!(
            "{name:16} {:>8.2?} per page ({total} matching)",
            t.elapsed() / runs
        );
    }
}
