use crate::api::officer::SetFirstPassword;
use crate::components::ErrorSummary;
use crate::domain::submission::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// After a manager's reset: replace the temporary password before anything else.
#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let set = ServerAction::<SetFirstPassword>::new();
    let query = use_query_map();
    let errors = move || match query.read().get("e").as_deref() {
        Some("new") => vec![FieldError::new(
            "new",
            "Use at least 12 characters, not a common password. Three random words work well.",
        )],
        _ => vec![],
    };
    view! {
        <Title text="Choose a new password - Speak Up for officers"/>
        <header class="officer-header"><span class="site-name">"Speak Up: Children's Rights"</span></header>
        <main id="main" class="officer-page narrow">
            {move || view! { <ErrorSummary errors=errors()/> }}
            <h1>"Choose a new password"</h1>
            <p>"A manager reset your account. Choose your own password; then sign in with it and set up your authenticator app again."</p>
            <ActionForm action=set attr:novalidate="">
                <div class="field">
                    <label class="label" for="f-new">"New password"</label>
                    <p class="hint" id="f-new-hint">"At least 12 characters."</p>
                    <input class="input" id="f-new" name="new" type="password" autocomplete="new-password" aria-describedby="f-new-hint"/>
                </div>
                <button type="submit" class="button" disabled=move || set.pending().get()>"Save password"</button>
            </ActionForm>
        </main>
    }
}
