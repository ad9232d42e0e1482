use crate::api::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One table of the report, and whether the year has imported figures for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportTableChoice {
    pub id: String,
    pub title: String,
    /// "Imported" when this year has figures for it.
    pub imported: bool,
}

/// What the import page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub year: i32,
    pub label: String,
    /// Years that are over, newest first.
    pub years: Vec<(i32, String)>,
    pub tables: Vec<ImportTableChoice>,
    /// "Figures imported by Pat Smith on 2 May 2026 (3 tables)."
    pub imported: Option<String>,
    /// The year is closed: nothing can be imported over it.
    pub closed: bool,
    /// The last refused import of this session, shown once with every problem.
    pub attempt: Option<super::ImportAttempt>,
}

/// The import page (managers only): the years, the tables and what is imported already.
#[server(prefix = "/api", endpoint = "officer/import-view")]
pub async fn import_choices(year: Option<i32>) -> Result<ImportView, ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::calendar::{financial_year_label, financial_year_start};
    use crate::domain::officer::Permission;
    use crate::domain::report::build_report;

    super::guard::require(Permission::ImportReportFigures).await?;
    let today = crate::domain::uk_time::uk_date(chrono::Utc::now());
    let last_over = financial_year_start(today) - 1;
    let attempt = match super::guard::session_hash()? {
        Some(session) => state()?.import_attempts.take(&session),
        None => None,
    };
    let year = year
        .or(attempt.as_ref().map(|a| a.year))
        .unwrap_or(last_over);
    if !super::REPORT_YEARS.contains(&year) || year > last_over {
        return Err(ApiError::bad_request(
            "Choose a year that is over, from 2000.",
        ));
    }
    let council = state()?.settings.council_id.clone();
    let (imported, closed) = {
        let council = council.clone();
        db(move |s| {
            Ok((
                s.imported_year(&council, year)?,
                s.closed_year(&council, year)?,
            ))
        })
        .await?
    };
    let closed = closed.is_some_and(|c| !c.imported);
    let template = build_report(&[], year);
    let tables = template
        .tables
        .iter()
        .map(|t| ImportTableChoice {
            id: t.id.clone(),
            title: t.title.clone(),
            imported: imported
                .as_ref()
                .is_some_and(|y| y.report.table(&t.id).is_some()),
        })
        .collect();
    Ok(ImportView {
        year,
        label: financial_year_label(year),
        years: (super::REPORT_YEARS
            .start()
            .max(&(last_over - 20))
            .to_owned()..=last_over)
            .rev()
            .map(|y| (y, financial_year_label(y)))
            .collect(),
        tables,
        imported: imported.map(|y| {
            format!(
                "Figures imported by {} on {} ({} of {} tables).",
                y.imported_by,
                crate::domain::uk_time::uk_date(y.imported_at).format("%-d %B %Y"),
                y.report.tables.len(),
                template.tables.len()
            )
        }),
        closed,
        attempt,
    })
}
