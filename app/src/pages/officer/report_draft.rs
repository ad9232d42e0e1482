use super::trends::Trends;
use super::OfficerFrame;
use crate::api::officer::{draft_report, ReportTable, SaveNarrative};
use crate::components::BarChart;
use crate::domain::report::draft::{paragraphs, NarrativeSection};
use crate::domain::report::trends::summary_sentence;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The draft annual report in the shape councils publish (summary, the procedure, analysis
/// with charts, learning, compliments, equality, the year ahead), with the publishable figures
/// and the words officers write for each section (plain forms, no JavaScript needed). The
/// browser's print ("Save as PDF") leaves out everything but the report.
#[component]
pub fn ReportDraftPage() -> impl IntoView {
    let query = use_query_map();
    let save = ServerAction::<SaveNarrative>::new();
    let data = Resource::new(
        move || query.read().get("year").and_then(|y| y.parse::<i32>().ok()),
        draft_report,
    );
    let saved = move || query.read().get("saved");
    view! {
        <OfficerFrame title="Draft yearly report" children=Box::new(move |_| view! {
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let r = d.report.clone();
                            let label = r.label.clone();
                            let this = d.trends.years.last().cloned();
                            let summary = this.and_then(|h| summary_sentence(&h, true));
                            let trends = d.trends.clone();
                            let saved = saved();
                            view! {
                                <div class="no-print draft-tools">
                                    <p><a href=format!("/officer/report?year={}", r.start_year)>"Back to the yearly report"</a></p>
                                    <Form method="GET" action="/officer/report/draft" attr:class="filters">
                                        <div class="filter">
                                            <label class="label" for="d-year">"Financial year"</label>
                                            <select class="select" id="d-year" name="year">
                                                {r.years.iter().map(|(y, l)| view! {
                                                    <option value=y.to_string() selected=*y == r.start_year>{l.clone()}</option>
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <button type="submit" class="button button--secondary">"Show"</button>
                                    </Form>
                                    <p class="hint">"To make a PDF, use your browser\u{2019}s Print (Ctrl+P) and choose \u{201c}Save as PDF\u{201d}: only the report is printed. The figures are the publishable view (counts from 1 to 4 shown as <5)."</p>
                                    {move || save.value().get().and_then(|v| v.err()).map(|e| view! { <p class="field-error" role="alert">{save_refused(e.status)}</p> })}
                                </div>
                                <article class="draft">
                                    <header class="draft-cover">
                                        <p class="draft-council">{d.council_name.clone()}</p>
                                        <h1>"Children\u{2019}s social care complaints, representations and compliments: annual report " {label.clone()}</h1>
                                        <p>{format!("1 April {} to 31 March {}", r.start_year, r.start_year + 1)}</p>
                                        {r.closed.clone().map(|c| view! { <p class="draft-status">{c}</p> })}
                                        <p class="draft-status">"Draft"</p>
                                    </header>
                                    <nav class="draft-contents" aria-label="Contents">
                                        <h2>"Contents"</h2>
                                        <ol>{d.sections.iter().map(|s| view! { <li><a href=format!("#{}", s.section.code())>{s.section.label()}</a></li> }).collect_view()}</ol>
                                    </nav>
                                    {d.sections.into_iter().enumerate().map(|(i, s)| {
                                        let code = s.section.code();
                                        let is_summary = s.section == NarrativeSection::Summary;
                                        let just_saved = saved.as_deref() == Some(code);
                                        let box_id = format!("n-{code}");
                                        let written = !s.text.is_empty();
                                        let text = s.text.clone();
                                        view! {
                                            <section class="draft-section" id=code>
                                                <h2>{format!("{}. {}", i + 1, s.section.label())}</h2>
                                                {is_summary.then(|| summary.clone().map(|t| view! { <p class="draft-headline">{t}</p> }))}
                                                {if s.text.is_empty() {
                                                    view! { <p class="draft-missing">"[Not written yet.]"</p> }.into_any()
                                                } else {
                                                    paragraphs(&s.text).into_iter().map(|p| view! { <p>{p}</p> }).collect_view().into_any()
                                                }}
                                                {just_saved.then(|| view! { <div class="notice no-print" role="status"><p>"Saved."</p></div> })}
                                                {s.saved.clone().map(|w| view! { <p class="hint no-print">{w}</p> })}
                                                {d.can_edit.then(|| view! {
                                                    <details class="no-print draft-edit" open=!written && is_summary>
                                                        <summary>{format!("Write \u{201c}{}\u{201d}", s.section.label())}</summary>
                                                        <ActionForm action=save>
                                                            <input type="hidden" name="year" value=r.start_year.to_string()/>
                                                            <input type="hidden" name="section" value=code/>
                                                            <label class="label" for=box_id.clone()>{s.section.label()}</label>
                                                            <p class="hint" id=format!("{box_id}-hint")>{s.section.hint()}" Leave a blank line between paragraphs."</p>
                                                            <textarea class="textarea" id=box_id.clone() name="text" rows="8" aria-describedby=format!("{box_id}-hint")>{text}</textarea>
                                                            <button type="submit" class="button">{format!("Save \u{201c}{}\u{201d}", s.section.label())}</button>
                                                        </ActionForm>
                                                    </details>
                                                })}
                                                {is_summary.then(|| view! { <Trends trends=trends.clone() publishable=true/> })}
                                                {s.tables.into_iter().map(|t| view! { <DraftTable table=t this_label=r.label.clone() last_label=r.previous_label.clone()/> }).collect_view()}
                                            </section>
                                        }
                                    }).collect_view()}
                                </article>
                            }.into_any()
                        }
                        Err(e) => view! { <h1>"Draft yearly report"</h1><p class="field-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }.into_any())/>
    }
}

/// One table of the report inside the draft: its chart, the table and what it counts.
#[component]
fn DraftTable(table: ReportTable, this_label: String, last_label: String) -> impl IntoView {
    let table_id = format!("draft-{}", table.id);
    view! {
        <div class="draft-table">
            <h3>{table.title.clone()}</h3>
            <BarChart bars=table.bars.clone() table_id=table_id.clone() this_label=this_label last_label=last_label/>
            // Focusable, so a keyboard can scroll a wide table on a narrow screen.
            <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Table: {}", table.title)>
                <table class="inbox report" id=table_id>
                    <caption class="visually-hidden">{table.title.clone()}</caption>
                    <thead><tr>{table.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>{table.rows.into_iter().map(|row| view! {
                        <tr>{row.into_iter().enumerate().map(|(i, c)| if i == 0 {
                            view! { <th scope="row">{c}</th> }.into_any()
                        } else {
                            view! { <td>{c}</td> }.into_any()
                        }).collect_view()}</tr>
                    }).collect_view()}</tbody>
                </table>
            </div>
            <p class="report-unit">{table.unit.clone()}</p>
        </div>
    }
}

/// Fixed words for a refused save (only the status is read from the address).
fn save_refused(status: u16) -> &'static str {
    match status {
        413 => "That section is too long to save: keep it to 20,000 characters.",
        400 => "That section could not be saved: check the year and the section.",
        401 | 403 => "Only officers and managers can write the report.",
        _ => "That section was not saved. Please try again in a minute.",
    }
}
