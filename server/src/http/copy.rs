//! `/tell/copy`: a plain-text copy of what was sent, to save or print, for the browser that
//! sent it (works with JavaScript off). Only after sending, and only the sender's own draft.

use crate::AppContext;
use app::api::state::DRAFT_COOKIE;
use app::domain::submission::summary;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// One of our token cookies from request headers (anything not shaped like a token is ignored).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    app::api::state::cookie_in(headers, name).filter(|v| app::api::state::looks_like_token(v))
}

pub async fn copy(State(ctx): State<AppContext>, headers: HeaderMap) -> Response {
    let not_found = || {
        (
            StatusCode::NOT_FOUND,
            "There is nothing to copy. You can only download a copy just after you send a message.",
        )
            .into_response()
    };
    let Some(id) = cookie(&headers, DRAFT_COOKIE) else {
        return not_found();
    };
    let store = ctx.app.store.clone();
    let draft = match tokio::task::spawn_blocking(move || store.load_draft(&id)).await {
        Ok(Ok(Some(d))) => d,
        Ok(Ok(None)) => return not_found(),
        _ => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Please try again in a minute.",
            )
                .into_response()
        }
    };
    let Some(reference) = draft.reference.clone() else {
        return not_found();
    };
    let mut text = format!(
        "Speak Up - {}\r\nYour reference: {}\r\n",
        ctx.app.settings.council_name, reference
    );
    if let Some(code) = &draft.progress_code {
        text.push_str(&format!("Your secret code: {code}\r\n"));
    }
    text.push_str("\r\nWhat you sent:\r\n\r\n");
    for row in summary(&draft.answers) {
        text.push_str(&format!("{}:\r\n{}\r\n\r\n", row.question, row.answer));
    }
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"speak-up-message.txt\"",
            ),
        ],
        text,
    )
        .into_response()
}
