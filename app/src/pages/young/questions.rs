use crate::api::intake::{load_draft, DraftView, SaveStep, SendAnswers};
use crate::components::{
    BackLink, Continue, FormState, Frame, KeepTyping, Radios, SendForm, SettingsResource, TextArea,
    TextInput,
};
use crate::domain::submission::{
    summary, AgeBand, Consent, ContactBy, Disability, Ethnicity, Gender, Kind, Step, When, Who,
    YesNo, LONG_TEXT_MAX,
};
use crate::settings::SiteSettings;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use server_fn::ServerFn;

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

/// Every question page, `/tell/<step>`, and "check your answers".
#[component]
pub fn QuestionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("step").unwrap_or_default();
    let change = move || query.read().get("change").is_some();
    let draft = Resource::new(slug, load_draft);
    let settings = expect_context::<SettingsResource>();
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let d = draft.await;
                let s = settings.await;
                let step = Step::from_slug(&slug());
                match (d, s, step) {
                    (Ok(d), Ok(s), Some(step)) if d.exists && d.reference.is_none() => {
                        page(step, d, s, change()).into_any()
                    }
                    // Sent: the answers are gone from the server; say nothing about them.
                    (Ok(d), _, _) if d.reference.is_some() => view! {
                        <Frame title="Nothing to show">
                            <h1>"There is nothing to show here"</h1>
                            <p><a class="button" href="/">"Go to the start"</a></p>
                        </Frame>
                    }.into_any(),
                    (Err(e), _, _) | (_, Err(e), _) => view! {
                        <Frame title="Sorry, there is a problem">
                            <h1>"Sorry, there is a problem"</h1>
                            <p>{e.message}</p>
                        </Frame>
                    }.into_any(),
                    (Ok(_), _, Some(_)) => view! {
                        <Frame title="Start again">
                            <h1>"We could not find your answers"</h1>
                            <p>"Answers are kept for two days."</p>
                            <p><a class="button" href="/">"Start again"</a></p>
                        </Frame>
                    }.into_any(),
                    (Ok(_), _, None) => {
                        #[cfg(feature = "ssr")]
                        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                            res.set_status(axum::http::StatusCode::NOT_FOUND);
                        }
                        view! {
                        <Frame title="Page not found">
                            <h1>"Page not found"</h1>
                            <p><a href="/">"Go to the start"</a></p>
                        </Frame>
                    }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn page(step: Step, d: DraftView, s: SiteSettings, change: bool) -> impl IntoView {
    let back = if change {
        Step::Check.path()
    } else {
        d.answers
            .previous_step(step)
            .map(|p| p.path())
            .unwrap_or_else(|| "/".to_string())
    };
    if step == Step::Check {
        return check_page(d, back).into_any();
    }
    let form = FormState {
        values: d.values.clone(),
        errors: d.errors.clone(),
    };
    let title = title_of(step, &d);
    let title_prefix = if form.errors.is_empty() {
        ""
    } else {
        "Error: "
    };
    let body = questions(step, &d, &s, form.clone());
    view! {
        <Frame title=format!("{title_prefix}{title}")>
            <BackLink href=back/>
            <SendForm action=SaveStep::url().to_string() errors=form.errors sent_page=String::new()>
                <input type="hidden" name="step" value=step.slug()/>
                {change.then(|| view! { <input type="hidden" name="change" value="1"/> })}
                <KeepTyping tag=d.device_tag.clone() clear=false>{body}</KeepTyping>
                <div class="actions">
                    <Continue/>
                    {(step == Step::AboutYou).then(|| view! {
                        <button type="submit" class="button button--secondary" name="f[skip]" value="1">
                            "Skip these questions"
                        </button>
                    })}
                </div>
            </SendForm>
        </Frame>
    }
    .into_any()
}

fn title_of(step: Step, d: &DraftView) -> String {
    let behalf = d.answers.on_behalf();
    match step {
        Step::Who => "Who are you?",
        Step::Behalf => "About the young person",
        Step::What if behalf => "What happened to the young person?",
        Step::What => "What happened?",
        Step::When => "When did it happen?",
        Step::Help => "Would you like someone to help you speak up?",
        Step::HelpWith => "What do you want help with?",
        Step::Thanks => "Who do you want to thank?",
        Step::Contact => "How can we get in touch?",
        Step::AboutYou => "About you (you can skip this)",
        Step::Check => "Check your answers",
    }
    .to_string()
}

fn questions(step: Step, d: &DraftView, s: &SiteSettings, form: FormState) -> AnyView {
    let behalf = d.answers.on_behalf();
    let title = title_of(step, d);
    match step {
        Step::Who => view! {
            <Radios name="who" legend=title page_heading=true
                hint="This helps us send your message to the right people."
                options=options(Who::ALL, Who::code, Who::label) form=form/>
        }.into_any(),
        Step::Behalf => view! {
            <h1>{title}</h1>
            <p>"You are writing for a young person. Tell us who they are and what they think, in their own words if you can."</p>
            <TextInput name="yp_name" label="Their name" form=form.clone()/>
            <TextInput name="yp_age" label="Their age (if you know it)" form=form.clone() inputmode="numeric"/>
            <TextArea name="yp_words" label="What the young person says, in their own words"
                hint="Write down what they told you. Keep your own words for the next page."
                max=LONG_TEXT_MAX form=form.clone()/>
            <Radios name="consent" legend="Has the young person agreed to you sending this?"
                options=options(Consent::ALL, Consent::code, Consent::label) form=form.clone()/>
            <TextArea name="consent_why" label="If not, or they can't tell us, why are you sending it?"
                max=LONG_TEXT_MAX form=form/>
        }.into_any(),
        Step::What => {
            let services: Vec<(String, String)> = s.services.iter().map(|x| (x.clone(), x.clone())).collect();
            view! {
                <h1>{title}</h1>
                <Radios name="service" legend="Who or what is it about?" options=services form=form.clone()/>
                <TextArea name="what_happened" label="Tell us what happened"
                    hint=if behalf { "Use your own words here. Say what you saw or were told." } else { "Write as much or as little as you like. You do not need to use special words." }
                    max=LONG_TEXT_MAX form=form/>
            }.into_any()
        }
        Step::When => view! {
            <Radios name="when" legend=title page_heading=true
                options=options(When::ALL, When::code, When::label) form=form.clone()/>
            <TextArea name="why_now" label="If it was more than a year ago, why are you telling us now? (optional)"
                hint="We still want to hear about it. This helps us understand." max=LONG_TEXT_MAX form=form.clone()/>
            <TextArea name="better" label="What would make it better? (optional)" max=LONG_TEXT_MAX form=form/>
        }.into_any(),
        Step::Help => view! {
            <Radios name="advocate_wanted" legend=title page_heading=true
                hint="An advocate is someone who listens to you and helps you say what you want. They do not work for social care. It is free."
                options=options(YesNo::ALL, YesNo::code, YesNo::label) form=form/>
        }.into_any(),
        Step::HelpWith => view! {
            <p>"An advocate is someone who listens to you and helps you say what you want. They do not work for social care. It is free."</p>
            <TextArea name="help_with" label=title page_heading=true
                hint="For example: a meeting about me, seeing my family, where I live." max=LONG_TEXT_MAX form=form/>
        }.into_any(),
        Step::Thanks => view! {
            <h1>{title}</h1>
            <TextInput name="thanks_who" label="Their name, or the name of their team" form=form.clone()/>
            <TextArea name="thanks_what" label="What did they do?" max=LONG_TEXT_MAX form=form.clone()/>
            <Radios name="share_ok" legend="Can we show them what you wrote?"
                options=options(YesNo::ALL, YesNo::code, YesNo::label) form=form/>
        }.into_any(),
        Step::Contact => view! {
            <h1>{title}</h1>
            <p>"Only the Children's Rights team will see this. Without a way to reach you, we may not be able to reply."</p>
            <TextInput name="name" label=if behalf { "Your name" } else { "Your name (optional)" }
                hint=if behalf { "And the name of your organisation." } else { "You do not have to tell us." }
                form=form.clone() autocomplete="name"/>
            <Radios name="contact_by" legend="How should we get in touch?"
                options=options(ContactBy::ALL, ContactBy::code, ContactBy::label) form=form.clone()/>
            <TextInput name="phone" label="Phone number" hint="For a call or a text." kind="tel"
                form=form.clone() autocomplete="tel"/>
            <TextInput name="email" label="Email address" kind="email" form=form.clone() autocomplete="email"/>
            <TextInput name="safe_times" label="When is it safe to contact you? (optional)"
                hint="For example: after school, not at weekends." form=form.clone()/>
            <Radios name="leave_message" legend="Can we leave a message? (optional)"
                options=options(YesNo::ALL, YesNo::code, YesNo::label) form=form/>
        }.into_any(),
        Step::AboutYou => view! {
            <h1>{title}</h1>
            <p>"These questions help us check we treat everyone fairly. You do not have to answer. Your answers are kept apart from your message."</p>
            <Radios name="age_band" legend="How old are you?" options=options(AgeBand::ALL, AgeBand::code, AgeBand::label) form=form.clone()/>
            <Radios name="gender" legend="Are you a…" options=options(Gender::ALL, Gender::code, Gender::label) form=form.clone()/>
            <Radios name="ethnicity" legend="What is your ethnic group?" hint="This means where your family comes from, like White, Black or Asian." options=options(Ethnicity::ALL, Ethnicity::code, Ethnicity::label) form=form.clone()/>
            <Radios name="disability" legend="Do you have a disability?" options=options(Disability::ALL, Disability::code, Disability::label) form=form/>
        }.into_any(),
        Step::Check => ().into_any(),
    }
}

fn check_page(d: DraftView, back: String) -> impl IntoView {
    let rows = summary(&d.answers);
    let what = match d.answers.kind {
        Some(Kind::Compliment) => "your thank you",
        Some(Kind::Advocate) => "your request",
        _ => "your message",
    };
    view! {
        <Frame title="Check your answers">
            <BackLink href=back/>
            <h1>"Check your answers"</h1>
            <dl class="summary">
                {rows.into_iter().map(|r| {
                    let href = format!("{}?change=1", r.step.path());
                    view! {
                        <div class="summary__row">
                            <dt>{r.question.clone()}</dt>
                            <dd class="summary__answer">{r.answer}</dd>
                            <dd class="summary__change">
                                <a href=href>"Change"<span class="visually-hidden">" "{r.question.to_lowercase()}</span></a>
                            </dd>
                        </div>
                    }
                }).collect_view()}
            </dl>
            <h2>"Now send " {what}</h2>
            <p>"Only the Children's Rights team will read it. If they think someone is not safe, they must tell people who can help."</p>
            <SendForm action=SendAnswers::url().to_string() errors=Vec::new() sent_page="/tell/done">
                <Continue label="Send"/>
            </SendForm>
        </Frame>
    }
}
