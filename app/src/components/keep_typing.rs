use leptos::prelude::*;

/// Keeps what is typed in the fields inside it on this device (JavaScript on), so a reload or a
/// dropped connection loses nothing. Cleared when the message is sent and on quick exit.
/// Without JavaScript it is a plain wrapper and the server keeps the answers between pages.
#[component]
pub fn KeepTyping(children: Children) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            crate::browser::restore_fields(&el);
        }
    });
    let remember = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        crate::browser::remember_field(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div node_ref=node class="keep-typing" on:input=remember on:change=remember>
            {children()}
        </div>
    }
}
