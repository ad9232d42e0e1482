//! Closing a year: once a financial year is over, a manager can close it, and its figures are
//! kept exactly as they were then. Every later run of that year shows the kept figures, and the
//! year after shows them as its "year before" column, whatever is recorded later (a late
//! withdrawal, a reopened case, a changed setting). Who closed it and when is kept with it.

use super::{Row, YearReport};
use crate::domain::calendar::financial_year_bounds;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A closed year: its report as it was when closed, and who closed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedYear {
    pub start_year: i32,
    /// The name of the manager who closed it.
    pub closed_by: String,
    pub closed_at: DateTime<Utc>,
    pub report: YearReport,
    /// Not closed but imported (`super::import`): `closed_by`/`closed_at` are who imported
    /// its latest table and when.
    #[serde(default)]
    pub imported: bool,
}

/// Why a year cannot be closed yet, in words for the manager; `None` when it can.
pub fn cannot_close(start_year: i32, today: NaiveDate) -> Option<String> {
    let (_, last) = financial_year_bounds(start_year);
    (today <= last).then(|| {
        format!(
            "This year is not over yet: it can be closed from {}.",
            (last + chrono::Days::new(1)).format("%-d %B %Y")
        )
    })
}

/// The report for `start_year`: the kept one if the year is closed; otherwise `live` (just
/// built from the records) with its "year before" column taken from `previous`, the year
/// before's kept report, when that year is closed.
pub fn report_for(
    live: YearReport,
    this: Option<&ClosedYear>,
    previous: Option<&ClosedYear>,
) -> YearReport {
    if let Some(closed) = this {
        return closed.report.clone();
    }
    match previous {
        Some(p) => with_year_before(live, &p.report),
        None => live,
    }
}

/// `report` with its "year before" figures replaced by `before`'s own year: rows matched by
/// key (a row only the kept year has is added, with 0 for this year), totals recomputed,
/// measures matched by position.
fn with_year_before(mut report: YearReport, before: &YearReport) -> YearReport {
    for t in &mut report.tables {
        let Some(b) = before.table(&t.id) else {
            continue;
        };
        for r in &mut t.rows {
            r.last_year = b.row(&r.key).map_or(0, |x| x.this_year);
        }
        // A council's own name (a team, a category) recorded only after the year was closed
        // has nothing in either column now.
        t.rows
            .retain(|r| r.this_year > 0 || r.last_year > 0 || b.row(&r.key).is_some());
        for x in &b.rows {
            if t.row(&x.key).is_none() && x.this_year > 0 {
                t.rows.push(Row {
                    key: x.key.clone(),
                    label: x.label.clone(),
                    this_year: 0,
                    last_year: x.this_year,
                    part: x.part,
                });
            }
        }
        if let (Some(total), Some(bt)) = (&mut t.total, &b.total) {
            total.last_year = bt.this_year;
        }
        for (m, bm) in t.measures.iter_mut().zip(&b.measures) {
            m.last_year = bm.this_year;
            m.last_year_cases = bm.this_year_cases;
        }
    }
    report
}
