//! `/js/quick-exit.<hash>.js`: the small plain script every page loads (quick exit, Shift×3,
//! Print; `app/js/quick-exit.js`, see `app::assets::plain_script`). Only its current name is
//! answered, so a name is never reused for other contents, and `security_headers.rs` lets
//! browsers keep it for a year. Any other name under /js is 404.

use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

pub async fn serve(uri: Uri) -> Response {
    if uri.path() != app::assets::plain_script_href() {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        )],
        app::assets::plain_script(),
    )
        .into_response()
}
