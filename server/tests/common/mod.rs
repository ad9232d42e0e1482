//! Starts the real server on 127.0.0.1:0 with a temporary SQLite file, and a browser-like
//! client: keeps cookies, does not follow redirects (so tests can see where they go), and
//! says it accepts HTML, as a browser posting a plain form with JavaScript off does.
#![allow(dead_code)]

use reqwest::header::{ACCEPT, LOCATION};
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use server::config::Config;
use std::path::PathBuf;

/// A new database key, for tests whose service is public over https (which needs one).
pub fn db_key() -> Option<server::store::sqlite::key::DbKey> {
    Some(server::store::sqlite::key::DbKey::generate().expect("a key"))
}

/// A direct connection to a test server's database (with its key, if it has one), to look at
/// what was stored.
pub fn open_db(
    db: &std::path::Path,
    key: Option<&server::store::sqlite::key::DbKey>,
) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).expect("open the database");
    if let Some(k) = key {
        conn.pragma_update(None, "key", k.pragma_value())
            .expect("key");
    }
    conn
}

pub struct TestServer {
    pub base: String,
    pub running: server::Running,
    pub db: PathBuf,
    pub _dir: Option<tempfile::TempDir>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("speakup.db");
        let mut s = Self::start_on(db).await;
        s._dir = Some(dir);
        s
    }

    /// Starts with changed settings (mail, timescales, ...).
    pub async fn start_with(change: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("speakup.db");
        let mut config = Config::for_tests(db.clone());
        change(&mut config);
        let running = server::start(config).await.expect("server starts");
        TestServer {
            base: format!("http://{}", running.addr),
            running,
            db,
            _dir: Some(dir),
        }
    }

    /// Starts on an existing database file (to prove records survive a restart).
    pub async fn start_on(db: PathBuf) -> TestServer {
        let running = server::start(Config::for_tests(db.clone()))
            .await
            .expect("server starts");
        TestServer {
            base: format!("http://{}", running.addr),
            running,
            db,
            _dir: None,
        }
    }

    pub fn stop(self) -> Option<tempfile::TempDir> {
        self.running.handle.abort();
        self._dir
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn count(&self) -> u64 {
        use app::api::store::Store;
        self.running.store.count_submissions().expect("count")
    }
}

pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .expect("client")
}

pub async fn post_form(c: &Client, url: &str, form: &[(&str, &str)]) -> Response {
    c.post(url)
        .header(ACCEPT, "text/html")
        .form(form)
        .send()
        .await
        .expect("post")
}

pub fn location(r: &Response) -> String {
    r.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Posts a form and checks it redirects; returns where to.
pub async fn post_redirect(c: &Client, url: &str, form: &[(&str, &str)]) -> String {
    let r = post_form(c, url, form).await;
    assert!(
        r.status().is_redirection(),
        "expected a redirect from {url}, got {}",
        r.status()
    );
    location(&r)
}

/// Loads a page as a browser navigation does (Accept: text/html).
pub async fn page(c: &Client, url: &str) -> (StatusCode, String) {
    let r = c
        .get(url)
        .header(ACCEPT, "text/html")
        .send()
        .await
        .expect("get");
    let status = r.status();
    (status, r.text().await.expect("body"))
}

/// Saves one question page: `fields` are (name, value) without the `f[...]` wrapper.
pub async fn save(s: &TestServer, c: &Client, step: &str, fields: &[(&str, &str)]) -> String {
    let mut form: Vec<(String, String)> = vec![("step".into(), step.into())];
    form.extend(
        fields
            .iter()
            .map(|(k, v)| (format!("f[{k}]"), v.to_string())),
    );
    let pairs: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    post_redirect(c, &s.url("/api/intake/save"), &pairs).await
}

/// The first `SU-XXXX-XXXX` in a page.
pub fn find_reference(html: &str) -> Option<String> {
    let i = html.find("SU-")?;
    let r: String = html[i..].chars().take(12).collect();
    (r.len() == 12).then_some(r)
}

/// The secret code on the confirmation page.
pub fn find_code(html: &str) -> Option<String> {
    let i = html.find("id=\"progress-code\"")?;
    let rest = &html[i..];
    let j = rest.find("<strong>")? + "<strong>".len();
    Some(rest[j..j + 9].to_string())
}

/// A complete complaint from a young person in care, JavaScript off. Returns the client
/// (holding the draft cookie) and the page the send button led to.
pub async fn complaint(s: &TestServer) -> (Client, String) {
    let c = browser();
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "complaint")]).await,
        "/tell/who"
    );
    assert_eq!(
        save(s, &c, "who", &[("who", "in_care")]).await,
        "/tell/what"
    );
    assert_eq!(
        save(
            s,
            &c,
            "what",
            &[
                ("service", "My social worker"),
                ("what_happened", "My social worker never calls me back.")
            ]
        )
        .await,
        "/tell/when"
    );
    assert_eq!(
        save(
            s,
            &c,
            "when",
            &[("when", "over_a_year"), ("why_now", "I was scared")]
        )
        .await,
        "/tell/help"
    );
    assert_eq!(
        save(s, &c, "help", &[("advocate_wanted", "yes")]).await,
        "/tell/contact"
    );
    assert_eq!(
        save(
            s,
            &c,
            "contact",
            &[("contact_by", "text"), ("phone", "07700 900123")]
        )
        .await,
        "/tell/about-you"
    );
    assert_eq!(
        save(s, &c, "about-you", &[("skip", "1")]).await,
        "/tell/check"
    );
    let done = post_redirect(&c, &s.url("/api/intake/send"), &[]).await;
    (c, done)
}

/// The password every test account gets.
pub const TEST_PASSWORD: &str = "a long test password";

/// The current authenticator code for `secret`, as the officer's app would show it. Each code is
/// accepted once, so a second sign-in in the same 30 seconds uses the next step's code (the
/// server accepts one step either side) or waits.
pub async fn totp_code(secret: &str) -> String {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static USED: Mutex<Option<HashMap<String, u64>>> = Mutex::new(None);
    loop {
        let now = chrono::Utc::now();
        let step_now = now.timestamp() as u64 / 30;
        let step = {
            let mut used = USED.lock().unwrap();
            let map = used.get_or_insert_with(HashMap::new);
            let step = map
                .get(secret)
                .map_or(step_now, |last| (last + 1).max(step_now));
            if step <= step_now + 1 {
                map.insert(secret.to_string(), step);
                Some(step)
            } else {
                None
            }
        };
        if let Some(step) = step {
            let at = chrono::DateTime::from_timestamp((step * 30) as i64, 0).unwrap();
            return app::api::officer::staff_auth::code_at(secret, at).expect("code");
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}

/// Creates an account directly in the store with an authenticator already set up; returns its
/// id and authenticator secret.
pub fn account(s: &TestServer, email: &str, role: app::domain::officer::Role) -> (i64, String) {
    use app::api::store::Store;
    let id = server::users::create_user(
        &s.running.store,
        "demo",
        email,
        "Test Person",
        role,
        TEST_PASSWORD,
    )
    .expect("user created");
    let secret = app::api::officer::staff_auth::new_secret().expect("secret");
    s.running
        .store
        .set_totp_secret(id, Some(&secret), false)
        .expect("second factor");
    (id, secret)
}

/// Both sign-in steps: password, then the authenticator code. Returns where the second step
/// led ("/officer" when signed in).
pub async fn sign_in(
    c: &Client,
    s: &TestServer,
    email: &str,
    password: &str,
    secret: &str,
) -> String {
    let r = officer_post(
        c,
        s,
        "/api/officer/sign-in",
        &[("email", email), ("password", password)],
    )
    .await;
    let to = location(&r);
    if to != "/officer/two-factor" {
        return to;
    }
    let code = totp_code(secret).await;
    location(&officer_post(c, s, "/api/officer/two-factor", &[("code", &code)]).await)
}

/// Creates an account directly in the store and signs it in (both steps) with a fresh client.
pub async fn officer(s: &TestServer, email: &str, role: app::domain::officer::Role) -> Client {
    officer_and_secret(s, email, role).await.0
}

/// As [`officer`], also returning the account's authenticator secret.
pub async fn officer_and_secret(
    s: &TestServer,
    email: &str,
    role: app::domain::officer::Role,
) -> (Client, String) {
    let (_, secret) = account(s, email, role);
    let c = browser();
    assert_eq!(
        sign_in(&c, s, email, TEST_PASSWORD, &secret).await,
        "/officer",
        "signed in"
    );
    (c, secret)
}

/// A form post from an officer page (same-origin Origin header, as the browser sends).
pub async fn officer_post(
    c: &Client,
    s: &TestServer,
    path: &str,
    form: &[(&str, &str)],
) -> Response {
    c.post(s.url(path))
        .header("origin", s.base.clone())
        .header(ACCEPT, "text/html")
        .form(form)
        .send()
        .await
        .expect("post")
}

/// A server function called by the app's own code (JSON back), from an officer page.
pub async fn officer_call(
    c: &Client,
    s: &TestServer,
    path: &str,
    form: &[(&str, &str)],
) -> Response {
    c.post(s.url(path))
        .header("origin", s.base.clone())
        .form(form)
        .send()
        .await
        .expect("post")
}

/// Records a contact as an officer does ("Record a contact": a one-use form token, then the
/// form with `fields`, e.g. kind, channel, who, service, summary, received). Returns the new
/// case's reference.
pub async fn record_contact(o: &Client, s: &TestServer, fields: &[(&str, &str)]) -> String {
    let token: String = officer_call(o, s, "/api/officer/form-token", &[])
        .await
        .json()
        .await
        .expect("form token");
    let mut form = vec![("token", token.as_str())];
    form.extend_from_slice(fields);
    let to = location(&officer_post(o, s, "/api/officer/record-contact", &form).await);
    let reference = to
        .trim_start_matches("/officer/case/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        reference.starts_with("SU-"),
        "recorded contact went to {to}"
    );
    reference
}
