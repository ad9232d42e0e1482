//! Speak Up: the pages, the server functions and the shared domain rules.
//!
//! Rooms: `domain/` plain rules (no Leptos, no HTTP, no SQL); `api/` server functions, one per
//! file; `pages/` one file per page; `components/` shared pieces; `browser.rs` the few things
//! that only make sense with JavaScript on. The hydrate entry is [`hydrate`].
//!
//! Leptos islands: every page is rendered on the server and works as plain HTML forms; only
//! the `#[island]` components ship to the browser (see README, "Decisions").
#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod assets;
pub mod components;
pub mod domain;
pub mod pages;
pub mod settings;

#[cfg(feature = "hydrate")]
pub mod browser;

use components::SettingsResource;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{provide_meta_context, Link, Meta, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};
use pages::officer::{
    AccountPage, AuditPage, CasePage, InboxPage, NewContactPage, NewPasswordPage,
    RecoveryCodesPage, ReportPage, SignInPage, TwoFactorPage, TwoFactorSetupPage, UsersPage,
};
use pages::young::{
    DonePage, PrivacyPage, ProgressPage, ProgressStatusPage, QuestionPage, StartPage, UnsafePage,
};

/// The HTML document around the app (server side).
///
/// Every page loads the small plain script (quick exit, Shift×3, Print; `app/js/`), last in
/// the body.
/// Only pages where someone types load the WebAssembly islands ([`pages::runs_islands`]): a
/// child opening the start page downloads no WebAssembly at all.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let path = use_context::<axum::http::request::Parts>()
        .map(|parts| parts.uri.path().to_string())
        .unwrap_or_default();
    let islands = pages::runs_islands(&path);
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                {islands.then(|| view! { <HydrationScripts options islands=true/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
                // Last in the body, so the page it works on is all there when it runs.
                <script src=assets::plain_script_href() nonce=leptos::nonce::use_nonce()></script>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let settings: SettingsResource = Resource::new(|| (), |_| api::site::get_site_settings());
    provide_context(settings);
    #[cfg(feature = "ssr")]
    security_headers(settings);
    #[cfg(feature = "ssr")]
    let css = assets::css_href();
    #[cfg(not(feature = "ssr"))]
    let css = "/pkg/speak-up.css".to_string();
    view! {
        <Stylesheet id="leptos" href=css/>
        <Meta name="description" content="Tell the Children's Rights team what you think."/>
        <Meta name="theme-color" content="#1d4ed8"/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Link rel="manifest" href="/manifest.webmanifest"/>
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=StartPage ssr=SsrMode::Async/>
                <Route path=path!("/tell/done") view=DonePage ssr=SsrMode::Async/>
                <Route path=path!("/tell/:step") view=QuestionPage ssr=SsrMode::Async/>
                <Route path=path!("/unsafe") view=UnsafePage ssr=SsrMode::Async/>
                <Route path=path!("/progress") view=ProgressPage ssr=SsrMode::Async/>
                <Route path=path!("/progress/status") view=ProgressStatusPage ssr=SsrMode::Async/>
                <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/sign-in") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/two-factor") view=TwoFactorPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/two-factor/setup") view=TwoFactorSetupPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/recovery-codes") view=RecoveryCodesPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/new-password") view=NewPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/officer") view=InboxPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/account") view=AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/users") view=UsersPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/new") view=NewContactPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/case/:reference") view=CasePage ssr=SsrMode::Async/>
                <Route path=path!("/officer/report") view=ReportPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/report/draft") view=pages::officer::ReportDraftPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/report/trends") view=pages::officer::ReportTrendsPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/report/import") view=pages::officer::ReportImportPage ssr=SsrMode::Async/>
                <Route path=path!("/officer/audit") view=AuditPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <components::Frame title="Page not found">
            <h1>"Page not found"</h1>
            <p>"Check the address, or go to the start."</p>
            <p><a href="/">"Go to the start"</a></p>
        </components::Frame>
    }
}

/// The page's Content-Security-Policy, with this response's nonce so that only our own scripts
/// run (no `unsafe-inline`). Other headers are set for every response by the server.
#[cfg(feature = "ssr")]
fn security_headers(_settings: SettingsResource) {
    use axum::http::{header, HeaderValue};
    let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let exit_origin = use_context::<std::sync::Arc<api::state::AppState>>()
        .and_then(|s| api::state::origin_of(&s.settings.quick_exit_url))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self' {exit_origin}; \
         frame-ancestors 'none'; manifest-src 'self'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, v);
    }
}

/// The browser's entry point. Islands mode: the pages, the router and the frame stay on the
/// server; only the `#[island]`s in `components/` wake up here (keep typing, checking and
/// sending a question page), and only on the pages that have them.
/// Nothing of the officers' pages reaches this WASM file (`./dev sizes` checks).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // No panic hook: its message formatting would weigh more than all our islands together.
    leptos::mount::hydrate_islands();
    // Every island on the page is awake (they wake in page order, synchronously): say so, for
    // the browser tests and for the slow-phone measurement.
    browser::mark_islands_awake();
}
