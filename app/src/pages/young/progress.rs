use crate::api::progress::{progress_status, CheckProgress};
use crate::components::{ErrorSummary, Frame, SendProblem};
use crate::domain::submission::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "Check what is happening": reference + secret code.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let check = ServerAction::<CheckProgress>::new();
    let query = use_query_map();
    let errors = move || {
        let e = query.read().get("e");
        match e.as_deref() {
            Some("reference") => vec![FieldError::new("reference", "Your reference should look like SU-7K3M-9QX2.")],
            Some("code") => vec![FieldError::new("code", "Your code should have 8 letters and numbers, like 4K7M-2QXA.")],
            Some("nomatch") => vec![FieldError::new("reference", "We could not find a message with that reference and code. Check them and try again.")],
            Some("slow") => vec![FieldError::new("reference", "You have tried a lot of times. Wait 10 minutes, then try again.")],
            _ => vec![],
        }
    };
    let problem = Signal::derive(move || match check.value().get() {
        Some(Err(e)) => Some(e.message),
        _ => None,
    });
    view! {
        <Frame title="Check what is happening">
            <a class="back-link" href="/">"Back"</a>
            {move || view! { <ErrorSummary errors=errors()/> }}
            <SendProblem message=problem/>
            <h1>"Check what is happening"</h1>
            <p>"You need the reference and the secret code we gave you when you sent your message."</p>
            <ActionForm action=check attr:novalidate="">
                <div class="field">
                    <label class="label" for="f-reference">"Your reference"</label>
                    <p class="hint">"It looks like SU-7K3M-9QX2."</p>
                    <input class="input" id="f-reference" name="reference" autocomplete="off" spellcheck="false" autocapitalize="characters"/>
                </div>
                <div class="field">
                    <label class="label" for="f-code">"Your secret code"</label>
                    <p class="hint">"It looks like 4K7M-2QXA."</p>
                    <input class="input" id="f-code" name="code" autocomplete="off" spellcheck="false" autocapitalize="characters"/>
                </div>
                <button type="submit" class="button" disabled=move || check.pending().get()>"Check"</button>
            </ActionForm>
        </Frame>
    }
}

/// What is happening with the reference checked in the last 30 minutes.
#[component]
pub fn ProgressStatusPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| progress_status());
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(p)) => view! {
                        <Frame title="What is happening">
                            <h1>"What is happening"</h1>
                            <p>"Reference: " <strong>{p.reference.clone()}</strong></p>
                            <ul class="list progress">
                                <li>{p.what.clone()}</li>
                                <li>{p.received.clone()}</li>
                                <li id="progress-now">{p.now.clone()}</li>
                                {p.next.clone().map(|n| view! { <li id="progress-next">{n}</li> })}
                            </ul>
                            <p><a href="/">"Go to the start"</a></p>
                        </Frame>
                    }.into_any(),
                    Ok(None) => view! {
                        <Frame title="Check what is happening">
                            <h1>"Please enter your reference and code again"</h1>
                            <p>"For your safety, you can only see this for 30 minutes."</p>
                            <p><a class="button" href="/progress">"Enter them again"</a></p>
                        </Frame>
                    }.into_any(),
                    Err(e) => view! {
                        <Frame title="Sorry, there is a problem">
                            <h1>"Sorry, there is a problem"</h1>
                            <p>{e.message}</p>
                        </Frame>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
