//! Storage implementations of [`app::api::store::Store`]. Today: embedded SQLite.
pub mod sqlite;
mod staff;
pub use sqlite::audit_chain::Verdict as AuditVerdict;
pub use sqlite::SqliteStore;
