//! A case from triage to close through the officers' server functions, against the real
//! server: the state machine, refusals, permissions, the young person's progress page and the
//! update emails.

mod common;
use app::api::officer::CaseView;
use app::domain::case_file::ContactStatus;
use app::domain::officer::Role;
use common::*;
use reqwest::{Client, StatusCode};

/// A complaint whose writer wants email updates and typed some HTML. Returns (reference, code).
async fn complaint_with_email(s: &TestServer) -> (String, String) {
    let c = browser();
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "complaint")]).await;
    save(s, &c, "who", &[("who", "care_leaver")]).await;
    save(
        s,
        &c,
        "what",
        &[
            ("service", "Leaving care (my personal adviser)"),
            (
                "what_happened",
                "<script>alert('x')</script> My PA missed 3 meetings",
            ),
        ],
    )
    .await;
    save(s, &c, "when", &[("when", "recent")]).await;
    save(s, &c, "help", &[("advocate_wanted", "yes")]).await;
    save(
        s,
        &c,
        "contact",
        &[("contact_by", "email"), ("email", "sam@example.org")],
    )
    .await;
    save(s, &c, "about-you", &[("skip", "1")]).await;
    post_redirect(&c, &s.url("/api/intake/send"), &[]).await;
    let (_, html) = page(&c, &s.url("/tell/done")).await;
    (find_reference(&html).unwrap(), find_code(&html).unwrap())
}

async fn act(
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
    let r = officer_post(c, s, "/api/officer/case-action", &pairs).await;
    assert!(r.status().is_redirection(), "{action}: {}", r.status());
    location(&r)
}

async fn case(c: &Client, s: &TestServer, reference: &str) -> CaseView {
    let r = officer_call(c, s, "/api/officer/case", &[("reference", reference)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn progress_text(s: &TestServer, reference: &str, code: &str) -> String {
    let b = browser();
    post_redirect(
        &b,
        &s.url("/api/progress/check"),
        &[("reference", reference), ("code", code)],
    )
    .await;
    page(&b, &s.url("/progress/status")).await.1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_goes_from_triage_to_close_and_the_young_person_sees_each_step() {
    let key = db_key();
    let k = key.clone();
    let s = TestServer::start_with(move |c| {
        c.public_url = "https://speakup.example".into();
        c.db_key = k;
    })
    .await;
    let (reference, code) = complaint_with_email(&s).await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    let back = format!("/officer/case/{reference}");

    let v = case(&o, &s, &reference).await;
    assert_eq!(v.status, ContactStatus::Received);
    assert!(
        v.words
            .iter()
            .any(|w| w.answer == "<script>alert('x')</script> My PA missed 3 meetings"),
        "exactly as written"
    );
    let (_, html) = page(&o, &s.url(&back)).await;
    assert!(
        html.contains("&lt;script&gt;alert("),
        "and safely escaped on the page"
    );
    assert!(!html.contains("<script>alert("));
    assert!(progress_text(&s, &reference, &code)
        .await
        .contains("The Children's Rights team will read it"));

    // The young person's service suggests a team; a service is not a team.
    assert_eq!(
        case(&o, &s, &reference).await.suggested_team.as_deref(),
        Some("Leaving care team")
    );
    let refused = act(
        &o,
        &s,
        &reference,
        "triage",
        &[
            ("decision", "statutory"),
            ("on", ""),
            ("reason", "A care leaver complains about the service"),
            ("team", "Leaving care (my personal adviser)"),
        ],
    )
    .await;
    assert!(refused.ends_with("?error=team"), "{refused}");
    assert_eq!(
        case(&o, &s, &reference).await.status,
        ContactStatus::Received,
        "nothing recorded"
    );
    assert_eq!(
        act(
            &o,
            &s,
            &reference,
            "triage",
            &[
                ("decision", "statutory"),
                ("on", ""),
                ("reason", "A care leaver complains about the service"),
                ("team", "Leaving care team")
            ]
        )
        .await,
        back
    );
    let v = case(&o, &s, &reference).await;
    assert_eq!(v.status, ContactStatus::Open);
    assert_eq!(v.stage.as_deref(), Some("Stage 1 (local resolution)"));
    assert_eq!(v.service.as_deref(), Some("Leaving care team"));
    assert!(
        v.timeline
            .iter()
            .any(|e| e.detail.contains("Reason: A care leaver complains")),
        "the reason is on the timeline"
    );
    let due_before: Vec<String> = v.deadlines.iter().map(|d| d.due.clone()).collect();
    assert!(progress_text(&s, &reference, &code)
        .await
        .contains("We are looking into your complaint (step 1)"));

    let people = v.people.clone();
    let me = people
        .iter()
        .find(|p| p.1 == "Test Person")
        .unwrap()
        .0
        .to_string();
    assert_eq!(
        act(
            &o,
            &s,
            &reference,
            "assign",
            &[("owner", &me), ("manager", &me)]
        )
        .await,
        back
    );
    act(
        &o,
        &s,
        &reference,
        "concern",
        &[("category", "Communication")],
    )
    .await;
    act(
        &o,
        &s,
        &reference,
        "concern",
        &[("category", "Delay in decision or service")],
    )
    .await;
    act(
        &o,
        &s,
        &reference,
        "advocate",
        &[("step", "referred"), ("provider", "Coram Voice")],
    )
    .await;
    act(
        &o,
        &s,
        &reference,
        "extend",
        &[("days", "20"), ("reason", "An advocate was requested")],
    )
    .await;
    let v = case(&o, &s, &reference).await;
    assert_eq!(v.owner.as_ref().map(|o| o.1.as_str()), Some("Test Person"));
    assert_eq!(v.concerns.len(), 2);
    let due_after: Vec<String> = v.deadlines.iter().map(|d| d.due.clone()).collect();
    assert_ne!(
        due_before, due_after,
        "the extension moves the Stage 1 deadline"
    );

    act(
        &o,
        &s,
        &reference,
        "outcome",
        &[("concern", "0"), ("outcome", "upheld")],
    )
    .await;
    act(
        &o,
        &s,
        &reference,
        "outcome",
        &[("concern", "1"), ("outcome", "not_upheld")],
    )
    .await;
    act(
        &o,
        &s,
        &reference,
        "learning",
        &[
            ("what", "Reply within 2 days"),
            ("owner", "Leaving care manager"),
            ("due", "2027-03-31"),
        ],
    )
    .await;
    act(&o, &s, &reference, "respond", &[]).await;
    act(&o, &s, &reference, "close", &[]).await;
    let v = case(&o, &s, &reference).await;
    assert_eq!(v.status, ContactStatus::Closed);
    assert_eq!(v.concerns[0].outcome.as_deref(), Some("Upheld"));
    assert_eq!(v.concerns[1].outcome.as_deref(), Some("Not upheld"));
    assert!(v.timeline.len() >= 10, "every change is on the timeline");
    let text = progress_text(&s, &reference, &code).await;
    assert!(
        text.contains("We have finished looking at your complaint"),
        "{text}"
    );
    assert!(
        !text.contains("Test Person"),
        "no staff names for the young person"
    );

    // Updates by email at each change of stage: no details, a link to check progress.
    let conn = open_db(&s.db, key.as_ref());
    let mails: Vec<(String, String)> = conn
        .prepare("SELECT to_address, body FROM outbox WHERE to_address = 'sam@example.org'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(mails.len() >= 2, "triage and close, got {}", mails.len());
    assert!(mails
        .iter()
        .all(|(_, b)| b.contains("https://speakup.example/progress") && !b.contains("PA missed")));
    let audited: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'changed case' AND reference = ?1",
            [&reference],
            |r| r.get(0),
        )
        .unwrap();
    assert!(audited >= 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impossible_moves_are_refused_with_a_message() {
    let s = TestServer::start().await;
    let (reference, _) = complaint_with_email(&s).await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    let refused = act(
        &o,
        &s,
        &reference,
        "outcome",
        &[("concern", "0"), ("outcome", "upheld")],
    )
    .await;
    assert!(refused.contains("?error="), "{refused}");
    let refused = act(&o, &s, &reference, "triage", &[("decision", "statutory")]).await;
    assert!(
        refused.contains("?error="),
        "a triage decision needs a reason: {refused}"
    );
    act(
        &o,
        &s,
        &reference,
        "triage",
        &[
            ("decision", "statutory"),
            ("reason", "A complaint by a care leaver"),
        ],
    )
    .await;
    let refused = act(&o, &s, &reference, "escalate", &[("to", "stage3")]).await;
    assert!(
        refused.contains("?error="),
        "Stage 3 before Stage 2: {refused}"
    );
    let refused = act(
        &o,
        &s,
        &reference,
        "extend",
        &[("days", "30"), ("reason", "x")],
    )
    .await;
    assert!(
        refused.contains("?error="),
        "Stage 1 cannot go past 20 days"
    );
    act(
        &o,
        &s,
        &reference,
        "concern",
        &[("category", "Communication")],
    )
    .await;
    act(&o, &s, &reference, "withdraw", &[]).await;
    let refused = act(
        &o,
        &s,
        &reference,
        "outcome",
        &[("concern", "0"), ("outcome", "upheld")],
    )
    .await;
    assert!(
        refused.contains("?error="),
        "no outcome on a withdrawn case"
    );
    let (_, html) = page(&o, &s.url(&refused)).await;
    assert!(html.contains("That was not recorded"));
    let refused = act(&o, &s, &reference, "fly", &[]).await;
    assert!(refused.contains("?error="));
    let v = case(&o, &s, &reference).await;
    assert_eq!(v.status, ContactStatus::Withdrawn);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case_functions_check_the_role_on_the_server() {
    let s = TestServer::start().await;
    let (reference, _) = complaint_with_email(&s).await;
    let nobody = browser();
    let auditor = officer(&s, "a@council.example", Role::Auditor).await;
    let form = [("reference", reference.as_str()), ("action", "close")];
    assert_eq!(
        officer_call(
            &nobody,
            &s,
            "/api/officer/case",
            &[("reference", &reference)]
        )
        .await
        .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        officer_call(&nobody, &s, "/api/officer/case-action", &form)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        officer_call(
            &auditor,
            &s,
            "/api/officer/case",
            &[("reference", &reference)]
        )
        .await
        .status(),
        StatusCode::OK,
        "auditors read"
    );
    assert_eq!(
        officer_call(&auditor, &s, "/api/officer/case-action", &form)
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "but change nothing"
    );
    assert_eq!(
        officer_call(&nobody, &s, "/api/officer/form-token", &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        officer_call(
            &nobody,
            &s,
            "/api/officer/record-contact",
            &[("token", "x")]
        )
        .await
        .status(),
        StatusCode::BAD_REQUEST,
        "missing fields are a 400 before anything else"
    );
    let o = officer(&s, "o@council.example", Role::Officer).await;
    assert_eq!(
        officer_call(
            &o,
            &s,
            "/api/officer/case",
            &[("reference", "SU-0000-0000")]
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
}

/// The cell in `table`'s row starting with `row` (an "of which" row's indent ignored), this
/// year's column.
fn report_cell(r: &app::api::officer::ReportView, table: &str, row: &str) -> String {
    let t = r.tables.iter().find(|t| t.id == table).expect(table);
    let line = t
        .rows
        .iter()
        .find(|l| l[0].trim_start_matches('\u{2003}').starts_with(row))
        .unwrap_or_else(|| panic!("{table}: row {row} in {:?}", t.rows));
    line[1].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_stage_2_request_is_explained_to_the_young_person_and_counted_by_its_reason() {
    let s = TestServer::start().await;
    let (reference, code) = complaint_with_email(&s).await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    let ok = |loc: String| assert!(!loc.contains("?error="), "{loc}");
    ok(act(
        &o,
        &s,
        &reference,
        "triage",
        &[("decision", "statutory"), ("reason", "A complaint")],
    )
    .await);
    ok(act(&o, &s, &reference, "acknowledge", &[]).await);
    ok(act(
        &o,
        &s,
        &reference,
        "concern",
        &[("category", "Communication")],
    )
    .await);
    let v = case(&o, &s, &reference).await;
    assert_eq!(v.next_step.as_deref(), Some("outcome"));
    ok(act(
        &o,
        &s,
        &reference,
        "outcome",
        &[("concern", "0"), ("outcome", "not_upheld")],
    )
    .await);
    ok(act(&o, &s, &reference, "respond", &[]).await);

    // Before Stage 2 is asked for, declining it is not offered, and the page says why.
    let v = case(&o, &s, &reference).await;
    let decline = v.steps.iter().find(|(c, _)| c == "stage2_decline").unwrap();
    assert!(decline.1.is_some(), "{:?}", v.steps);
    let refused = act(
        &o,
        &s,
        &reference,
        "stage2_decline",
        &[("reason", "out_of_time"), ("detail", "Too late")],
    )
    .await;
    assert!(refused.contains("?error="), "{refused}");

    // A request missing what they are unhappy with is refused with a message, not lost.
    let refused = act(
        &o,
        &s,
        &reference,
        "stage2_request",
        &[("by", "care_leaver")],
    )
    .await;
    assert!(refused.contains("?error="), "{refused}");
    ok(act(
        &o,
        &s,
        &reference,
        "stage2_request",
        &[
            ("by", "care_leaver"),
            ("unhappy_with", "My PA still does not turn up"),
        ],
    )
    .await);
    let v = case(&o, &s, &reference).await;
    assert_eq!(v.next_step.as_deref(), Some("stage2_agreed"));
    assert!(v
        .steps
        .iter()
        .any(|(c, refused)| c == "stage2_decline" && refused.is_none()));
    assert!(progress_text(&s, &reference, &code)
        .await
        .contains("You asked us to look at your complaint again (step 2)"));

    // A reason outside the statutory list cannot be posted.
    let refused = act(
        &o,
        &s,
        &reference,
        "stage2_decline",
        &[("reason", "too_busy"), ("detail", "No capacity")],
    )
    .await;
    assert!(refused.contains("?error="), "{refused}");
    ok(act(
        &o,
        &s,
        &reference,
        "stage2_decline",
        &[
            ("reason", "court_proceedings"),
            ("detail", "The family court is deciding this."),
        ],
    )
    .await);
    let v = case(&o, &s, &reference).await;
    let summary = v.stage2_request.clone().unwrap();
    assert!(
        summary.contains("Declined: The subject of court or tribunal proceedings"),
        "{summary}"
    );
    assert_eq!(v.next_step.as_deref(), Some("close"));
    // No investigation follows a decline: the response is refused, with the reason on the page.
    let respond = v.steps.iter().find(|(c, _)| c == "respond").unwrap();
    assert!(respond.1.as_deref().unwrap().contains("no investigation"));
    let (_, html) = page(&o, &s.url(&format!("/officer/case/{reference}"))).await;
    assert!(html.contains("id=\"other-actions\""));
    assert!(html.contains("there is no investigation"));

    let progress = progress_text(&s, &reference, &code).await;
    assert!(
        progress.contains("We have decided not to look at your complaint again (step 2)"),
        "{progress}"
    );
    assert!(progress.contains("Ombudsman"));
    assert!(
        !progress.contains("family court"),
        "the officer's detail stays with officers"
    );

    // The young person asked for email updates: the request and the decline are news, without
    // details (the letter and the progress page say what happened).
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let bodies: Vec<String> = conn
        .prepare("SELECT body FROM outbox WHERE to_address = 'sam@example.org' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Triage, the Stage 2 request and the decline.
    assert_eq!(bodies.len(), 3, "{bodies:?}");
    assert!(bodies
        .iter()
        .all(|b| !b.contains("court") && b.contains("/progress")));

    let year = app::domain::calendar::financial_year_start(app::domain::uk_time::uk_date(
        chrono::Utc::now(),
    ));
    let r = officer_call(
        &o,
        &s,
        "/api/officer/report",
        &[("year", &year.to_string())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let report: app::api::officer::ReportView = r.json().await.unwrap();
    assert_eq!(report_cell(&report, "stage2_requests", "Declined"), "1");
    assert_eq!(
        report_cell(&report, "stage2_requests", "The subject of court"),
        "1"
    );
    assert_eq!(report_cell(&report, "stage2_requests", "Accepted"), "0");
}
