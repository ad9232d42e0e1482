use leptos::prelude::*;

/// Keeps what is typed in the fields inside it on this device (JavaScript on), so a reload or a
/// dropped connection loses nothing. It also keeps each big text box's character count up to
/// date as you type.
///
/// Safe on a shared phone: the kept text belongs to one draft (`tag`, from the server) and can
/// only ever fill in that draft's empty fields — never another draft's, and never over what
/// the server shows. It is forgotten when the message is sent (`clear`: the page says what was
/// typed has just been sent), on quick exit and on "Finish", and anything older than a draft
/// lives (two days) or from another draft is deleted the next time a page with this wrapper
/// opens.
/// Without JavaScript it is a plain wrapper and the server keeps the answers between pages.
///
/// The server draws the wrapper with the tag on it; the browser part is the island inside,
/// which reads the tag from the page (an island with no props needs no JSON decoder in the
/// WASM, which keeps it small).
#[component]
pub fn KeepTyping(#[prop(into)] tag: String, clear: bool, children: Children) -> impl IntoView {
    view! {
        <div class="keep-typing" data-tag=tag data-clear=clear.then_some("1")>
            <KeepTypingIsland>{children()}</KeepTypingIsland>
        </div>
    }
}

/// The browser side of [`KeepTyping`].
#[island]
fn KeepTypingIsland(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(crate::browser::start_keeping);
    let remember = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        crate::browser::remember_field(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div on:input=remember on:change=remember>
            {children()}
        </div>
    }
}
