use super::QuickExit;
use crate::domain::submission::FieldError;
use crate::settings::SiteSettings;
use leptos::prelude::*;
use leptos_meta::Title;

/// The council's settings, loaded once per page view and shared through context.
pub type SettingsResource = Resource<Result<SiteSettings, crate::api::error::ApiError>>;

/// Every young person's page: title, quick exit, safety line, then the page itself.
#[component]
pub fn Frame(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <Title text=format!("{title} - Speak Up")/>
        <header class="site-header">
            <a class="site-name" href="/">"Speak Up"</a>
            <QuickExit/>
        </header>
        <p class="safety-line">
            "In danger now? Call " <a href="tel:999">"999"</a> ". Childline is free: "
            <a href="tel:08001111">"0800 1111"</a> "."
        </p>
        <main id="main" class="page">{children()}</main>
        <Footer/>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let settings = use_context::<SettingsResource>();
    view! {
        <footer class="site-footer">
            <Suspense>
                {move || Suspend::new(async move {
                    let s = match settings {
                        Some(r) => r.await.ok(),
                        None => None,
                    };
                    s.map(|s| view! {
                        <p>
                            "Speak Up is run by the Children's Rights team at " {s.council_name.clone()} ". "
                            "Call us free on " <a href=format!("tel:{}", s.rights_phone.replace(' ', ""))>{s.rights_phone.clone()}</a>
                            " or text " {s.rights_text.clone()} "."
                        </p>
                    })
                })}
            </Suspense>
            <p><a href="/privacy">"Who sees what you tell us"</a></p>
        </footer>
    }
}

/// "There is a problem": a list of mistakes, each linking to its field.
#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
                <h2 class="error-summary__title">"There is a problem"</h2>
                <ul>
                    {errors
                        .into_iter()
                        .map(|e| view! { <li><a href=format!("#f-{}", e.field)>{e.message}</a></li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// A back link to a real address, so it never fights the browser's own back button.
#[component]
pub fn BackLink(#[prop(into)] href: String) -> impl IntoView {
    view! { <a class="back-link" href=href>"Back"</a> }
}

/// Shown when a form could not reach the server (JavaScript on, connection dropped).
#[component]
pub fn SendProblem(message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! { <div class="notice notice--problem" role="alert"><p>{m}</p></div> }
        })
    }
}
