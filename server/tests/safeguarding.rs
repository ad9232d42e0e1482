//! "I don't feel safe" is a safety alert, not a complaint, for staff too: the case page leads
//! with the safeguarding contact and a deadline in hours, offers no complaint actions, records
//! passing it on and the outcome (timeline and audit), the inbox lists alerts apart, the report
//! counts them apart, and an alert nobody passes on in time emails a manager exactly once.
//! Time is moved forward with a fake clock (`Config::clock`).

mod common;
use app::api::officer::{CaseView, InboxView};
use app::api::state::Clock;
use app::domain::officer::Role;
use app::domain::safeguarding::{cover_at, Cover};
use common::*;
use reqwest::{Client, StatusCode};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

const CONTACT: &str = "Front door 0300 000 0000";
const OUT_OF_HOURS: &str = "Emergency duty team 0300 000 0001";

/// A server whose clock runs `offset` seconds ahead of the real one, checking for overdue
/// alerts every second.
async fn server(offset: Arc<AtomicI64>) -> TestServer {
    TestServer::start_with(move |c| {
        c.site.safeguarding.contact = CONTACT.into();
        c.site.safeguarding.out_of_hours = OUT_OF_HOURS.into();
        c.site.safeguarding.rules.deadline_hours = 2;
        c.safeguarding_check = std::time::Duration::from_secs(1);
        c.clock = Clock::from_fn(move || {
            chrono::Utc::now() + chrono::Duration::seconds(offset.load(Ordering::SeqCst))
        });
    })
    .await
}

/// Presses "I don't feel safe" (the real server function) and adds words; returns the reference.
async fn unsafe_message(s: &TestServer, words: &str) -> String {
    let c = browser();
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/unsafe"), &[]).await,
        "/unsafe"
    );
    post_redirect(
        &c,
        &s.url("/api/intake/unsafe-details"),
        &[("f[what_happened]", words)],
    )
    .await;
    let (_, html) = page(&c, &s.url("/unsafe")).await;
    find_reference(&html).expect("reference shown")
}

async fn case(c: &Client, s: &TestServer, reference: &str) -> CaseView {
    let r = officer_call(c, s, "/api/officer/case", &[("reference", reference)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn inbox(c: &Client, s: &TestServer) -> InboxView {
    let r = officer_call(c, s, "/api/officer/inbox", &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// Posts to the safety-alert server function as the case page's form does; returns where it
/// redirected (the case page, with `?error=` when something was wrong).
async fn record(
    c: &Client,
    s: &TestServer,
    reference: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> String {
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
    let r = officer_post(c, s, "/api/officer/safeguarding", &pairs).await;
    assert!(r.status().is_redirection(), "{action}: {}", r.status());
    location(&r)
}

fn escalation_mails(s: &TestServer) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT to_address, subject, body FROM outbox
             WHERE subject LIKE '%not passed on in time%' ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsafe_message_is_a_safety_alert_with_its_own_page_and_actions() {
    let s = server(Arc::new(AtomicI64::new(0))).await;
    let reference = unsafe_message(&s, "Someone at home hurts me").await;
    let o = officer(&s, "o@council.example", Role::Officer).await;

    // The page (server-rendered, JavaScript off) leads with what to do now.
    let (status, html) = page(&o, &s.url(&format!("/officer/case/{reference}"))).await;
    assert_eq!(status, StatusCode::OK);
    let lead = html
        .find("Do this now")
        .unwrap_or_else(|| panic!("leads with what to do now, got: {html}"));
    assert!(lead < html.find("What they told us").expect("words shown"));
    assert!(html.contains(CONTACT) && html.contains(OUT_OF_HOURS));
    assert!(html.contains("2 hours"));
    assert!(html.contains("Someone at home hurts me"));
    for complaint_only in [
        "Triage decision",
        "Ombudsman",
        "Move to the next stage",
        "Acknowledge the complaint",
    ] {
        assert!(!html.contains(complaint_only), "{complaint_only} offered");
    }
    assert!(html.contains("Passed to safeguarding"));

    // The same through the server function the page uses.
    let v = case(&o, &s, &reference).await;
    let safety = v.safety.clone().expect("a safety alert");
    assert!(v.deadlines.is_empty(), "no complaint deadlines");
    assert_eq!(safety.hours, 2);
    assert_eq!(safety.rag.as_deref(), Some("green"));
    let now = chrono::Utc::now();
    let rules = app::domain::safeguarding::SafeguardingRules::default();
    assert_eq!(safety.in_hours, cover_at(now, &rules) == Cover::DutyTeam);
    assert!(safety.cover_now.contains(cover_at(now, &rules).label()));
    assert!(safety.can_pass_on && !safety.can_record_outcome);

    // The inbox counts it apart, with its deadline in hours.
    let i = inbox(&o, &s).await;
    assert_eq!(i.alerts.len(), 1);
    assert_eq!(i.alerts[0].reference, reference);
    assert_eq!(i.alerts[0].due, safety.due);
    assert_eq!(i.alerts[0].rag.as_deref(), Some("green"));
    let line = i.lines.iter().find(|l| l.reference == reference).unwrap();
    assert_eq!(
        line.due.as_deref(),
        Some(safety.due.as_str()),
        "hours, not days"
    );

    // Complaint actions are refused on an alert; a note is fine.
    let triage = officer_call(
        &o,
        &s,
        "/api/officer/case-action",
        &[
            ("reference", reference.as_str()),
            ("action", "triage"),
            ("f[decision]", "statutory"),
            ("f[reason]", "x"),
        ],
    )
    .await;
    assert_eq!(triage.status(), StatusCode::BAD_REQUEST);
    assert!(triage.text().await.unwrap().contains("safety alert"));
    let note = officer_post(
        &o,
        &s,
        "/api/officer/case-action",
        &[
            ("reference", reference.as_str()),
            ("action", "note"),
            ("f[text]", "Tried the front door, line busy"),
        ],
    )
    .await;
    assert!(note.status().is_redirection());

    // Mistakes come back with a message; nothing is recorded.
    let back = format!("/officer/case/{reference}");
    let r = record(&o, &s, &reference, "outcome", &[("outcome", "social_care")]).await;
    // Only known codes travel in the URL (the page shows the fixed words for each).
    assert_eq!(r, format!("{back}?error=alert-pass-first"));
    let r = record(&o, &s, &reference, "passed_on", &[("to", " ")]).await;
    assert!(r.ends_with("error=alert-to-whom"), "{r}");
    let r = record(
        &o,
        &s,
        &reference,
        "passed_on",
        &[("to", "MASH"), ("at", "2099-01-01T10:00")],
    )
    .await;
    assert!(r.contains("future"), "{r}");
    let bad = officer_call(
        &o,
        &s,
        "/api/officer/safeguarding",
        &[("reference", reference.as_str()), ("action", "ombudsman")],
    )
    .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    // Passed to safeguarding: when, to whom, by the signed-in officer.
    assert_eq!(
        record(
            &o,
            &s,
            &reference,
            "passed_on",
            &[("to", "MASH duty social worker")]
        )
        .await,
        back
    );
    let v = case(&o, &s, &reference).await;
    let safety = v.safety.clone().unwrap();
    let passed = safety.passed_on.clone().expect("recorded");
    assert!(passed.contains("MASH duty social worker") && passed.contains("Test Person"));
    assert_eq!(safety.rag, None, "the clock stops once passed on");
    assert!(safety.can_record_outcome && !safety.can_pass_on);
    assert!(v
        .timeline
        .iter()
        .any(|e| e.what == "Passed to safeguarding" && e.who == "Test Person"));

    // The outcome: "no further action" needs a reason.
    let r = record(
        &o,
        &s,
        &reference,
        "outcome",
        &[("outcome", "no_further_action")],
    )
    .await;
    assert!(r.ends_with("error=alert-reason"), "{r}");
    let r = record(&o, &s, &reference, "outcome", &[("outcome", "nonsense")]).await;
    assert!(r.ends_with("error=alert-outcome"), "{r}");
    assert_eq!(
        record(&o, &s, &reference, "outcome", &[("outcome", "social_care")]).await,
        back
    );
    let v = case(&o, &s, &reference).await;
    let safety = v.safety.unwrap();
    assert_eq!(safety.status, "Outcome recorded");
    assert_eq!(
        safety.outcome.as_deref(),
        Some("Referred to children's social care")
    );
    assert!(v.timeline.iter().any(|e| e.what == "Safeguarding outcome"));
    assert!(inbox(&o, &s).await.alerts.is_empty(), "done: off the list");

    // The young person also wants to complain: a separate complaint, linked both ways.
    let (status, html) = page(&o, &s.url(&format!("/officer/new?from={reference}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("name=\"from_alert\" value=\"{reference}\"")));
    let complaint = record_contact(
        &o,
        &s,
        &[
            ("kind", "complaint"),
            ("channel", "phone"),
            ("who", "in_care"),
            ("service", "My social worker"),
            ("summary", "Wants to complain that nobody visits"),
            ("from_alert", reference.as_str()),
        ],
    )
    .await;
    assert!(complaint.starts_with("SU-") && complaint != reference);
    let v = case(&o, &s, &complaint).await;
    assert!(v.safety.is_none(), "the new one is a complaint");
    assert!(v
        .timeline
        .iter()
        .any(|e| e.what == "Opened from a safety alert" && e.detail == reference));
    let alert_view = case(&o, &s, &reference).await;
    assert!(alert_view.safety.is_some(), "the alert stays an alert");
    assert!(alert_view
        .timeline
        .iter()
        .any(|e| e.what == "Separate complaint opened" && e.detail == complaint));
    // Pointing "from_alert" at something that is not a safety alert is refused.
    let token: String = officer_call(&o, &s, "/api/officer/form-token", &[])
        .await
        .json()
        .await
        .unwrap();
    let not_alert = officer_call(
        &o,
        &s,
        "/api/officer/record-contact",
        &[
            ("token", token.as_str()),
            ("kind", "complaint"),
            ("channel", "phone"),
            ("who", "in_care"),
            ("service", "My social worker"),
            ("summary", "x"),
            ("from_alert", complaint.as_str()),
        ],
    )
    .await;
    assert_eq!(not_alert.status(), StatusCode::BAD_REQUEST);

    // Both were audited.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'recorded on safety alert'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 2);

    // The yearly report counts it as a safety alert passed on in time, not as a complaint.
    let year = app::domain::calendar::financial_year_start(app::domain::uk_time::uk_date(now));
    let report = app::api::officer::build_from(s.running.store.as_ref(), "demo", year).unwrap();
    let t = report.table("safety_alerts").unwrap();
    assert_eq!(t.total.as_ref().unwrap().this_year, 1);
    assert_eq!(t.row("in_time").unwrap().this_year, 1);
    assert_eq!(t.measures[0].this_year_cases, 1);
    let handled = report
        .table("handling")
        .unwrap()
        .total
        .as_ref()
        .unwrap()
        .this_year;
    assert_eq!(
        handled, 1,
        "only the separate complaint is handled as a contact"
    );

    // Roles are checked on the server: auditors read only, nobody signed in gets nothing.
    let auditor = officer(&s, "a@council.example", Role::Auditor).await;
    let form = [("reference", reference.as_str()), ("action", "passed_on")];
    assert_eq!(
        officer_call(&auditor, &s, "/api/officer/safeguarding", &form)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        officer_call(&browser(), &s, "/api/officer/safeguarding", &form)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert!(case(&auditor, &s, &reference).await.safety.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_nobody_passes_on_in_time_emails_a_manager_once() {
    let offset = Arc::new(AtomicI64::new(0));
    let s = server(offset.clone()).await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    officer(&s, "manager@council.example", Role::Manager).await;
    let forgotten = unsafe_message(&s, "Someone at home hurts me").await;
    let handled = unsafe_message(&s, "I am scared of my carer").await;
    assert_eq!(
        record(&o, &s, &handled, "passed_on", &[("to", "Duty team")]).await,
        format!("/officer/case/{handled}")
    );

    // Within the time nothing is sent.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(escalation_mails(&s).is_empty());

    // Ninety minutes on: amber, still nothing.
    offset.store(90 * 60, Ordering::SeqCst);
    let v = case(&o, &s, &forgotten).await;
    assert_eq!(v.safety.unwrap().rag.as_deref(), Some("amber"));
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert!(escalation_mails(&s).is_empty());

    // Two hours and a minute on: red, and one email to the manager.
    offset.store(121 * 60, Ordering::SeqCst);
    let mut mails = Vec::new();
    for _ in 0..40 {
        mails = escalation_mails(&s);
        if !mails.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert_eq!(mails.len(), 1, "one email, for the forgotten alert only");
    let (to, subject, body) = &mails[0];
    assert_eq!(to, "manager@council.example");
    assert!(subject.starts_with("URGENT") && subject.contains(&forgotten));
    assert!(body.contains(&format!("/officer/case/{forgotten}")));
    assert!(
        !body.contains("hurts") && !body.contains("scared"),
        "never the words"
    );

    // Later checks (and more time) do not send it again.
    offset.store(5 * 3600, Ordering::SeqCst);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(escalation_mails(&s).len(), 1);

    let v = case(&o, &s, &forgotten).await;
    let safety = v.safety.unwrap();
    assert_eq!(safety.rag.as_deref(), Some("red"));
    assert!(safety.escalated.is_some());
    assert!(v
        .timeline
        .iter()
        .any(|e| e.what == "Escalated to a manager"));
    let i = inbox(&o, &s).await;
    let line = i.alerts.iter().find(|a| a.reference == forgotten).unwrap();
    assert_eq!(line.rag.as_deref(), Some("red"));
    assert_eq!(i.alerts.len(), 2, "the handled one waits for its outcome");

    // Passing it on late is still recorded, and counted as late in the report.
    record(
        &o,
        &s,
        &forgotten,
        "passed_on",
        &[("to", "Out-of-hours team")],
    )
    .await;
    let year = app::domain::calendar::financial_year_start(app::domain::uk_time::uk_date(
        chrono::Utc::now(),
    ));
    let report = app::api::officer::build_from(s.running.store.as_ref(), "demo", year).unwrap();
    assert_eq!(
        report
            .table("safety_alerts")
            .unwrap()
            .row("late")
            .unwrap()
            .this_year,
        1
    );
    assert_eq!(
        report
            .table("safety_alerts")
            .unwrap()
            .row("in_time")
            .unwrap()
            .this_year,
        1
    );
}
