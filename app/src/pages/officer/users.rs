use super::OfficerFrame;
use crate::api::officer::{list_users, CreateUser};
use crate::components::ErrorSummary;
use crate::domain::officer::Role;
use crate::domain::submission::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Accounts (managers): who can sign in, and adding someone.
#[component]
pub fn UsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let data = Resource::new(move || create.version().get(), |_| list_users());
    let query = use_query_map();
    let errors = move || {
        let (field, message) = match query.read().get("e").as_deref() {
            Some("email") => ("email", "Enter an email address."),
            Some("name") => ("name", "Enter their name."),
            Some("role") => ("role", "Choose a role."),
            Some("password") => ("password", "Use at least 12 characters."),
            Some("taken") => ("email", "There is already an account with that email."),
            _ => return vec![],
        };
        vec![FieldError::new(field, message)]
    };
    view! {
        <OfficerFrame title="Accounts" children=Box::new(move |_| view! {
            {move || view! { <ErrorSummary errors=errors()/> }}
            {move || query.read().get("created").map(|_| view! { <div class="notice" role="status"><p>"Account created."</p></div> })}
            <h1>"Accounts"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(users) => view! {
                            <div class="table-wrap"><table class="inbox">
                                <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"Locked"</th></tr></thead>
                                <tbody>{users.into_iter().map(|u| view! {
                                    <tr><td>{u.name}</td><td>{u.email}</td><td>{u.role}</td><td>{if u.locked { "Yes" } else { "No" }}</td></tr>
                                }).collect_view()}</tbody>
                            </table></div>
                        }.into_any(),
                        Err(e) => view! { <p class="field-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <h2>"Add someone"</h2>
            <ActionForm action=create attr:novalidate="">
                <div class="field"><label class="label" for="f-name">"Name"</label><input class="input" id="f-name" name="name"/></div>
                <div class="field"><label class="label" for="f-email">"Email address"</label><input class="input" id="f-email" name="email" type="email"/></div>
                <div class="field">
                    <label class="label" for="f-role">"Role"</label>
                    <select class="select" id="f-role" name="role">
                        {Role::ALL.iter().map(|r| view! { <option value=r.code()>{r.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field"><label class="label" for="f-password">"First password"</label>
                    <p class="hint">"At least 12 characters. Tell them in person; they can change it after signing in."</p>
                    <input class="input" id="f-password" name="password" type="password" autocomplete="new-password"/></div>
                <button type="submit" class="button">"Add account"</button>
            </ActionForm>
        }.into_any())/>
    }
}
