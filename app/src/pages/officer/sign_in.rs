use crate::api::officer::SignIn;
use crate::components::ErrorSummary;
use crate::domain::submission::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let errors = move || {
        match query.read().get("e").as_deref() {
            // One answer for a wrong password, an unknown email and a paused account.
            Some("failed") => vec![FieldError::new(
                "email",
                "We could not sign you in. Check the email and password. After many wrong tries, signing in pauses for a few minutes; a manager can end the pause.",
            )],
            Some("expired") => vec![FieldError::new("email", "Signing in took too long. Start again.")],
            Some("slow") => vec![FieldError::new("email", "Too many tries from here. Wait a few minutes.")],
            _ => vec![],
        }
    };
    let notice = move || {
        let q = query.read();
        if q.get("out").is_some() {
            Some("You have signed out.")
        } else if q.get("changed").is_some() {
            Some("Your password has changed. Sign in with the new one.")
        } else if q.get("idle").is_some() {
            Some("You were signed out after 30 minutes without activity.")
        } else {
            None
        }
    };
    view! {
        <Title text="Sign in - Speak Up for officers"/>
        <header class="officer-header"><span class="site-name">"Speak Up: Children's Rights"</span></header>
        <main id="main" class="officer-page narrow">
            {move || notice().map(|n| view! { <div class="notice" role="status"><p>{n}</p></div> })}
            {move || view! { <ErrorSummary errors=errors()/> }}
            <h1>"Sign in"</h1>
            <ActionForm action=sign_in attr:novalidate="">
                <div class="field">
                    <label class="label" for="f-email">"Email address"</label>
                    <input class="input" id="f-email" name="email" type="email" autocomplete="username" spellcheck="false"/>
                </div>
                <div class="field">
                    <label class="label" for="f-password">"Password"</label>
                    <input class="input" id="f-password" name="password" type="password" autocomplete="current-password"/>
                </div>
                <button type="submit" class="button" disabled=move || sign_in.pending().get()>"Sign in"</button>
            </ActionForm>
        </main>
    }
}
