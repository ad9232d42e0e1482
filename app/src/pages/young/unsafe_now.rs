use crate::api::intake::{load_draft, UnsafeDetails};
use crate::components::{FormState, Frame, KeepTyping, SendForm, TextArea, TextInput};
use crate::domain::submission::{Kind, LONG_TEXT_MAX};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

/// After "I don't feel safe": what happens now, the emergency numbers, and (if they want) a
/// short form to tell us more and how to reach them safely.
#[component]
pub fn UnsafePage() -> impl IntoView {
    let draft = Resource::new(|| (), |_| load_draft("unsafe".into()));
    let query = use_query_map();
    let added = move || query.read().get("added").is_some();
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let d = draft.await.unwrap_or_default();
                let sent = d.answers.kind == Some(Kind::Unsafe) && d.reference.is_some();
                let form = FormState { values: d.values.clone(), errors: d.errors.clone() };
                view! {
                    <Frame title=if sent { "We have told our team" } else { "Get help now" }>
                        <div class="urgent-panel" role="status">
                            <h1>{if sent { "We have told our team" } else { "Get help now" }}</h1>
                            <p class="big">"If you are in danger now, call " <a href="tel:999">"999"</a> "."</p>
                            <p class="big">"Childline is free, any time: " <a href="tel:08001111">"0800 1111"</a> "."</p>
                        </div>
                        {sent.then(|| view! {
                            <p>"Your message was sent to the Children's Rights team as urgent. They will try to help as soon as they can, in working hours."</p>
                            <p>"Your reference is " <strong id="reference">{d.reference.clone()}</strong> "."</p>
                        })}
                        {(!sent).then(|| view! {
                            <p><a href="/">"Go to the start"</a> " and press 'I don't feel safe' to tell our team."</p>
                        })}
                        {move || (sent && added()).then(|| view! {
                            <div class="notice" role="status"><p>"Thank you. We have added this to your message."</p></div>
                        })}
                        {sent.then(|| view! {
                            <h2>"Tell us more (if you want)"</h2>
                            <p>"We do not know who you are yet. If you tell us what is happening and how to reach you safely, we can help faster."</p>
                            <SendForm action=UnsafeDetails::url().to_string() errors=form.errors.clone() sent_page="/unsafe?added=1">
                                // Just added: what was typed has been sent, so nothing of it
                                // stays on this device.
                                <KeepTyping tag=d.device_tag.clone() clear=added()>
                                    <TextArea name="what_happened" label="What is happening?" max=LONG_TEXT_MAX form=form.clone()/>
                                    <TextInput name="phone" label="A phone number that is safe to use" kind="tel" autocomplete="tel" form=form.clone()/>
                                    <TextInput name="safe_times" label="When is it safe to call?" form=form.clone()/>
                                </KeepTyping>
                                <button type="submit" class="button">"Send this too"</button>
                            </SendForm>
                            <h2>"Finish"</h2>
                            <p>"When you have finished, press Finish. This clears this phone or computer, so nobody else can see that you sent this."</p>
                            <crate::pages::young::FinishButton/>
                        })}
                    </Frame>
                }
            })}
        </Suspense>
    }
}
