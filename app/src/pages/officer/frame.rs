use crate::api::officer::{me, OfficerView, SignOut};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// Every officer page: loads who is signed in, sends anyone else to the sign-in page, and draws
/// the header with the officer's name and "Sign out". `children` gets the signed-in officer.
#[component]
pub fn OfficerFrame(
    #[prop(into)] title: String,
    children: Box<dyn Fn(OfficerView) -> AnyView + Send + Sync>,
) -> impl IntoView {
    let who = Resource::new(|| (), |_| me());
    let sign_out = ServerAction::<SignOut>::new();
    let children = std::sync::Arc::new(children);
    // Sessions end after 30 idle minutes: warn 5 minutes before, so nothing typed is lost.
    // Plain CSS shows the notice after 25 minutes (`.idle-warning` in style/main.css, kept
    // equal to IDLE_MINUTES - 5): no JavaScript, so officer code never reaches the browser's
    // WASM, and it works with JavaScript off too.
    view! {
        <Title text=format!("{title} - Speak Up for officers")/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match who.await {
                        Ok(Some(officer)) => view! {
                            <header class="officer-header">
                                <a class="site-name" href="/officer">"Speak Up: Children's Rights"</a>
                                <nav class="officer-nav" aria-label="Officer">
                                    <a href="/officer">"Inbox"</a>
                                    <a href="/officer/report">"Yearly report"</a>
                                    {officer.role.can(crate::domain::officer::Permission::ChangeCases).then(|| view! { <a href="/officer/new">"Record a contact"</a> })}
                                    {officer.role.can(crate::domain::officer::Permission::ManageUsers).then(|| view! { <a href="/officer/users">"Accounts"</a> })}
                                    {officer.role.can(crate::domain::officer::Permission::ReadAudit).then(|| view! { <a href="/officer/audit">"Audit log"</a> })}
                                    <a href="/officer/account">{officer.name.clone()}</a>
                                    <ActionForm action=sign_out attr:class="inline-form">
                                        <button type="submit" class="link-button">"Sign out"</button>
                                    </ActionForm>
                                </nav>
                            </header>
                            <div class="notice notice--problem idle-warning" role="alert">
                                <p>"You will be signed out in 5 minutes because nothing has been sent for a while. Save what you are writing now, or reload the page to stay signed in."</p>
                            </div>
                            <main id="main" class="officer-page">{children(officer)}</main>
                        }.into_any(),
                        Ok(None) => view! { <Redirect path="/officer/sign-in"/> }.into_any(),
                        Err(e) => view! {
                            <main id="main" class="officer-page"><h1>"Sorry, there is a problem"</h1><p>{e.message}</p></main>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
