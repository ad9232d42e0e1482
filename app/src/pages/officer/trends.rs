use crate::api::error::ApiError;
use crate::api::officer::TrendsView;
use crate::components::TrendChart;
use crate::domain::report::trends::HEADLINE_LABELS;
use leptos::prelude::*;

/// The trends section of the trends page, from its own request (`report_trends`), made by
/// the page at the top so the server waits for it before sending the page.
#[component]
pub fn TrendsSection(data: Resource<Result<TrendsView, ApiError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p>"Loading the trends…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(t) => view! { <Trends trends=t publishable=false/> }.into_any(),
                    Err(e) => view! { <p class="field-error">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Up to ten years' headline figures: a chart drawn on the server and the table it stands for.
/// `publishable`: counts from 1 to 4 show as "<5" (the percentage stays).
#[component]
pub fn Trends(trends: TrendsView, publishable: bool) -> impl IntoView {
    use crate::domain::report::suppress_small;
    let years = trends.years;
    let n = years.len();
    let cell = move |i: usize, v: Option<u64>| match v {
        None => "no figure".to_string(),
        Some(v) if publishable && i + 1 < HEADLINE_LABELS.len() => suppress_small(v),
        Some(v) => v.to_string(),
    };
    view! {
        <section class="report-section" id="trends">
            <h2>"Trends over " {n} {if n == 1 { " year" } else { " years" }}</h2>
            <TrendChart years=years.clone() table_id="table-trends".to_string() publishable=publishable/>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Table: headline figures by year">
                <table class="inbox report" id="table-trends">
                    <caption class="visually-hidden">"Headline figures by year"</caption>
                    <thead><tr>
                        <th scope="col">"Figure"</th>
                        {years.iter().map(|h| view! { <th scope="col">{h.label.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {HEADLINE_LABELS.iter().enumerate().map(|(i, label)| view! {
                            <tr>
                                <th scope="row">{*label}</th>
                                {years.iter().map(|h| view! { <td>{cell(i, h.figures()[i])}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                        <tr>
                            <th scope="row">"Figures from"</th>
                            {years.iter().map(|h| view! { <td>{h.source.label()}</td> }).collect_view()}
                        </tr>
                    </tbody>
                </table>
            </div>
            <p class="report-unit">"Each year from its records in Speak Up, its closed report, or the figures imported for it. Stage 1 counts statutory complaints, withdrawn ones included; Stage 2 and 3 count requests made in the year; the percentage is of Stage 1 responses within the timescale agreed for each complaint. "{if publishable { "Counts from 1 to 4 are shown as <5." } else { "Exact counts." }}</p>
        </section>
    }
}
