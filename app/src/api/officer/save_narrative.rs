use crate::api::error::ApiError;
use leptos::prelude::*;

/// Saves the words of one section of a year's draft report (officers and managers; auditors
/// read only), replacing the last version, with its audit line in the same transaction. A plain
/// form post: it works without JavaScript and returns to that section of the draft.
#[server(prefix = "/api", endpoint = "officer/save-narrative")]
pub async fn save_narrative(year: i32, section: String, text: String) -> Result<(), ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::officer::Permission;
    use crate::domain::report::draft::{narrative_problem, tidy, Narrative, NarrativeSection};

    let user = super::guard::require(Permission::WriteReportNarrative).await?;
    if !super::REPORT_YEARS.contains(&year) {
        return Err(ApiError::bad_request(
            "Choose a year between 2000 and 2100.",
        ));
    }
    let Some(section) = NarrativeSection::from_code(&section) else {
        return Err(ApiError::bad_request("Choose a section of the report."));
    };
    let text = tidy(&text);
    if let Some(why) = narrative_problem(&text) {
        return Err(ApiError::new(413, why));
    }
    let audit = super::guard::entry(
        Some(&user),
        &user.email,
        "wrote in the draft yearly report",
        None,
        format!(
            "{} \u{2014} {} ({} characters)",
            crate::domain::calendar::financial_year_label(year),
            section.label(),
            text.chars().count()
        ),
    )?;
    let narrative = Narrative {
        section,
        text,
        updated_by: user.name.clone(),
        updated_at: chrono::Utc::now(),
    };
    let council = state()?.settings.council_id.clone();
    db(move |s| s.save_narrative(&council, year, &narrative, &audit)).await?;
    leptos_axum::redirect(&format!(
        "/officer/report/draft?year={year}&saved={}#{}",
        section.code(),
        section.code()
    ));
    Ok(())
}
