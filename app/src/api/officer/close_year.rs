use crate::api::error::ApiError;
use leptos::prelude::*;

/// Closes the financial year starting in April `year` (managers only, once the year is over):
/// its report is kept exactly as it is now, with who closed it and when, and every later run
/// of that year shows those figures (`domain/report/closed_year.rs`). The closing and its audit
/// line are written in one transaction. A plain form post: it works without JavaScript and
/// returns to the report.
#[server(prefix = "/api", endpoint = "officer/close-year")]
pub async fn close_report_year(year: i32) -> Result<(), ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::officer::Permission;
    use crate::domain::report::closed_year::{cannot_close, ClosedYear};

    let user = super::guard::require(Permission::CloseReportYear).await?;
    if !super::REPORT_YEARS.contains(&year) {
        return Err(ApiError::bad_request(
            "Choose a year between 2000 and 2100.",
        ));
    }
    let now = chrono::Utc::now();
    if let Some(why) = cannot_close(year, crate::domain::uk_time::uk_date(now)) {
        return Err(ApiError::bad_request(why));
    }
    let council = state()?.settings.council_id.clone();
    let (report, closed) = {
        let council = council.clone();
        db(move |s| super::build_with_closing(s, &council, year)).await?
    };
    if let Some(kept) = closed {
        return Err(ApiError::new(
            409,
            if kept.imported {
                "This year's figures were imported: they are kept as they are already."
            } else {
                "This year is already closed."
            },
        ));
    }
    let audit = super::guard::entry(
        Some(&user),
        &user.email,
        "closed a year of the yearly report",
        None,
        report.label.clone(),
    )?;
    let closing = ClosedYear {
        start_year: year,
        closed_by: user.name.clone(),
        closed_at: now,
        report,
        imported: false,
    };
    let done = db(move |s| s.close_year(&council, &closing, &audit)).await?;
    if !done {
        return Err(ApiError::new(409, "This year is already closed."));
    }
    leptos_axum::redirect(&format!("/officer/report?year={year}&closed=1"));
    Ok(())
}
