//! The yearly report from years of records entered through the same server functions officers
//! use: one shaped like Doncaster's 2017/18 report (`shared/seeds/001_...txt`: 229 Stage 1
//! complaints, 69 answered within 10 working days, 80 within 11–20, 80 over 20, and its table
//! of themes received and upheld or partly upheld), some of them raising two concerns; and one
//! shaped like Surrey's 2012/13 (`surrey.rs`), checked on the report page, then closed.

#[path = "report/areas.rs"]
mod areas;
mod common;
#[path = "report/surrey.rs"]
mod surrey;
use app::api::officer::ReportView;
use app::domain::calendar::add_working_days;
use app::domain::officer::Role;
use chrono::NaiveDate;
use common::*;
use reqwest::{Client, StatusCode};

/// Doncaster 2017/18, themes received and upheld/partly upheld (tables 13 and 14).
const THEMES: &[(&str, usize, usize)] = &[
    ("Accuracy of Assessment/Reports", 19, 7),
    ("Actions of Worker", 69, 16),
    ("Changes in Social Worker", 6, 3),
    ("Decision making", 27, 3),
    ("Delays in receiving services", 23, 13),
    ("Delays in sharing Minutes/Reports", 7, 6),
    ("Family time arrangements", 6, 5),
    ("Financial assistance", 15, 9),
    ("Poor communication", 49, 35),
    ("Unhappy with placement", 8, 4),
];

async fn act(c: &Client, s: &TestServer, reference: &str, action: &str, fields: &[(&str, &str)]) {
    let mut form: Vec<(String, String)> = vec![
        ("reference".into(), reference.into()),
        ("action".into(), action.into()),
    ];
    form.extend(
        fields
            .iter()
            .map(|(k, v)| (format!("f[{k}]"), v.to_string())),
    );
    let pairs: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = officer_post(c, s, "/api/officer/case-action", &pairs).await;
    assert!(r.status().is_redirection(), "{action}: {}", r.status());
    let to = location(&r);
    assert!(!to.contains("error="), "{action} refused: {to}");
}

fn count(r: &ReportView, table: &str, row: &str, col: usize) -> String {
    let t = r
        .tables
        .iter()
        .find(|t| t.id == table)
        .unwrap_or_else(|| panic!("table {table}"));
    let line = t
        .rows
        .iter()
        .find(|l| l[0].starts_with(row))
        .unwrap_or_else(|| panic!("{table}: row {row} in {:?}", t.rows));
    line[col].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_reproduces_doncaster_2017_18_from_daily_work() {
    // Doncaster's own categories (concern categories must be on the configured list).
    let s = TestServer::start_with(|c| {
        c.site.categories = THEMES.iter().map(|(t, _, _)| t.to_string()).collect();
    })
    .await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    // Received on working days spread through April 2017 – March 2018.
    let mut day = NaiveDate::from_ymd_opt(2017, 4, 3).unwrap();
    let mut n = 0usize;
    for (theme, received, upheld) in THEMES {
        for i in 0..*received {
            // 69 answered within 10 working days, 80 in 11–20, 80 over 20.
            let days = match n {
                0..69 => 8,
                69..149 => 15,
                _ => 24,
            };
            n += 1;
            let received_on = day.to_string();
            let channel = if n.is_multiple_of(3) {
                "phone"
            } else {
                "email"
            };
            let reference = record_contact(
                &o,
                &s,
                &[
                    ("kind", "complaint"),
                    ("channel", channel),
                    ("who", "parent"),
                    ("service", "My social worker"),
                    ("summary", "A complaint"),
                    ("received", &received_on),
                ],
            )
            .await;
            act(
                &o,
                &s,
                &reference,
                "triage",
                &[
                    ("decision", "statutory"),
                    ("on", &received_on),
                    ("reason", "A parent complains about the service"),
                ],
            )
            .await;
            act(&o, &s, &reference, "concern", &[("category", theme)]).await;
            // Every fifth complaint raises a second point in the same theme, not upheld: still
            // one complaint in that theme, two concerns.
            if i % 5 == 0 {
                act(&o, &s, &reference, "concern", &[("category", theme)]).await;
                act(
                    &o,
                    &s,
                    &reference,
                    "outcome",
                    &[("concern", "1"), ("outcome", "not_upheld")],
                )
                .await;
            }
            let outcome = if i < *upheld {
                if i % 2 == 0 {
                    "upheld"
                } else {
                    "partly_upheld"
                }
            } else {
                "not_upheld"
            };
            act(
                &o,
                &s,
                &reference,
                "outcome",
                &[("concern", "0"), ("outcome", outcome)],
            )
            .await;
            let responded = add_working_days(day, days).to_string();
            act(&o, &s, &reference, "respond", &[("on", &responded)]).await;
            day = add_working_days(day, 1);
            if day > NaiveDate::from_ymd_opt(2018, 3, 20).unwrap() {
                day = NaiveDate::from_ymd_opt(2017, 4, 3).unwrap();
            }
        }
    }
    assert_eq!(n, 229);

    let r = officer_call(&o, &s, "/api/officer/report", &[("year", "2017")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let report: ReportView = r.json().await.unwrap();
    assert_eq!(report.label, "2017/18");
    assert_eq!(
        count(&report, "handling", "Stage 1 complaint (statutory", 1),
        "229"
    );
    assert_eq!(count(&report, "stage1_timeliness", "Within 10", 1), "69");
    assert_eq!(count(&report, "stage1_timeliness", "11 to 20", 1), "80");
    assert_eq!(count(&report, "stage1_timeliness", "Over 20", 1), "80");
    let mut concerns = 0;
    for (theme, received, upheld) in THEMES {
        assert_eq!(
            count(&report, "complaints_by_category", theme, 1),
            received.to_string(),
            "{theme} received"
        );
        concerns += received + received.div_ceil(5);
        assert_eq!(
            count(&report, "upheld_by_category", theme, 1),
            upheld.to_string(),
            "{theme} upheld"
        );
    }
    // Per concern, the second concerns are counted too; per complaint, the 229 stay 229.
    assert_eq!(
        count(&report, "concerns_by_category", "Concerns raised", 1),
        concerns.to_string()
    );
    assert_eq!(
        count(&report, "complaints_by_team", "Complaints received", 1),
        "229"
    );
    assert_eq!(
        count(
            &report,
            "stage1_complaint_outcomes",
            "Stage 1 complaints",
            1
        ),
        "229"
    );
    // The year before is there too (empty here), for comparison.
    assert_eq!(count(&report, "stage1_timeliness", "Within 10", 2), "0");

    // Publishable: counts from 1 to 4 are hidden.
    let r = officer_call(
        &o,
        &s,
        "/api/officer/report",
        &[("year", "2017"), ("view", "publishable")],
    )
    .await;
    let public: ReportView = r.json().await.unwrap();
    assert_eq!(
        count(&public, "upheld_by_category", "Decision making", 1),
        "<5"
    );
    assert_eq!(
        count(&public, "upheld_by_category", "Poor communication", 1),
        "35"
    );

    // CSV for every table, from the page's download link, only for signed-in staff.
    let csv = o
        .get(s.url("/officer/report/2017/stage1_timeliness.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = csv.text().await.unwrap();
    assert!(body.contains("Within 10 working days,69"), "{body}");
    assert_eq!(
        browser()
            .get(s.url("/officer/report/2017/stage1_timeliness.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, html) = page(&o, &s.url("/officer/report?year=2017")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg") && html.contains("aria-describedby=\"table-stage1_timeliness\""));
    assert_eq!(
        officer_call(&browser(), &s, "/api/officer/report", &[("year", "2017")])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}
