//! Measures the yearly report over a database of 1,000,000 submissions spread over ten years
//! (figures go in the README): `cargo run --release -p server --example report_bench`.
//! Then the same reports as pages over HTTP: the real server (in this process, release build)
//! on the same file, a signed-in manager asking `/officer/report?year=…` cold, then again
//! (cached until a write changes the figures).
//! Not a test: timings depend on the machine. Seeding uses one transaction with
//! synchronous=OFF (bench setup only); the report is built exactly as the page builds it.

use app::api::officer::build_from;
use app::api::store::Store;
use app::domain::calendar::add_working_days;
use app::domain::case_file::{action_from_form, CaseFile};
use app::domain::procedure::Timescales;
use app::domain::submission::Fields;
use chrono::{Duration, NaiveDate};
use rusqlite::params;
use server::store::SqliteStore;
use std::time::Instant;

// The integration tests' server and signed-in officer, reused as they are.
#[path = "../tests/common/mod.rs"]
mod common;

fn act(f: CaseFile, action: &str, pairs: &[(&str, String)], today: NaiveDate) -> CaseFile {
    let fields: Fields = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let a = action_from_form(action, &fields, today).expect("action");
    f.apply(a, &Timescales::default()).expect("move")
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let store = SqliteStore::open(&path).expect("db");
    let seed = Instant::now();
    {
        let mut conn = rusqlite::Connection::open(&path).expect("conn");
        conn.pragma_update(None, "synchronous", "OFF")
            .expect("pragma");
        let tx = conn.transaction().expect("tx");
        {
            let mut stmt = tx
                .prepare(
                    "INSERT INTO submissions (council_id, reference, idempotency_key, progress_code_hash,
                        kind, urgent, routing_hint, channel, who, on_behalf, service, over_a_year,
                        advocate_wanted, status, received_at, answers, case_state, closed_on, next_due)
                     VALUES ('demo', ?1, ?1, 'x', ?2, 0, 'statutory', ?3, ?4, 0, ?5, 0, ?6, ?7, ?8, '{}', ?9, ?10, '9999-12-31')",
                )
                .expect("prepare");
            let first = NaiveDate::from_ymd_opt(2016, 4, 1).unwrap();
            let categories = [
                "Communication",
                "Delay in decision or service",
                "Placement",
                "Finance",
                "Quality of service",
            ];
            let services = [
                "My social worker",
                "My foster home",
                "Leaving care (my personal adviser)",
                "Disability service",
            ];
            let whos = [
                "in_care",
                "care_leaver",
                "parent",
                "foster_carer",
                "advocate",
            ];
            for i in 0..n {
                let received = first + Duration::days((i * 3650 / n) as i64);
                let kind = if i % 5 == 4 {
                    "compliment"
                } else {
                    "complaint"
                };
                let mut file = CaseFile::new(received, false);
                let on = received.to_string();
                let decision = if kind == "compliment" {
                    "compliment"
                } else if i % 7 == 0 {
                    "corporate"
                } else {
                    "statutory"
                };
                file = act(
                    file,
                    "triage",
                    &[("decision", decision.into()), ("on", on.clone())],
                    received,
                );
                if decision != "compliment" {
                    file = act(
                        file,
                        "concern",
                        &[("category", categories[i % 5].into())],
                        received,
                    );
                    let outcome = ["upheld", "partly_upheld", "not_upheld"][i % 3];
                    file = act(
                        file,
                        "outcome",
                        &[("concern", "0".into()), ("outcome", outcome.into())],
                        received,
                    );
                    let replied = add_working_days(received, (i % 30) as u32 + 1);
                    file = act(file, "respond", &[("on", replied.to_string())], received);
                }
                let closed = add_working_days(received, 35);
                file = act(file, "close", &[("on", closed.to_string())], received);
                stmt.execute(params![
                    format!("SU-{i:08}"),
                    kind,
                    ["online_form", "phone", "email", "letter"][i % 4],
                    whos[i % 5],
                    services[i % 4],
                    i % 3 == 0,
                    file.status().code(),
                    format!("{received}T12:00:00.000000Z"),
                    serde_json::to_string(&file).expect("json"),
                    closed.to_string(),
                ])
                .expect("insert");
            }
        }
        tx.commit().expect("commit");
    }
    println!(
        "seeded {} submissions in {:.1?}",
        store.count_submissions().expect("count"),
        seed.elapsed()
    );
    for year in [2020, 2024] {
        let t = Instant::now();
        let report = build_from(&store, "demo", year).expect("report");
        let elapsed = t.elapsed();
        let handled = report
            .table("handling")
            .and_then(|t| t.total.as_ref())
            .map_or(0, |t| t.this_year);
        // The same work in its parts: reading the two years' records, then counting.
        let (from, _) = app::domain::calendar::financial_year_bounds(year - 1);
        let (_, to) = app::domain::calendar::financial_year_bounds(year);
        let t = Instant::now();
        let contacts = store.report_contacts("demo", from, to).expect("contacts");
        let read = t.elapsed();
        let t = Instant::now();
        let records: Vec<_> = contacts
            .iter()
            .map(app::domain::report_input::report_record)
            .collect();
        let mapped = t.elapsed();
        let t = Instant::now();
        let again = app::domain::report::build_report(&records, year);
        let counted = t.elapsed();
        assert_eq!(again, report, "the parts give the same report");
        println!(
            "report {} built in {elapsed:.1?} ({handled} contacts handled that year): \
             reading {} records {read:.1?}, mapping {mapped:.1?}, counting {counted:.1?}",
            report.label,
            contacts.len()
        );
    }
    // Trends (the report page's ten years of headline figures): through a fresh report cache
    // (cold: each report built, a live one giving its year before too), then again (kept).
    let cache = app::api::officer::ReportCache::default();
    for run in ["cold", "cached"] {
        let t = Instant::now();
        let years = app::api::officer::trend_years(&store, &cache, "demo", 2025).expect("trends");
        println!(
            "trends over {} years ending 2025/26 ({run}) in {:.1?}",
            years.len(),
            t.elapsed()
        );
    }
    drop(store);
    // As a page: cold, then cached (five times: the figures are the slowest and the median).
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let s = common::TestServer::start_on(path.clone()).await;
        let o = common::officer(
            &s,
            "bench.manager@council.example",
            app::domain::officer::Role::Manager,
        )
        .await;
        for year in [2020, 2024] {
            let url = s.url(&format!("/officer/report?year={year}"));
            let t = Instant::now();
            let (status, html) = common::page(&o, &url).await;
            let cold = t.elapsed();
            assert!(status.is_success(), "{status}");
            let mut cached = Vec::new();
            for _ in 0..5 {
                let t = Instant::now();
                let (status, again) = common::page(&o, &url).await;
                cached.push(t.elapsed());
                assert!(status.is_success() && again.contains("<table"));
            }
            cached.sort();
            println!(
                "report page {year} over HTTP ({} KB of HTML): cold {cold:.1?}, cached median \
                 {:.1?} (slowest {:.1?})",
                html.len() / 1024,
                cached[2],
                cached[4]
            );
        }
    });
}
