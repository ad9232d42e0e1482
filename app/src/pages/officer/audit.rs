use super::OfficerFrame;
use crate::api::officer::audit_log;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The audit log, newest first. Nobody can change it through the app.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(page, |p| audit_log(Some(p)));
    view! {
        <OfficerFrame title="Audit log" children=Box::new(move |_| view! {
            <h1>"Audit log"</h1>
            <p>"Every look at and change to a case, newest first. Nobody can edit or delete these lines."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(lines) => {
                            let more = lines.len() == 100;
                            let p = page();
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
                                    {(p > 0).then(|| view! { <a href=format!("/officer/audit?page={}", p - 1)>"Newer"</a> })}
                                    {more.then(|| view! { <a href=format!("/officer/audit?page={}", p + 1)>"Older"</a> })}
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
