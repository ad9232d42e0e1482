use crate::api::officer::{two_factor_setup, ConfirmTwoFactor};
use crate::components::ErrorSummary;
use crate::domain::submission::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// First sign-in: set up an authenticator app (the secret as text and as an `otpauth://`
/// address), then confirm it with one code.
#[component]
pub fn TwoFactorSetupPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let setup = Resource::new(|| (), |_| two_factor_setup());
    let query = use_query_map();
    let errors = move || {
        match query.read().get("e").as_deref() {
        Some("code") => vec![FieldError::new(
            "code",
            "That code did not work. Check the app's clock is right and enter the 6 numbers it shows now.",
        )],
        _ => vec![],
    }
    };
    view! {
        <Title text="Set up your second factor - Speak Up for officers"/>
        <header class="officer-header"><span class="site-name">"Speak Up: Children's Rights"</span></header>
        <main id="main" class="officer-page narrow">
            {move || view! { <ErrorSummary errors=errors()/> }}
            <h1>"Set up your authenticator app"</h1>
            <p>"Staff who can read children's messages need a second factor as well as a password. Use an authenticator app on your work phone (for example Microsoft Authenticator or Google Authenticator)."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok(s) => view! {
                            <ol class="steps">
                                <li>"In the app, choose to add an account and to enter a key by hand."</li>
                                <li>"Account: " <strong>{s.account.clone()}</strong></li>
                                <li>"Key (time-based): " <code id="totp-secret" class="secret">{s.secret.clone()}</code></li>
                            </ol>
                            <p>"Or, if your app can open it, this address holds the same key: "</p>
                            <p><code id="totp-uri" class="secret">{s.uri.clone()}</code></p>
                        }.into_any(),
                        Err(e) => view! {
                            <p class="field-error">{e.message}</p>
                            <p><a href="/officer/sign-in">"Sign in again"</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <ActionForm action=confirm attr:novalidate="">
                <div class="field">
                    <label class="label" for="f-code">"Code the app shows now"</label>
                    <p class="hint" id="f-code-hint">"6 numbers"</p>
                    <input class="input" id="f-code" name="code" autocomplete="one-time-code" inputmode="numeric" spellcheck="false" aria-describedby="f-code-hint"/>
                </div>
                <button type="submit" class="button" disabled=move || confirm.pending().get()>"Turn on and continue"</button>
            </ActionForm>
        </main>
    }
}
