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

/// The plain script on every page (`app/js/quick-exit.js`: quick exit, Shift×3, Print, the
/// "JavaScript is on" mark), as served: whole-line comments and indentation removed (they
/// would be a third of its bytes on a child's phone). Served by the server at
/// [`plain_script_href`] and kept for a year, like the built files: its name changes with its
/// contents.
pub fn plain_script() -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        include_str!("../js/quick-exit.js")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The address of [`plain_script`]: `/js/quick-exit.<first 16 hex digits of its SHA-256>.js`.
pub fn plain_script_href() -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(plain_script().as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("/js/quick-exit.{hex}.js")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_script_is_served_without_comments_under_a_name_that_follows_its_contents() {
        let script = plain_script();
        assert!(!script.lines().any(|l| l.starts_with("//")));
        assert!(script.contains("location.replace('/leave')"));
        let href = plain_script_href();
        assert!(href.starts_with("/js/quick-exit.") && href.ends_with(".js"));
        assert_eq!(href.len(), "/js/quick-exit.".len() + 16 + ".js".len());
    }
}
