//! One file per page. The young person's pages live in `young/`; officers' pages will have
//! their own folder, because their words, layout and pace are different.
pub mod officer;
pub mod young;

/// Whether the page at `path` has islands, and so loads the WebAssembly: only the pages where
/// someone types (the question pages, "Check your answers" and "I don't feel safe": keeping
/// what was typed, sending with `fetch`). Every other page — the start page,
/// the confirmation, progress, privacy and all officer pages — is plain HTML plus the small
/// plain script (see `crate::shell`). `server/tests/islands.rs` checks every page against
/// this: a page with an island always loads the WebAssembly, and a page without one never does.
pub fn runs_islands(path: &str) -> bool {
    match path.strip_prefix("/tell/") {
        Some(step) => !step.is_empty() && step != "done",
        None => path == "/unsafe",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_pages_where_someone_types_load_the_webassembly() {
        for typing in ["/tell/who", "/tell/what", "/tell/check", "/unsafe"] {
            assert!(super::runs_islands(typing), "{typing}");
        }
        for plain in [
            "/",
            "/tell/done",
            "/tell/",
            "/privacy",
            "/progress",
            "/progress/status",
            "/officer",
            "/officer/report",
            "/unsafe/elsewhere",
        ] {
            assert!(!super::runs_islands(plain), "{plain}");
        }
    }
}
