use super::OfficerFrame;
use crate::api::officer::ChangePassword;
use crate::components::ErrorSummary;
use crate::domain::submission::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let query = use_query_map();
    let errors = move || match query.read().get("e").as_deref() {
        Some("current") => vec![FieldError::new(
            "current",
            "Your current password is not right.",
        )],
        Some("new") => vec![FieldError::new(
            "new",
            "Use at least 12 characters, not a common password. Three random words work well.",
        )],
        Some("paused") => vec![FieldError::new(
            "current",
            "Too many wrong tries. Wait a few minutes and try again.",
        )],
        _ => vec![],
    };
    view! {
        <OfficerFrame title="Your account" children=Box::new(move |officer| view! {
            {move || view! { <ErrorSummary errors=errors()/> }}
            <h1>"Your account"</h1>
            <p>{officer.name.clone()} " (" {officer.email.clone()} "), " {officer.role.label()} "."</p>
            <h2>"Change your password"</h2>
            <ActionForm action=change attr:novalidate="">
                <div class="field">
                    <label class="label" for="f-current">"Current password"</label>
                    <input class="input" id="f-current" name="current" type="password" autocomplete="current-password"/>
                </div>
                <div class="field">
                    <label class="label" for="f-new">"New password"</label>
                    <p class="hint">"At least 12 characters."</p>
                    <input class="input" id="f-new" name="new" type="password" autocomplete="new-password"/>
                </div>
                <button type="submit" class="button">"Change password"</button>
            </ActionForm>
        }.into_any())/>
    }
}
