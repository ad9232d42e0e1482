use leptos::prelude::*;

/// Keeps what is typed in the fields inside it on this device (JavaScript on), so a reload or a
/// dropped connection loses nothing.
///
/// Safe on a shared phone: the kept text belongs to one draft (`tag`, from the server) and can
/// only ever fill in that draft's empty fields — never another draft's, and never over what
/// the server shows. It is forgotten when the message is sent, on quick exit and on "Finish",
/// and anything older than a draft lives (two days) or from another draft is deleted the next
/// time a page with this wrapper opens.
/// Without JavaScript it is a plain wrapper and the server keeps the answers between pages.
#[component]
pub fn KeepTyping(#[prop(into)] tag: String, children: Children) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let tag = tag.clone();
        Effect::new(move |_| {
            if let Some(el) = node.get() {
                crate::browser::restore_fields(&el, &tag);
            }
        });
    }
    let remember = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        crate::browser::remember_field(&ev, &tag);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &tag);
    };
    view! {
        <div node_ref=node class="keep-typing" on:input=remember.clone() on:change=remember>
            {children()}
        </div>
    }
}
