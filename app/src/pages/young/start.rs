use crate::api::intake::{ReportUnsafe, Start};
use crate::components::Frame;
use crate::domain::submission::Kind;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The first page: big, plain choices.
#[component]
pub fn StartPage() -> impl IntoView {
    let start = ServerAction::<Start>::new();
    let unsafe_now = ServerAction::<ReportUnsafe>::new();
    let expired = move || use_query_map().read().get("expired").is_some();
    let hints = |k: Kind| {
        match k {
        Kind::Complaint => "Tell us what went wrong. We will look into it and reply.",
        Kind::Advocate => "An advocate is someone who listens and helps you say what you want. They do not work for social care.",
        Kind::Compliment => "Tell someone they did a good job.",
        Kind::Representation => "Tell us something without making a complaint.",
        Kind::Unsafe => "",
    }
    };
    view! {
        <Frame title="Speak Up">
            {move || expired().then(|| view! {
                <div class="notice" role="status">
                    <p>"We could not find your answers. Answers are kept for two days. Please start again."</p>
                </div>
            })}
            <h1>"Speak Up"</h1>
            <p class="lead">"Tell the Children's Rights team what you think. We listen to young people, care leavers, parents and carers."</p>
            <p>"What do you want to do?"</p>
            <ul class="choices">
                {[Kind::Complaint, Kind::Advocate, Kind::Compliment, Kind::Representation]
                    .into_iter()
                    .map(|k| view! {
                        <li>
                            <ActionForm action=start>
                                <input type="hidden" name="kind" value=k.code()/>
                                <button type="submit" class="choice" aria-describedby=format!("hint-{}", k.code())>
                                    <span class="choice__label">{k.label()}</span>
                                </button>
                                <p class="choice__hint" id=format!("hint-{}", k.code())>{hints(k)}</p>
                            </ActionForm>
                        </li>
                    })
                    .collect_view()}
            </ul>
            <div class="unsafe-box">
                <h2>"I don't feel safe"</h2>
                <p>"Press this and we will tell our team straight away. You can tell us more after."</p>
                <ActionForm action=unsafe_now>
                    <button type="submit" class="button button--warning" disabled=move || unsafe_now.pending().get()>
                        "I don't feel safe"
                    </button>
                </ActionForm>
            </div>
            <h2>"Already told us something?"</h2>
            <p><a href="/progress">"Check what is happening with your message"</a></p>
        </Frame>
    }
}
