use crate::api::error::ApiError;
use crate::domain::report::draft::NarrativeSection;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One section of the draft report: its words (if written) and its tables.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftSection {
    pub section: NarrativeSection,
    pub text: String,
    /// "Last saved by Pat Smith on 2 May 2026".
    pub saved: Option<String>,
    pub tables: Vec<super::ReportTable>,
}

/// The draft annual report for a year: the publishable figures, the words per section and the
/// trends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    pub council_name: String,
    pub report: super::ReportView,
    pub sections: Vec<DraftSection>,
    pub trends: super::TrendsView,
    /// The caller may write (officers and managers; auditors read only).
    pub can_edit: bool,
}

/// The draft annual report of the financial year starting in April `year` (default: the last
/// one that is over), in the shape councils publish, with the publishable figures (counts
/// below 5 hidden) and the words officers wrote.
#[server(prefix = "/api", endpoint = "officer/draft-report")]
pub async fn draft_report(year: Option<i32>) -> Result<DraftView, ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::calendar::financial_year_start;
    use crate::domain::officer::Permission;

    let user = super::guard::require(Permission::ReadCases).await?;
    let today = crate::domain::uk_time::uk_date(chrono::Utc::now());
    let year = year.unwrap_or(financial_year_start(today) - 1);
    // Checks the year, reads (or computes) the report and audits the look.
    let report = super::yearly_report(Some(year), Some("publishable".to_string()), None).await?;
    let st = state()?;
    let (council, cache) = (st.settings.council_id.clone(), st.report_cache.clone());
    let (narratives, years) = db(move |s| {
        Ok((
            s.narratives(&council, year)?,
            super::trend_years(s, &cache, &council, year)?,
        ))
    })
    .await?;
    let mut tables = report.tables.clone();
    let sections = NarrativeSection::ALL
        .iter()
        .map(|&section| {
            let written = narratives.iter().find(|n| n.section == section);
            let (mine, rest): (Vec<_>, Vec<_>) =
                tables.drain(..).partition(|t| section.holds_table(&t.id));
            tables = rest;
            DraftSection {
                section,
                text: written.map(|n| n.text.clone()).unwrap_or_default(),
                saved: written.map(|n| {
                    format!(
                        "Last saved by {} on {}",
                        n.updated_by,
                        crate::domain::uk_time::uk_date(n.updated_at).format("%-d %B %Y")
                    )
                }),
                tables: mine,
            }
        })
        .collect();
    Ok(DraftView {
        council_name: st.settings.council_name.clone(),
        report,
        sections,
        trends: super::TrendsView { years },
        can_edit: user.role.can(Permission::WriteReportNarrative),
    })
}
