use crate::api::error::ApiError;
use crate::domain::report::trends::Headline;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The headline figures of up to ten years ending at the shown one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendsView {
    pub years: Vec<Headline>,
}

/// Up to ten years' headline figures (blocking; ssr only), each year from its records, its
/// closed report or its imported figures (`domain/report/trends.rs`). Goes through the report
/// cache: a year built from records also gives the year before it (its second column), so
/// ten years cost at most five reports, each kept until a write changes it.
#[cfg(feature = "ssr")]
pub fn trend_years(
    store: &dyn crate::api::store::Store,
    cache: &super::ReportCache,
    council_id: &str,
    start_year: i32,
) -> crate::api::store::StoreResult<Vec<Headline>> {
    use crate::domain::report::trends::{headline, trend, Column, Source, TREND_YEARS};
    let first = (start_year - TREND_YEARS + 1).max(*super::REPORT_YEARS.start());
    let mut years = Vec::new();
    let mut y = start_year;
    while y >= first {
        let shown = cache.get(store, council_id, y)?;
        let source = match &shown.1 {
            Some(kept) if kept.imported => Source::Imported,
            Some(_) => Source::Closed,
            None => Source::Records,
        };
        years.push(headline(&shown.0, Column::ThisYear, source));
        if source == Source::Records && y > first && store.closed_year(council_id, y - 1)?.is_none()
        {
            years.push(headline(&shown.0, Column::YearBefore, Source::Records));
            y -= 2;
        } else {
            y -= 1;
        }
    }
    Ok(trend(years))
}

/// The trends for the report page (anyone who may read the report), ending at the financial
/// year starting in April `year` (default: the current one).
#[server(prefix = "/api", endpoint = "officer/report-trends")]
pub async fn report_trends(year: Option<i32>) -> Result<TrendsView, ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::officer::Permission;
    let user = super::guard::require(Permission::ReadCases).await?;
    let today = crate::domain::uk_time::uk_date(chrono::Utc::now());
    let year = year.unwrap_or(crate::domain::calendar::financial_year_start(today));
    if !super::REPORT_YEARS.contains(&year) {
        return Err(ApiError::bad_request(
            "Choose a year between 2000 and 2100.",
        ));
    }
    let st = state()?;
    let (council, cache) = (st.settings.council_id.clone(), st.report_cache.clone());
    let years = db(move |s| trend_years(s, &cache, &council, year)).await?;
    super::guard::audit(
        Some(&user),
        &user.email,
        "viewed the yearly report trends",
        None,
        crate::domain::calendar::financial_year_label(year),
    )
    .await?;
    Ok(TrendsView { years })
}
