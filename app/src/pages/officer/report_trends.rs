use super::trends::TrendsSection;
use super::OfficerFrame;
use crate::api::officer::report_trends;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Up to ten years' headline figures ending at the chosen year, on a page of their own: they
/// need up to five yearly reports, so the yearly report's own page does not wait for them
/// (its cold time is issue 9's budget of under a second).
#[component]
pub fn ReportTrendsPage() -> impl IntoView {
    let query = use_query_map();
    let year = move || query.read().get("year").and_then(|y| y.parse::<i32>().ok());
    let trends = Resource::new(year, report_trends);
    view! {
        <OfficerFrame title="Trends over ten years" children=Box::new(move |_| view! {
            <p class="no-print"><a href=move || match year() {
                Some(y) => format!("/officer/report?year={y}"),
                None => "/officer/report".to_string(),
            }>"Back to the yearly report"</a></p>
            <h1>"Trends over ten years"</h1>
            <TrendsSection data=trends/>
        }.into_any())/>
    }
}
