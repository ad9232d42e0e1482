//! Safe on a shared phone, hard to flood (issue 7), against the real server with JavaScript
//! off: what the next person on the device can reach after a child sends, what the database
//! keeps, cross-site posts, and the intake rate limits.

mod common;
use common::*;
use reqwest::header::SET_COOKIE;
use reqwest::StatusCode;

/// Every byte of the database (main file and write-ahead log).
fn db_bytes(s: &TestServer) -> Vec<u8> {
    let mut all = std::fs::read(&s.db).unwrap_or_default();
    let mut wal = s.db.clone().into_os_string();
    wal.push("-wal");
    all.extend(std::fs::read(wal).unwrap_or_default());
    all
}

/// A form post (as a browser with JavaScript off) carrying one extra header.
async fn post_with(
    c: &reqwest::Client,
    url: String,
    header: &str,
    value: &str,
) -> reqwest::Response {
    c.post(url)
        .header(header, value)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
}

/// The values of the first column of a query.
fn column<T: rusqlite::types::FromSql>(s: &TestServer, sql: &str) -> Vec<T> {
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sending_nothing_of_the_message_can_be_seen_again_from_that_browser() {
    let s = TestServer::start().await;
    let (c, done) = complaint(&s).await;
    assert_eq!(done, "/tell/done");
    let (_, first) = page(&c, &s.url("/tell/done")).await;
    let reference = find_reference(&first).expect("reference shown once");
    let code = find_code(&first).expect("code shown once");
    // Back, reload, reopen: none of the words, the reference or the code.
    for path in [
        "/tell/done",
        "/tell/copy",
        "/tell/what",
        "/tell/check",
        "/tell/contact",
        "/unsafe",
    ] {
        let (_, html) = page(&c, &s.url(path)).await;
        assert!(!html.contains(&reference), "{path} shows the reference");
        assert!(!html.contains(&code), "{path} shows the code");
        assert!(
            !html.contains("never calls me back"),
            "{path} shows the words"
        );
        assert!(
            !html.contains("07700 900123"),
            "{path} shows the phone number"
        );
    }
    // The download link of the copy is gone with the page.
    let r = c.get(s.url("/tell/copy")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // The draft on the server keeps no words, and the code is nowhere in the database.
    let bytes = db_bytes(&s);
    assert!(
        !contains(&bytes, &code),
        "the code is stored somewhere in plain text"
    );
    let drafts: Vec<String> = column(&s, "SELECT data FROM drafts");
    assert!(
        drafts.iter().all(|d| !d.contains("never calls")),
        "{drafts:?}"
    );
    // ... and the message itself is safe.
    let (_, status) = {
        let c2 = browser();
        let r = post_form(
            &c2,
            &s.url("/api/progress/check"),
            &[("reference", reference.as_str()), ("code", code.as_str())],
        )
        .await;
        (location(&r), page(&c2, &s.url("/progress/status")).await.1)
    };
    assert!(status.contains(&reference), "the code still works");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_draft_cookie_ends_when_the_message_is_sent() {
    let s = TestServer::start().await;
    let c = browser();
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "advocate")]).await;
    save(&s, &c, "who", &[("who", "in_care")]).await;
    save(&s, &c, "help-with", &[("help_with", "A meeting")]).await;
    save(&s, &c, "contact", &[("contact_by", "none")]).await;
    save(&s, &c, "about-you", &[("skip", "1")]).await;
    let r = post_form(&c, &s.url("/api/intake/send"), &[]).await;
    assert_eq!(location(&r), "/tell/done");
    let cookies: Vec<String> = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("su_draft=;") && c.contains("Max-Age=0")),
        "{cookies:?}"
    );
    let receipt = cookies
        .iter()
        .find(|c| c.starts_with("su_receipt="))
        .expect("a receipt cookie");
    assert!(receipt.contains("Max-Age=600") && receipt.contains("HttpOnly"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finish_clears_this_device_and_only_from_our_own_pages() {
    let s = TestServer::start().await;
    let (c, _) = complaint(&s).await;
    // From another site: refused, nothing cleared.
    let r = post_with(&c, s.url("/finish"), "sec-fetch-site", "cross-site").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_with(&c, s.url("/finish"), "sec-fetch-site", "same-origin").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    assert!(r.headers().get("clear-site-data").is_some());
    // The confirmation, not yet opened, is gone too.
    let (_, html) = page(&c, &s.url("/tell/done")).await;
    assert!(find_code(&html).is_none());
    assert!(html.contains("There is nothing to show here"));
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "finish deletes the sent draft's tombstone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_added_after_i_dont_feel_safe_are_not_kept_on_the_device_and_the_page_forgets() {
    let s = TestServer::start().await;
    let c = browser();
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/unsafe"), &[]).await,
        "/unsafe"
    );
    let said = "My uncle shouts at night";
    assert_eq!(
        post_redirect(
            &c,
            &s.url("/api/intake/unsafe-details"),
            &[("f[what_happened]", said), ("f[phone]", "07700 900456")]
        )
        .await,
        "/unsafe?added=1"
    );
    let (_, html) = page(&c, &s.url("/unsafe?added=1")).await;
    assert!(html.contains("We have added this"));
    assert!(!html.contains(said) && !html.contains("900456"));
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let data: String = conn
        .query_row("SELECT data FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert!(
        !data.contains("uncle") && !data.contains("900456"),
        "{data}"
    );
    // Half an hour later the page no longer says a safety message was sent from here.
    conn.execute(
        "UPDATE drafts SET updated_at = ?1",
        [(chrono::Utc::now() - chrono::Duration::minutes(31))
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)],
    )
    .unwrap();
    let (_, html) = page(&c, &s.url("/unsafe")).await;
    assert!(!html.contains("SU-"), "the reference is gone");
    assert!(!html.contains("We have told our team"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_view_tokens_are_stored_hashed() {
    let s = TestServer::start().await;
    let (c, _) = complaint(&s).await;
    let (_, html) = page(&c, &s.url("/tell/done")).await;
    let (reference, code) = (find_reference(&html).unwrap(), find_code(&html).unwrap());
    let c2 = browser();
    let r = post_form(
        &c2,
        &s.url("/api/progress/check"),
        &[("reference", reference.as_str()), ("code", code.as_str())],
    )
    .await;
    let cookie = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("su_progress="))
        .map(|v| v.split(';').next().unwrap().to_string())
        .expect("progress cookie");
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let stored: String = conn
        .query_row("SELECT token FROM progress_views", [], |r| r.get(0))
        .unwrap();
    assert_ne!(stored, cookie);
    assert!(!contains(&db_bytes(&s), &cookie));
    // A successful look is recorded in the audit log.
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'progress viewed' AND reference = ?1",
            [&reference],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_site_post_to_every_api_route_is_refused() {
    let s = TestServer::start().await;
    let c = browser();
    let paths: Vec<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(paths.len() > 10, "{paths:?}");
    for path in paths
        .iter()
        .chain(&["/finish".to_string(), "/leave".to_string()])
    {
        for header in [
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ] {
            let r = c
                .post(s.url(path))
                .header(header.0, header.1)
                .form(&[("kind", "complaint")])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path} with {header:?}");
        }
    }
    assert_eq!(s.count(), 0);
    // Our own pages: a browser says same-origin, an older one sends Origin: null.
    for header in [("sec-fetch-site", "same-origin"), ("origin", "null")] {
        let r = c
            .post(s.url("/api/intake/unsafe"))
            .header(header.0, header.1)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/unsafe", "{header:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_31st_message_from_one_address_in_an_hour_is_429_while_another_address_works() {
    let s = TestServer::start_with(|c| {
        c.trusted_proxies = server::http::client_addr::TrustedProxies::parse("127.0.0.1").unwrap()
    })
    .await;
    let c = browser();
    let from = |ip: &'static str| {
        let c = c.clone();
        let url = s.url("/api/intake/send");
        async move {
            c.post(url)
                .header("x-forwarded-for", ip)
                .header("accept", "text/html")
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..30 {
        assert!(from("203.0.113.7").await.status().is_redirection());
    }
    let r = from("203.0.113.7").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Please wait a while") && html.contains("999"),
        "{html}"
    );
    assert!(from("203.0.113.8").await.status().is_redirection());
    // "I don't feel safe" past the limit: one more still gets through, then slowed.
    let unsafe_from = |ip: &'static str| {
        let c = browser();
        let url = s.url("/api/intake/unsafe");
        async move {
            c.post(url)
                .header("x-forwarded-for", ip)
                .header("accept", "text/html")
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert!(unsafe_from("203.0.113.7").await.is_redirection());
    assert_eq!(s.count(), 1, "stored, not dropped");
    assert_eq!(
        unsafe_from("203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_headers_are_ignored_unless_the_peer_is_a_trusted_proxy() {
    let s = TestServer::start().await;
    let c = browser();
    for i in 0..30 {
        let r = post_with(
            &c,
            s.url("/api/intake/send"),
            "x-forwarded-for",
            &format!("198.51.100.{i}"),
        )
        .await;
        assert_ne!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    let r = post_with(
        &c,
        s.url("/api/intake/send"),
        "x-forwarded-for",
        "198.51.100.99",
    )
    .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_urgent_messages_from_one_place_is_flagged_and_emailed_as_a_digest() {
    let s = TestServer::start_with(|c| {
        c.trusted_proxies = server::http::client_addr::TrustedProxies::parse("127.0.0.1").unwrap();
        c.rights_email = Some("rights@council.example".into());
    })
    .await;
    for _ in 0..6 {
        let r = browser()
            .post(s.url("/api/intake/unsafe"))
            .header("x-forwarded-for", "203.0.113.50")
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        assert!(r.status().is_redirection());
    }
    // Someone else, elsewhere, at the same time: an ordinary urgent message.
    browser()
        .post(s.url("/api/intake/unsafe"))
        .header("x-forwarded-for", "198.51.100.1")
        .send()
        .await
        .unwrap();
    assert_eq!(s.count(), 7, "nothing dropped");
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let flagged: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM submissions WHERE possible_flood = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(flagged, 3, "the 4th, 5th and 6th from one place");
    let subjects: Vec<String> = column(&s, "SELECT subject FROM outbox ORDER BY id");
    assert_eq!(subjects.len(), 5, "{subjects:?}");
    assert_eq!(
        subjects
            .iter()
            .filter(|s| s.contains("possible flood"))
            .count(),
        1,
        "one digest, not one email per message: {subjects:?}"
    );
    // No address is stored, only a keyed hash of it.
    let sources: Vec<Option<String>> = column(&s, "SELECT DISTINCT source FROM submissions");
    assert_eq!(sources.len(), 2);
    assert!(!contains(&db_bytes(&s), "203.0.113.50"));
    // The inbox shows the burst as one line, and keeps the flagged ones out of the list.
    let officer = officer(&s, "o@council.example", app::domain::officer::Role::Officer).await;
    let inbox: app::api::officer::InboxView = officer_call(&officer, &s, "/api/officer/inbox", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(inbox.floods.len(), 1);
    assert_eq!(inbox.floods[0].count, 3);
    assert_eq!(
        inbox.total, 4,
        "three ordinary from one place, one from elsewhere"
    );
    assert_eq!(
        inbox.alerts.len(),
        4,
        "flagged ones are not escalated one by one"
    );
    let only: app::api::officer::InboxView = officer_call(
        &officer,
        &s,
        "/api/officer/inbox",
        &[("flood", inbox.floods[0].source.as_str())],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(only.total, 3);
}
