//! Which pages load the WebAssembly (issue 8): only pages with an island, i.e. where someone
//! types. Every page loads the small plain script (quick exit, Shift×3, Print) with this
//! response's CSP nonce, and the script is kept for a year under a name that follows its
//! contents.

mod common;
use app::domain::officer::Role;
use common::*;
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use reqwest::StatusCode;

/// What a page loads: (has an island, loads the WASM, loads the plain script with the CSP's nonce).
fn what_it_loads(html: &str, csp: &str) -> (bool, bool, bool) {
    let island = html.contains("<leptos-island");
    let wasm = html.contains("/pkg/speak-up.wasm") || html.contains(".wasm\"");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or("no nonce in the CSP");
    let script = html.contains(&format!(
        "<script src=\"{}\" nonce=\"{nonce}\"></script></body>",
        app::assets::plain_script_href()
    ));
    (island, wasm, script)
}

async fn load(c: &reqwest::Client, url: &str) -> (StatusCode, String, String) {
    let r = c
        .get(url)
        .header(reqwest::header::ACCEPT, "text/html")
        .send()
        .await
        .expect("get");
    let status = r.status();
    let csp = r
        .headers()
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, r.text().await.expect("body"), csp)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_pages_where_someone_types_load_the_webassembly() {
    let s = TestServer::start().await;
    let c = browser();
    // Plain pages first (no draft yet), then a whole complaint, page by page.
    let mut seen = Vec::new();
    for path in ["/", "/privacy", "/progress", "/no-such-page"] {
        seen.push((path.to_string(), load(&c, &s.url(path)).await));
    }
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "complaint")]).await;
    for (step, fields) in [
        ("who", vec![("who", "in_care")]),
        (
            "what",
            vec![
                ("service", "My social worker"),
                ("what_happened", "Nobody calls me back."),
            ],
        ),
        ("when", vec![("when", "recent")]),
        ("help", vec![("advocate_wanted", "no")]),
        ("contact", vec![("contact_by", "none")]),
        ("about-you", vec![("skip", "1")]),
    ] {
        let path = format!("/tell/{step}");
        seen.push((path.clone(), load(&c, &s.url(&path)).await));
        save(&s, &c, step, &fields).await;
    }
    seen.push(("/tell/check".into(), load(&c, &s.url("/tell/check")).await));
    post_redirect(&c, &s.url("/api/intake/send"), &[]).await;
    seen.push(("/tell/done".into(), load(&c, &s.url("/tell/done")).await));
    let u = browser();
    post_redirect(&u, &s.url("/api/intake/unsafe"), &[]).await;
    seen.push(("/unsafe".into(), load(&u, &s.url("/unsafe")).await));
    let officer = officer(&s, "islands@council.example", Role::Officer).await;
    for path in ["/officer", "/officer/report"] {
        seen.push((path.to_string(), load(&officer, &s.url(path)).await));
    }

    for (path, (status, html, csp)) in &seen {
        assert!(
            status.is_success() || path == "/no-such-page",
            "{path}: {status}"
        );
        let (island, wasm, script) = what_it_loads(html, csp);
        assert_eq!(
            island, wasm,
            "{path}: an island must come with the WebAssembly, and no island without it"
        );
        assert_eq!(
            wasm,
            app::pages::runs_islands(path),
            "{path}: loads the WebAssembly exactly when `runs_islands` says"
        );
        assert!(
            script,
            "{path}: the plain script with this response's nonce"
        );
    }
    let typing: Vec<&str> = seen
        .iter()
        .filter(|(_, (_, html, csp))| what_it_loads(html, csp).1)
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(
        typing,
        [
            "/tell/who",
            "/tell/what",
            "/tell/when",
            "/tell/help",
            "/tell/contact",
            "/tell/about-you",
            "/tell/check",
            "/unsafe"
        ]
    );
    // The confirmation forgets the device copy without WebAssembly: the plain script sees this.
    let done = &seen
        .iter()
        .find(|(p, _)| p == "/tell/done")
        .expect("done")
        .1
         .1;
    assert!(done.contains("data-forget-device-copy"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plain_script_is_kept_for_a_year_under_its_own_name_only() {
    let s = TestServer::start().await;
    let c = browser();
    let r = c
        .get(s.url(app::assets::plain_script_href()))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(r.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let body = r.text().await.expect("body");
    assert!(
        body.contains("location.replace('/leave')"),
        "the quick exit"
    );
    assert!(body.contains("js-enabled"));
    // An old or made-up name is not answered (it would be kept for a year with other contents).
    let old = c
        .get(s.url("/js/quick-exit.0123456789abcdef.js"))
        .send()
        .await
        .expect("get");
    assert_eq!(old.status(), StatusCode::NOT_FOUND);
    assert_eq!(old.headers()[CACHE_CONTROL], "no-store");
}
