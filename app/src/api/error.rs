//! The error every server function returns.
//!
//! Policy (read this before adding an error):
//! - A mistake in what someone typed is **not** an error: the page shows it beside the field.
//! - A request in the wrong shape (forged, truncated, missing fields) is a **400** with a plain
//!   message, never a panic and never a 500.
//! - A request we refuse on purpose says so: 401 not signed in, 403 not allowed, 404 not found,
//!   409 conflict, 413 too large, 429 too many tries.
//! - A failure on our side (the database is unavailable) is a **503** that tells the person their
//!   answers are safe and to try again; the details go to the log, never to the page.
//!
//! Server functions always answer 500 for an error; `server/src/http/api_errors.rs` rewrites the
//! status from the `status` carried in this JSON body, so the rule above lives in one type.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub status: u16,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, message)
    }
    pub fn too_many(message: impl Into<String>) -> Self {
        Self::new(429, message)
    }
    /// Our fault. The cause is logged by the caller; the person only sees that it is safe to retry.
    pub fn unavailable() -> Self {
        Self::new(
            503,
            "Sorry, something went wrong on our side. What you wrote is safe. Please try again in a minute.",
        )
    }
    /// Shown when the connection drops before the server answers (browser side).
    pub fn offline() -> Self {
        Self::new(
            0,
            "We could not reach the internet. What you wrote is saved on this device. Check your connection and try again.",
        )
    }

    /// The `message` of an error answer (`{"status":429,"message":"…"}`), read without a JSON
    /// library: the browser's WASM would double in size for this one field. Our messages are
    /// plain words, so `\"`, `\\`, `\/` and `\n` are the only escapes handled; anything
    /// else gives `None` (the caller then shows a general message).
    pub fn message_in(json: &str) -> Option<String> {
        let rest = &json[json.find("\"message\":\"")? + 11..];
        let mut out = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    c @ ('"' | '\\' | '/') => out.push(c),
                    _ => return None,
                },
                c => out.push(c),
            }
        }
        None
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => ApiError::bad_request(
                "That request was not in the shape we expected. Please go back and try again.",
            ),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => ApiError::offline(),
            _ => ApiError::unavailable(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ApiError;

    #[test]
    fn the_browser_reads_the_message_of_every_error_as_json_writes_it() {
        for e in [
            ApiError::too_many("Too many tries. Wait 10 minutes, then try again."),
            ApiError::unavailable(),
            ApiError::offline(),
            ApiError::bad_request("It's \"wrong\" \\ here\nand here…"),
        ] {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(ApiError::message_in(&json), Some(e.message), "{json}");
        }
        assert_eq!(ApiError::message_in("<html>"), None);
        assert_eq!(ApiError::message_in(r#"{"message":"cut"#), None);
        assert_eq!(ApiError::message_in(r#"{"message":"\u0041"}"#), None);
    }
}
