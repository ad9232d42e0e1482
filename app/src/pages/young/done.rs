use crate::api::intake::confirmation;
use crate::components::Frame;
use crate::domain::submission::Kind;
use leptos::prelude::*;

/// "Message sent": the reference, the secret code and what happens next, with real dates.
#[component]
pub fn DonePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| confirmation());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // Sent: nothing needs to stay on this device any more.
        if let Some(Ok(Some(_))) = data.get() {
            crate::browser::forget_all();
        }
    });
    let settings = expect_context::<crate::components::SettingsResource>();
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                // Resolve the council's settings before the frame's footer asks for them: a
                // nested Suspense waiting on a resource nobody else awaited could stall
                // server rendering.
                let _ = settings.await;
                match data.await {
                    Ok(Some(c)) => {
                        let heading = match c.kind {
                            Kind::Compliment => "Thank you sent",
                            Kind::Advocate => "Request sent",
                            _ => "Message sent",
                        };
                        view! {
                            <Frame title=heading>
                                <div class="panel">
                                    <h1 class="panel__title">{heading}</h1>
                                    <p>"Your reference is"</p>
                                    <p class="panel__ref" id="reference"><strong>{c.reference.clone()}</strong></p>
                                </div>
                                {c.progress_code.clone().map(|code| view! {
                                    <div class="code-box">
                                        <p>"Your secret code is"</p>
                                        <p class="code" id="progress-code"><strong>{code}</strong></p>
                                        <p>"Keep your reference and code safe. You need both to check what is happening. Do not share your code."</p>
                                    </div>
                                })}
                                <h2>"What happens next"</h2>
                                <ul class="list">
                                    <li>"We will tell you we got it by " <strong>{c.acknowledge_by.clone()}</strong> "."</li>
                                    {c.reply_by.clone().map(|d| view! {
                                        <li>{if c.kind == Kind::Advocate { "Someone will get back to you by " } else { "We will reply by " }} <strong>{d}</strong> "."</li>
                                    })}
                                    {(c.wants_advocate && c.kind != Kind::Advocate).then(|| view! {
                                        <li>"You asked for someone to help you speak up. We will find you an advocate."</li>
                                    })}
                                </ul>
                                {c.no_contact.then(|| view! {
                                    <p>"You asked us not to contact you. You can check what is happening with your reference and code."</p>
                                })}
                                <p><a href="/progress">"Check what is happening"</a></p>
                                <h2>"Keep a copy"</h2>
                                <p>"Write down your reference and code, or take a picture of this page."</p>
                                <p><a href="/tell/copy" download="speak-up-message.txt">"Download a copy of what you sent"</a></p>
                                <p class="js-only"><PrintButton/></p>
                                <p><a href="/">"Go to the start"</a></p>
                            </Frame>
                        }.into_any()
                    }
                    Ok(None) => view! {
                        <Frame title="Nothing sent yet">
                            <h1>"We could not find a message from you"</h1>
                            <p>"If you sent one, use your reference and code to check it."</p>
                            <p><a href="/progress">"Check what is happening"</a></p>
                        </Frame>
                    }.into_any(),
                    Err(e) => view! {
                        <Frame title="Sorry, there is a problem">
                            <h1>"Sorry, there is a problem"</h1>
                            <p>{e.message}</p>
                        </Frame>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PrintButton() -> impl IntoView {
    view! {
        <button
            type="button"
            class="button button--secondary"
            on:click=move |_| {
                #[cfg(feature = "hydrate")]
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }
        >
            "Print this page"
        </button>
    }
}
