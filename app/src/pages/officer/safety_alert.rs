//! The case page for a safety alert ("I don't feel safe"): it leads with what to do now (who
//! to call, who covers at this hour, the deadline in hours) and offers only what fits an
//! alert: passed to safeguarding, the outcome, a note. No triage, stages or Ombudsman.
use crate::api::officer::{CaseAction as CaseActionFn, CaseView, SafeguardingAction};
use crate::domain::safeguarding::SafeguardingOutcome;
use leptos::prelude::*;

pub(super) fn alert_body(
    c: CaseView,
    act: ServerAction<CaseActionFn>,
    sact: ServerAction<SafeguardingAction>,
) -> impl IntoView {
    let Some(s) = c.safety.clone() else {
        return view! { <p>"This is not a safety alert."</p> }.into_any();
    };
    let r = c.reference.clone();
    let r2 = c.reference.clone();
    let rag = s.rag.clone().unwrap_or_default();
    let can = c.can_change;
    // The button sends no answers: show only what they did tell us.
    let words_given: Vec<_> = c
        .words
        .iter()
        .filter(|w| w.answer != crate::domain::submission::NOT_GIVEN)
        .cloned()
        .collect();
    let form = move |title: &'static str,
                     action: &'static str,
                     button: &'static str,
                     open: bool,
                     body: AnyView| {
        let r = r.clone();
        view! {
            <details class="action" open=open>
                <summary>{title}</summary>
                <ActionForm action=sact attr:novalidate="" attr:class="action__form">
                    <input type="hidden" name="reference" value=r/>
                    <input type="hidden" name="action" value=action/>
                    {body}
                    <button type="submit" class="button" disabled=move || sact.pending().get()>{button}</button>
                </ActionForm>
            </details>
        }
    };
    view! {
        <h1>{c.reference.clone()} <strong class="tag tag--urgent">" SAFETY ALERT"</strong></h1>
        <section class="notice safety-now" id="safety-now" aria-labelledby="safety-now-title">
            <h2 id="safety-now-title">"Do this now: pass it to safeguarding"</h2>
            <p>"This is not a complaint. A young person told us they do not feel safe. Pass it to safeguarding within "
                <strong>{format!("{} hours", s.hours)}</strong> " of it arriving, then record it below. If they are in danger now, call 999."</p>
            <dl class="facts">
                <div><dt>"Safeguarding contact (working hours)"</dt><dd id="safety-contact">{s.contact.clone()}</dd></div>
                <div><dt>"Out of hours"</dt><dd id="safety-out-of-hours">{s.out_of_hours.clone()}</dd></div>
                <div><dt>"Who covers now"</dt><dd id="safety-cover">{s.cover_now.clone()}</dd></div>
                <div><dt>"Pass on by"</dt><dd id="safety-due">
                    <span class=format!("rag rag--{rag}")>{s.due.clone()}</span>
                    {s.rag_label.clone().map(|l| view! { " (" {l} ")" })}
                </dd></div>
                <div><dt>"Where it is up to"</dt><dd id="safety-status">{s.status.clone()}</dd></div>
                {s.passed_on.clone().map(|p| view! { <div><dt>"Passed on"</dt><dd id="safety-passed-on">{p}</dd></div> })}
                {s.outcome.clone().map(|o| view! { <div><dt>"Outcome"</dt><dd id="safety-outcome">{o}</dd></div> })}
                {s.escalated.clone().map(|e| view! { <div><dt>"Escalated"</dt><dd id="safety-escalated">{e}</dd></div> })}
            </dl>
        </section>
        <dl class="facts">
            <div><dt>"Kind"</dt><dd>{c.kind.clone()}</dd></div>
            <div><dt>"Received"</dt><dd>{c.received.clone()} " (" {c.channel.clone()} ")"</dd></div>
        </dl>
        <h2>"What they told us"</h2>
        {words_given.is_empty().then(|| view! { <p>"Only that they do not feel safe (they pressed the button)."</p> })}
        <dl class="summary words">
            {words_given.iter().map(|w| view! {
                <div class="summary__row"><dt>{w.question.clone()}</dt><dd class="summary__answer">{w.answer.clone()}</dd></div>
            }).collect_view()}
        </dl>
        {c.added.iter().map(|(at, rows)| view! {
            <h3>"Added on " {at.clone()}</h3>
            <dl class="summary words">{rows.iter().map(|w| view! {
                <div class="summary__row"><dt>{w.question.clone()}</dt><dd class="summary__answer">{w.answer.clone()}</dd></div>
            }).collect_view()}</dl>
        }).collect_view()}

        {can.then(|| view! {
            <h2>"Record something"</h2>
            <p class="hint">"If the young person also wants to make a complaint: "
                <a id="open-complaint" href=format!("/officer/new?from={}", c.reference)>"Open a separate complaint"</a>
                " (this alert stays an alert; both timelines point to each other)."</p>
            {s.can_pass_on.then(|| form("Passed to safeguarding", "passed_on", "Record passed on", true, view! {
                <div class="field"><label class="label" for="sg-to">"Passed to (team and person)"</label><input class="input" id="sg-to" name="f[to]"/></div>
                <div class="field">
                    <label class="label" for="sg-at">"When (time in England)"</label>
                    <p class="hint">"Leave empty for now."</p>
                    <input class="input" type="datetime-local" id="sg-at" name="f[at]"/>
                </div>
            }.into_any()))}
            {s.can_record_outcome.then(|| form("Safeguarding outcome", "outcome", "Record outcome", true, view! {
                <div class="field">
                    <label class="label" for="sg-outcome">"Outcome"</label>
                    <select class="select" id="sg-outcome" name="f[outcome]">
                        <option value="">"Choose"</option>
                        {SafeguardingOutcome::ALL.iter().map(|o| view! { <option value=o.code()>{o.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field"><label class="label" for="sg-reason">"Reason (needed for no further action or other)"</label><textarea class="textarea" id="sg-reason" name="f[reason]" rows="3"></textarea></div>
            }.into_any()))}
            <details class="action">
                <summary>"Add a note"</summary>
                <ActionForm action=act attr:novalidate="" attr:class="action__form">
                    <input type="hidden" name="reference" value=r2.clone()/>
                    <input type="hidden" name="action" value="note"/>
                    <div class="field"><label class="label" for="n-text">"Note (only officers see notes)"</label><textarea class="textarea" id="n-text" name="f[text]" rows="3"></textarea></div>
                    <button type="submit" class="button" disabled=move || act.pending().get()>"Add note"</button>
                </ActionForm>
            </details>
        })}

        <h2>"Timeline"</h2>
        <ol class="timeline" id="timeline">{c.timeline.iter().map(|e| view! {
            <li><strong>{e.at.clone()}</strong> " " {e.who.clone()} ": " {e.what.clone()} <br/> <span class="detail">{e.detail.clone()}</span></li>
        }).collect_view()}</ol>
    }
    .into_any()
}
