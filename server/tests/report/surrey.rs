//! A year shaped like Surrey's 2012/13 report (`shared/seeds/000_36f76029a6d83654.txt`),
//! entered through the officers' own server functions (as 2024/25, inside the shipped
//! bank-holiday calendar) and checked on the report page: 274 complaints; by outcome upheld 40,
//! partly upheld 70, not upheld 104, not applicable 50 (and 10 withdrawn, still counted);
//! 143 resolved by an explanation; Stage 1 within 10 working days 47 %, within 20 71 %, average
//! 17.5; 36 with a justified extension; 13 Ombudsman enquiries, 3 investigations, 2 local
//! settlements, 1 no maladministration; 39 complaints from young people. Then a manager closes
//! the year and a later change leaves its figures as they were.

use super::common::*;
use super::{act, count};
use app::api::officer::ReportView;
use app::domain::calendar::add_working_days;
use app::domain::officer::Role;
use chrono::{Days, NaiveDate};
use reqwest::{Client, StatusCode};

const CATEGORIES: [&str; 3] = ["Quality of service", "Decision making", "Communication"];

/// The page's text of one report section (tags and comments dropped, spaces collapsed).
pub(super) fn section_text(html: &str, id: &str) -> String {
    let at = html
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id} on the page: {html}"));
    let start = html[..at].rfind("<section").expect("a section");
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html[start..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts the section shows `row` followed by this year's figure.
fn shows(html: &str, id: &str, row: &str, figure: &str) {
    let text = section_text(html, id);
    let wanted = format!("{row} {figure} ");
    assert!(text.contains(&wanted), "{id}: no \"{wanted}\" in: {text}");
}

async fn record(
    o: &Client,
    s: &TestServer,
    received: NaiveDate,
    who: &str,
    category: &str,
) -> String {
    let received_on = received.to_string();
    let reference = record_contact(
        o,
        s,
        &[
            ("kind", "complaint"),
            ("channel", "phone"),
            ("who", who),
            ("service", "My social worker"),
            ("summary", "A complaint"),
            ("received", &received_on),
            ("gender", "prefer_not"),
        ],
    )
    .await;
    act(
        o,
        s,
        &reference,
        "triage",
        &[
            ("decision", "statutory"),
            ("on", &received.to_string()),
            ("reason", "A complaint about the service"),
        ],
    )
    .await;
    act(o, s, &reference, "concern", &[("category", category)]).await;
    reference
}

async fn report_page(c: &Client, s: &TestServer) -> String {
    let (status, html) = page(c, &s.url("/officer/report?year=2024")).await;
    assert_eq!(status, StatusCode::OK);
    html
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_page_shows_a_year_shaped_like_surrey_2012_13_and_keeps_it_once_closed() {
    let s = TestServer::start_with(|c| {
        c.site.categories = CATEGORIES.iter().map(|c| c.to_string()).collect();
    })
    .await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    let first = NaiveDate::from_ymd_opt(2024, 4, 2).unwrap();
    let last_receipt = NaiveDate::from_ymd_opt(2025, 2, 28).unwrap();
    let mut day = first;
    let mut references = Vec::new();
    for n in 0..274usize {
        // 39 of the 274 from young people themselves.
        let who = if n % 7 == 3 { "in_care" } else { "parent" };
        let reference = record(&o, &s, day, who, CATEGORIES[n % 3]).await;
        let on = |d: NaiveDate| d.to_string();
        let outcome = |concern: &'static str, outcome: &'static str| {
            [("concern", concern), ("outcome", outcome)]
        };
        match n {
            0..40 => act(&o, &s, &reference, "outcome", &outcome("0", "upheld")).await,
            // Partly upheld: one concern partly upheld, or two concerns of which one upheld.
            40..110 if n % 2 == 0 => {
                act(
                    &o,
                    &s,
                    &reference,
                    "concern",
                    &[("category", CATEGORIES[0])],
                )
                .await;
                act(&o, &s, &reference, "outcome", &outcome("0", "upheld")).await;
                act(&o, &s, &reference, "outcome", &outcome("1", "not_upheld")).await;
            }
            40..110 => {
                act(
                    &o,
                    &s,
                    &reference,
                    "outcome",
                    &outcome("0", "partly_upheld"),
                )
                .await
            }
            110..214 => act(&o, &s, &reference, "outcome", &outcome("0", "not_upheld")).await,
            214..264 => {
                act(
                    &o,
                    &s,
                    &reference,
                    "outcome",
                    &outcome("0", "not_applicable"),
                )
                .await
            }
            _ => {
                let withdrawn = on(add_working_days(day, 3));
                act(&o, &s, &reference, "withdraw", &[("on", &withdrawn)]).await;
            }
        }
        if n < 264 {
            // 124 within 10 working days, 63 in 11-20, 77 over 20: 47 %, 71 %, 17.5 days.
            let days = match n {
                0..124 => 10,
                124..187 => 20,
                187..223 => 27,
                _ => 28,
            };
            if (124..160).contains(&n) {
                let reason = if n % 2 == 0 {
                    "An advocate was asked for"
                } else {
                    "It crosses more than one team"
                };
                act(
                    &o,
                    &s,
                    &reference,
                    "extend",
                    &[("days", "20"), ("reason", reason)],
                )
                .await;
            }
            let responded = add_working_days(day, days);
            act(&o, &s, &reference, "respond", &[("on", &on(responded))]).await;
            if n < 143 {
                act(
                    &o,
                    &s,
                    &reference,
                    "remedy",
                    &[("kind", "explanation"), ("on", &on(responded))],
                )
                .await;
            }
            if n < 13 {
                let enquiry = responded + Days::new(5);
                let finding = match n {
                    0 | 1 => "local_settlement",
                    2 => "no_maladministration",
                    _ => "not_investigated",
                };
                act(
                    &o,
                    &s,
                    &reference,
                    "ombudsman_enquiry",
                    &[("on", &on(enquiry))],
                )
                .await;
                act(
                    &o,
                    &s,
                    &reference,
                    "ombudsman_finding",
                    &[("finding", finding), ("on", &on(enquiry + Days::new(20)))],
                )
                .await;
            }
        }
        references.push(reference);
        day = add_working_days(day, 1);
        if day > last_receipt {
            day = first;
        }
    }

    let check = |html: &str| {
        shows(
            html,
            "handling",
            "Stage 1 complaint (statutory procedure)",
            "274",
        );
        shows(html, "handling", "of which withdrawn", "10");
        let outcomes = "stage1_complaint_outcomes";
        shows(html, outcomes, "Upheld", "40");
        shows(html, outcomes, "Partly upheld", "70");
        shows(html, outcomes, "Not upheld", "104");
        shows(html, outcomes, "Not applicable", "50");
        shows(html, outcomes, "Withdrawn", "10");
        shows(html, outcomes, "Stage 1 complaints", "274");
        shows(html, "remedies", "Explanation", "143");
        let s1 = "stage1_timeliness";
        shows(html, s1, "Responded within 10 working days (%)", "47%");
        shows(html, s1, "Responded within 20 working days (%)", "71%");
        shows(html, s1, "Average working days to respond", "17.5");
        shows(
            html,
            "stage1_extensions",
            "Complaints with an extension",
            "36",
        );
        shows(
            html,
            "stage1_agreed_timescale",
            "Within the agreed timescale",
            "160",
        );
        shows(html, "ombudsman_enquiries", "Enquiries received", "13");
        shows(html, "ombudsman_enquiries", "of which investigations", "3");
        let f = "ombudsman";
        shows(
            html,
            f,
            "Local settlement (the council agreed to put it right)",
            "2",
        );
        shows(html, f, "No fault (no maladministration)", "1");
        shows(html, f, "Not investigated", "10");
        shows(html, "advocacy", "Contacts from young people", "39");
        shows(html, "channels", "Phone", "274");
        // Asked by the officer who recorded the call, counted like the form's answers.
        shows(html, "equality_gender", "Prefer not to say", "274");
        // The unit is written under each table.
        assert!(section_text(html, outcomes).contains("Each complaint once"));
        assert!(section_text(html, "concerns_by_category").contains("concerns, not complaints"));
    };
    let html = report_page(&o, &s).await;
    check(&html);
    assert!(!html.contains("Closed by"));
    assert!(
        !html.contains("and keep its figures"),
        "officers cannot close a year"
    );

    // The same figures from the report's own data.
    let r = officer_call(&o, &s, "/api/officer/report", &[("year", "2024")]).await;
    let view: ReportView = r.json().await.unwrap();
    assert_eq!(count(&view, "stage1_complaint_outcomes", "Upheld", 1), "40");
    assert!(!view.can_close);

    // Only a manager closes a year.
    let refused = officer_call(&o, &s, "/api/officer/close-year", &[("year", "2024")]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let m = officer(&s, "m@council.example", Role::Manager).await;
    assert!(report_page(&m, &s).await.contains("and keep its figures"));
    let not_over = officer_call(&m, &s, "/api/officer/close-year", &[("year", "2099")]).await;
    assert_eq!(not_over.status(), StatusCode::BAD_REQUEST);
    // With JavaScript off a refusal comes back in the address; only fixed words are shown, so
    // a crafted link cannot make the page say anything else.
    let crafted = "/officer/report?year=2024&__path=/api/officer/close-year\
                   &__err=eyJzdGF0dXMiOjQwMCwibWVzc2FnZSI6IkNhbGwgMDgwMCAxMjMgU0NBTSBub3cifQ==";
    let (status, html) = page(&m, &s.url(crafted)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("SCAM"), "text from the address was shown");
    assert!(html.contains("This year is not over yet, so it cannot be closed."));
    let closed = officer_post(&m, &s, "/api/officer/close-year", &[("year", "2024")]).await;
    assert!(closed.status().is_redirection(), "{}", closed.status());
    let again = officer_call(&m, &s, "/api/officer/close-year", &[("year", "2024")]).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // Later: an upheld complaint is withdrawn and a forgotten letter from that year recorded.
    act(&o, &s, &references[0], "withdraw", &[("on", "2025-06-02")]).await;
    record(
        &o,
        &s,
        NaiveDate::from_ymd_opt(2024, 9, 2).unwrap(),
        "parent",
        CATEGORIES[0],
    )
    .await;
    let html = report_page(&o, &s).await;
    check(&html);
    assert!(
        html.contains("Closed by"),
        "the page says the figures are kept"
    );
    let audited: i64 = rusqlite::Connection::open(&s.db)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'closed a year of the yearly report'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
}
