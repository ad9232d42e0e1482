//! Storage as officers meet it: the yearly report is reused until a change to its year (and
//! only then), and the inbox and audit log pages, found by seeking, neither skip nor repeat a
//! line, even where many lines sort equal.

mod common;
use app::api::officer::{AuditView, InboxView, ReportView};
use app::api::store::{AuditEntry, NewSubmission, Store};
use app::domain::officer::Role;
use app::domain::submission::{Answers, Kind, RoutingHint};
use chrono::{NaiveDate, TimeZone, Utc};
use common::*;
use reqwest::{Client, StatusCode};
use std::collections::HashSet;

/// Records a contact (as an officer does for a phone call) received on `on`; its reference.
async fn record(o: &Client, s: &TestServer, on: &str) -> String {
    record_contact(
        o,
        s,
        &[
            ("kind", "complaint"),
            ("channel", "phone"),
            ("who", "parent"),
            ("service", "My social worker"),
            ("summary", "A complaint"),
            ("received", on),
        ],
    )
    .await
}

async fn report(o: &Client, s: &TestServer, year: i32) -> ReportView {
    let r = officer_call(o, s, "/api/officer/report", &[("year", &year.to_string())]).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// This year's figure in a table's row (found by the start of its label).
fn figure(r: &ReportView, table: &str, row: &str) -> String {
    let t = r.tables.iter().find(|t| t.id == table).expect(table);
    t.rows
        .iter()
        .find(|l| l[0].starts_with(row))
        .unwrap_or_else(|| panic!("{table}: {row} in {:?}", t.rows))[1]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_is_reused_until_a_change_in_its_year_or_before() {
    let s = TestServer::start().await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    let in_2023 = record(&o, &s, "2023-06-01").await;
    let in_2021 = record(&o, &s, "2021-06-01").await;
    assert_eq!(
        figure(&report(&o, &s, 2023).await, "contacts_by_kind", "Received"),
        "1"
    );
    assert_eq!(
        figure(&report(&o, &s, 2021).await, "contacts_by_kind", "Received"),
        "1"
    );
    let statutory = |r: &ReportView| figure(r, "handling", "Stage 1 complaint (statutory");
    assert_eq!(statutory(&report(&o, &s, 2023).await), "0");

    // A change the store cannot see (straight into the file): the 2021 report does not notice,
    // which shows it is served from the cache.
    {
        let raw = rusqlite::Connection::open(&s.db).unwrap();
        raw.execute("DELETE FROM submissions WHERE reference = ?1", [&in_2021])
            .unwrap();
    }
    assert_eq!(
        figure(&report(&o, &s, 2021).await, "contacts_by_kind", "Received"),
        "1"
    );

    // A case in 2023 changes: the 2023 report shows it at once, in the page and the CSV...
    let r = officer_post(
        &o,
        &s,
        "/api/officer/case-action",
        &[
            ("reference", &in_2023),
            ("action", "triage"),
            ("f[decision]", "statutory"),
            ("f[on]", "2023-06-02"),
            ("f[reason]", "A parent complains about the service"),
        ],
    )
    .await;
    assert!(!location(&r).contains("error="), "{}", location(&r));
    assert_eq!(statutory(&report(&o, &s, 2023).await), "1");
    let csv = o
        .get(s.url("/officer/report/2023/handling.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains("Stage 1 complaint (statutory"))
        .expect("the row");
    assert!(line.contains(",1,"), "{line}");
    // ... while the 2021 report, which a 2023 case cannot change, is still the cached one.
    assert_eq!(
        figure(&report(&o, &s, 2021).await, "contacts_by_kind", "Received"),
        "1"
    );

    // The 2022 report shows 2021 as "last year" (the deleted record is gone by now).
    let last_year = |r: &ReportView| {
        let t = r
            .tables
            .iter()
            .find(|t| t.id == "contacts_by_kind")
            .unwrap();
        t.rows.iter().find(|l| l[0] == "Received").unwrap()[2].clone()
    };
    assert_eq!(last_year(&report(&o, &s, 2022).await), "0");

    // A new contact received in 2021: the 2021 report is computed again, and so is 2022's,
    // whose "last year" is 2021.
    record(&o, &s, "2021-08-01").await;
    assert_eq!(
        figure(&report(&o, &s, 2021).await, "contacts_by_kind", "Received"),
        "1"
    );
    assert_eq!(last_year(&report(&o, &s, 2022).await), "1");
}

fn submission(i: usize, received_at: chrono::DateTime<Utc>, due: NaiveDate) -> NewSubmission {
    NewSubmission {
        council_id: "demo".into(),
        idempotency_key: format!("key-{i}"),
        reference: format!("SU-{:04X}-{:04X}", 7, i),
        progress_code_hash: "x".into(),
        kind: Kind::Complaint,
        urgent: false,
        routing_hint: RoutingHint::Statutory,
        channel: app::domain::submission::Channel::Phone,
        received_at,
        answers: Answers::for_kind(Kind::Complaint),
        next_due: Some(due),
        notify: None,
        source: None,
        possible_flood: false,
        audit: None,
    }
}

async fn inbox_page(o: &Client, s: &TestServer, seek: &[(&str, &str)]) -> InboxView {
    let r = officer_call(o, s, "/api/officer/inbox", seek).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_pages_neither_skip_nor_repeat_lines_that_sort_equal() {
    let s = TestServer::start().await;
    // 130 lines with the same urgency, deadline and time of arrival: only their id orders
    // them, and page boundaries (50 a page) fall inside the tie. Before them, 10 urgent ones
    // (listed first), so the first page crosses from urgent to the rest.
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    let due = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
    let mut all = HashSet::new();
    for i in 0..140 {
        let mut new = submission(i, at, due);
        new.urgent = i >= 130;
        let stored = s.running.store.submit(&new, None).unwrap();
        all.insert(stored.reference().to_string());
    }
    let o = officer(&s, "o@council.example", Role::Officer).await;

    let mut pages: Vec<Vec<String>> = Vec::new();
    let mut view = inbox_page(&o, &s, &[]).await;
    assert_eq!(view.total, 140);
    assert!(
        view.lines[..10].iter().all(|l| l.urgent) && !view.lines[10].urgent,
        "urgent first"
    );
    assert_eq!(view.previous, None, "the first page has no previous page");
    loop {
        pages.push(view.lines.iter().map(|l| l.reference.clone()).collect());
        let Some(next) = view.next.clone() else {
            break;
        };
        view = inbox_page(&o, &s, &[("after", &next)]).await;
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 40]);
    let seen: Vec<&String> = pages.iter().flatten().collect();
    let unique: HashSet<String> = seen.iter().map(|r| r.to_string()).collect();
    assert_eq!(seen.len(), 140, "no line twice");
    assert_eq!(unique, all, "every line once");

    // Back again with "Previous page": the same pages, in reverse.
    let mut back = vec![pages[2].clone()];
    let mut previous = view.previous.clone();
    while let Some(key) = previous {
        let v = inbox_page(&o, &s, &[("before", &key)]).await;
        back.push(v.lines.iter().map(|l| l.reference.clone()).collect());
        previous = v.previous;
    }
    back.reverse();
    assert_eq!(back, pages);

    // With JavaScript off the page links carry the same keys.
    let (status, html) = page(&o, &s.url("/officer")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("after="), "a next page link");
    let (_, html) = page(
        &o,
        &s.url(&format!("/officer?page=1&after={}", {
            let first = inbox_page(&o, &s, &[]).await;
            first.next.unwrap()
        })),
    )
    .await;
    assert!(html.contains(&pages[1][0]), "the second page's first line");
    assert!(!html.contains(&pages[0][0]), "not the first page's");
    assert!(html.contains("before="), "a previous page link");
    assert!(html.contains("Page 2 of 3"));

    // A made-up page link is refused with a message, not a server error.
    let r = officer_call(&o, &s, "/api/officer/inbox", &[("after", "not.a.key")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_pages_neither_skip_nor_repeat() {
    let s = TestServer::start().await;
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    for i in 0..250 {
        s.running
            .store
            .audit(&AuditEntry {
                council_id: "demo".into(),
                at,
                user_id: None,
                user_email: "system".into(),
                action: "test line".into(),
                reference: None,
                detail: format!("line {i}"),
            })
            .unwrap();
    }
    let (c, _) = officer_and_secret(&s, "a@council.example", Role::Auditor).await;
    let get = |q: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = s.url("/api/officer/audit");
        let origin = s.base.clone();
        async move {
            let r = c
                .post(url)
                .header("origin", origin)
                .form(&q)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<AuditView>().await.unwrap()
        }
    };
    let mut details = Vec::new();
    let mut v = get(vec![]).await;
    assert_eq!(v.newer, None);
    let mut pages = 0;
    loop {
        pages += 1;
        details.extend(
            v.lines
                .iter()
                .filter(|l| l.action == "test line")
                .map(|l| l.detail.clone()),
        );
        let Some(older) = v.older else { break };
        v = get(vec![("older", older.to_string())]).await;
    }
    assert!(pages >= 3);
    // Newest first, each line once.
    let want: Vec<String> = (0..250).rev().map(|i| format!("line {i}")).collect();
    assert_eq!(details, want);
    // And back towards the newest.
    let newer = v.newer.expect("newer lines");
    let back = get(vec![("newer", newer.to_string())]).await;
    assert_eq!(back.lines.len(), 100);
    assert!(back.older.is_some());
}
