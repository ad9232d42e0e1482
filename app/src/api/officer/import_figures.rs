use crate::api::error::ApiError;
use leptos::prelude::*;

/// Imports one table of an earlier year's figures from the report's own CSV (managers only;
/// `domain/report/import.rs` has the template and the rules). All or nothing: a file with any
/// problem imports nothing, and the page shows every problem with its line and keeps the text
/// (for this session, once). The import and its audit line are one transaction; a year that is
/// closed or has records is refused (409). Importing a table the year already has replaces it.
/// A plain form post: it works without JavaScript and returns to the import page.
#[server(prefix = "/api", endpoint = "officer/import-figures")]
pub async fn import_report_figures(year: i32, table: String, csv: String) -> Result<(), ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::officer::Permission;
    use crate::domain::report::build_report;
    use crate::domain::report::closed_year::cannot_close;
    use crate::domain::report::import::{parse_table, ImportOutcome, ImportedTable};

    let user = super::guard::require(Permission::ImportReportFigures).await?;
    if !super::REPORT_YEARS.contains(&year) {
        return Err(ApiError::bad_request(
            "Choose a year between 2000 and 2100.",
        ));
    }
    let now = chrono::Utc::now();
    if cannot_close(year, crate::domain::uk_time::uk_date(now)).is_some() {
        return Err(ApiError::bad_request(
            "Only a year that is over can be imported.",
        ));
    }
    let template = build_report(&[], year);
    let Some(position) = template.tables.iter().position(|t| t.id == table) else {
        return Err(ApiError::bad_request("Choose a table from the list."));
    };
    let parsed = parse_table(&template.tables[position], &csv);
    let figures = match parsed {
        Ok(t) => t,
        Err(problems) => {
            let n = problems.len();
            let first = problems[0].to_string();
            remember(ImportAttempt {
                year,
                table: table.clone(),
                csv,
                problems,
            })?;
            return Err(ApiError::bad_request(format!(
                "Nothing was imported: the file has {} to put right. {first}",
                if n == 1 {
                    "1 problem".to_string()
                } else {
                    format!("{n} problems")
                }
            )));
        }
    };
    let title = figures.title.clone();
    let audit = super::guard::entry(
        Some(&user),
        &user.email,
        "imported figures of an earlier year",
        None,
        format!(
            "{} \u{2014} {title} ({table})",
            crate::domain::calendar::financial_year_label(year)
        ),
    )?;
    let imported = ImportedTable {
        table: figures,
        imported_by: user.name.clone(),
        imported_at: now,
    };
    let council = state()?.settings.council_id.clone();
    let outcome = db(move |s| s.import_table(&council, year, position, &imported, &audit)).await?;
    match outcome {
        ImportOutcome::Imported | ImportOutcome::Replaced => {
            let replaced = u8::from(outcome == ImportOutcome::Replaced);
            leptos_axum::redirect(&format!(
                "/officer/report/import?year={year}&imported={table}&replaced={replaced}#done"
            ));
            Ok(())
        }
        ImportOutcome::YearClosed | ImportOutcome::YearHasRecords => {
            let why = if outcome == ImportOutcome::YearClosed {
                "This year is closed: its figures are kept as they are, so nothing can be imported over them."
            } else {
                "This year has records in Speak Up: its figures come from them, so nothing can be imported over them."
            };
            remember(ImportAttempt {
                year,
                table,
                csv,
                problems: vec![crate::domain::report::import::ImportProblem {
                    line: None,
                    message: why.to_string(),
                }],
            })?;
            Err(ApiError::new(409, why))
        }
    }
}

/// A refused import, kept to show once on the import page of the same session.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportAttempt {
    pub year: i32,
    pub table: String,
    /// What was pasted, so it is not lost.
    pub csv: String,
    pub problems: Vec<crate::domain::report::import::ImportProblem>,
}

/// The last refused import of each officer session (ssr only, in memory): at most one per
/// session, for 30 minutes, handed out once. Kept on the server, not in the address, so a
/// link cannot make the page say what we did not write.
#[cfg(feature = "ssr")]
#[derive(Default)]
pub struct ImportAttempts {
    inner: std::sync::Mutex<
        std::collections::HashMap<String, (chrono::DateTime<chrono::Utc>, ImportAttempt)>,
    >,
}

#[cfg(feature = "ssr")]
impl std::fmt::Debug for ImportAttempts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ImportAttempts(..)")
    }
}

#[cfg(feature = "ssr")]
impl ImportAttempts {
    const KEEP_MINUTES: i64 = 30;

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<
        '_,
        std::collections::HashMap<String, (chrono::DateTime<chrono::Utc>, ImportAttempt)>,
    > {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn put(&self, session: String, attempt: ImportAttempt) {
        let now = chrono::Utc::now();
        let mut map = self.lock();
        map.retain(|_, (at, _)| now - *at < chrono::Duration::minutes(Self::KEEP_MINUTES));
        map.insert(session, (now, attempt));
    }

    pub fn take(&self, session: &str) -> Option<ImportAttempt> {
        let (at, attempt) = self.lock().remove(session)?;
        (chrono::Utc::now() - at < chrono::Duration::minutes(Self::KEEP_MINUTES)).then_some(attempt)
    }
}

#[cfg(feature = "ssr")]
fn remember(attempt: ImportAttempt) -> Result<(), ApiError> {
    if let Some(session) = super::guard::session_hash()? {
        crate::api::state::state()?
            .import_attempts
            .put(session, attempt);
    }
    Ok(())
}
