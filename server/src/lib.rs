//! The machine room: configuration, storage, HTTP plumbing and the router that serves the
//! Leptos app. `main.rs` only reads the config and calls [`start`]; tests call [`start`] too,
//! on 127.0.0.1:0 with a temporary database.

pub mod backup;
pub mod config;
pub mod http;
pub mod mail;
pub mod safeguarding;
pub mod store;
pub mod users;

use app::api::state::AppState;
use app::api::store::Store;
use app::{shell, App};
use axum::extract::FromRef;
use axum::routing::get;
use axum::{middleware, Router};
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;

/// No request may take longer than this: a stuck request answers 408 instead of hanging a
/// young person's phone.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The largest request body we accept: a page of answers, with room to spare.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// What axum handlers share.
#[derive(Clone, FromRef)]
pub struct AppContext {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
}

/// The state server functions see, from the configuration (with the secret already read).
pub fn app_state(config: &Config, store: Arc<dyn Store>, secret: [u8; 32]) -> AppState {
    let mut state = AppState::new(store, config.site.clone(), config.secure_cookies);
    state.notify_to = config.rights_email.clone();
    state.public_url = config.public_url.clone();
    state.secret = Arc::new(app::api::state::ServerSecret(secret));
    state.clock = config.clock.clone();
    state
}

/// The app's routes, worked out once per process.
///
/// `generate_route_list` renders the App once with `leptos_router`'s process-wide flag
/// `IS_SUPPRESSING_RESOURCE_LOAD` set (`leptos_server`, resource.rs). A Resource created by any
/// other server in the same process while that flag is up waits for ever on its first poll,
/// so a page hangs. Several servers in one process (the integration tests) or a router
/// rebuilt while serving would meet it; doing it exactly once, before anything serves,
/// cannot.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// What the per-request middleware needs, from the configuration.
struct Plumbing {
    origins: http::csrf::OurOrigins,
    limits: http::intake_limit::IntakeLimits,
    proxies: http::client_addr::TrustedProxies,
}

fn router_with_state(config: &Config, app_state: AppState, plumbing: Plumbing) -> Router {
    let leptos_options = LeptosOptions::builder()
        .output_name("speak-up")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(app::assets::hashed())
        .build();
    let ctx = AppContext {
        leptos_options: leptos_options.clone(),
        app: app_state.clone(),
    };
    let routes = route_list();
    // Over https, browsers must never fall back to http for this site (a year, as GOV.UK).
    let hsts = config.https().then(|| {
        tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            axum::http::HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    // Each request's context gets the same `Arc` (see `app::api::state::state`).
    let app_state = Arc::new(app_state);
    let not_found_state = app_state.clone();
    Router::new()
        .route(
            "/leave",
            get(http::quick_exit::leave).post(http::quick_exit::leave),
        )
        .route("/finish", axum::routing::post(http::finish::finish))
        .route("/js/{file}", get(http::plain_script::serve))
        // The built CSS, JS and WASM, served as compressed at build time (`cargo leptos build
        // --release -P` writes `.br` and `.gz` beside each file: brotli at its best, where
        // compressing on the fly would use a quicker, weaker setting).
        .nest_service(
            "/pkg",
            ServeDir::new(std::path::Path::new(&config.site_root).join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .route(
            "/officer/report/{year}/{file}",
            get(http::report_csv::download),
        )
        .leptos_routes_with_context(&ctx, routes, move || provide_context(app_state.clone()), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppContext,
            _,
        >(
            move || provide_context(not_found_state.clone()), shell
        ))
        .layer(middleware::from_fn(http::api_errors::fix_status))
        .layer(middleware::from_fn_with_state(
            plumbing.limits,
            http::intake_limit::check,
        ))
        .layer(middleware::from_fn_with_state(
            plumbing.origins,
            http::csrf::check,
        ))
        .layer(middleware::from_fn_with_state(
            plumbing.proxies,
            http::client_addr::attach,
        ))
        .layer(middleware::from_fn(http::security_headers::add))
        .layer(tower::util::option_layer(hsts))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(ctx)
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    pub store: Arc<store::SqliteStore>,
    pub handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Opens the database, binds the address and serves until the process is stopped.
pub async fn start(config: Config) -> Result<Running, String> {
    // The settings first: a refused configuration creates no file.
    config.check()?;
    let store = Arc::new(
        store::SqliteStore::open_with_key(&config.db_path, config.db_key.as_ref())
            .map_err(|e| format!("cannot open database {}: {e}", config.db_path.display()))?,
    );
    if config.demo_accounts {
        users::seed_demo_accounts(&store, &config.site.council_id);
    } else {
        users::remove_demo_accounts(&store);
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut config = config;
    let listening = format!("http://{addr}");
    if config.public_url.is_empty() {
        config.public_url = listening.clone();
    }
    let secret = config::load_or_create_secret(&config.secret_file)?;
    let state = app_state(&config, store.clone(), secret);
    if let Some(smtp) = config.smtp.clone() {
        mail::spawn(store.clone(), smtp, state.mail_wakeup.clone());
    } else if config.rights_email.is_some() {
        tracing::warn!(
            "SPEAKUP_RIGHTS_EMAIL is set but SPEAKUP_SMTP_HOST is not: emails wait in the outbox"
        );
    }
    let limits =
        http::intake_limit::IntakeLimits::new(config.intake_per_hour, &config.site.rights_phone);
    let plumbing = Plumbing {
        origins: http::csrf::OurOrigins::new(&[&config.public_url, &listening]),
        limits: limits.clone(),
        proxies: config.trusted_proxies.clone(),
    };
    let router = router_with_state(&config, state.clone(), plumbing);
    let mail_wakeup = state.mail_wakeup.clone();
    spawn_housekeeping(store.clone(), state, limits);
    safeguarding::spawn(store.clone(), &config, mail_wakeup);
    if let Some(schedule) = config.backups.clone() {
        backup::spawn(config.db_path.clone(), config.db_key.clone(), schedule);
    }
    let handle = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    Ok(Running {
        addr,
        store,
        handle,
    })
}

/// Every ten minutes: forgets rate-limit entries that have recovered; every hour: deletes
/// answers in progress after two days.
fn spawn_housekeeping(
    store: Arc<store::SqliteStore>,
    state: AppState,
    limits: http::intake_limit::IntakeLimits,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        let mut n: u64 = 0;
        loop {
            tick.tick().await;
            limits.prune();
            for lim in [
                &state.progress_limiter,
                &state.address_limiter,
                &state.sign_in_limiter,
            ] {
                lim.retain_recent();
                lim.shrink_to_fit();
            }
            n += 1;
            if n % 6 != 1 {
                continue;
            }
            let s = store.clone();
            let before = chrono::Utc::now() - chrono::Duration::days(2);
            match tokio::task::spawn_blocking(move || s.purge_drafts(before)).await {
                Ok(Ok(n)) if n > 0 => tracing::info!(drafts = n, "old drafts deleted"),
                Ok(Err(e)) => tracing::error!(error = %e, "purging drafts failed"),
                _ => {}
            }
        }
    });
}
