use crate::components::Frame;
use leptos::prelude::*;

/// Who sees what, in plain words.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Frame title="Who sees what you tell us">
            <h1>"Who sees what you tell us"</h1>
            <p>"Only the Children's Rights team can read what you send. They work for the council but they are there to stand up for you."</p>
            <p>"They may need to share it with the people who can put things right, like a manager. They will tell you first."</p>
            <p>"If they think you or someone else is not safe, they must tell people who can keep you safe."</p>
            <p>"We do not tell your parents or carers what you said."</p>
            <p>"You do not have to give your name. But if we do not know how to reach you, we may not be able to reply."</p>
            <p>"Every time someone looks at your message, we write down who and when."</p>
            <p><a href="/">"Go to the start"</a></p>
        </Frame>
    }
}
