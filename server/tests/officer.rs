//! The officers' workspace against the real server: sign-in, sessions, roles, CSRF, audit, inbox.

mod common;
use app::api::officer::InboxView;
use app::domain::officer::Role;
use common::*;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_officer_function_needs_a_session() {
    let s = TestServer::start().await;
    let c = browser();
    for path in ["/api/officer/inbox", "/api/officer/change-password"] {
        let r = officer_call(&c, &s, path, &[("current", "x"), ("new", "y")]).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert!(r.text().await.unwrap().contains("Please sign in"), "{path}");
    }
    // Pages send anyone not signed in to the sign-in page.
    let r = c
        .get(s.url("/officer"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/officer/sign-in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_cross_site_posts_are_refused() {
    let s = TestServer::start().await;
    let c = officer(&s, "o@council.example", Role::Officer).await;
    let r = c
        .post(s.url("/api/officer/inbox"))
        .header("origin", "https://evil.example")
        .form(&[("page", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = c
        .post(s.url("/api/officer/inbox"))
        .form(&[("page", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "no Origin and no Referer"
    );
    let r = officer_call(&c, &s, "/api/officer/inbox", &[("page", "0")]).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_on_sign_out_and_after_30_idle_minutes() {
    let s = TestServer::start().await;
    let c = officer(&s, "o@council.example", Role::Officer).await;
    assert_eq!(
        officer_call(&c, &s, "/api/officer/inbox", &[])
            .await
            .status(),
        StatusCode::OK
    );
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    conn.execute(
        "UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00.000000Z'",
        [],
    )
    .unwrap();
    assert_eq!(
        officer_call(&c, &s, "/api/officer/inbox", &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    let c = officer(&s, "p@council.example", Role::Officer).await;
    let r = officer_post(&c, &s, "/api/officer/sign-out", &[]).await;
    assert_eq!(location(&r), "/officer/sign-in?out=1");
    assert_eq!(
        officer_call(&c, &s, "/api/officer/inbox", &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_needs_the_old_one_and_ends_other_sessions() {
    let s = TestServer::start().await;
    let (c, secret) = officer_and_secret(&s, "o@council.example", Role::Officer).await;
    let r = officer_post(
        &c,
        &s,
        "/api/officer/change-password",
        &[
            ("current", "wrong one here"),
            ("new", "a brand new long password"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/officer/account?e=current");
    let r = officer_post(
        &c,
        &s,
        "/api/officer/change-password",
        &[("current", "a long test password"), ("new", "short")],
    )
    .await;
    assert_eq!(location(&r), "/officer/account?e=new");
    let r = officer_post(
        &c,
        &s,
        "/api/officer/change-password",
        &[
            ("current", "a long test password"),
            ("new", "a brand new long password"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/officer/sign-in?changed=1");
    assert_eq!(
        officer_call(&c, &s, "/api/officer/inbox", &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(
            &c,
            &s,
            "o@council.example",
            "a brand new long password",
            &secret
        )
        .await,
        "/officer"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_shows_unsafe_messages_first_and_every_look_is_audited() {
    let s = TestServer::start().await;
    let _ = complaint(&s).await;
    let young = browser();
    post_redirect(&young, &s.url("/api/intake/unsafe"), &[]).await;
    let _ = complaint(&s).await;

    let c = officer(&s, "o@council.example", Role::Officer).await;
    let r = officer_call(&c, &s, "/api/officer/inbox", &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let inbox: InboxView = r.json().await.unwrap();
    assert_eq!(inbox.total, 3);
    assert!(inbox.lines[0].urgent, "I don't feel safe comes first");
    assert_eq!(inbox.lines[0].kind, "I don't feel safe");
    assert!(!inbox.lines[1].urgent);
    assert!(
        inbox.lines.iter().all(|l| l.rag.is_some()),
        "every open case shows its deadline colour"
    );

    // Filter by kind and search by reference.
    let r = officer_call(&c, &s, "/api/officer/inbox", &[("kind", "complaint")]).await;
    let only: InboxView = r.json().await.unwrap();
    assert_eq!(only.total, 2);
    let wanted = only.lines[1].reference.to_lowercase();
    let r = officer_call(&c, &s, "/api/officer/inbox", &[("reference", &wanted)]).await;
    let found: InboxView = r.json().await.unwrap();
    assert_eq!(found.total, 1);

    // The page itself, without JavaScript.
    let (status, html) = page(&c, &s.url("/officer")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("URGENT"));

    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let looks: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed inbox' AND user_email = 'o@council.example'", [], |r| r.get(0))
        .unwrap();
    assert!(looks >= 4, "every look is in the audit log, got {looks}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_decide_who_manages_accounts_and_reads_the_audit_log() {
    let s = TestServer::start().await;
    let officer_c = officer(&s, "o@council.example", Role::Officer).await;
    let auditor_c = officer(&s, "a@council.example", Role::Auditor).await;
    let manager_c = officer(&s, "m@council.example", Role::Manager).await;
    let new_user = [
        ("email", "new@council.example"),
        ("name", "New Person"),
        ("role", "officer"),
        ("password", "a long first password"),
    ];

    for (c, who) in [(&officer_c, "officer"), (&auditor_c, "auditor")] {
        assert_eq!(
            officer_call(c, &s, "/api/officer/users", &[])
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
        assert_eq!(
            officer_call(c, &s, "/api/officer/create-user", &new_user)
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    assert_eq!(
        officer_call(&officer_c, &s, "/api/officer/audit", &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        officer_call(&browser(), &s, "/api/officer/audit", &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        officer_call(&browser(), &s, "/api/officer/users", &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        officer_call(&browser(), &s, "/api/officer/create-user", &new_user)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    let r = officer_post(&manager_c, &s, "/api/officer/create-user", &new_user).await;
    assert_eq!(location(&r), "/officer/users?created=1");
    let r = officer_post(&manager_c, &s, "/api/officer/create-user", &new_user).await;
    assert_eq!(location(&r), "/officer/users?e=taken");
    let c = browser();
    let r = officer_post(
        &c,
        &s,
        "/api/officer/sign-in",
        &[
            ("email", "NEW@council.example"),
            ("password", "a long first password"),
        ],
    )
    .await;
    assert_eq!(
        location(&r),
        "/officer/two-factor/setup",
        "emails are not case-sensitive; the first sign-in sets up the second factor"
    );

    let r = officer_call(&auditor_c, &s, "/api/officer/audit", &[]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let lines = r
        .json::<app::api::officer::AuditView>()
        .await
        .unwrap()
        .lines;
    assert!(lines
        .iter()
        .any(|l| l.action == "created account" && l.who == "m@council.example"));
    assert!(lines
        .iter()
        .any(|l| l.action == "password accepted" && l.who == "new@council.example"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_from_other_channels_are_recorded_once_with_their_channel() {
    let s = TestServer::start().await;
    let c = officer(&s, "o@council.example", Role::Officer).await;
    let auditor = officer(&s, "a@council.example", Role::Auditor).await;
    assert_eq!(
        officer_call(&auditor, &s, "/api/officer/form-token", &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let token: String = officer_call(&c, &s, "/api/officer/form-token", &[])
        .await
        .json()
        .await
        .unwrap();
    let form = [
        ("token", token.as_str()),
        ("kind", "complaint"),
        ("channel", "phone"),
        ("who", "parent"),
        ("service", "My social worker"),
        ("summary", "Mum rang: no reply to three voicemails."),
        ("phone", "0113 496 0000"),
    ];
    let r = officer_call(&auditor, &s, "/api/officer/record-contact", &form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let first = location(&officer_post(&c, &s, "/api/officer/record-contact", &form).await);
    let again = location(&officer_post(&c, &s, "/api/officer/record-contact", &form).await);
    assert!(first.starts_with("/officer/case/SU-"), "{first}");
    assert_eq!(first, again, "the same form twice is one record");
    assert_eq!(s.count(), 1);
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let channel: String = conn
        .query_row("SELECT channel FROM submissions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(channel, "phone");
    let bad = [
        ("token", token.as_str()),
        ("kind", "complaint"),
        ("channel", "pigeon"),
        ("who", "parent"),
        ("service", "My social worker"),
        ("summary", "x"),
    ];
    assert_eq!(
        location(&officer_post(&c, &s, "/api/officer/record-contact", &bad).await),
        "/officer/new?e=channel"
    );
}
