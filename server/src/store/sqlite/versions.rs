//! Which yearly reports a write can change, for the report cache (`app::api::officer::report`).
//!
//! The report for the financial year starting in April `Y` reads the contacts received in
//! years `Y-1` and `Y`, and every older case still open or closed since (carried over). So a
//! write about a contact received in year `R` can change the reports of `R` and every later
//! year, never an earlier one. Each successful write records its (council, `R`) with a fresh
//! sequence number once its transaction has committed; a report's version is the highest
//! number recorded for that council at or before its year. The cache keeps a report with the
//! version read *before* it was computed, so a write that lands during the computation makes
//! it stale on the next request rather than hiding the change.
//!
//! Kept in memory: the versions start again with the process, and so does the cache.

use app::domain::calendar::financial_year_start;
use app::domain::uk_time::uk_date;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// The (council, financial year of receipt) pairs a write changed.
#[derive(Debug, Default)]
pub struct Touched(Vec<(String, i32)>);

impl Touched {
    /// A write changed a contact of `council_id` received at `received_at`.
    pub fn contact(&mut self, council_id: &str, received_at: DateTime<Utc>) {
        self.0.push((
            council_id.to_string(),
            financial_year_start(uk_date(received_at)),
        ));
    }

    /// A write changed what the report of the year starting in April `start_year` shows
    /// (closing that year), and so every later year's.
    pub fn year(&mut self, council_id: &str, start_year: i32) {
        self.0.push((council_id.to_string(), start_year));
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    pub(super) fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }
}

#[derive(Debug, Default)]
pub struct ReportVersions {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    seq: u64,
    /// council → financial year of receipt → sequence number of its latest change.
    changed: HashMap<String, BTreeMap<i32, u64>>,
}

impl ReportVersions {
    /// Records committed changes (call only after the COMMIT returned).
    pub fn bump(&self, touched: &Touched) {
        if touched.0.is_empty() {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.seq += 1;
        let seq = inner.seq;
        for (council, year) in &touched.0 {
            inner
                .changed
                .entry(council.clone())
                .or_default()
                .insert(*year, seq);
        }
    }

    /// The version of the report for the year starting in April `start_year`: it changes
    /// whenever a write could have changed that report's figures.
    pub fn version(&self, council_id: &str, start_year: i32) -> u64 {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner
            .changed
            .get(council_id)
            .and_then(|years| years.range(..=start_year).map(|(_, seq)| *seq).max())
            .unwrap_or(0)
    }
}
