use super::OfficerFrame;
use crate::api::officer::{import_choices, ImportReportFigures};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// Importing an earlier year's figures (managers): one table at a time, from the report's own
/// CSV. A plain form (works without JavaScript); a refused file comes back with every problem
/// and the text as it was pasted.
#[component]
pub fn ReportImportPage() -> impl IntoView {
    let query = use_query_map();
    let import = ServerAction::<ImportReportFigures>::new();
    let data = Resource::new(
        move || query.read().get("year").and_then(|y| y.parse::<i32>().ok()),
        import_choices,
    );
    let done = move || {
        let q = query.read();
        q.get("imported")
            .map(|t| (t, q.get("replaced").as_deref() == Some("1")))
    };
    view! {
        <OfficerFrame title="Import an earlier year's figures" children=Box::new(move |_| view! {
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => {
                            let attempt = v.attempt.clone();
                            let chosen = attempt.as_ref().map(|a| a.table.clone());
                            let text = attempt.as_ref().map(|a| a.csv.clone()).unwrap_or_default();
                            let done_title = done().and_then(|(id, replaced)| {
                                v.tables.iter().find(|t| t.id == id).map(|t| (t.title.clone(), replaced))
                            });
                            view! {
                                <p class="no-print"><a href=format!("/officer/report?year={}", v.year)>"Back to the yearly report"</a></p>
                                <h1>"Import an earlier year\u{2019}s figures"</h1>
                                {done_title.map(|(title, replaced)| view! {
                                    <div class="notice" role="status" id="done"><p>
                                        {if replaced { "Replaced: " } else { "Imported: " }}{title}{format!(" for {}.", v.label)}
                                    </p></div>
                                })}
                                {move || import.value().get().and_then(|r| r.err()).filter(|_| attempt.is_none()).map(|e| view! {
                                    <p class="field-error" role="alert">{refused(e.status)}</p>
                                })}
                                {v.attempt.clone().map(|a| view! {
                                    <div class="error-summary" role="alert" tabindex="-1" id="problems">
                                        <h2>"Nothing was imported: put these right and import again"</h2>
                                        <ul>{a.problems.iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}</ul>
                                    </div>
                                })}
                                <p>"Bring in the figures of a year from before Speak Up, so the yearly report can show the year before and the trends from the first day. Import one table at a time, in the report\u{2019}s own CSV; only a year with no records in Speak Up, and not closed, can be imported."</p>
                                {v.imported.clone().map(|i| view! { <div class="notice" id="imported-year"><p>{i}" Importing a table again replaces that table."</p></div> })}
                                {v.closed.then(|| view! { <div class="notice notice--problem"><p>{format!("{} is closed: its figures are kept as they are and cannot be imported over.", v.label)}</p></div> })}
                                <Form method="GET" action="/officer/report/import" attr:class="filters">
                                    <div class="filter">
                                        <label class="label" for="f-year">"Financial year"</label>
                                        <select class="select" id="f-year" name="year">
                                            {v.years.iter().map(|(y, l)| view! {
                                                <option value=y.to_string() selected=*y == v.year>{l.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit" class="button button--secondary">"Choose this year"</button>
                                </Form>
                                <ActionForm action=import attr:class="import-form">
                                    <input type="hidden" name="year" value=v.year.to_string()/>
                                    <div class="field">
                                        <label class="label" for="i-table">{format!("Table of {}", v.label)}</label>
                                        <select class="select" id="i-table" name="table">
                                            {v.tables.iter().map(|t| view! {
                                                <option value=t.id.clone() selected=chosen.as_deref() == Some(t.id.as_str())>
                                                    {t.title.clone()}{if t.imported { " (imported)" } else { "" }}
                                                </option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label class="label" for="i-csv">"The table\u{2019}s CSV"</label>
                                        <p class="hint" id="i-csv-hint">"Paste the whole file, heading line first. Open the CSV in a text editor (or a spreadsheet\u{2019}s \u{201c}Save as CSV\u{201d}), copy everything and paste it here."</p>
                                        <textarea class="textarea csv-input" id="i-csv" name="csv" rows="14" spellcheck="false" aria-describedby="i-csv-hint">{text}</textarea>
                                    </div>
                                    <button type="submit" class="button">{format!("Import into {}", v.label)}</button>
                                </ActionForm>
                                <section class="report-section" id="template">
                                    <h2>"The template"</h2>
                                    <p>"Each table\u{2019}s template is its own CSV download on the yearly report (\u{201c}Download this table (CSV)\u{201d}, internal view). For a year with nothing in Speak Up the download is the blank template, every count 0: fill in the figures and import it. For example, \u{201c}How contact was made\u{201d}:"</p>
                                    <pre class="csv-example">{"Channel,2019/20,2018/19,Change\nOnline form,120,98,\nEmail,31,40,\nPhone,55,61,\n…\nContacts received,206,199,"}</pre>
                                    <ul>
                                        <li>"The heading line: what the rows are, the year being imported, the year before, \u{201c}Change\u{201d}."</li>
                                        <li>"Every row of the table, once, with whole numbers (0 for none). For teams, categories and owners, write your council\u{2019}s own names."</li>
                                        <li>"The Change column can be left empty; the total, if given, must add up."</li>
                                        <li>"Averages and amounts as the report writes them: 12.3 (working days), 47% or 1234.56 (\u{a3}); n/a when there is none."</li>
                                        <li>"Exact counts only: \u{201c}<5\u{201d} from the publishable view cannot be imported."</li>
                                    </ul>
                                </section>
                            }.into_any()
                        }
                        Err(e) => view! { <h1>"Import an earlier year\u{2019}s figures"</h1><p class="field-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }.into_any())/>
    }
}

/// Fixed words for a refusal that came back without a kept attempt (only its status is read
/// from the address, never its text).
fn refused(status: u16) -> &'static str {
    match status {
        400 => "Nothing was imported: check the year, the table and the file, and try again.",
        409 => "Nothing was imported: this year is closed or has records in Speak Up.",
        401 | 403 => "Only a complaints manager can import figures.",
        _ => "Nothing was imported. Please try again in a minute.",
    }
}
