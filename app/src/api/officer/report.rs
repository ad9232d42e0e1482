use crate::api::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One bar pair in a chart: this year and last year (None when the count is hidden as "<5").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub this_year: Option<u64>,
    pub last_year: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportTable {
    pub id: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub bars: Vec<Bar>,
    /// What one count is, written under the table.
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub start_year: i32,
    pub label: String,
    pub previous_label: String,
    pub publishable: bool,
    /// The by-team tables are shown by service area (`by=area`).
    pub by_area: bool,
    /// Years to choose from (newest first).
    pub years: Vec<(i32, String)>,
    /// The headline figures in sentences a board report can quote (`domain/report/headline.rs`).
    pub headline: Vec<String>,
    pub tables: Vec<ReportTable>,
    /// "Closed by Pat Smith on 2 May 2026": the figures are the ones kept then.
    pub closed: Option<String>,
    /// The year is over, not closed, and the caller is a manager: offer to close it.
    pub can_close: bool,
    /// The caller may import earlier years' figures (managers).
    #[serde(default)]
    pub can_import: bool,
}

/// Builds the yearly report from storage (blocking; ssr only), as it must be shown: a closed
/// year's kept figures, else the records now, with the year before's kept figures if that year
/// is closed (`domain/report/closed_year.rs`). Used by [`ReportCache`](super::ReportCache) (which the page and
/// the CSV downloads go through), closing a year and the benchmark. Also returns the year's closing, if it is closed.
#[cfg(feature = "ssr")]
pub fn build_from(
    store: &dyn crate::api::store::Store,
    council_id: &str,
    start_year: i32,
) -> crate::api::store::StoreResult<crate::domain::report::YearReport> {
    Ok(build_with_closing(store, council_id, start_year)?.0)
}

/// [`build_from`], with the closing of the year if it is closed.
#[cfg(feature = "ssr")]
pub fn build_with_closing(
    store: &dyn crate::api::store::Store,
    council_id: &str,
    start_year: i32,
) -> crate::api::store::StoreResult<(
    crate::domain::report::YearReport,
    Option<crate::domain::report::closed_year::ClosedYear>,
)> {
    use crate::domain::calendar::financial_year_bounds;
    use crate::domain::report::build_report;
    use crate::domain::report::closed_year::report_for;
    use crate::domain::report_input::report_record;
    if let Some(closed) = store.closed_year(council_id, start_year)? {
        return Ok((closed.report.clone(), Some(closed)));
    }
    let previous = store.closed_year(council_id, start_year - 1)?;
    let (from, _) = financial_year_bounds(start_year - 1);
    let (_, to) = financial_year_bounds(start_year);
    let contacts = store.report_contacts(council_id, from, to)?;
    let records: Vec<_> = contacts.iter().map(report_record).collect();
    let live = build_report(&records, start_year);
    Ok((report_for(live, None, previous.as_ref()), None))
}

/// The first year offered in the year list (earlier ones can still be asked for by address).
pub const EARLIEST_LISTED_YEAR: i32 = 2015;

/// Years the report can be asked for.
pub const REPORT_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[cfg(feature = "ssr")]
async fn build(
    start_year: i32,
) -> Result<
    std::sync::Arc<(
        crate::domain::report::YearReport,
        Option<crate::domain::report::closed_year::ClosedYear>,
    )>,
    ApiError,
> {
    use crate::api::state::{db, state};
    if !REPORT_YEARS.contains(&start_year) {
        return Err(ApiError::bad_request(
            "Choose a year between 2000 and 2100.",
        ));
    }
    let st = state()?;
    let (council, cache) = (st.settings.council_id.clone(), st.report_cache.clone());
    db(move |s| cache.get(s, &council, start_year)).await
}

/// The yearly complaints report for the financial year starting in April `year` (default: the
/// current one), with the year before alongside. `view=publishable` shows counts below 5 as "<5";
/// `by=area` shows every by-team table by service area (`domain/report/by_area.rs`).
#[server(prefix = "/api", endpoint = "officer/report")]
pub async fn yearly_report(
    year: Option<i32>,
    view: Option<String>,
    by: Option<String>,
) -> Result<ReportView, ApiError> {
    use crate::domain::calendar::{financial_year_label, financial_year_start};
    use crate::domain::officer::Permission;
    use crate::domain::report::closed_year::cannot_close;
    use crate::domain::report::{View, SMALL_MARK};

    let user = super::guard::require(Permission::ReadCases).await?;
    let today = crate::domain::uk_time::uk_date(chrono::Utc::now());
    let current = financial_year_start(today);
    let start_year = year.unwrap_or(current);
    let publishable = view.as_deref() == Some("publishable");
    let by_area = by.as_deref() == Some("area");
    let shown = build(start_year).await?;
    let structure = crate::api::state::state()?.settings.structure.clone();
    let regrouped = by_area.then(|| crate::domain::report::by_area::by_area(&shown.0, &structure));
    let report = regrouped.as_ref().unwrap_or(&shown.0);
    let closing = shown.1.clone();
    super::guard::audit(
        Some(&user),
        &user.email,
        "viewed the yearly report",
        None,
        format!(
            "{} ({})",
            report.label,
            if publishable {
                "publishable"
            } else {
                "internal"
            }
        ),
    )
    .await?;
    let v = if publishable {
        View::Publishable
    } else {
        View::Internal
    };
    let tables = report
        .tables()
        .into_iter()
        .map(|t| {
            let cells = t.cells(v);
            let bars = t
                .rows
                .iter()
                .zip(cells.iter())
                .map(|(row, shown)| {
                    let exact = |i: usize, n: u64| {
                        (shown.get(i).map(String::as_str) != Some(SMALL_MARK)
                            && shown.get(i).map(String::as_str) != Some("*"))
                        .then_some(n)
                    };
                    Bar {
                        label: row.label.clone(),
                        this_year: exact(1, row.this_year),
                        last_year: exact(2, row.last_year),
                    }
                })
                .collect();
            ReportTable {
                id: t.id.clone(),
                title: t.title.clone(),
                columns: t.columns.clone(),
                rows: cells,
                bars,
                unit: t.unit.clone(),
            }
        })
        .collect();
    Ok(ReportView {
        start_year,
        label: report.label.clone(),
        previous_label: report.previous_label.clone(),
        publishable,
        by_area,
        years: (EARLIEST_LISTED_YEAR.min(start_year)..=current)
            .rev()
            .map(|y| (y, financial_year_label(y)))
            .collect(),
        headline: crate::domain::report::headline::headline(report, v),
        tables,
        can_import: user.role.can(Permission::ImportReportFigures),
        can_close: closing.is_none()
            && user.role.can(Permission::CloseReportYear)
            && cannot_close(start_year, today).is_none(),
        closed: closing.map(|c| {
            let at = crate::domain::uk_time::uk_date(c.closed_at);
            if c.imported {
                format!(
                    "Imported by {} on {}: these figures were imported from an earlier report, not counted from records here.",
                    c.closed_by,
                    at.format("%-d %B %Y")
                )
            } else {
                format!(
                    "Closed by {} on {}: these are the figures kept then, whatever was recorded later.",
                    c.closed_by,
                    at.format("%-d %B %Y")
                )
            }
        }),
    })
}
