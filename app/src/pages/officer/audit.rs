use super::OfficerFrame;
use crate::api::officer::audit_log;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The audit log, newest first. Nobody can change it through the app.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let id = move |k: &str| query.read().get(k).and_then(|p| p.parse::<i64>().ok());
    let data = Resource::new(
        move || (id("older"), id("newer")),
        |(older, newer)| audit_log(older, newer),
    );
    view! {
        <OfficerFrame title="Audit log" children=Box::new(move |_| view! {
            <h1>"Audit log"</h1>
            <p>"Every look at and change to a case, newest first. Nobody can edit or delete these lines."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => {
                            let (lines, newer, older) = (v.lines, v.newer, v.older);
                            view! {
                                <div class="table-wrap"><table class="inbox">
                                    <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Case"</th><th scope="col">"Detail"</th></tr></thead>
                                    <tbody>{lines.into_iter().map(|l| view! {
                                        <tr><td>{l.at}</td><td>{l.who}</td><td>{l.action}</td>
                                        <td>{l.reference.map(|r| view! { <a href=format!("/officer/case/{r}")>{r.clone()}</a> })}</td>
                                        <td>{l.detail}</td></tr>
                                    }).collect_view()}</tbody>
                                </table></div>
                                <nav class="pager" aria-label="Pages">
                                    {newer.map(|id| view! { <a href=format!("/officer/audit?newer={id}")>"Newer"</a> })}
                                    {older.map(|id| view! { <a href=format!("/officer/audit?older={id}")>"Older"</a> })}
                                </nav>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="field-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }.into_any())/>
    }
}
