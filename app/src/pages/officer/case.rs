use super::OfficerFrame;
use crate::api::officer::{get_case, CaseAction as CaseActionFn, CaseView, SafeguardingAction};
use crate::domain::case_file::{AdvocateStep, RemedyKind};
use crate::domain::procedure::{
    OmbudsmanFinding, Outcome, Signpost, Stage, Stage2DeclineReason, Stage2Resolution,
    TriageDecision,
};
use crate::domain::structure::VARIOUS_TEAM;
use crate::domain::submission::Who;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

fn select(
    id: String,
    name: &'static str,
    label: &'static str,
    opts: Vec<(String, String)>,
    blank: bool,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="label" for=id.clone()>{label}</label>
            <select class="select" id=id name=format!("f[{name}]")>
                {blank.then(|| view! { <option value="">"Choose"</option> })}
                {opts.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </div>
    }
}

fn date_input(id: String, label: &'static str) -> impl IntoView {
    view! {
        <div class="field">
            <label class="label" for=id.clone()>{label}</label>
            <p class="hint">"Leave empty for today."</p>
            <input class="input input--date" type="date" id=id name="f[on]"/>
        </div>
    }
}

/// One case: what was written, the procedure and its deadlines, and everything an officer can
/// record, each as its own small form (works without JavaScript).
#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let act = ServerAction::<CaseActionFn>::new();
    let sact = ServerAction::<SafeguardingAction>::new();
    let data = Resource::new(
        move || {
            (
                reference(),
                act.version().get(),
                sact.version().get(),
                query.get(),
            )
        },
        |(r, _, _, _)| get_case(r),
    );
    view! {
        <OfficerFrame title="Case" children=Box::new(move |_| view! {
            {move || query.read().get("error").and_then(|c| crate::domain::case_messages::message_for(&c)).map(|e| view! {
                <div class="error-summary" role="alert" tabindex="-1"><h2 class="error-summary__title">"That was not recorded"</h2><p>{e}</p></div>
            })}
            {move || query.read().get("recorded").map(|_| view! {
                <div class="notice" role="status"><p>"Recorded. Give the person the reference below."</p></div>
            })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) if c.safety.is_some() => super::safety_alert::alert_body(c, act, sact).into_any(),
                        Ok(c) => case_body(c, act).into_any(),
                        Err(e) => view! { <h1>"Case"</h1><p class="field-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }.into_any())/>
    }
}

fn case_body(c: CaseView, act: ServerAction<CaseActionFn>) -> impl IntoView {
    let r = c.reference.clone();
    let next_code = c.next_step.clone();
    let form = move |title: &'static str,
                     action: &'static str,
                     button: &'static str,
                     body: AnyView| {
        let r = r.clone();
        let open = next_code.as_deref() == Some(action);
        view! {
            <details class="action" open=open>
                <summary>{title}</summary>
                <ActionForm action=act attr:novalidate="" attr:class="action__form">
                    <input type="hidden" name="reference" value=r/>
                    <input type="hidden" name="action" value=action/>
                    {body}
                    <button type="submit" class="button" disabled=move || act.pending().get()>{button}</button>
                </ActionForm>
            </details>
        }
    };
    let concerns_opts: Vec<(String, String)> = c
        .concerns
        .iter()
        .map(|x| {
            (
                x.index.to_string(),
                format!("{}. {}", x.index + 1, x.category),
            )
        })
        .collect();
    let learning_open: Vec<(String, String)> = c
        .learning
        .iter()
        .filter(|l| l.done.is_none())
        .map(|l| (l.index.to_string(), l.what.clone()))
        .collect();
    let people: Vec<(String, String)> = c
        .people
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let cats: Vec<(String, String)> = c
        .categories
        .iter()
        .map(|x| (x.clone(), x.clone()))
        .collect();
    let areas = c.areas.clone();
    let suggested = c.suggested_team.clone();
    let can = c.can_change;
    view! {
        <h1>{c.reference.clone()} {c.urgent.then(|| view! { <strong class="tag tag--urgent">" URGENT"</strong> })}</h1>
        <dl class="facts">
            <div><dt>"Kind"</dt><dd>{c.kind.clone()}</dd></div>
            <div><dt>"Received"</dt><dd>{c.received.clone()} " (" {c.channel.clone()} ")"</dd></div>
            <div><dt>"Suggested route"</dt><dd>{c.routing_hint.clone()}</dd></div>
            <div><dt>"Service or team"</dt><dd id="case-service">{c.service.clone().unwrap_or_else(|| "Not given".into())}</dd></div>
            <div><dt>"Status"</dt><dd id="case-status">{c.status.label()}</dd></div>
            <div><dt>"Decision"</dt><dd>{c.decision.clone().unwrap_or_else(|| "Not triaged yet".into())}</dd></div>
            <div><dt>"Stage"</dt><dd id="case-stage">{c.stage.clone().unwrap_or_else(|| "None".into())}</dd></div>
            <div><dt>"Owner"</dt><dd>{c.owner.clone().map(|o| o.1).unwrap_or_else(|| "Nobody yet".into())}</dd></div>
            <div><dt>"Responding manager"</dt><dd>{c.manager.clone().map(|o| o.1).unwrap_or_else(|| "Nobody yet".into())}</dd></div>
        </dl>
        {(!c.flags.is_empty()).then(|| view! {
            <div class="notice"><ul>{c.flags.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}</ul></div>
        })}
        <h2>"What they told us"</h2>
        <dl class="summary words">
            {c.words.iter().map(|w| view! {
                <div class="summary__row"><dt>{w.question.clone()}</dt><dd class="summary__answer">{w.answer.clone()}</dd></div>
            }).collect_view()}
        </dl>
        {c.added.iter().map(|(at, rows)| view! {
            <h3>"Added on " {at.clone()}</h3>
            <dl class="summary words">{rows.iter().map(|w| view! {
                <div class="summary__row"><dt>{w.question.clone()}</dt><dd class="summary__answer">{w.answer.clone()}</dd></div>
            }).collect_view()}</dl>
        }).collect_view()}
        <h2>"Deadlines"</h2>
        {if c.deadlines.is_empty() {
            view! { <p>"No deadlines yet."</p> }.into_any()
        } else {
            view! {
                <table class="inbox" id="deadlines">
                    <thead><tr><th scope="col">"What"</th><th scope="col">"Due"</th><th scope="col">"Status"</th></tr></thead>
                    <tbody>{c.deadlines.iter().map(|d| {
                        let rag = d.rag.clone().unwrap_or_default();
                        view! { <tr><td>{d.what.clone()}</td><td><span class=format!("rag rag--{rag}")>{d.due.clone()}</span></td><td>{d.status.clone()}</td></tr> }
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
        {c.stage2_request.clone().map(|s| view! { <h2>"Stage 2 request"</h2><p id="stage2-request">{s}</p> })}
        <h2>"Concerns and outcomes"</h2>
        <ol id="concerns">{c.concerns.iter().map(|x| view! {
            <li>{x.category.clone()} ": " {x.outcome.clone().unwrap_or_else(|| "no outcome yet".into())}</li>
        }).collect_view()}</ol>
        {(!c.advocate.is_empty()).then(|| view! { <h2>"Advocate"</h2><ul>{c.advocate.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul> })}
        {(!c.remedies.is_empty()).then(|| view! { <h2>"Remedies"</h2><ul>{c.remedies.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul> })}
        {(!c.learning.is_empty()).then(|| view! { <h2>"Learning actions"</h2><ul id="learning">{c.learning.iter().map(|l| view! {
            <li>{l.what.clone()} " (" {l.owner.clone()} ", due " {l.due.clone()} "): " {l.done.clone().map(|d| format!("done {d}")).unwrap_or_else(|| "not done yet".into())}</li>
        }).collect_view()}</ul> })}
        {(!c.ombudsman.is_empty()).then(|| view! { <h2>"Ombudsman"</h2><ul>{c.ombudsman.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul> })}

        {can.then(|| {
            let procedure_form = |code: &str| -> Option<AnyView> {
                Some(match code {
                    "triage" => form("Triage decision", "triage", "Record decision", view! {
                        {select("t-decision".into(), "decision", "Decision", options(TriageDecision::ALL, TriageDecision::code, TriageDecision::label), true)}
                        {select("t-signpost".into(), "signpost", "Signposted to (outside scope only)", options(Signpost::ALL, Signpost::code, Signpost::label), true)}
                        <div class="field"><label class="label" for="t-reason">"Reason for the decision"</label><textarea class="textarea" id="t-reason" name="f[reason]" rows="3"></textarea></div>
                        <div class="field">
                            <label class="label" for="t-team">"Team (its service area follows from it)"</label>
                            <select class="select" id="t-team" name="f[team]">
                                <option value="" selected=suggested.is_none()>"Keep as it is"</option>
                                {areas.iter().map(|a| view! {
                                    <optgroup label=a.name.clone()>
                                        {a.teams.iter().map(|t| view! {
                                            <option value=t.clone() selected=suggested.as_deref() == Some(t.as_str())>{t.clone()}</option>
                                        }).collect_view()}
                                    </optgroup>
                                }).collect_view()}
                                <option value=VARIOUS_TEAM selected=suggested.as_deref() == Some(VARIOUS_TEAM)>"Various (more than one team)"</option>
                            </select>
                        </div>
                        {date_input("t-on".into(), "Date of the decision")}
                    }.into_any()).into_any(),
                    "acknowledge" => form("Acknowledged", "acknowledge", "Record acknowledgement", date_input("k-on".into(), "Date acknowledged").into_any()).into_any(),
                    "concern" => form("Add a concern", "concern", "Add concern", select("c-category".into(), "category", "Category", cats.clone(), true).into_any()).into_any(),
                    "outcome" => form("Outcome for a concern", "outcome", "Record outcome", view! {
                        {select("o-concern".into(), "concern", "Concern", concerns_opts.clone(), true)}
                        {select("o-outcome".into(), "outcome", "Outcome", options(Outcome::ALL, Outcome::code, Outcome::label), true)}
                    }.into_any()).into_any(),
                    "extend" => form("Extend the current stage", "extend", "Extend", view! {
                        <div class="field"><label class="label" for="e-days">"New total, in working days"</label><input class="input" id="e-days" name="f[days]" inputmode="numeric"/></div>
                        <div class="field"><label class="label" for="e-reason">"Reason (the complainant is told)"</label><textarea class="textarea" id="e-reason" name="f[reason]" rows="3"></textarea></div>
                    }.into_any()).into_any(),
                    "respond" => form("Response sent", "respond", "Record response", date_input("r-on".into(), "Date the response was sent").into_any()).into_any(),
                    "stage2_request" => form("Stage 2 asked for", "stage2_request", "Record Stage 2 request", view! {
                        {select("q-by".into(), "by", "Who asked", options(Who::ALL, Who::code, Who::label), true)}
                        <div class="field"><label class="label" for="q-unhappy">"What they are still unhappy with"</label><textarea class="textarea" id="q-unhappy" name="f[unhappy_with]" rows="3"></textarea></div>
                        {date_input("q-on".into(), "Date of the request")}
                    }.into_any()).into_any(),
                    "stage2_agreed" => form("Stage 2 accepted: complaint agreed with the complainant (its working days run from this day)", "stage2_agreed", "Record", date_input("sa-on".into(), "Date agreed (terms of reference signed off)").into_any()).into_any(),
                    "stage2_decline" => form("Stage 2 declined", "stage2_decline", "Record decline", view! {
                        {select("sd-reason".into(), "reason", "Reason (as the statutory guidance allows)", options(Stage2DeclineReason::ALL, Stage2DeclineReason::code, Stage2DeclineReason::label), true)}
                        <div class="field"><label class="label" for="sd-detail">"Detail (as in the letter)"</label><textarea class="textarea" id="sd-detail" name="f[detail]" rows="3"></textarea></div>
                        {date_input("sd-on".into(), "Date of the letter")}
                    }.into_any()).into_any(),
                    "stage2_resolved" => form("Stage 2 resolved another way", "stage2_resolved", "Record", view! {
                        {select("sr-how".into(), "how", "How", options(Stage2Resolution::ALL, Stage2Resolution::code, Stage2Resolution::label), true)}
                        {date_input("sr-on".into(), "Date")}
                    }.into_any()).into_any(),
                    "stage2_withdrawn" => form("Stage 2 request withdrawn", "stage2_withdrawn", "Record", date_input("sw-on".into(), "Date withdrawn").into_any()).into_any(),
                    "escalate" => form("Move to the next stage", "escalate", "Record request", view! {
                        {select("s-to".into(), "to", "Stage asked for", options(Stage::ALL, Stage::code, Stage::label), true)}
                        {date_input("s-on".into(), "Date of the request")}
                    }.into_any()).into_any(),
                    "panel_met" => form("Review panel met (stage 3)", "panel_met", "Record", date_input("pm-on".into(), "Date").into_any()).into_any(),
                    "panel_report" => form("Panel report sent (stage 3)", "panel_report", "Record", date_input("pr-on".into(), "Date").into_any()).into_any(),
                    "ombudsman_enquiry" => form("Ombudsman enquiry", "ombudsman_enquiry", "Record enquiry", date_input("oe-on".into(), "Date of the enquiry").into_any()).into_any(),
                    "ombudsman_finding" => form("Ombudsman finding", "ombudsman_finding", "Record finding", view! {
                        {select("of-finding".into(), "finding", "Finding", options(OmbudsmanFinding::ALL, OmbudsmanFinding::code, OmbudsmanFinding::label), true)}
                        {date_input("of-on".into(), "Date")}
                    }.into_any()).into_any(),
                    "withdraw" => form("Withdraw", "withdraw", "Withdraw case", date_input("w-on".into(), "Date withdrawn").into_any()).into_any(),
                    "close" => form("Close", "close", "Close case", date_input("x-on".into(), "Date closed").into_any()).into_any(),
                    "reopen" => form("Reopen", "reopen", "Reopen case", date_input("o-on".into(), "Date reopened").into_any()).into_any(),
                    _ => return None,
                })
            };
            let next = c.next_step.clone();
            let next_form = next.as_deref().and_then(procedure_form);
            let open_now: Vec<AnyView> = c.steps.iter()
                .filter(|(code, refused)| refused.is_none() && next.as_deref() != Some(code.as_str()))
                .filter_map(|(code, _)| procedure_form(code))
                .collect();
            let other: Vec<AnyView> = c.steps.iter()
                .filter_map(|(code, refused)| {
                    let why = refused.clone()?;
                    let f = procedure_form(code)?;
                    Some(view! { <div class="other-action"><p class="hint">{why}</p>{f}</div> }.into_any())
                })
                .collect();
            view! {
                <h2>"Next step"</h2>
                <div id="next-step">
                    {match next_form {
                        Some(f) => f,
                        None => view! { <p>"Nothing is expected now."</p> }.into_any(),
                    }}
                </div>
                <h2>"Record something"</h2>
                <div id="open-steps">{open_now}</div>
                {form("Owner and responding manager", "assign", "Save", view! {
                    {select("a-owner".into(), "owner", "Owner", people.clone(), true)}
                    {select("a-manager".into(), "manager", "Responding manager", people.clone(), true)}
                }.into_any())}
                {form("Advocate", "advocate", "Record", view! {
                    {select("v-step".into(), "step", "Where it is up to", options(AdvocateStep::ALL, AdvocateStep::code, AdvocateStep::label), true)}
                    <div class="field"><label class="label" for="v-provider">"Advocacy provider"</label><input class="input" id="v-provider" name="f[provider]"/></div>
                    {date_input("v-on".into(), "Date")}
                }.into_any())}
                {form("Remedy", "remedy", "Record remedy", view! {
                    {select("m-kind".into(), "kind", "Remedy", options(RemedyKind::ALL, RemedyKind::code, RemedyKind::label), true)}
                    <div class="field"><label class="label" for="m-amount">"Amount in pounds (financial only)"</label><input class="input" id="m-amount" name="f[amount]" inputmode="decimal"/></div>
                    {date_input("m-on".into(), "Date")}
                }.into_any())}
                {form("Learning action", "learning", "Add learning action", view! {
                    <div class="field"><label class="label" for="l-what">"What will change"</label><input class="input" id="l-what" name="f[what]"/></div>
                    <div class="field"><label class="label" for="l-owner">"Who will do it"</label><input class="input" id="l-owner" name="f[owner]"/></div>
                    <div class="field"><label class="label" for="l-due">"Due"</label><input class="input input--date" type="date" id="l-due" name="f[due]"/></div>
                }.into_any())}
                {(!learning_open.is_empty()).then(|| form("Learning action done", "learning_done", "Mark done", view! {
                    {select("ld-index".into(), "index", "Learning action", learning_open.clone(), true)}
                    {date_input("ld-on".into(), "Date done")}
                }.into_any()))}
                {form("Add a note", "note", "Add note", view! {
                    <div class="field"><label class="label" for="n-text">"Note (only officers see notes)"</label><textarea class="textarea" id="n-text" name="f[text]" rows="3"></textarea></div>
                }.into_any())}
                <details class="other-actions" id="other-actions">
                    <summary>"Other actions (the procedure does not expect these now)"</summary>
                    {other}
                </details>
            }
        })}

        <h2>"Timeline"</h2>
        <ol class="timeline" id="timeline">{c.timeline.iter().map(|e| view! {
            <li><strong>{e.at.clone()}</strong> " " {e.who.clone()} ": " {e.what.clone()} <br/> <span class="detail">{e.detail.clone()}</span></li>
        }).collect_view()}</ol>
    }
}
