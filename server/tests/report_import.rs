//! Importing an earlier year's figures and writing the draft report, through the real server:
//! a year's CSVs exported from one database and imported into a fresh one give the same
//! report; a bad file changes nothing and says what is wrong; only managers import; a year
//! with records is refused; the words of the draft are saved per year, audited.

mod common;
use app::api::officer::{DraftView, ReportView, TrendsView};
use app::domain::officer::Role;
use common::*;
use reqwest::{Client, StatusCode};

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
    assert!(!location(&r).contains("error="), "{action} refused");
}

/// A small year 2024/25 entered as officers do: statutory complaints with a concern each, a
/// representation and a compliment, by phone and letter.
async fn a_year_of_records(o: &Client, s: &TestServer) {
    let category = app::settings::default_categories()[0].clone();
    for (i, day) in [
        "2024-04-15",
        "2024-06-03",
        "2024-09-10",
        "2024-11-20",
        "2025-02-03",
    ]
    .iter()
    .enumerate()
    {
        let channel = if i % 2 == 0 { "phone" } else { "letter" };
        let reference = record_contact(
            o,
            s,
            &[
                ("kind", "complaint"),
                ("channel", channel),
                ("who", "parent"),
                ("service", "My social worker"),
                ("summary", "A complaint"),
                ("received", day),
                ("gender", "prefer_not"),
            ],
        )
        .await;
        let decision = if i == 4 {
            "representation"
        } else {
            "statutory"
        };
        act(
            o,
            s,
            &reference,
            "triage",
            &[
                ("decision", decision),
                ("on", day),
                ("reason", "About the service"),
            ],
        )
        .await;
        if decision == "statutory" {
            act(o, s, &reference, "concern", &[("category", &category)]).await;
        }
    }
    record_contact(
        o,
        s,
        &[
            ("kind", "compliment"),
            ("channel", "email"),
            ("who", "foster_carer"),
            ("service", "My social worker"),
            ("summary", "Thank you"),
            ("received", "2024-05-01"),
        ],
    )
    .await;
}

async fn report(c: &Client, s: &TestServer, year: &str) -> ReportView {
    let r = officer_call(c, s, "/api/officer/report", &[("year", year)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("report")
}

fn count(r: &ReportView, table: &str, row: &str, col: usize) -> String {
    let t = r.tables.iter().find(|t| t.id == table).expect(table);
    let line = t.rows.iter().find(|l| l[0].trim() == row).expect(row);
    line[col].clone()
}

fn table_rows(v: &ReportView) -> Vec<(String, Vec<Vec<String>>)> {
    v.tables
        .iter()
        .map(|t| (t.id.clone(), t.rows.clone()))
        .collect()
}

fn imported_rows(s: &TestServer) -> i64 {
    rusqlite::Connection::open(&s.db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM report_imported_tables", [], |r| {
            r.get(0)
        })
        .unwrap()
}

fn audited(s: &TestServer, action: &str) -> i64 {
    rusqlite::Connection::open(&s.db)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap()
}

async fn import(
    m: &Client,
    s: &TestServer,
    year: &str,
    table: &str,
    csv: &str,
) -> reqwest::Response {
    officer_post(
        m,
        s,
        "/api/officer/import-figures",
        &[("year", year), ("table", table), ("csv", csv)],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_years_own_csvs_imported_into_a_fresh_database_give_the_same_report() {
    // The year as it was counted from records.
    let a = TestServer::start().await;
    let o = officer(&a, "o@council.example", Role::Officer).await;
    a_year_of_records(&o, &a).await;
    let counted = report(&o, &a, "2024").await;
    assert_eq!(
        count(
            &counted,
            "handling",
            "Stage 1 complaint (statutory procedure)",
            1
        ),
        "4"
    );
    let mut csvs = Vec::new();
    for t in &counted.tables {
        let r = o
            .get(a.url(&format!("/officer/report/2024/{}.csv", t.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", t.id);
        csvs.push((t.id.clone(), r.text().await.unwrap()));
    }
    // A year with records cannot be imported over, and says why.
    let ma = officer(&a, "m@council.example", Role::Manager).await;
    let refused = officer_call(
        &ma,
        &a,
        "/api/officer/import-figures",
        &[("year", "2024"), ("table", "handling"), ("csv", &csvs[1].1)],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert!(refused
        .text()
        .await
        .unwrap()
        .contains("This year has records in Speak Up"));
    assert_eq!(imported_rows(&a), 0);

    // A fresh database with nothing in it: a manager imports every table.
    let b = TestServer::start().await;
    let m = officer(&b, "m@council.example", Role::Manager).await;
    for (id, csv) in &csvs {
        let r = import(&m, &b, "2024", id, csv).await;
        assert!(r.status().is_redirection(), "{id}: {}", r.status());
        assert!(
            location(&r).contains(&format!("imported={id}&replaced=0")),
            "{id}"
        );
    }
    let imported = report(&m, &b, "2024").await;
    assert_eq!(
        table_rows(&imported),
        table_rows(&counted),
        "the same figures, table by table"
    );
    assert_eq!(
        audited(&b, "imported figures of an earlier year"),
        csvs.len() as i64
    );
    let (status, html) = page(&m, &b.url("/officer/report?year=2024")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Imported by"),
        "the page says the figures were imported"
    );
    assert!(
        !html.contains("and keep its figures"),
        "an imported year is not offered for closing"
    );
    let closing = officer_call(&m, &b, "/api/officer/close-year", &[("year", "2024")]).await;
    assert_eq!(closing.status(), StatusCode::CONFLICT);

    // The year after shows it as its year before, and the trends start there.
    let next = report(&m, &b, "2025").await;
    assert_eq!(
        count(
            &next,
            "handling",
            "Stage 1 complaint (statutory procedure)",
            2
        ),
        "4"
    );
    let r = officer_call(&m, &b, "/api/officer/report-trends", &[("year", "2025")]).await;
    let trends: TrendsView = r.json().await.unwrap();
    let years: Vec<(&str, Option<u64>)> = trends
        .years
        .iter()
        .map(|h| (h.label.as_str(), h.stage1))
        .collect();
    assert_eq!(years, [("2024/25", Some(4)), ("2025/26", Some(0))]);
    let (_, html) = page(&m, &b.url("/officer/report/trends?year=2025")).await;
    assert!(
        html.contains(r#"<section id="trends""#),
        "the trends page shows the trends"
    );
    assert!(html.contains("Trends over <!>2<!> years"));
    assert!(
        html.contains(r#"aria-describedby="table-trends""#),
        "a chart for its table"
    );
    assert!(html.contains("<svg"), "with a chart drawn on the server");

    // Importing a table again replaces it whole.
    let handling = &csvs.iter().find(|(id, _)| id == "handling").unwrap().1;
    // One statutory complaint fewer (the Change left for the import to work out).
    let fewer: String = handling
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            match cells[0] {
                "Stage 1 complaint (statutory procedure)" | "Contacts received" => {
                    let n: u64 = cells[1].parse().unwrap();
                    format!("{},{},{},\r\n", cells[0], n - 1, cells[2])
                }
                _ => format!("{l}\r\n"),
            }
        })
        .collect();
    let r = import(&m, &b, "2024", "handling", &fewer).await;
    assert!(location(&r).contains("replaced=1"), "{}", location(&r));
    let again = report(&m, &b, "2024").await;
    assert_eq!(
        count(
            &again,
            "handling",
            "Stage 1 complaint (statutory procedure)",
            1
        ),
        "3"
    );
    assert_eq!(
        count(&again, "channels", "Phone", 1),
        count(&counted, "channels", "Phone", 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_file_changes_nothing_and_the_page_says_what_is_wrong_on_which_line() {
    let s = TestServer::start().await;
    let m = officer(&s, "m@council.example", Role::Manager).await;
    let bad = "How handled,2019/20,2018/19,Change\r\n\
               Stage 1 complaint (statutory procedure),12,10,\r\n\
               \u{2003}of which withdrawn,lots,0,\r\n";
    // With JavaScript off: back to the page, which lists every problem and keeps the text.
    let r = import(&m, &s, "2019", "handling", bad).await;
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(imported_rows(&s), 0);
    assert_eq!(audited(&s, "imported figures of an earlier year"), 0);
    let (status, html) = page(&m, &s.url("/officer/report/import?year=2019")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Nothing was imported: put these right"),
        "{html}"
    );
    assert!(html.contains("Line 3: the 2019/20 figure for"), "{html}");
    assert!(html.contains("is missing"), "missing rows are named");
    assert!(
        html.contains("Stage 1 complaint (statutory procedure),12,10,"),
        "the text is kept"
    );
    let (_, html) = page(&m, &s.url("/officer/report/import?year=2019")).await;
    assert!(
        !html.contains("Nothing was imported: put these right"),
        "shown once"
    );
    // As a server function: 400 with the first problem in words.
    let r = officer_call(
        &m,
        &s,
        "/api/officer/import-figures",
        &[("year", "2019"), ("table", "handling"), ("csv", bad)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("Line 3"));
    // Not a table, not over yet.
    for (year, table) in [("2019", "no_such_table"), ("2099", "handling")] {
        let r = officer_call(
            &m,
            &s,
            "/api/officer/import-figures",
            &[("year", year), ("table", table), ("csv", bad)],
        )
        .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{year} {table}");
    }
    assert_eq!(imported_rows(&s), 0);
    // A link cannot make the page say anything: only fixed words for a status in the address.
    let crafted = "/officer/report/import?year=2019&__path=/api/officer/import-figures\
                   &__err=eyJzdGF0dXMiOjQwMCwibWVzc2FnZSI6IkNhbGwgMDgwMCAxMjMgU0NBTSBub3cifQ==";
    let (_, html) = page(&m, &s.url(crafted)).await;
    assert!(!html.contains("SCAM"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_managers_import_figures() {
    let s = TestServer::start().await;
    let csv = "Kind,2019/20,2018/19,Change\r\n";
    for role in [Role::Officer, Role::Auditor] {
        let c = officer(&s, &format!("{}@council.example", role.code()), role).await;
        let r = officer_call(
            &c,
            &s,
            "/api/officer/import-figures",
            &[
                ("year", "2019"),
                ("table", "contacts_by_kind"),
                ("csv", csv),
            ],
        )
        .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role:?}");
        let r = officer_call(&c, &s, "/api/officer/import-view", &[]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
    let r = browser()
        .post(s.url("/api/officer/import-figures"))
        .header("origin", s.base.clone())
        .form(&[
            ("year", "2019"),
            ("table", "contacts_by_kind"),
            ("csv", csv),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(imported_rows(&s), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_draft_reports_words_are_saved_per_year_and_audited() {
    let s = TestServer::start().await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    let words =
        "This year children told us more than ever.\r\n\r\nMost complaints were about <contact>.";
    let r = officer_post(
        &o,
        &s,
        "/api/officer/save-narrative",
        &[("year", "2024"), ("section", "summary"), ("text", words)],
    )
    .await;
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(
        location(&r),
        "/officer/report/draft?year=2024&saved=summary#summary"
    );
    let (status, html) = page(&o, &s.url("/officer/report/draft?year=2024&saved=summary")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<p>This year children told us more than ever.</p>"),
        "paragraphs"
    );
    assert!(
        html.contains("Most complaints were about &lt;contact&gt;."),
        "escaped"
    );
    assert!(html.contains("Last saved by"));
    for part in [
        "The complaints procedure",
        "What we learned and changed",
        "Equality",
        "The year ahead",
        "Trends over",
    ] {
        assert!(html.contains(part), "{part}");
    }
    // Per year: another year has its own words.
    let r = officer_call(&o, &s, "/api/officer/draft-report", &[("year", "2023")]).await;
    let other: DraftView = r.json().await.unwrap();
    assert!(other.sections.iter().all(|x| x.text.is_empty()));
    let r = officer_call(&o, &s, "/api/officer/draft-report", &[("year", "2024")]).await;
    let this: DraftView = r.json().await.unwrap();
    assert_eq!(
        this.sections[0].text,
        "This year children told us more than ever.\n\nMost complaints were about <contact>."
    );
    assert!(
        this.report.publishable,
        "a draft for publishing hides small counts"
    );
    // Saving again replaces; each save is audited.
    officer_post(
        &o,
        &s,
        "/api/officer/save-narrative",
        &[
            ("year", "2024"),
            ("section", "summary"),
            ("text", "Shorter."),
        ],
    )
    .await;
    let r = officer_call(&o, &s, "/api/officer/draft-report", &[("year", "2024")]).await;
    let this: DraftView = r.json().await.unwrap();
    assert_eq!(this.sections[0].text, "Shorter.");
    assert_eq!(audited(&s, "wrote in the draft yearly report"), 2);
    // Auditors read only; a section not on the list, or too long, is refused.
    let a = officer(&s, "a@council.example", Role::Auditor).await;
    let r = officer_call(
        &a,
        &s,
        "/api/officer/save-narrative",
        &[("year", "2024"), ("section", "summary"), ("text", "x")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = officer_call(
        &o,
        &s,
        "/api/officer/save-narrative",
        &[("year", "2024"), ("section", "foreword"), ("text", "x")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let long = "x".repeat(20_001);
    let r = officer_call(
        &o,
        &s,
        "/api/officer/save-narrative",
        &[("year", "2024"), ("section", "summary"), ("text", &long)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(audited(&s, "wrote in the draft yearly report"), 2);
}
