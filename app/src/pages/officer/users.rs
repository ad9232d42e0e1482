use super::OfficerFrame;
use crate::api::officer::{list_users, take_show_once, CreateUser, ManageAccount};
use crate::components::ErrorSummary;
use crate::domain::officer::Role;
use crate::domain::submission::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Accounts (managers): who can sign in, adding someone, and unlocking, deactivating,
/// reactivating or resetting a colleague.
#[component]
pub fn UsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let manage = ServerAction::<ManageAccount>::new();
    let data = Resource::new(
        move || (create.version().get(), manage.version().get()),
        |_| list_users(),
    );
    // A temporary password from a reset, shown once.
    let shown = Resource::new(move || manage.version().get(), |_| take_show_once());
    let query = use_query_map();
    let errors = move || {
        let (field, message) = match query.read().get("e").as_deref() {
            Some("email") => ("email", "Enter an email address."),
            Some("name") => ("name", "Enter their name."),
            Some("role") => ("role", "Choose a role."),
            Some("password") => (
                "password",
                "Use at least 12 characters, not a common password.",
            ),
            Some("taken") => ("email", "There is already an account with that email."),
            Some("self") => (
                "accounts",
                "You cannot do that to your own account. Ask another manager.",
            ),
            _ => return vec![],
        };
        vec![FieldError::new(field, message)]
    };
    let done = move || match query.read().get("done").as_deref() {
        Some("unlock") => Some("Account unlocked."),
        Some("deactivate") => Some("Account deactivated. Its sessions have ended."),
        Some("reactivate") => Some("Account reactivated."),
        Some("reset") => Some("Account reset."),
        _ => None,
    };
    view! {
        <OfficerFrame title="Accounts" children=Box::new(move |_| view! {
            {move || view! { <ErrorSummary errors=errors()/> }}
            {move || query.read().get("created").map(|_| view! { <div class="notice" role="status"><p>"Account created."</p></div> })}
            {move || done().map(|d| view! { <div class="notice" role="status"><p>{d}</p></div> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    shown.await.ok().flatten().filter(|l| l.len() == 2).map(|l| view! {
                        <div class="notice" role="status" id="temporary-password">
                            <p>"Temporary password for " {l[0].clone()} ": " <code>{l[1].clone()}</code></p>
                            <p>"Give it to them in person or by phone. It is shown only now. They must choose a new password and set up their authenticator app again when they sign in."</p>
                        </div>
                    })
                })}
            </Suspense>
            <h1 id="accounts">"Accounts"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(users) => view! {
                            <div class="table-wrap"><table class="inbox">
                                <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"State"</th><th scope="col">"Second factor"</th><th scope="col">"Change"</th></tr></thead>
                                <tbody>{users.into_iter().map(|u| {
                                    let state = if !u.active { "Deactivated" } else if u.locked { "Paused after wrong tries" } else if u.must_change_password { "Must choose a password" } else { "Active" };
                                    let buttons: Vec<(&str, &str)> = [
                                        u.locked.then_some(("unlock", "Unlock")),
                                        u.active.then_some(("deactivate", "Deactivate")),
                                        (!u.active).then_some(("reactivate", "Reactivate")),
                                        Some(("reset", "Reset password and second factor")),
                                    ].into_iter().flatten().collect();
                                    let (id, name) = (u.id, u.name.clone());
                                    view! {
                                        <tr>
                                            <td>{u.name}</td><td>{u.email}</td><td>{u.role}</td><td>{state}</td>
                                            <td>{if u.two_factor { "Set up" } else { "Not yet" }}</td>
                                            <td>{buttons.into_iter().map(|(action, label)| { let aria = format!("{label}: {name}"); view! {
                                                <ActionForm action=manage attr:class="inline-form">
                                                    <input type="hidden" name="user_id" value=id.to_string()/>
                                                    <input type="hidden" name="action" value=action/>
                                                    <button type="submit" class="link-button" aria-label=aria>{label}</button>
                                                </ActionForm>
                                            }}).collect_view()}</td>
                                        </tr>
                                    }
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
                    <p class="hint">"At least 12 characters, not a common password. Tell them in person; they set up an authenticator app when they first sign in and can change the password after."</p>
                    <input class="input" id="f-password" name="password" type="password" autocomplete="new-password"/></div>
                <button type="submit" class="button">"Add account"</button>
            </ActionForm>
        }.into_any())/>
    }
}
