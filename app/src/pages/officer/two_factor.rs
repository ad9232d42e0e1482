use crate::api::officer::VerifyTwoFactor;
use crate::components::ErrorSummary;
use crate::domain::submission::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The second sign-in step: the code from the authenticator app, or a recovery code.
#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let verify = ServerAction::<VerifyTwoFactor>::new();
    let query = use_query_map();
    let errors = move || {
        match query.read().get("e").as_deref() {
        Some("code") => vec![FieldError::new(
            "code",
            "That code did not work. Enter the 6 numbers your app shows now (each code works once), or a recovery code.",
        )],
        _ => vec![],
    }
    };
    view! {
        <Title text="Enter your code - Speak Up for officers"/>
        <header class="officer-header"><span class="site-name">"Speak Up: Children's Rights"</span></header>
        <main id="main" class="officer-page narrow">
            {move || view! { <ErrorSummary errors=errors()/> }}
            <h1>"Enter the code from your authenticator app"</h1>
            <ActionForm action=verify attr:novalidate="">
                <div class="field">
                    <label class="label" for="f-code">"Code"</label>
                    <p class="hint" id="f-code-hint">"6 numbers. Lost your phone? Enter one of your recovery codes instead."</p>
                    <input class="input" id="f-code" name="code" autocomplete="one-time-code" inputmode="text" spellcheck="false" aria-describedby="f-code-hint"/>
                </div>
                <button type="submit" class="button" disabled=move || verify.pending().get()>"Continue"</button>
            </ActionForm>
            <p><a href="/officer/sign-in">"Start again"</a></p>
        </main>
    }
}
