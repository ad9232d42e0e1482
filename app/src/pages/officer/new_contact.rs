use super::OfficerFrame;
use crate::api::officer::{form_token, RecordContact};
use crate::components::{ErrorSummary, SettingsResource};
use crate::domain::submission::{
    AgeBand, Channel, Disability, Ethnicity, FieldError, Gender, Kind, ReportLabel, Who,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Record a contact that came by phone, letter, email or in person.
#[component]
pub fn NewContactPage() -> impl IntoView {
    let record = ServerAction::<RecordContact>::new();
    let token = Resource::new(|| (), |_| form_token());
    let settings = expect_context::<SettingsResource>();
    let query = use_query_map();
    let errors = move || {
        let (field, message) = match query.read().get("e").as_deref() {
            Some("kind") => ("kind", "Choose what kind of contact it is."),
            Some("channel") => ("channel", "Choose how it reached us."),
            Some("who") => ("who", "Choose who made it."),
            Some("service") => ("service", "Choose the service it is about."),
            Some("equality") => (
                "age_band",
                "Choose an answer from the lists, or leave them empty.",
            ),
            Some("summary") => (
                "summary",
                "Write what they told us (up to 5,000 characters).",
            ),
            _ => return vec![],
        };
        vec![FieldError::new(field, message)]
    };
    fn answers<E: crate::domain::Coded + ReportLabel>(all: &[E]) -> Vec<(String, String)> {
        all.iter()
            .map(|e| (e.code().to_string(), e.report_label().to_string()))
            .collect()
    }
    let select = |id: &'static str, label: &'static str, options: Vec<(String, String)>| {
        view! {
            <div class="field">
                <label class="label" for=format!("f-{id}")>{label}</label>
                <select class="select" id=format!("f-{id}") name=id>
                    <option value="">"Choose"</option>
                    {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <OfficerFrame title="Record a contact" children=Box::new(move |_| view! {
            {move || view! { <ErrorSummary errors=errors()/> }}
            <h1>"Record a contact from another channel"</h1>
            {move || query.read().get("from").map(|r| view! {
                <div class="notice" role="status"><p>"A separate complaint from safety alert " <strong>{r}</strong> ". Both timelines will point to each other."</p></div>
            })}
            <p>"For a complaint, request or compliment that came by phone, letter, email or in person. It gets a reference like any other."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let (t, s) = (token.await, settings.await);
                    match (t, s) {
                        (Ok(t), Ok(s)) => view! {
                            <ActionForm action=record attr:novalidate="">
                                <input type="hidden" name="token" value=t/>
                                {query.with_untracked(|q| q.get("from")).map(|r| view! { <input type="hidden" name="from_alert" value=r/> })}
                                {select("kind", "What kind of contact", Kind::ALL.iter().filter(|k| **k != Kind::Unsafe).map(|k| (k.code().to_string(), k.label().to_string())).collect())}
                                {select("channel", "How it reached us", Channel::RECORDED_BY_OFFICERS.iter().map(|c| (c.code().to_string(), c.label().to_string())).collect())}
                                {select("who", "Who made it", Who::ALL.iter().map(|w| (w.code().to_string(), w.label().to_string())).collect())}
                                {select("service", "Service", s.services.iter().map(|x| (x.clone(), x.clone())).collect())}
                                <div class="field">
                                    <label class="label" for="f-summary">"What they told us"</label>
                                    <textarea class="textarea" id="f-summary" name="summary" rows="6"></textarea>
                                </div>
                                <div class="field"><label class="label" for="f-received">"Day it reached us"</label>
                                    <p class="hint">"Leave empty for today."</p>
                                    <input class="input input--date" type="date" id="f-received" name="received"/></div>
                                <div class="field"><label class="label" for="f-name">"Their name (optional)"</label><input class="input" id="f-name" name="name"/></div>
                                <div class="field"><label class="label" for="f-phone">"Phone (optional)"</label><input class="input" id="f-phone" name="phone" type="tel"/></div>
                                <div class="field"><label class="label" for="f-email">"Email (optional)"</label><input class="input" id="f-email" name="email" type="email"/></div>
                                <fieldset class="fieldset">
                                    <legend class="fieldset__legend">"About the young person (optional, for equality monitoring)"</legend>
                                    <p class="hint">"Ask these as the online form does: they are voluntary, and \"Prefer not to say\" is an answer. Leave them empty if they were not asked."</p>
                                    {select("age_band", "Age", answers(AgeBand::ALL))}
                                    {select("gender", "Gender", answers(Gender::ALL))}
                                    {select("ethnicity", "Ethnic group", answers(Ethnicity::ALL))}
                                    {select("disability", "Disabled", answers(Disability::ALL))}
                                </fieldset>
                                <button type="submit" class="button" disabled=move || record.pending().get()>"Record it"</button>
                            </ActionForm>
                        }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <p class="field-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }.into_any())/>
    }
}
