//! The yearly report, computed once per (council, year) and reused until a write that can
//! change its figures (ssr only; it lives in [`crate::api::state::AppState`]).
//!
//! Both views (internal and publishable) and every CSV table are cheap projections of one
//! [`YearReport`], so one entry serves them all: the expensive part is reading every contact
//! of two years and building the tables (about a second at a million records).
//!
//! When to recompute is the store's to say: [`Store::report_version`] changes whenever a
//! committed write touched a contact that report reads (a new submission, a case change, a
//! safety alert change, in that year or an earlier one; closing a year). The version is read before the report
//! is built, so a write that lands meanwhile makes the entry stale on the next request.

use crate::api::store::{Store, StoreResult};
use crate::domain::report::closed_year::ClosedYear;
use crate::domain::report::YearReport;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The report as shown, and the year's closing if it is closed (a closed year shows its kept
/// figures: [`super::build_with_closing`]).
pub type Shown = Arc<(YearReport, Option<ClosedYear>)>;

/// (council, year) → the version it was built at, and the report.
type Entries = HashMap<(String, i32), (u64, Shown)>;

#[derive(Default)]
pub struct ReportCache {
    entries: Mutex<Entries>,
}

impl std::fmt::Debug for ReportCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportCache(..)")
    }
}

impl ReportCache {
    /// The report for the financial year starting in April `start_year` (blocking).
    pub fn get(&self, store: &dyn Store, council_id: &str, start_year: i32) -> StoreResult<Shown> {
        let key = (council_id.to_string(), start_year);
        let version = store.report_version(council_id, start_year);
        if let Some((v, report)) = self.lock().get(&key) {
            if *v == version {
                return Ok(report.clone());
            }
        }
        // Built without the lock: two officers asking at once may both build it, which costs
        // time but never gives a wrong answer.
        let report = Arc::new(super::build_with_closing(store, council_id, start_year)?);
        self.lock().insert(key, (version, report.clone()));
        Ok(report)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}
