use super::OfficerFrame;
use crate::api::officer::{yearly_report, CloseReportYear};
use crate::components::BarChart;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The yearly complaints report: every table with the year before, a chart drawn on the server
/// for each, a CSV per table, and a publishable view where counts below 5 show as "<5".
/// The browser's print ("Save as PDF") uses the print stylesheet.
#[component]
pub fn ReportPage() -> impl IntoView {
    let query = use_query_map();
    let close = ServerAction::<CloseReportYear>::new();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("year").and_then(|y| y.parse::<i32>().ok()),
                q.get("view"),
                q.get("by"),
            )
        },
        |(year, view, by)| yearly_report(year, view, by),
    );
    view! {
        <OfficerFrame title="Yearly report" children=Box::new(move |_| view! {
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(r) => {
                            let view_q = match (r.publishable, r.by_area) {
                                (false, false) => "",
                                (true, false) => "?view=publishable",
                                (false, true) => "?by=area",
                                (true, true) => "?view=publishable&by=area",
                            };
                            view! {
                                <h1>"Children's complaints report " {r.label.clone()}</h1>
                                {r.closed.clone().map(|c| view! { <div class="notice" role="status" id="closed-year"><p>{c}</p></div> })}
                                {move || close.value().get().and_then(|v| v.err()).map(|e| view! { <p class="field-error" role="alert">{close_refused(e.status)}</p> })}
                                <p class="report-view">
                                    {if r.publishable {
                                        "Publishable view: any count from 1 to 4 is shown as <5 so that no child can be identified."
                                    } else {
                                        "Internal view: exact counts. Do not publish this view."
                                    }}
                                </p>
                                <Form method="GET" action="/officer/report" attr:class="filters no-print">
                                    <div class="filter">
                                        <label class="label" for="f-year">"Financial year"</label>
                                        <select class="select" id="f-year" name="year">
                                            {r.years.iter().map(|(y, l)| view! {
                                                <option value=y.to_string() selected=*y == r.start_year>{l.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="filter">
                                        <label class="label" for="f-view">"View"</label>
                                        <select class="select" id="f-view" name="view">
                                            <option value="internal" selected=!r.publishable>"Internal (exact counts)"</option>
                                            <option value="publishable" selected=r.publishable>"Publishable (counts below 5 hidden)"</option>
                                        </select>
                                    </div>
                                    <div class="filter">
                                        <label class="label" for="f-by">"Teams"</label>
                                        <select class="select" id="f-by" name="by">
                                            <option value="team" selected=!r.by_area>"By team"</option>
                                            <option value="area" selected=r.by_area>"By service area"</option>
                                        </select>
                                    </div>
                                    <button type="submit" class="button button--secondary">"Show"</button>
                                </Form>
                                {let label = r.label.clone(); r.can_close.then(move || view! {
                                    <ActionForm action=close attr:class="no-print close-year">
                                        <input type="hidden" name="year" value=r.start_year.to_string()/>
                                        <p class="hint">"This year is over. Closing it keeps these figures exactly as they are: every later run of "{label.clone()}" shows them, whatever is recorded afterwards. It cannot be undone."</p>
                                        <button type="submit" class="button button--secondary" disabled=move || close.pending().get()>"Close " {label.clone()} " and keep its figures"</button>
                                    </ActionForm>
                                })}
                                <section class="report-section" id="headline">
                                    <h2>"Headline figures"</h2>
                                    {r.headline.iter().map(|s| view! { <p>{s.clone()}</p> }).collect_view()}
                                </section>
                                <p class="no-print report-links">
                                    <a href=format!("/officer/report/draft?year={}", r.start_year)>"Draft report for publishing"</a>
                                    " \u{b7} "
                                    <a href=format!("/officer/report/trends?year={}", r.start_year)>"Trends over ten years"</a>
                                    {r.can_import.then(|| view! { " \u{b7} " <a href=format!("/officer/report/import?year={}", r.start_year - 1)>"Import an earlier year\u{2019}s figures"</a> })}
                                </p>
                                <nav class="contents no-print" aria-label="Tables">
                                    <ul>
                                        {r.tables.iter().map(|t| view! { <li><a href=format!("#{}", t.id)>{t.title.clone()}</a></li> }).collect_view()}
                                    </ul>
                                </nav>
                                {r.tables.into_iter().map(|t| {
                                    let table_id = format!("table-{}", t.id);
                                    let csv = format!("/officer/report/{}/{}.csv{}", r.start_year, t.id, view_q);
                                    view! {
                                        <section class="report-section" id=t.id.clone()>
                                            <h2>{t.title.clone()}</h2>
                                            <BarChart bars=t.bars.clone() table_id=table_id.clone() this_label=r.label.clone() last_label=r.previous_label.clone()/>
                                            <div class="table-wrap">
                                                <table class="inbox report" id=table_id>
                                                    <caption class="visually-hidden">{t.title.clone()}</caption>
                                                    <thead><tr>{t.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}</tr></thead>
                                                    <tbody>{t.rows.into_iter().map(|row| view! {
                                                        <tr>{row.into_iter().enumerate().map(|(i, c)| if i == 0 {
                                                            view! { <th scope="row">{c}</th> }.into_any()
                                                        } else {
                                                            view! { <td>{c}</td> }.into_any()
                                                        }).collect_view()}</tr>
                                                    }).collect_view()}</tbody>
                                                </table>
                                            </div>
                                            <p class="report-unit">{t.unit.clone()}</p>
                                            <p class="no-print"><a href=csv download="">"Download this table (CSV)"<span class="visually-hidden">{format!(": {}", t.title)}</span></a></p>
                                        </section>
                                    }
                                }).collect_view()}
                            }.into_any()
                        }
                        Err(e) => view! { <h1>"Yearly report"</h1><p class="field-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }.into_any())/>
    }
}

/// Fixed words for a refused closing. A refusal can come back in the URL (a plain form post
/// with JavaScript off), so only its status is read, never its text: a link cannot make this
/// page say something we did not write.
fn close_refused(status: u16) -> &'static str {
    match status {
        409 => "This year is already closed.",
        400 => "This year is not over yet, so it cannot be closed.",
        401 | 403 => "Only a complaints manager can close a year.",
        _ => "The year was not closed. Please try again in a minute.",
    }
}
