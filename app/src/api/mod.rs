//! Server functions, one per file, grouped by who calls them. Each runs on the server; the
//! browser calls it over HTTP (`/api/...`), and plain HTML forms post to the same address
//! when JavaScript is off.
pub mod error;
pub mod intake;
pub mod officer;
pub mod progress;
pub mod site;

#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
