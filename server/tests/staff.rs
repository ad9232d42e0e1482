//! Staff sign-in an information-governance lead would sign off (issue 7), against the real
//! server: the second factor, growing pauses, managers' account changes, cookies over https.

mod common;
use app::domain::officer::Role;
use common::*;
use reqwest::StatusCode;

async fn status_of(c: &reqwest::Client, s: &TestServer, path: &str) -> StatusCode {
    officer_call(c, s, path, &[]).await.status()
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = html.find(start)? + start.len();
    let j = html[i..].find(end)?;
    Some(&html[i..i + j])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_without_the_second_factor_fails() {
    let s = TestServer::start().await;
    let (_, secret) = account(&s, "o@council.example", Role::Officer);
    let c = browser();
    let r = officer_post(
        &c,
        &s,
        "/api/officer/sign-in",
        &[("email", "o@council.example"), ("password", TEST_PASSWORD)],
    )
    .await;
    assert_eq!(location(&r), "/officer/two-factor");
    let (status, html) = page(&c, &s.url("/officer/two-factor")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("name=\"code\"") && html.contains("autocomplete=\"one-time-code\""));
    // The password alone opens nothing.
    assert_eq!(
        status_of(&c, &s, "/api/officer/inbox").await,
        StatusCode::UNAUTHORIZED
    );
    let r = c
        .get(s.url("/officer"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/officer/sign-in", "no inbox before the code");
    // A wrong code, or no code, is refused.
    for code in ["000000", "", "not a code"] {
        let r = officer_post(&c, &s, "/api/officer/two-factor", &[("code", code)]).await;
        assert_eq!(location(&r), "/officer/two-factor?e=code", "{code:?}");
    }
    assert_eq!(
        status_of(&c, &s, "/api/officer/inbox").await,
        StatusCode::UNAUTHORIZED
    );
    let code = totp_code(&secret).await;
    let r = officer_post(&c, &s, "/api/officer/two-factor", &[("code", &code)]).await;
    assert_eq!(location(&r), "/officer");
    assert_eq!(
        status_of(&c, &s, "/api/officer/inbox").await,
        StatusCode::OK
    );

    // The same code cannot be used again (RFC 6238 §5.2), even with the right password.
    let other = browser();
    officer_post(
        &other,
        &s,
        "/api/officer/sign-in",
        &[("email", "o@council.example"), ("password", TEST_PASSWORD)],
    )
    .await;
    let r = officer_post(&other, &s, "/api/officer/two-factor", &[("code", &code)]).await;
    assert_eq!(
        location(&r),
        "/officer/two-factor?e=code",
        "a replayed code"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_sign_in_sets_up_the_authenticator_and_recovery_codes_work_once() {
    let s = TestServer::start().await;
    let manager = officer(&s, "m@council.example", Role::Manager).await;
    let new_user = [
        ("email", "new@council.example"),
        ("name", "New Person"),
        ("role", "officer"),
        ("password", "a long first password"),
    ];
    let r = officer_post(&manager, &s, "/api/officer/create-user", &new_user).await;
    assert_eq!(location(&r), "/officer/users?created=1");
    let c = browser();
    let r = officer_post(
        &c,
        &s,
        "/api/officer/sign-in",
        &[
            ("email", "new@council.example"),
            ("password", "a long first password"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/officer/two-factor/setup");
    assert_eq!(
        status_of(&c, &s, "/api/officer/inbox").await,
        StatusCode::UNAUTHORIZED
    );
    // The set-up page (JavaScript off) shows the key as text and as an otpauth:// address.
    let (status, html) = page(&c, &s.url("/officer/two-factor/setup")).await;
    assert_eq!(status, StatusCode::OK);
    let secret = between(&html, "id=\"totp-secret\" class=\"secret\">", "<")
        .expect("secret on the page")
        .to_string();
    assert!(
        html.contains("otpauth://totp/Speak%20Up:new%40council.example?secret="),
        "{html}"
    );
    let (_, again) = page(&c, &s.url("/officer/two-factor/setup")).await;
    assert!(
        again.contains(&secret),
        "the same key until it is confirmed"
    );
    let r = officer_post(
        &c,
        &s,
        "/api/officer/two-factor-confirm",
        &[("code", "123")],
    )
    .await;
    assert_eq!(location(&r), "/officer/two-factor/setup?e=code");
    let code = totp_code(&secret).await;
    let r = officer_post(
        &c,
        &s,
        "/api/officer/two-factor-confirm",
        &[("code", &code)],
    )
    .await;
    assert_eq!(location(&r), "/officer/recovery-codes");
    let (_, html) = page(&c, &s.url("/officer/recovery-codes")).await;
    let list = between(&html, "id=\"recovery-codes\"", "</ul>").expect("codes shown");
    let codes: Vec<String> = list
        .split("<code>")
        .skip(1)
        .filter_map(|x| x.split("</code>").next())
        .map(str::to_string)
        .collect();
    assert_eq!(codes.len(), 10, "{list}");
    let (_, html) = page(&c, &s.url("/officer/recovery-codes")).await;
    assert!(!html.contains(&codes[0]), "shown only once");
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let stored: String = conn
        .query_row("SELECT code_hash FROM recovery_codes LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(!codes.contains(&stored), "stored hashed");

    // A recovery code signs in once.
    for (attempt, expected) in [(1, "/officer"), (2, "/officer/two-factor?e=code")] {
        let c = browser();
        officer_post(
            &c,
            &s,
            "/api/officer/sign-in",
            &[
                ("email", "new@council.example"),
                ("password", "a long first password"),
            ],
        )
        .await;
        let typed = codes[3].to_lowercase().replace('-', " ");
        let r = officer_post(&c, &s, "/api/officer/two-factor", &[("code", &typed)]).await;
        assert_eq!(location(&r), expected, "attempt {attempt}");
    }
}

async fn password_try(
    s: &TestServer,
    email: &str,
    password: &str,
) -> (StatusCode, String, Vec<u8>, std::time::Duration) {
    let c = browser();
    let started = std::time::Instant::now();
    let r = officer_post(
        &c,
        s,
        "/api/officer/sign-in",
        &[("email", email), ("password", password)],
    )
    .await;
    let status = r.status();
    let to = location(&r);
    let body = r.bytes().await.unwrap().to_vec();
    (status, to, body, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_pause_needs_five_new_failures_and_answers_never_differ() {
    let s = TestServer::start().await;
    let (_, secret) = account(&s, "m@council.example", Role::Manager);
    let wrong = password_try(&s, "m@council.example", "not the password").await;
    assert_eq!(wrong.1, "/officer/sign-in?e=failed");
    for _ in 0..4 {
        password_try(&s, "m@council.example", "not the password").await;
    }
    // Paused: even the right password gets the same answer as a wrong one, and as an unknown
    // email, byte for byte, after at least as long.
    let paused = password_try(&s, "m@council.example", TEST_PASSWORD).await;
    let unknown = password_try(&s, "nobody@council.example", "whatever it is").await;
    let wrong_again = password_try(&s, "m@council.example", "still not it").await;
    for (what, t) in [
        ("paused", &paused),
        ("unknown", &unknown),
        ("wrong", &wrong_again),
    ] {
        assert_eq!((t.0, &t.1, &t.2), (wrong.0, &wrong.1, &wrong.2), "{what}");
        assert!(
            t.3 >= std::time::Duration::from_millis(650),
            "{what} took {:?}",
            t.3
        );
    }
    // The pause ends (here: moved into the past). It takes five new failures to pause again.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    conn.execute(
        "UPDATE users SET locked_until = '2000-01-01T00:00:00.000000Z'",
        [],
    )
    .unwrap();
    for _ in 0..4 {
        password_try(&s, "m@council.example", "not the password").await;
    }
    let c = browser();
    assert_eq!(
        sign_in(&c, &s, "m@council.example", TEST_PASSWORD, &secret).await,
        "/officer",
        "four failures after a pause do not pause again"
    );
    let lines: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'account paused after too many failures'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lines, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_password_guesses_are_throttled_and_common_passwords_refused() {
    let s = TestServer::start().await;
    let c = officer(&s, "o@council.example", Role::Officer).await;
    let r = officer_post(
        &c,
        &s,
        "/api/officer/change-password",
        &[("current", TEST_PASSWORD), ("new", "000000000000")],
    )
    .await;
    assert_eq!(location(&r), "/officer/account?e=new", "a common password");
    for _ in 0..5 {
        let r = officer_post(
            &c,
            &s,
            "/api/officer/change-password",
            &[
                ("current", "a wrong guess here"),
                ("new", "a brand new long password"),
            ],
        )
        .await;
        assert_eq!(location(&r), "/officer/account?e=current");
    }
    let r = officer_post(
        &c,
        &s,
        "/api/officer/change-password",
        &[
            ("current", TEST_PASSWORD),
            ("new", "a brand new long password"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/officer/account?e=paused", "guessing pauses");
    let manager = officer(&s, "m@council.example", Role::Manager).await;
    let r = officer_post(
        &manager,
        &s,
        "/api/officer/create-user",
        &[
            ("email", "x@council.example"),
            ("name", "X"),
            ("role", "officer"),
            ("password", "Password1234"),
        ],
    )
    .await;
    assert_eq!(location(&r), "/officer/users?e=password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_unlock_deactivate_reactivate_and_reset_colleagues() {
    let s = TestServer::start().await;
    let manager = officer(&s, "m@council.example", Role::Manager).await;
    let (id, secret) = account(&s, "o@council.example", Role::Officer);
    let colleague = browser();
    assert_eq!(
        sign_in(&colleague, &s, "o@council.example", TEST_PASSWORD, &secret).await,
        "/officer"
    );
    let id = id.to_string();
    let act = |action: &'static str| {
        let id = id.clone();
        let (m, s) = (&manager, &s);
        async move {
            location(
                &officer_post(
                    m,
                    s,
                    "/api/officer/manage-account",
                    &[("user_id", &id), ("action", action)],
                )
                .await,
            )
        }
    };
    // Not for officers.
    let r = officer_call(
        &colleague,
        &s,
        "/api/officer/manage-account",
        &[("user_id", "1"), ("action", "unlock")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Deactivating ends the colleague's session at once, and they cannot sign in.
    assert_eq!(act("deactivate").await, "/officer/users?done=deactivate");
    assert_eq!(
        status_of(&colleague, &s, "/api/officer/inbox").await,
        StatusCode::UNAUTHORIZED
    );
    let c = browser();
    assert_eq!(
        sign_in(&c, &s, "o@council.example", TEST_PASSWORD, &secret).await,
        "/officer/sign-in?e=failed"
    );
    assert_eq!(act("reactivate").await, "/officer/users?done=reactivate");
    assert_eq!(
        sign_in(&c, &s, "o@council.example", TEST_PASSWORD, &secret).await,
        "/officer"
    );

    // Unlock ends a pause.
    for _ in 0..5 {
        password_try(&s, "o@council.example", "not the password").await;
    }
    assert_eq!(
        sign_in(&browser(), &s, "o@council.example", TEST_PASSWORD, &secret).await,
        "/officer/sign-in?e=failed"
    );
    assert_eq!(act("unlock").await, "/officer/users?done=unlock");
    assert_eq!(
        sign_in(&browser(), &s, "o@council.example", TEST_PASSWORD, &secret).await,
        "/officer"
    );

    // Reset: a temporary password shown once to the manager; the old password and
    // authenticator stop working; a new password first, then the second factor again.
    assert_eq!(act("reset").await, "/officer/users?done=reset");
    assert_eq!(
        status_of(&c, &s, "/api/officer/inbox").await,
        StatusCode::UNAUTHORIZED
    );
    let (_, html) = page(&manager, &s.url("/officer/users?done=reset")).await;
    let temporary = between(&html, "<code>", "</code>")
        .expect("temporary password")
        .to_string();
    let (_, html) = page(&manager, &s.url("/officer/users")).await;
    assert!(!html.contains(&temporary), "shown once");
    assert_eq!(
        sign_in(&browser(), &s, "o@council.example", TEST_PASSWORD, &secret).await,
        "/officer/sign-in?e=failed"
    );
    let c = browser();
    let r = officer_post(
        &c,
        &s,
        "/api/officer/sign-in",
        &[("email", "o@council.example"), ("password", &temporary)],
    )
    .await;
    assert_eq!(location(&r), "/officer/new-password");
    assert_eq!(
        status_of(&c, &s, "/api/officer/inbox").await,
        StatusCode::UNAUTHORIZED
    );
    let r = officer_post(
        &c,
        &s,
        "/api/officer/new-password",
        &[("new", "000000000000")],
    )
    .await;
    assert_eq!(location(&r), "/officer/new-password?e=new");
    let r = officer_post(
        &c,
        &s,
        "/api/officer/new-password",
        &[("new", "my own long password")],
    )
    .await;
    assert_eq!(location(&r), "/officer/sign-in?changed=1");
    let r = officer_post(
        &c,
        &s,
        "/api/officer/sign-in",
        &[
            ("email", "o@council.example"),
            ("password", "my own long password"),
        ],
    )
    .await;
    assert_eq!(
        location(&r),
        "/officer/two-factor/setup",
        "the second factor is set up again"
    );

    // A manager cannot do these to themselves; each change is audited.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let own: i64 = conn
        .query_row(
            "SELECT id FROM users WHERE email = 'm@council.example'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let r = officer_post(
        &manager,
        &s,
        "/api/officer/manage-account",
        &[("user_id", &own.to_string()), ("action", "deactivate")],
    )
    .await;
    assert_eq!(location(&r), "/officer/users?e=self");
    for action in [
        "deactivated account",
        "reactivated account",
        "unlocked account",
        "reset account",
    ] {
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM audit_log WHERE action = ?1 AND user_email = 'm@council.example'", [action], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1, "{action}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_resets_and_unlocks() {
    let s = TestServer::start().await;
    let (_, secret) = account(&s, "m@council.example", Role::Manager);
    for _ in 0..5 {
        password_try(&s, "m@council.example", "not the password").await;
    }
    server::users::unlock_user(&s.running.store, "demo", "m@council.example").unwrap();
    assert_eq!(
        sign_in(&browser(), &s, "m@council.example", TEST_PASSWORD, &secret).await,
        "/officer"
    );
    let temporary =
        server::users::reset_user(&s.running.store, "demo", "m@council.example").unwrap();
    let r = officer_post(
        &browser(),
        &s,
        "/api/officer/sign-in",
        &[("email", "m@council.example"), ("password", &temporary)],
    )
    .await;
    assert_eq!(location(&r), "/officer/new-password");
    assert!(server::users::reset_user(&s.running.store, "demo", "nobody@council.example").is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_cookies_are_secure_and_host_prefixed_with_hsts() {
    let s = TestServer::start_with(|c| {
        c.public_url = "https://speakup.council.example".into();
        c.secure_cookies = true;
        c.db_key = db_key();
    })
    .await;
    account(&s, "o@council.example", Role::Officer);
    let r = officer_post(
        &browser(),
        &s,
        "/api/officer/sign-in",
        &[("email", "o@council.example"), ("password", TEST_PASSWORD)],
    )
    .await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(cookie.starts_with("__Host-su_officer="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    let r = browser().get(s.url("/")).send().await.unwrap();
    assert_eq!(
        r.headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000; includeSubDomains")
    );
    // Plain http (local): no HSTS.
    let local = TestServer::start().await;
    let r = browser().get(local.url("/")).send().await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_accounts_never_exist_over_https_and_go_when_the_flag_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("speakup.db");
    let mut config = server::config::Config::for_tests(db.clone());
    config.demo_accounts = true;
    // Over https (with a database key, so the refusal is the demo accounts' alone).
    let mut https = config.clone();
    https.public_url = "https://speakup.council.example".into();
    https.secure_cookies = true;
    https.db_key = db_key();
    assert!(server::start(https).await.is_err(), "refused over https");

    let running = server::start(config.clone()).await.unwrap();
    let s = TestServer {
        base: format!("http://{}", running.addr),
        running,
        db: db.clone(),
        _dir: None,
    };
    let c = browser();
    assert_eq!(
        sign_in(
            &c,
            &s,
            "officer@demo.invalid",
            "demo officer password",
            server::users::DEMO_TOTP_SECRET
        )
        .await,
        "/officer",
        "the documented demo secret works"
    );
    s.stop();
    let s = TestServer::start_on(db).await; // flag off
    assert_eq!(
        status_of(&c, &s, "/api/officer/inbox").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(
            &browser(),
            &s,
            "officer@demo.invalid",
            "demo officer password",
            server::users::DEMO_TOTP_SECRET
        )
        .await,
        "/officer/sign-in?e=failed"
    );
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_known_error_codes_travel_in_urls_and_categories_come_from_the_list() {
    let s = TestServer::start().await;
    let (_, done) = complaint(&s).await;
    assert!(done.starts_with("/tell/done"), "{done}");
    let c = officer(&s, "o@council.example", Role::Officer).await;
    let inbox: app::api::officer::InboxView = officer_call(&c, &s, "/api/officer/inbox", &[])
        .await
        .json()
        .await
        .unwrap();
    let reference = inbox.lines[0].reference.clone();
    let action = |name: &'static str, field: &'static str, value: &'static str| {
        let (c, s, reference) = (&c, &s, reference.clone());
        async move {
            officer_post(
                c,
                s,
                "/api/officer/case-action",
                &[("reference", &reference), ("action", name), (field, value)],
            )
            .await
        }
    };
    let r = action("note", "f[text]", "").await;
    assert_eq!(
        location(&r),
        format!("/officer/case/{reference}?error=note")
    );
    let (_, html) = page(&c, &s.url(&location(&r))).await;
    assert!(html.contains("Write a note of up to 5,000 characters."));
    // Free text in the URL is never shown.
    let forged = format!(
        "/officer/case/{reference}?error=Your%20account%20is%20suspended.%20Call%200900%20123"
    );
    let (status, html) = page(&c, &s.url(&forged)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("suspended") && !html.contains("That was not recorded"));
    // A concern's category must be on the configured list.
    let r = officer_call(
        &c,
        &s,
        "/api/officer/case-action",
        &[
            ("reference", &reference),
            ("action", "concern"),
            ("f[category]", "Made up category"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("from the list"));
    let r = action("concern", "f[category]", "Communication").await;
    assert!(r.status().is_redirection(), "a listed category is accepted");
}

/// Captures everything logged in this test process.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_and_refusals_are_logged_without_personal_data() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("warn")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _ = tracing::subscriber::set_global_default(subscriber);
    let s = TestServer::start().await;
    account(&s, "known.person@council.example", Role::Officer);
    for _ in 0..5 {
        password_try(&s, "known.person@council.example", "not the password").await;
    }
    password_try(&s, "unknown.person@council.example", "whatever it is").await;
    officer_call(&browser(), &s, "/api/officer/inbox", &[]).await;
    let auditor = officer(&s, "a@council.example", Role::Auditor).await;
    officer_call(&auditor, &s, "/api/officer/users", &[]).await;
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for wanted in [
        "sign_in_failed",
        "account=\"unknown\"",
        "account_paused",
        "status=401",
        "status=403",
    ] {
        assert!(log.contains(wanted), "{wanted} in {log}");
    }
    assert!(!log.contains("person@council.example"), "no emails: {log}");
    assert!(!log.contains("127.0.0.1"), "no addresses: {log}");
}
