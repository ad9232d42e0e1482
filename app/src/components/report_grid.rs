use leptos::prelude::*;

/// One report table as HTML: the first cell of each row is its heading. Focusable, so a
/// keyboard can scroll a wide table on a narrow screen. Used by the report page and the draft.
#[component]
pub fn ReportGrid(
    table_id: String,
    title: String,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Table: {title}")>
            <table class="inbox report" id=table_id>
                <caption class="visually-hidden">{title.clone()}</caption>
                <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                <tbody>{rows.into_iter().map(|row| view! {
                    <tr>{row.into_iter().enumerate().map(|(i, c)| if i == 0 {
                        view! { <th scope="row">{c}</th> }.into_any()
                    } else {
                        view! { <td>{c}</td> }.into_any()
                    }).collect_view()}</tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}
