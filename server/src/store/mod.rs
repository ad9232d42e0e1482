//! Storage implementations of [`app::api::store::Store`]. Today: embedded SQLite.
pub mod sqlite;
pub use sqlite::SqliteStore;
