//! `/officer/report/{year}/{table}.csv?view=publishable&by=area`: one table of the yearly report as CSV.
//! A plain download link (works without JavaScript), so it is an axum handler that does the
//! same checks as the server functions: a live officer session (any role), and an audit line.

use crate::AppContext;
use app::api::officer::REPORT_YEARS;
use app::api::state::{officer_cookie, token_hash};
use app::api::store::AuditEntry;
use app::domain::officer::IDLE_MINUTES;
use app::domain::report::View;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

pub async fn download(
    State(ctx): State<AppContext>,
    Path((year, file)): Path<(i32, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let Some(token) =
        crate::http::cookies::cookie(&headers, officer_cookie(ctx.app.secure_cookies))
    else {
        tracing::warn!(
            event = "refused",
            status = 401,
            "report CSV without a session"
        );
        return (StatusCode::UNAUTHORIZED, "Please sign in to continue.").into_response();
    };
    let Some(table) = file.strip_suffix(".csv").map(str::to_string) else {
        return (StatusCode::NOT_FOUND, "No such table.").into_response();
    };
    if !REPORT_YEARS.contains(&year) {
        return (
            StatusCode::BAD_REQUEST,
            "Choose a year between 2000 and 2100.",
        )
            .into_response();
    }
    let view = if q.get("view").map(String::as_str) == Some("publishable") {
        View::Publishable
    } else {
        View::Internal
    };
    // `by=area`: the by-team tables by service area, as on the page.
    let structure = (q.get("by").map(String::as_str) == Some("area"))
        .then(|| ctx.app.settings.structure.clone());
    let store = ctx.app.store.clone();
    let cache = ctx.app.report_cache.clone();
    let council = ctx.app.settings.council_id.clone();
    let wanted = table.clone();
    let result = tokio::task::spawn_blocking(move || {
        let table = wanted;
        let now = chrono::Utc::now();
        let user = store.session_user(
            &token_hash(&token),
            now,
            now - chrono::Duration::minutes(IDLE_MINUTES),
        )?;
        let Some(user) = user else {
            return Ok(Err(StatusCode::UNAUTHORIZED));
        };
        let shown = cache.get(store.as_ref(), &council, year)?;
        let regrouped = structure
            .as_ref()
            .map(|s| app::domain::report::by_area::by_area(&shown.0, s));
        let report = regrouped.as_ref().unwrap_or(&shown.0);
        let Some(t) = report.table(&table) else {
            return Ok(Err(StatusCode::NOT_FOUND));
        };
        store.audit(&AuditEntry {
            council_id: council.clone(),
            at: now,
            user_id: Some(user.id),
            user_email: user.email.clone(),
            action: "downloaded a report table".into(),
            reference: None,
            detail: format!("{} {} ({:?})", report.label, table, view),
        })?;
        Ok::<_, app::api::store::StoreError>(Ok((
            t.to_csv_view(view),
            report.label.replace('/', "-"),
        )))
    })
    .await;
    match result {
        Ok(Ok(Ok((csv, label)))) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"speak-up-{label}-{table}.csv\""),
                ),
            ],
            csv,
        )
            .into_response(),
        Ok(Ok(Err(StatusCode::UNAUTHORIZED))) => {
            tracing::warn!(
                event = "refused",
                status = 401,
                "report CSV with no live session"
            );
            (StatusCode::UNAUTHORIZED, "Please sign in to continue.").into_response()
        }
        Ok(Ok(Err(status))) => (status, "No such table.").into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Please try again in a minute.",
        )
            .into_response(),
    }
}
