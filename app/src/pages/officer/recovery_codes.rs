use super::OfficerFrame;
use crate::api::officer::take_show_once;
use leptos::prelude::*;

/// Shown once, right after setting up the second factor: ten one-time recovery codes.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let codes = Resource::new(|| (), |_| take_show_once());
    view! {
        <OfficerFrame title="Your recovery codes" children=Box::new(move |_| view! {
            <h1>"Your recovery codes"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match codes.await {
                        Ok(Some(list)) => view! {
                            <p>"If you lose your phone, each of these codes signs you in once instead of the app. Print them or write them down and keep them somewhere safe and private. This is the only time they are shown."</p>
                            <ul id="recovery-codes" class="codes">
                                {list.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Ok(None) => view! {
                            <p>"Recovery codes are shown only once. If you have lost yours, ask a manager to reset your account."</p>
                        }.into_any(),
                        Err(e) => view! { <p class="field-error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a class="button" href="/officer">"I have kept them: go to the inbox"</a></p>
        }.into_any())/>
    }
}
