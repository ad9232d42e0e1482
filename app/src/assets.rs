//! Fingerprinted names of the built CSS, JS and WASM (server side).
//!
//! `cargo leptos build` (with `hash-files = true` in Cargo.toml) puts a hash of each file's
//! contents in its name (`speak-up.<hash>.wasm`) and writes the hashes to `hash.txt` beside
//! the server binary. A new build gets new names, so the server can tell browsers to keep
//! these files for a year (`server/src/http/security_headers.rs`): a child's phone downloads
//! them once. Without `hash.txt` (a plain `cargo build`, the integration tests) the plain names
//! are used.

use std::sync::OnceLock;

/// The hashes in `hash.txt`, if there is one: (`js`, `wasm`, `css`).
fn hashes() -> Option<&'static (String, String, String)> {
    static HASHES: OnceLock<Option<(String, String, String)>> = OnceLock::new();
    HASHES
        .get_or_init(|| {
            let path = std::env::current_exe().ok()?.parent()?.join("hash.txt");
            let text = std::fs::read_to_string(path).ok()?;
            let find = |kind: &str| {
                text.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    (k.trim() == kind).then(|| v.trim().to_string())
                })
            };
            Some((find("js")?, find("wasm")?, find("css")?))
        })
        .as_ref()
}

/// True when the built files carry fingerprinted names.
pub fn hashed() -> bool {
    hashes().is_some()
}

/// The address of the style sheet.
pub fn css_href() -> String {
    match hashes() {
        Some((_, _, css)) => format!("/pkg/speak-up.{css}.css"),
        None => "/pkg/speak-up.css".to_string(),
    }
}
