use super::OfficerFrame;
use crate::api::officer::inbox;
use crate::domain::case_file::ContactStatus;
use crate::domain::submission::Kind;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// The inbox: urgent first, then by nearest deadline, with filters that work without JavaScript
/// (a GET form) and page links.
#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).filter(|v| !v.is_empty());
    let data = Resource::new(
        move || {
            (
                get("kind"),
                get("status"),
                get("service"),
                get("mine"),
                get("owner"),
                get("overdue"),
                get("reference"),
                get("flood"),
                get("page").and_then(|p| p.parse::<u32>().ok()),
                get("after"),
                get("before"),
            )
        },
        |(kind, status, service, mine, owner, overdue, reference, flood, page, after, before)| {
            inbox(
                kind, status, service, mine, owner, overdue, reference, flood, page, after, before,
            )
        },
    );
    view! {
        <OfficerFrame title="Inbox" children=Box::new(move |_officer| view! {
            <h1>"Inbox"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => {
                            let selected = move |k: &str, v: &str| get(k).as_deref() == Some(v);
                            let page = v.page;
                            // The filters stay; the page is found by seeking from a line's
                            // place (`after` the last one, `before` the first one).
                            let link = move |p: u32, seek: &str, key: &str| {
                                let q = query.get();
                                let mut parts: Vec<String> = q
                                    .into_iter()
                                    .filter(|(k, _)| !["page", "after", "before"].contains(&&**k))
                                    .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
                                    .collect();
                                parts.push(format!("page={p}"));
                                parts.push(format!("{seek}={key}"));
                                format!("/officer?{}", parts.join("&"))
                            };
                            let (previous, next) = (v.previous.clone(), v.next.clone());
                            let alerts = v.alerts.clone();
                            let floods = v.floods.clone();
                            let showing_flood = v.flood.is_some();
                            view! {
                                {(!floods.is_empty()).then(|| view! {
                                    <section id="possible-floods" aria-labelledby="possible-floods-title">
                                        <h2 id="possible-floods-title">{format!("Possible floods ({})", floods.len())}</h2>
                                        <p class="hint">"Many urgent messages came from one place in a short time. They are stored and grouped here so they do not bury other messages. Someone may be sending them on purpose, or it may be a real emergency in one home: look at them."</p>
                                        <ul class="list">
                                            {floods.into_iter().map(|f| view! {
                                                <li>
                                                    <a href=format!("/officer?flood={}", f.source)>
                                                        {format!("{} urgent messages from one place, {} to {}", f.count, f.first, f.last)}
                                                    </a>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                {showing_flood.then(|| view! {
                                    <p class="notice">"Showing one possible flood's messages. " <a href="/officer">"Show all messages"</a></p>
                                })}
                                <section id="safety-alerts" aria-labelledby="safety-alerts-title">
                                    <h2 id="safety-alerts-title">{format!("Safety alerts ({})", alerts.len())}</h2>
                                    <p class="hint">"\u{201c}I don't feel safe\u{201d} messages: not complaints. Pass each to safeguarding by the time shown."</p>
                                    {if alerts.is_empty() {
                                        view! { <p>"No open safety alerts."</p> }.into_any()
                                    } else {
                                        view! {
                                            <div class="table-wrap">
                                            <table class="inbox-alerts">
                                                <caption class="visually-hidden">"Safety alerts, oldest first"</caption>
                                                <thead><tr>
                                                    <th scope="col">"Reference"</th><th scope="col">"Received"</th>
                                                    <th scope="col">"Pass on by"</th><th scope="col">"Where it is up to"</th>
                                                </tr></thead>
                                                <tbody>
                                                    {alerts.into_iter().map(|a| {
                                                        let rag = a.rag.clone().unwrap_or_default();
                                                        view! {
                                                            <tr class="urgent">
                                                                <td><a href=format!("/officer/case/{}", a.reference)>{a.reference.clone()}</a></td>
                                                                <td>{a.received.clone()}</td>
                                                                <td><span class=format!("rag rag--{rag}")>{a.due.clone()}<span class="visually-hidden">{format!(" ({rag})")}</span></span></td>
                                                                <td>{a.status.clone()}</td>
                                                            </tr>
                                                        }
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                            </div>
                                        }.into_any()
                                    }}
                                </section>
                                <h2>"All messages"</h2>
                                <Form method="GET" action="/officer" attr:class="filters">
                                    <div class="filter">
                                        <label class="label" for="f-kind">"Kind"</label>
                                        <select class="select" id="f-kind" name="kind">
                                            <option value="">"All"</option>
                                            {Kind::ALL.iter().map(|k| view! {
                                                <option value=k.code() selected=selected("kind", k.code())>{k.label()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="filter">
                                        <label class="label" for="f-status">"Status"</label>
                                        <select class="select" id="f-status" name="status">
                                            <option value="">"All"</option>
                                            {ContactStatus::ALL.iter().map(|s| view! {
                                                <option value=s.code() selected=selected("status", s.code())>{s.label()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="filter">
                                        <label class="label" for="f-service">"Service"</label>
                                        <select class="select" id="f-service" name="service">
                                            <option value="">"All"</option>
                                            {v.services.iter().map(|s| view! {
                                                <option value=s.clone() selected=selected("service", s)>{s.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="filter">
                                        <label class="label" for="f-owner">"Owner"</label>
                                        <select class="select" id="f-owner" name="owner">
                                            <option value="">"Anyone"</option>
                                            {v.people.iter().map(|(id, name)| view! {
                                                <option value=id.to_string() selected=selected("owner", &id.to_string())>{name.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="filter">
                                        <label class="label" for="f-reference">"Reference"</label>
                                        <input class="input" id="f-reference" name="reference" value=get("reference").unwrap_or_default()/>
                                    </div>
                                    <div class="filter filter--checks">
                                        <div class="check"><input type="checkbox" id="f-mine" name="mine" value="1" checked=get("mine").is_some()/><label for="f-mine">"Mine only"</label></div>
                                        <div class="check"><input type="checkbox" id="f-overdue" name="overdue" value="1" checked=get("overdue").is_some()/><label for="f-overdue">"Overdue only"</label></div>
                                    </div>
                                    <button type="submit" class="button button--secondary">"Filter"</button>
                                </Form>
                                <p>{format!("{} cases", v.total)}</p>
                                <div class="table-wrap">
                                <table class="inbox">
                                    <caption class="visually-hidden">"Cases, urgent first, then by nearest deadline"</caption>
                                    <thead><tr>
                                        <th scope="col">"Reference"</th><th scope="col">"Kind"</th><th scope="col">"Who"</th>
                                        <th scope="col">"Received"</th><th scope="col">"Deadline"</th><th scope="col">"Status"</th><th scope="col">"Owner"</th>
                                    </tr></thead>
                                    <tbody>
                                        {v.lines.into_iter().map(|l| {
                                            let rag = l.rag.clone().unwrap_or_default();
                                            view! {
                                                <tr class=if l.urgent { "urgent" } else { "" }>
                                                    <td><a href=format!("/officer/case/{}", l.reference)>{l.reference.clone()}</a></td>
                                                    <td>{l.urgent.then(|| view! { <strong class="tag tag--urgent">"URGENT "</strong> })}{l.kind.clone()}</td>
                                                    <td>{l.who.clone()}</td>
                                                    <td>{l.received.clone()}</td>
                                                    <td>{l.due.clone().map(|d| view! {
                                                        <span class=format!("rag rag--{rag}")>{d}<span class="visually-hidden">{format!(" ({rag})")}</span></span>
                                                    })}</td>
                                                    <td>{l.status.clone()}{l.mail_problem.then(|| view! { <br/><span class="tag tag--urgent">"Email not sent yet (retrying)"</span> })}</td>
                                                    <td>{l.owner.clone().unwrap_or_else(|| "Nobody yet".into())}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                </div>
                                <nav class="pager" aria-label="Pages">
                                    {previous.map(|k| view! { <a href=link(page.saturating_sub(1), "before", &k)>"Previous page"</a> })}
                                    <span>{format!("Page {} of {}", page + 1, v.pages.max(1))}</span>
                                    {next.map(|k| view! { <a href=link(page + 1, "after", &k)>"Next page"</a> })}
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
